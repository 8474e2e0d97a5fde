module github.com/example/jsonfmt

go 1.22

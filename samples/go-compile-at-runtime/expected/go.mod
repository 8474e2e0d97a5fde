module github.com/example/weatherd

go 1.22

module example.com/lintd

go 1.22

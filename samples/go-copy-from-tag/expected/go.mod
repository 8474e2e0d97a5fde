module github.com/example/gateway

go 1.22

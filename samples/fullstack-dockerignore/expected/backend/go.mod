module github.com/example/shop/backend

go 1.22

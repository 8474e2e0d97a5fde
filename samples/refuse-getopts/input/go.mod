module github.com/example/imgsync

go 1.22

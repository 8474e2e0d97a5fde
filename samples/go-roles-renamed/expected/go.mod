module github.com/example/notifier

go 1.22

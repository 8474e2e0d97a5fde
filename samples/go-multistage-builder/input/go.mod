module github.com/example/relay

go 1.22

require golang.org/x/sync v0.6.0

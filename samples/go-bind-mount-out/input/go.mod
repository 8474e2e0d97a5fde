module example.org/thumbnailer

go 1.22

require golang.org/x/image v0.15.0

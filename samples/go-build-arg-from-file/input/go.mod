module example.com/snapd

go 1.22

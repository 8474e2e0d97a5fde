module example.org/pinger

go 1.22

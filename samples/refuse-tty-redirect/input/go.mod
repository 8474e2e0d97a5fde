module example.net/healthcheck

go 1.22

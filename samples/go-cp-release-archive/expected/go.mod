module example.com/certcheck

go 1.22

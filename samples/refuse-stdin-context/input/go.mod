module example.com/pingd

go 1.22

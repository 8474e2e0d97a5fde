module example.com/qrgen

go 1.22

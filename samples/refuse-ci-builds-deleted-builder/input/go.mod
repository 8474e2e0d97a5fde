module example.com/notary

go 1.22

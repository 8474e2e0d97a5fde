module example.org/csvlint

go 1.22

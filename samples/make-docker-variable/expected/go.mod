module example.org/tallyd

go 1.22

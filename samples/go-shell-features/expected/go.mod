module git.example.org/acme/api

go 1.21

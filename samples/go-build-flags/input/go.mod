module git.example.com/platform/probe

go 1.22

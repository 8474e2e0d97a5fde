module example.com/backup-agent

go 1.22

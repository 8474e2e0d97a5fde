module example.net/metrics-agent

go 1.21

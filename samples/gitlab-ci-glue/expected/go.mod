module gitlab.example.com/platform/notifier

go 1.22

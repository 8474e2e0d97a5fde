package main

import (
	"log"
	"net/http"
	"os"

	"github.com/example/notifier/internal/notify"
)

func main() {
	hook := os.Getenv("NOTIFIER_WEBHOOK")
	http.Handle("/notify", notify.Handler(hook))
	log.Fatal(http.ListenAndServe(":8081", nil))
}

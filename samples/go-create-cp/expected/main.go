package main

import (
	"log"
	"net/http"
	"os"

	"github.com/go-chi/chi/v5"
)

func main() {
	addr := os.Getenv("MYAPP_ADDR")
	if addr == "" {
		addr = ":8080"
	}

	r := chi.NewRouter()
	r.Get("/healthz", health)
	r.Get("/hello/{name}", hello)

	log.Printf("myapp listening on %s", addr)
	log.Fatal(http.ListenAndServe(addr, r))
}

package main

import (
	"encoding/json"
	"flag"
	"log"
	"net/http"

	"git.example.org/acme/api/internal/store"
)

func main() {
	listen := flag.String("listen", ":9000", "address to listen on")
	flag.Parse()

	s := store.New()
	http.HandleFunc("/items", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(s.List())
	})
	log.Printf("api-server on %s", *listen)
	log.Fatal(http.ListenAndServe(*listen, nil))
}

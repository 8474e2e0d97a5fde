package main

import (
	"encoding/json"
	"log"
	"net/http"

	"github.com/example/weatherd/internal/forecast"
)

var version = "dev"

func main() {
	store := forecast.NewStore()
	http.HandleFunc("POST /readings", func(w http.ResponseWriter, r *http.Request) {
		var rd forecast.Reading
		if err := json.NewDecoder(r.Body).Decode(&rd); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		store.Put(rd)
		w.WriteHeader(http.StatusNoContent)
	})
	http.HandleFunc("GET /stations/{id}", func(w http.ResponseWriter, r *http.Request) {
		rd, ok := store.Get(r.PathValue("id"))
		if !ok {
			http.NotFound(w, r)
			return
		}
		json.NewEncoder(w).Encode(rd)
	})
	log.Printf("weatherd %s on :8080", version)
	log.Fatal(http.ListenAndServe(":8080", nil))
}

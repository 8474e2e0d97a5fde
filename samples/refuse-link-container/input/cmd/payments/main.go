package main

import (
	"context"
	"log"
	"net/http"
	"os"
	"strconv"

	"github.com/example/payments/store"
)

func main() {
	ctx := context.Background()
	s, err := store.Open(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("POST /payments", func(w http.ResponseWriter, r *http.Request) {
		cents, err := strconv.ParseInt(r.FormValue("cents"), 10, 64)
		if err != nil {
			http.Error(w, "bad amount", http.StatusBadRequest)
			return
		}
		id, err := s.Record(r.Context(), r.FormValue("account"), cents)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Write([]byte(strconv.FormatInt(id, 10)))
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}

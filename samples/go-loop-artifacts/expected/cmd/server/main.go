package main

import (
	"log"
	"net/http"

	"github.com/example/bookmarks/store"
)

func main() {
	db, err := store.Open("/data/bookmarks.db")
	if err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("POST /bookmarks", func(w http.ResponseWriter, r *http.Request) {
		if err := store.Add(db, r.FormValue("url"), r.FormValue("title")); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusCreated)
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}

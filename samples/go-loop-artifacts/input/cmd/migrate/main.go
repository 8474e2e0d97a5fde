package main

import (
	"log"
	"os"

	"github.com/example/bookmarks/store"
)

func main() {
	schema, err := os.ReadFile("/usr/share/bookmarks/migrations/001_init.sql")
	if err != nil {
		log.Fatal(err)
	}
	db, err := store.Open("/data/bookmarks.db")
	if err != nil {
		log.Fatal(err)
	}
	if _, err := db.Exec(string(schema)); err != nil {
		log.Fatal(err)
	}
	log.Print("schema up to date")
}

package main

import (
	"log"
	"os"

	"github.com/example/bookmarks/store"
)

func main() {
	if len(os.Args) != 3 {
		log.Fatal("usage: cli URL TITLE")
	}
	db, err := store.Open("/data/bookmarks.db")
	if err != nil {
		log.Fatal(err)
	}
	if err := store.Add(db, os.Args[1], os.Args[2]); err != nil {
		log.Fatal(err)
	}
}

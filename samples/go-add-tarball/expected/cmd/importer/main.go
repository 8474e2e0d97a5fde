package main

import (
	"encoding/csv"
	"log"
	"os"
)

func main() {
	r := csv.NewReader(os.Stdin)
	rows, err := r.ReadAll()
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("imported %d rows", len(rows))
}

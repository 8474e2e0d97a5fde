package main

import (
	"encoding/json"
	"log"
	"net/http"

	"github.com/example/ledger/ledger"
	"github.com/shopspring/decimal"
)

func main() {
	book := ledger.NewBook()
	http.HandleFunc("POST /entries", func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			From, To string
			Amount   decimal.Decimal
		}
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		e, err := book.Post(in.From, in.To, in.Amount)
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnprocessableEntity)
			return
		}
		json.NewEncoder(w).Encode(e)
	})
	http.HandleFunc("GET /accounts/{id}/balance", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(book.Balance(r.PathValue("id")))
	})
	log.Fatal(http.ListenAndServe(":8000", nil))
}

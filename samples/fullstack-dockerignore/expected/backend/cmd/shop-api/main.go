package main

import (
	"encoding/json"
	"log"
	"net/http"
	"os"

	"github.com/example/shop/backend/internal/catalog"
)

func main() {
	static := os.Getenv("SHOP_STATIC_DIR")
	if static == "" {
		static = "./public"
	}
	http.HandleFunc("/api/products", func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(catalog.Products())
	})
	http.Handle("/", http.FileServer(http.Dir(static)))
	log.Fatal(http.ListenAndServe(":8080", nil))
}

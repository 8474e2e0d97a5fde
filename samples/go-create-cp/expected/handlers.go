package main

import (
	"fmt"
	"net/http"

	"github.com/go-chi/chi/v5"
)

func health(w http.ResponseWriter, _ *http.Request) {
	w.WriteHeader(http.StatusOK)
	fmt.Fprintln(w, "ok")
}

func hello(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "hello, %s\n", chi.URLParam(r, "name"))
}

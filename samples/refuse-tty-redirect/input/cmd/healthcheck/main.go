// healthcheck exits 0 when the URL answers 2xx, for Docker HEALTHCHECKs in
// images that have no curl or wget.
package main

import (
	"net/http"
	"os"
	"time"
)

func main() {
	url := "http://127.0.0.1:8080/healthz"
	if len(os.Args) > 1 {
		url = os.Args[1]
	}
	c := http.Client{Timeout: 3 * time.Second}
	resp, err := c.Get(url)
	if err != nil || resp.StatusCode/100 != 2 {
		os.Exit(1)
	}
}

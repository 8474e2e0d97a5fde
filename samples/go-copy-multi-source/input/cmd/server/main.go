package main

import (
	"flag"
	"log"
	"net/http"
	"os"

	"gopkg.in/yaml.v3"
)

type config struct {
	Listen   string             `yaml:"listen"`
	Currency string             `yaml:"currency"`
	Prices   map[string]float64 `yaml:"prices"`
}

func main() {
	path := flag.String("config", "config.yml", "configuration file")
	flag.Parse()

	raw, err := os.ReadFile(*path)
	if err != nil {
		log.Fatal(err)
	}
	var cfg config
	if err := yaml.Unmarshal(raw, &cfg); err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("/prices", func(w http.ResponseWriter, _ *http.Request) {
		_ = yaml.NewEncoder(w).Encode(cfg.Prices)
	})
	log.Fatal(http.ListenAndServe(cfg.Listen, nil))
}

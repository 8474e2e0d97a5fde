// server is a small reverse proxy that routes by path prefix.
package main

import (
	"flag"
	"log"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"

	"gopkg.in/yaml.v3"
)

type config struct {
	Listen string            `yaml:"listen"`
	Routes map[string]string `yaml:"routes"`
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
	mux := http.NewServeMux()
	for prefix, target := range cfg.Routes {
		u, err := url.Parse(target)
		if err != nil {
			log.Fatalf("route %s: %v", prefix, err)
		}
		mux.Handle(prefix, httputil.NewSingleHostReverseProxy(u))
	}
	log.Printf("gateway on %s with %d routes", cfg.Listen, len(cfg.Routes))
	log.Fatal(http.ListenAndServe(cfg.Listen, mux))
}

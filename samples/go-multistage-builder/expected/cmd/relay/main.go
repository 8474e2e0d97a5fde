package main

import (
	"flag"
	"log"

	"github.com/example/relay/internal/forward"
)

func main() {
	from := flag.String("listen", ":6000", "listen address")
	to := flag.String("upstream", "backend:6000", "upstream address")
	flag.Parse()
	log.Fatal(forward.Run(*from, *to))
}

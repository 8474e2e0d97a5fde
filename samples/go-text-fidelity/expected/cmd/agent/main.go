package main

import (
	"flag"
	"log"
	"os"
	"time"
)

func main() {
	cfg := flag.String("config", "/etc/metrics-agent/agent.toml", "config file")
	flag.Parse()
	if _, err := os.Stat(*cfg); err != nil {
		log.Fatal(err)
	}
	for range time.Tick(10 * time.Second) {
		log.Println("collecting")
	}
}

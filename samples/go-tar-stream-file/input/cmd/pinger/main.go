// pinger checks a list of URLs every interval and logs the ones that are down.
package main

import (
	"context"
	"flag"
	"log"
	"strings"
	"time"

	"github.com/example/pinger/internal/probe"
)

func main() {
	urls := flag.String("urls", "", "comma-separated URLs to check")
	every := flag.Duration("every", 30*time.Second, "check interval")
	flag.Parse()

	for {
		for _, u := range strings.Split(*urls, ",") {
			if u == "" {
				continue
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			r := probe.Check(ctx, u)
			cancel()
			if r.Err != nil || r.Status >= 500 {
				log.Printf("DOWN %s status=%d err=%v", r.URL, r.Status, r.Err)
			}
		}
		time.Sleep(*every)
	}
}

package main

import (
	"flag"
	"fmt"
	"os"
)

// Set at build time with -ldflags "-X main.version=... -X main.commit=...".
var (
	version = "dev"
	commit  = "none"
)

func main() {
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Printf("ledger %s (%s)\n", version, commit)
		return
	}
	fmt.Fprintln(os.Stderr, "ledger: nothing to do yet")
}

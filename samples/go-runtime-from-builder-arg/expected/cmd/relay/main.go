package main

import "fmt"

// Set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	fmt.Printf("relay %s\n", version)
}

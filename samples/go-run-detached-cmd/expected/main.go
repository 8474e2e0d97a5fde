// diskwatch reports the free space of the paths listed in its config file.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	config := flag.String("config", "/etc/diskwatch/config.yml", "paths to watch")
	flag.Parse()
	data, err := os.ReadFile(*config)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("watching %d bytes of config\n", len(data))
}

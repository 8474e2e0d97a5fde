package main

import (
	"log"
	"os"
	"path/filepath"
)

func main() {
	root := "/data"
	if len(os.Args) > 1 {
		root = os.Args[1]
	}
	n := 0
	_ = filepath.WalkDir(root, func(string, os.DirEntry, error) error { n++; return nil })
	log.Printf("would back up %d entries under %s", n, root)
}

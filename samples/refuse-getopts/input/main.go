// imgsync mirrors a directory of images to another one, skipping unchanged files.
package main

import (
	"crypto/sha256"
	"flag"
	"io"
	"log"
	"os"
	"path/filepath"
)

func sum(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	_, err = io.Copy(h, f)
	return h.Sum(nil), err
}

func main() {
	src := flag.String("from", ".", "source directory")
	dst := flag.String("to", "", "target directory")
	flag.Parse()
	err := filepath.WalkDir(*src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(*src, p)
		out := filepath.Join(*dst, rel)
		a, _ := sum(p)
		if b, err := sum(out); err == nil && string(a) == string(b) {
			return nil
		}
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		log.Printf("copy %s", rel)
		return os.WriteFile(out, data, 0o644)
	})
	if err != nil {
		log.Fatal(err)
	}
}

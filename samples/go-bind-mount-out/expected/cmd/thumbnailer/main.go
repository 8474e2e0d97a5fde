// thumbnailer writes a JPEG thumbnail of every image given on the command line.
package main

import (
	"flag"
	"image"
	"image/jpeg"
	_ "image/png"
	"log"
	"os"
	"strings"

	"example.org/thumbnailer/resize"
)

func main() {
	size := flag.Int("size", 256, "longest side of the thumbnail, in pixels")
	flag.Parse()
	for _, path := range flag.Args() {
		if err := thumb(path, *size); err != nil {
			log.Printf("%s: %v", path, err)
		}
	}
}

func thumb(path string, size int) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		return err
	}
	out, err := os.Create(strings.TrimSuffix(path, ".png") + ".thumb.jpg")
	if err != nil {
		return err
	}
	defer out.Close()
	return jpeg.Encode(out, resize.Fit(img, size), &jpeg.Options{Quality: 85})
}

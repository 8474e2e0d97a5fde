package forward

import (
	"io"
	"net"

	"golang.org/x/sync/errgroup"
)

// Run accepts TCP connections on listen and pipes them to upstream.
func Run(listen, upstream string) error {
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go pipe(c, upstream)
	}
}

func pipe(c net.Conn, upstream string) {
	defer c.Close()
	u, err := net.Dial("tcp", upstream)
	if err != nil {
		return
	}
	defer u.Close()
	var g errgroup.Group
	g.Go(func() error { _, err := io.Copy(u, c); return err })
	g.Go(func() error { _, err := io.Copy(c, u); return err })
	_ = g.Wait()
}

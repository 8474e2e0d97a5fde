package main

import (
	"log"
	"os"

	"github.com/example/orders/orders"
	"github.com/nats-io/nats.go"
)

func main() {
	nc, err := nats.Connect(os.Getenv("NATS_URL"))
	if err != nil {
		log.Fatal(err)
	}
	_, err = nc.QueueSubscribe(orders.Subject, "workers", func(m *nats.Msg) {
		o, err := orders.Decode(m.Data)
		if err != nil {
			log.Printf("bad order: %v", err)
			return
		}
		log.Printf("fulfilling order %s (%d items, %d cents)", o.ID, len(o.Items), o.Total)
	})
	if err != nil {
		log.Fatal(err)
	}
	select {}
}

// Package orders holds the order model shared by the API and the worker.
package orders

import "encoding/json"

// Subject is the NATS subject new orders are published on.
const Subject = "orders.created"

// Order is a customer order.
type Order struct {
	ID    string   `json:"id"`
	Items []string `json:"items"`
	Total int64    `json:"total_cents"`
}

// Encode returns the wire form of o.
func (o Order) Encode() ([]byte, error) { return json.Marshal(o) }

// Decode parses the wire form of an order.
func Decode(b []byte) (Order, error) {
	var o Order
	err := json.Unmarshal(b, &o)
	return o, err
}

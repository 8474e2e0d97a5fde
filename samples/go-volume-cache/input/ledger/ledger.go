// Package ledger records money movements between accounts.
package ledger

import (
	"errors"
	"sync"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Entry moves Amount from one account to another.
type Entry struct {
	ID     uuid.UUID       `json:"id"`
	From   string          `json:"from"`
	To     string          `json:"to"`
	Amount decimal.Decimal `json:"amount"`
}

// Book is an in-memory ledger.
type Book struct {
	mu       sync.Mutex
	entries  []Entry
	balances map[string]decimal.Decimal
}

// NewBook returns an empty ledger.
func NewBook() *Book { return &Book{balances: map[string]decimal.Decimal{}} }

// Post records a movement; amounts must be positive.
func (b *Book) Post(from, to string, amount decimal.Decimal) (Entry, error) {
	if !amount.IsPositive() {
		return Entry{}, errors.New("amount must be positive")
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	e := Entry{ID: uuid.New(), From: from, To: to, Amount: amount}
	b.entries = append(b.entries, e)
	b.balances[from] = b.balances[from].Sub(amount)
	b.balances[to] = b.balances[to].Add(amount)
	return e, nil
}

// Balance returns an account's balance.
func (b *Book) Balance(account string) decimal.Decimal {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.balances[account]
}

module github.com/example/ledger

go 1.22

require (
	github.com/google/uuid v1.6.0
	github.com/shopspring/decimal v1.3.1
)

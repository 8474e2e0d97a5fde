package catalog

// Product is one item of the shop.
type Product struct {
	SKU   string  `json:"sku"`
	Name  string  `json:"name"`
	Price float64 `json:"price"`
}

// Products returns the fixed catalogue.
func Products() []Product {
	return []Product{
		{SKU: "MUG-01", Name: "Mug", Price: 8.5},
		{SKU: "TEE-02", Name: "T-shirt", Price: 19},
	}
}

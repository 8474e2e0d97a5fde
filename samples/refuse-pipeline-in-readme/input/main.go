package main

import "fmt"

func main() { fmt.Println("quotes: one a day") }

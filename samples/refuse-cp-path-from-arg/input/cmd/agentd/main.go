package main

import "log"

func main() { log.Println("fleet agent") }

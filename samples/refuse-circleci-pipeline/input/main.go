package main

func main() { println("relay") }

package main

func main() { println("notary") }

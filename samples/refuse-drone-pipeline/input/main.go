package main

func main() { println("pinger") }

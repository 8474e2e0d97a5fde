package main

func main() { println("quota") }

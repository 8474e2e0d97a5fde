package main

func main() { println("myapp") }

#ifndef HELLO_GREET_H
#define HELLO_GREET_H

#include <stddef.h>

/* Writes "hello, <name>" into buf; returns the number of bytes written. */
size_t greet(char *buf, size_t len, const char *name);

#endif

#include <stdio.h>
int main(void) { puts("beacon"); return 0; }

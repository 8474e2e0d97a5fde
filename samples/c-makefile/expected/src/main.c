#include <stdio.h>
#include <string.h>

#include "greet.h"

#ifndef VERSION
#define VERSION "dev"
#endif

int main(int argc, char **argv)
{
	char buf[256];

	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		puts("hello " VERSION);
		return 0;
	}
	greet(buf, sizeof buf, argc > 1 ? argv[1] : NULL);
	puts(buf);
	return 0;
}

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	int c;

	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		puts("rot13 " VERSION);
		return 0;
	}
	while ((c = getchar()) != EOF) {
		if (c >= 'a' && c <= 'z')
			c = 'a' + (c - 'a' + 13) % 26;
		else if (c >= 'A' && c <= 'Z')
			c = 'A' + (c - 'A' + 13) % 26;
		putchar(c);
	}
	return 0;
}

#include <stdio.h>
#include <string.h>

#include "crc32.h"

#ifndef VERSION
#define VERSION "dev"
#endif

static int sum_file(const char *path)
{
	unsigned char buf[65536];
	uint32_t crc = 0;
	size_t n;
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");

	if (!f) {
		perror(path);
		return 1;
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		crc = crc32_update(crc, buf, n);
	if (f != stdin)
		fclose(f);
	printf("%08x  %s\n", crc, path);
	return 0;
}

int main(int argc, char **argv)
{
	int rc = 0;

	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		puts("crcsum " VERSION);
		return 0;
	}
	if (argc == 1)
		return sum_file("-");
	for (int i = 1; i < argc; i++)
		rc |= sum_file(argv[i]);
	return rc;
}

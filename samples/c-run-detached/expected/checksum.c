#include "checksum.h"

uint32_t adler32_file(FILE *fp)
{
	uint32_t a = 1, b = 0;
	int c;

	while ((c = fgetc(fp)) != EOF) {
		a = (a + (uint32_t)c) % 65521;
		b = (b + a) % 65521;
	}
	return (b << 16) | a;
}

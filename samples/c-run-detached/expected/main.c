#include <stdio.h>

#include "checksum.h"

int main(int argc, char **argv)
{
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		FILE *fp = fopen(argv[i], "rb");
		if (!fp) {
			perror(argv[i]);
			rc = 1;
			continue;
		}
		printf("%08x  %s\n", adler32_file(fp), argv[i]);
		fclose(fp);
	}
	return rc;
}

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef VERSION
#define VERSION "dev"
#endif

/* waitfor: waits until a file exists (e.g. a socket or a readiness marker). */
int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "waitfor " VERSION ": usage: waitfor PATH\n");
		return 2;
	}
	if (strcmp(argv[1], "--version") == 0) {
		puts("waitfor " VERSION);
		return 0;
	}
	for (int i = 0; i < 600; i++) {
		if (access(argv[1], F_OK) == 0)
			return 0;
		usleep(100000);
	}
	fprintf(stderr, "waitfor: %s did not appear within 60s\n", argv[1]);
	return 1;
}

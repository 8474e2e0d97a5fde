#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#ifndef VERSION
#define VERSION "dev"
#endif

/* dice: rolls N dice with S sides (default 2d6). */
int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 2;
	int s = argc > 2 ? atoi(argv[2]) : 6;
	int total = 0;

	if (n <= 0 || s <= 0) {
		fprintf(stderr, "dice " VERSION ": usage: dice [N [SIDES]]\n");
		return 2;
	}
	srand((unsigned)time(NULL));
	for (int i = 0; i < n; i++) {
		int r = rand() % s + 1;
		printf("%d ", r);
		total += r;
	}
	printf("= %d\n", total);
	return 0;
}

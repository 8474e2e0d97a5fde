#include <stdio.h>

int main(void)
{
	long lines = 0;
	int c;

	while ((c = getchar()) != EOF)
		if (c == '\n')
			lines++;
	printf("tally " VERSION ": %ld lines\n", lines);
	return 0;
}

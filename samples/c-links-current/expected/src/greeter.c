#include <stdio.h>
#include "greet.h"

int main(void) {
	printf("%s %s\n", GREETING, VERSION);
	return 0;
}

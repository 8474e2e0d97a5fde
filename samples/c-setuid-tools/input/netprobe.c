#include <stdio.h>
#include <unistd.h>

#include "common.h"

/* Installed setuid root: opens a raw socket, then drops privileges. */
int main(int argc, char **argv)
{
	int fd = open_raw_socket();

	drop_privileges();
	if (fd < 0)
		return 1;
	printf("probing %s\n", argc > 1 ? argv[1] : "127.0.0.1");
	close(fd);
	return 0;
}

#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include "common.h"

int open_raw_socket(void)
{
	int fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	if (fd < 0)
		perror("socket");
	return fd;
}

void drop_privileges(void)
{
	if (setuid(getuid()) != 0) {
		perror("setuid");
		exit(1);
	}
}

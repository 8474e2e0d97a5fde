#ifndef NETTOOLS_COMMON_H
#define NETTOOLS_COMMON_H

int open_raw_socket(void);
void drop_privileges(void);

#endif

#ifndef CKTOOL_CHECKSUM_H
#define CKTOOL_CHECKSUM_H

#include <stdint.h>
#include <stdio.h>

uint32_t adler32_file(FILE *fp);

#endif

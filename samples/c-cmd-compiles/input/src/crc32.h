#ifndef CRCSUM_CRC32_H
#define CRCSUM_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* Continues a CRC-32 (IEEE 802.3) over len bytes; start with crc = 0. */
uint32_t crc32_update(uint32_t crc, const unsigned char *buf, size_t len);

#endif

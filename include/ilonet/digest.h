/* SHA-256 fingerprints of files, for reproducibility records. */
#ifndef ILONET_DIGEST_H
#define ILONET_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#include "ilonet/error.h"

#define ILONET_SHA256_HEX 65 /* 64 hex digits and the NUL */

/* Writes the lower-case hex SHA-256 of the file at path into hex and its size into bytes (may
 * be NULL). Streams the file in 64 KiB blocks: O(size) time, O(1) memory. */
ilonet_status_t ilonet_sha256_file(const char *path, char hex[ILONET_SHA256_HEX], uint64_t *bytes,
                                   ilonet_error_t *err);

/* The same over a buffer in memory. */
void ilonet_sha256_buffer(const void *data, size_t len, char hex[ILONET_SHA256_HEX]);

#endif

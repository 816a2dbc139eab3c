/* SHA-256 of files and buffers through nettle. */
#include "ilonet/digest.h"

#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static void to_hex(const uint8_t digest[SHA256_DIGEST_SIZE], char hex[ILONET_SHA256_HEX])
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < SHA256_DIGEST_SIZE; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[2 * SHA256_DIGEST_SIZE] = '\0';
}

ilonet_status_t ilonet_sha256_file(const char *path, char hex[ILONET_SHA256_HEX], uint64_t *bytes,
                                   ilonet_error_t *err)
{
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        return ilonet_error_set(err, ILONET_EIO, path, 0, "is a directory, not a file");
    }
    FILE *fp = fopen(path, "rb");
    if (fp == NULL) {
        return ilonet_error_set(err, ILONET_EIO, path, 0, "cannot open: %s", strerror(errno));
    }
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    static unsigned char buf[1 << 16];
    uint64_t total = 0;
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
        sha256_update(&ctx, n, buf);
        total += n;
    }
    int failed = ferror(fp);
    fclose(fp);
    if (failed) {
        return ilonet_error_set(err, ILONET_EIO, path, 0, "cannot read");
    }
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
    to_hex(digest, hex);
    if (bytes != NULL) {
        *bytes = total;
    }
    return ILONET_OK;
}

void ilonet_sha256_buffer(const void *data, size_t len, char hex[ILONET_SHA256_HEX])
{
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, len, data);
    sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
    to_hex(digest, hex);
}

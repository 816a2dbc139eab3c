/* String copying and UTF-8 measuring shared by the modules that print names. */
#include "ilonet/text.h"

#include <stdlib.h>
#include <string.h>

static int is_continuation(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

char *ilonet_text_dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d != NULL) {
        memcpy(d, s, n);
    }
    return d;
}

size_t ilonet_text_width(const char *s, size_t bytes)
{
    size_t w = 0;
    for (size_t i = 0; i < bytes; i++) {
        w += !is_continuation((unsigned char)s[i]);
    }
    return w;
}

size_t ilonet_text_cut(const char *s, size_t len, size_t max)
{
    if (len <= max) {
        return len;
    }
    /* s[max] is the first byte left out: back up while it continues the character before it */
    size_t n = max;
    while (n > 0 && is_continuation((unsigned char)s[n])) {
        n--;
    }
    return n;
}

/* Small string helpers shared by the modules: copying a string, and measuring and shortening
 * UTF-8 text without splitting a character. */
#ifndef ILONET_TEXT_H
#define ILONET_TEXT_H

#include <stddef.h>

/* A malloc'ed copy of s (the caller frees it), or NULL when memory runs out. s must not be NULL.
 * C11 has no strdup. O(length). */
char *ilonet_text_dup(const char *s);

/* The width of the first bytes of s on screen, counting one column per character: bytes that
 * are not UTF-8 continuation bytes (10xxxxxx). Valid UTF-8 is assumed (the loader checks it);
 * wide (East Asian) and combining characters are not told apart. O(bytes). */
size_t ilonet_text_width(const char *s, size_t bytes);

/* The length to keep of s (len bytes) so that it fits in max bytes without ending inside a UTF-8
 * character: len when len <= max, else the largest n <= max at a character boundary (0 when
 * there is none). For messages that shorten ids. O(1). */
size_t ilonet_text_cut(const char *s, size_t len, size_t max);

#endif

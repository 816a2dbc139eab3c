/* Makes cairo's PDF output byte-identical from run to run. */
#ifndef ILONET_PDF_NORMALIZE_H
#define ILONET_PDF_NORMALIZE_H

#include <stddef.h>

#include "ilonet/error.h"

/* cairo prints text positions with 6 decimals; positions that fall exactly halfway between two
 * printed values (multiples of 1/1024 pt, as pango produces) come out rounded either way from run
 * to run, because pango measures text while a fontconfig thread is still starting. This rewrites
 * the PDF with such numbers printed from their exact 1/1024 value, recompressed with zlib, with
 * stream lengths and the cross-reference table rebuilt; and fixes the creation date. A PDF whose
 * structure is not recognised is returned unchanged. *out is malloc'ed. O(size). */
ilonet_status_t ilonet_pdf_normalize(const char *in, size_t len, char **out, size_t *out_len,
                                     ilonet_error_t *err);

/* Rewrites 6-decimal numbers outside strings in a PDF content stream that lie within 1e-6 of a
 * multiple of 1/1024 as that exact multiple. Returns a malloc'ed buffer (NULL on no memory). */
char *ilonet_pdf_canonical_numbers(const char *in, size_t len, size_t *out_len);

#endif

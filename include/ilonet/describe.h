/* Plain-language description of a figure, for alt text and captions in reports. */
#ifndef ILONET_DESCRIBE_H
#define ILONET_DESCRIBE_H

#include <stdio.h>

#include "ilonet/render.h"

/* Writes a few sentences: what the figure shows (nodes and ties, and how many of the network's
 * when filtered), the most central nodes, the brokers, the clusters and their central members,
 * and how to read the encodings. Deterministic. O(V log V). */
ilonet_status_t ilonet_describe_figure(const ilonet_render_input_t *in,
                                       const ilonet_render_options_t *o, const char *source,
                                       FILE *out, ilonet_error_t *err);

#endif

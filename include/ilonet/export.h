/* Writers of the analysed network in formats other tools read: GraphML, GML, Pajek and a
 * tab-separated edge list (for Gephi, Cytoscape, yEd, networkx, igraph, Pajek, spreadsheets). */
#ifndef ILONET_EXPORT_H
#define ILONET_EXPORT_H

#include <stddef.h>
#include <stdio.h>

#include <igraph.h>

#include "ilonet/error.h"
#include "ilonet/report.h"

typedef enum {
    ILONET_EXPORT_GRAPHML = 0,
    ILONET_EXPORT_GML,
    ILONET_EXPORT_PAJEK,
    ILONET_EXPORT_EDGELIST
} ilonet_export_format_t;

/* An extra per-node numeric column (e.g. clustering, constraint, cluster_stability): values has
 * one entry per node, in node index order; NaN (or an infinity) means missing. */
typedef struct {
    const char *name;
    const igraph_vector_t *values;
} ilonet_export_column_t;

/* Reads a format name: "graphml", "gml", "pajek" (also "net") or "edgelist", exact and lower
 * case. Returns 0, or -1 for an unknown name (name may be NULL; *f is then untouched). O(1). */
int ilonet_export_format_parse(const char *name, ilonet_export_format_t *f);

/* Picks the format from the extension of path's last component, case-insensitively:
 * ".graphml" -> GraphML, ".gml" -> GML, ".net" or ".paj" -> Pajek, ".tsv", ".txt" or
 * ".edgelist" -> edge list. ".csv" and ".xml" are not recognised (the edge list is
 * tab-separated; GraphML is only one of many XML formats). Returns 0, or -1 when the extension
 * is missing or unknown (path may be NULL; *f is then untouched). O(strlen(path)). */
int ilonet_export_format_from_path(const char *path, ilonet_export_format_t *f);

/* The format's name as accepted by ilonet_export_format_parse ("graphml", "gml", "pajek",
 * "edgelist"); "unknown" when f is out of range. A static string. */
const char *ilonet_export_format_name(ilonet_export_format_t f);

/* The usual file extension without the dot: "graphml", "gml", "net", "tsv"; "" when f is out of
 * range. A static string. */
const char *ilonet_export_format_extension(ilonet_export_format_t f);

/* Writes the network of in to fp in format f. Nodes go in node index order, ties in igraph edge
 * order; each tie is oriented as its first edge row (source -> target as in the edges file) and
 * takes that row's type. The output depends only on the input: no pointers, hashes or clocks.
 *
 * in->net and in->graph are required. in->cent may be NULL (no measure columns) and
 * in->clusters may be NULL (no cluster column); in->version may be NULL. extra may be NULL when
 * n_extra is 0; each extra column must have a non-empty name and one value per node.
 *
 * Node attributes, in this order: name (the id), label (the label, or the id when there is
 * none), kind (only when the nodes file has a kind column), the nodes file's other columns as
 * strings, then the measures: degree, in_degree and out_degree (directed graphs only), strength,
 * betweenness, closeness, harmonic, eigenvector, pagerank, coreness, cluster (1-based), then the
 * extra columns. degree, in_degree, out_degree, coreness and cluster are integers; the other
 * measures and the extra columns are reals, written with the fewest digits (15 to 17) that read
 * back as the same double. Tie attributes: weight (in the edges file's meaning, duplicate rows
 * merged), strength, distance (the length used by path measures, 1/strength), and type (only
 * when the edges file has a type column).
 * Missing values (an empty cell, an undefined measure such as the closeness of an isolate)
 * are left out: GraphML and GML have no NaN. Names clash when equal ignoring ASCII case (Gephi
 * compares some keys so); "id" is always taken. ilonet's own names win, then the extra columns,
 * then the nodes file's columns: a column whose name is taken becomes NAME_2, NAME_3, ... (an
 * empty name becomes "column").
 *
 * GraphML: UTF-8. Node ids are the network's ids (so Gephi's Id column and networkx's node keys
 * are the ids), unless some id holds a character XML 1.0 cannot represent (a control character
 * other than tab, line feed and carriage return): then every node id is n0, n1, ... and only
 * the name attribute keeps the id. Key ids are v0, v1, ... (nodes) and e0, ... (ties), never
 * yEd's d3/d7 that Gephi reads as labels. & < > " are escaped, tab/LF/CR are written as
 * character references; other control characters (and invalid UTF-8) become U+FFFD.
 * igraph_read_graph_graphml, networkx.read_graphml, Gephi, Cytoscape and yEd read it.
 *
 * GML: 7-bit ASCII as the GML specification asks: & and " are &amp; and &quot;, every other
 * character outside printable ASCII (accents, control characters) is &#N; with N its Unicode
 * code point. networkx.read_gml decodes all of these (and refuses non-ASCII input; use
 * label="name" there, as labels need not be unique). igraph 0.10 decodes &amp; &quot; but
 * passes &#N; through verbatim, and Gephi decodes none: for accented ids prefer GraphML with
 * those tools. Keys are reduced to letters, digits and '_' (others become '_'; a key not
 * starting with a letter gets an "x" prefix) before the renaming above. Node "id" is the node
 * index (0-based); reals always have a decimal point (1.0, 1.0e-05).
 *
 * Pajek (.net): "*Vertices N", then "i \"id\"" with 1-based i, then "*Edges" (undirected) or
 * "*Arcs" (directed) with "a b weight". Pajek has no attributes beyond this and no escapes:
 * in the label a '"' becomes '\'' and control characters become spaces (the vertex number, not
 * the label, is the identity).
 *
 * Edge list: a header "source\ttarget\tweight", then one line per tie with the ids as they are
 * (UTF-8). Isolated nodes do not appear. An id that holds a tab, line feed or carriage return
 * cannot be written: the call fails with ILONET_EDATA before writing anything.
 *
 * Returns ILONET_OK; ILONET_EUSAGE for a bad format or extra column, ILONET_EDATA as above,
 * ILONET_ENOMEM, or ILONET_EIO when fp reports a write error (the caller discards the file).
 * Cost: O(V * C + E + C^2) time for C node columns, O(C + E) memory. */
ilonet_status_t ilonet_export_write(FILE *fp, ilonet_export_format_t f,
                                    const ilonet_report_input_t *in,
                                    const ilonet_export_column_t *extra, size_t n_extra,
                                    ilonet_error_t *err);

#endif

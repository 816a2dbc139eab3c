/* Id aliases (an alias,id table that merges the several names of one organisation while
 * loading) and the check for ids that differ only in case, accents or spacing. */
#ifndef ILONET_ALIASES_H
#define ILONET_ALIASES_H

#include <stddef.h>

#include "ilonet/csv_read.h"
#include "ilonet/error.h"
#include "ilonet/network.h"
#include "ilonet/strtab.h"

typedef struct {
    ilonet_strtab_t aliases; /* alias i, in order of first appearance in the file */
    ilonet_strtab_t targets; /* the distinct ids aliases map to */
    size_t *target;          /* alias i -> index in targets */
    size_t *line;            /* alias i -> line of its row (0 when added without a file) */
    size_t *uses;            /* alias i -> ids it replaced while loading */
    size_t cap;              /* slots allocated in target, line and uses */
    size_t rows_rewritten;   /* edge and node rows in which at least one id was replaced */
} ilonet_aliases_t;

/* Initialises an empty table. */
ilonet_status_t ilonet_aliases_init(ilonet_aliases_t *a, ilonet_error_t *err);

/* Frees everything; safe on a zeroed table. */
void ilonet_aliases_destroy(ilonet_aliases_t *a);

/* Adds the row alias -> id (both trimmed by the caller, non-empty) read at line of file (file may
 * be NULL, line 0). The same row twice is accepted once; alias -> id is ignored when alias equals
 * id. An alias already mapped to another id is ILONET_EDATA at this line, naming both ids and the
 * earlier line. Amortised O(length). */
ilonet_status_t ilonet_aliases_add(ilonet_aliases_t *a, const char *alias, size_t alias_len,
                                   const char *id, size_t id_len, const char *file, size_t line,
                                   ilonet_error_t *err);

/* Refuses chains: an alias whose id is itself an alias (A -> B, B -> C, or A -> B, B -> A) is
 * ILONET_EDATA at the line of the A -> B row (the first such row in file order), naming the
 * other row's line. Chains are not followed because a table meant as A -> C and B -> C is a
 * typo away from A -> B -> C, and following it silently would hide the typo. O(aliases). */
ilonet_status_t ilonet_aliases_check(const ilonet_aliases_t *a, const char *file,
                                     ilonet_error_t *err);

/* Initialises *a and reads path ("-" = standard input): a CSV with a header naming the columns
 * alias and id (case-insensitive, any order, other columns ignored) and one alias per row;
 * blank rows are skipped, ids trimmed. Errors with their line: missing columns, empty alias or
 * id, an alias mapped to two ids, chains (see ilonet_aliases_check), and every reader error
 * (encodings as in csv->encoding). On failure *a is left destroyed. O(file size). */
ilonet_status_t ilonet_aliases_load(ilonet_aliases_t *a, const char *path,
                                    const ilonet_csv_options_t *csv, ilonet_error_t *err);

/* Number of aliases. */
size_t ilonet_aliases_count(const ilonet_aliases_t *a);

/* Alias i and the id it maps to. Valid until the next add. */
const char *ilonet_aliases_alias(const ilonet_aliases_t *a, size_t i);
const char *ilonet_aliases_target(const ilonet_aliases_t *a, size_t i);

/* Index of the alias equal to id (len bytes), or ILONET_NONE. O(len). */
size_t ilonet_aliases_find(const ilonet_aliases_t *a, const char *id, size_t len);

/* The id that id stands for: the id it maps to when id is an alias, else id itself. For names
 * given on the command line (the ego node, --focus, --ego), which must find the node the loader
 * merged the alias into. a may be NULL (nothing is an alias); id may be NULL (returns NULL). The
 * result is id or points into a, valid until the next add. Counts no use. O(length of id). */
const char *ilonet_aliases_resolve(const ilonet_aliases_t *a, const char *id);

/* When *id (*len bytes) is an alias: points *id and *len at its target, counts one use and
 * returns 1; else leaves them and returns 0. a may be NULL (returns 0). O(len). */
int ilonet_aliases_apply(ilonet_aliases_t *a, const char **id, size_t *len);

/* Alias indexes sorted by alias (byte order, so the order is the same everywhere) into *order,
 * malloc'ed (the caller frees it; NULL when there are no aliases). O(A log A). */
ilonet_status_t ilonet_aliases_sorted(const ilonet_aliases_t *a, size_t **order,
                                      ilonet_error_t *err);

/* Writes into out (room for len + 1 bytes; the result is never longer than s) the comparison
 * form of an id: ASCII letters in lower case, the accented letters of Latin-1 (U+00C0-U+00FF)
 * and Œ/œ as their base letters (é -> e, Æ -> ae, ß -> ss), combining accents (U+0300-U+036F,
 * as in decomposed text from macOS) removed, and each run of spaces, tabs, line breaks and
 * no-break spaces as one space, none at either end. Other bytes are copied. Returns the length
 * and NUL-terminates. O(len). */
size_t ilonet_id_fold(const char *s, size_t len, char *out);

/* Groups of two or more node ids with the same folded form (ilonet_id_fold). */
typedef struct {
    size_t n_groups;
    size_t *start;  /* group g is member[start[g]] .. member[start[g + 1] - 1] */
    size_t *member; /* node indexes: groups ordered by their first node, members by node index */
} ilonet_id_groups_t;

/* Finds the groups among all nodes of net. Expected O(total id length) time (one hash of each
 * folded id), O(nodes) memory. *g is initialised here; destroy it. */
ilonet_status_t ilonet_id_groups_find(ilonet_id_groups_t *g, const ilonet_network_t *net,
                                      ilonet_error_t *err);

/* Frees everything; safe on a zeroed value. */
void ilonet_id_groups_destroy(ilonet_id_groups_t *g);

/* Groups listed in the warning line; the others are counted ("and N more groups"). */
#define ILONET_ID_GROUPS_SHOWN 10

/* One line for a warning, into buf (always NUL-terminated): "2 groups of ids differ only in
 * case, accents or spacing: 'ILO' ~ 'ilo'; 'UN Women' ~ 'UN  Women' (use --aliases to merge
 * them)". Ids are shortened to 60 bytes; the first ILONET_ID_GROUPS_SHOWN groups that fit in buf
 * are listed whole and the rest counted: "...; and N more groups (use ...)". Empty when there is
 * no group. O(size). */
void ilonet_id_groups_format(const ilonet_id_groups_t *g, const ilonet_network_t *net, char *buf,
                             size_t size);

#endif

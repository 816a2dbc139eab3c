/* Batch manifests: an INI file of jobs (analyses and figures) read with inih into sections of
 * key = value entries that remember their line numbers. */
#ifndef ILONET_MANIFEST_H
#define ILONET_MANIFEST_H

#include <stddef.h>

#include "ilonet/error.h"

/* What a section of the manifest is. */
typedef enum {
    ILONET_SECTION_BATCH = 0, /* [batch]: settings of the run itself (output folder) */
    ILONET_SECTION_DEFAULTS,  /* [defaults]: options every job gets unless it sets its own */
    ILONET_SECTION_ANALYZE,   /* [analysis NAME] or [analyze NAME] */
    ILONET_SECTION_RENDER,    /* [figure NAME] or [render NAME] */
    ILONET_SECTION_EGO,       /* [ego NAME] */
    ILONET_SECTION_EXPORT     /* [export NAME] */
} ilonet_section_kind_t;

typedef struct {
    char *key;   /* lower-case as written; '_' is kept (callers may accept it for '-') */
    char *value; /* surrounding whitespace and one pair of enclosing double quotes removed */
    size_t line;
} ilonet_manifest_entry_t;

typedef struct {
    ilonet_section_kind_t kind;
    char *name; /* job name; "" for [batch] and [defaults] */
    size_t line;
    ilonet_manifest_entry_t *entries; /* in file order */
    size_t n_entries;
    size_t cap_entries;
} ilonet_manifest_section_t;

typedef struct {
    char *path; /* as given */
    char *dir;  /* the folder relative paths in the manifest resolve against */
    ilonet_manifest_section_t *sections; /* in file order; [batch] and [defaults] at most once */
    size_t n_sections;
    size_t cap_sections;
    size_t n_jobs; /* sections that are jobs */
} ilonet_manifest_t;

/* Longest job name, in bytes (inih keeps at most 50 bytes of a section line). */
#define ILONET_MANIFEST_NAME_MAX 40

/* Reads and checks the shape of a manifest: INI syntax, known section kinds, job names
 * ([A-Za-z0-9._-], unique), no key twice in a section (except those listed in repeatable, a
 * NULL-terminated list of keys that may repeat, or NULL), no empty value. Which keys a job
 * accepts is the caller's business. Errors name the manifest and the line. O(file size + jobs
 * * keys). */
ilonet_status_t ilonet_manifest_load(ilonet_manifest_t *m, const char *path,
                                     const char *const *repeatable, ilonet_error_t *err);

/* Frees a loaded manifest; safe on a zeroed one. */
void ilonet_manifest_destroy(ilonet_manifest_t *m);

/* The section's entry for key, the last one when it repeats; NULL when absent. */
const ilonet_manifest_entry_t *ilonet_manifest_find(const ilonet_manifest_section_t *s,
                                                    const char *key);

/* The [batch] or [defaults] section, or NULL. */
const ilonet_manifest_section_t *ilonet_manifest_section(const ilonet_manifest_t *m,
                                                         ilonet_section_kind_t kind);

/* The word a section kind is written with in messages ("analysis", "figure", "ego", "export"). */
const char *ilonet_manifest_kind_word(ilonet_section_kind_t kind);

#endif

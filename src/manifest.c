/* Reads batch manifests (INI, through inih) into sections and entries with their line numbers. */
#define _POSIX_C_SOURCE 200809L
#include "ilonet/manifest.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ilonet/csv_read.h"
#include "ilonet/text.h"

/* inih's line buffer: a title or caption may be long, but a manifest line above this is a
 * mistake (a pasted data file), not a setting. */
#define LINE_MAX_BYTES 8192

typedef struct {
    FILE *fp;
    size_t line;       /* the line the last read belongs to */
    int at_line_start; /* the next read starts a new line */
    size_t long_line;  /* first line longer than LINE_MAX_BYTES (0 = none) */
    size_t bad_line;   /* first line with a NUL byte or invalid UTF-8 */
    ilonet_manifest_t *m;
    const char *const *repeatable;
    ilonet_error_t *err;
    ilonet_status_t st; /* first error the handler met */
} parse_ctx_t;

static ilonet_status_t open_section(parse_ctx_t *c, const char *header);

/* An fgets-style reader that counts lines, so entries and errors can carry them (Debian's inih
 * is built without INI_HANDLER_LINENO). */
static char *read_line(char *str, int num, void *stream)
{
    parse_ctx_t *c = stream;
    /* getc, not fgets: fgets can't tell a NUL byte inside a line from its end */
    size_t len = 0;
    int ch = EOF, nul = 0;
    while (len + 1 < (size_t)num && (ch = getc(c->fp)) != EOF) {
        if (ch == '\0') {
            nul = 1;
            ch = ' ';
        }
        str[len++] = (char)ch;
        if (ch == '\n') {
            break;
        }
    }
    if (len == 0) {
        return NULL;
    }
    str[len] = '\0';
    if (c->at_line_start) {
        c->line++;
        /* Sections open here, not in the entry callback, so that a section without entries is
         * checked too. */
        const char *p = str;
        if (c->line == 1 && strncmp(p, "\xEF\xBB\xBF", 3) == 0) {
            p += 3; /* inih skips a UTF-8 byte order mark too */
        }
        while (*p == ' ' || *p == '\t') {
            p++;
        }
        const char *end = p[0] == '[' ? strchr(p, ']') : NULL;
        if (end != NULL && c->st == ILONET_OK) {
            char header[128];
            size_t n = (size_t)(end - p - 1);
            if (n >= sizeof header) {
                n = sizeof header - 1;
            }
            memcpy(header, p + 1, n);
            header[n] = '\0';
            open_section(c, header);
        }
    }
    if ((nul || ilonet_utf8_invalid_at(str, len) != len) && c->bad_line == 0) {
        c->bad_line = c->line;
    }
    c->at_line_start = len > 0 && str[len - 1] == '\n';
    if (!c->at_line_start && len + 1 == (size_t)num && c->long_line == 0) {
        c->long_line = c->line;
    }
    return str;
}

/* Splits "figure whole-network" into a kind and a name. */
static int section_kind(const char *word, size_t len, ilonet_section_kind_t *kind)
{
    static const struct {
        const char *word;
        ilonet_section_kind_t kind;
    } words[] = {
        {"analysis", ILONET_SECTION_ANALYZE}, {"analyze", ILONET_SECTION_ANALYZE},
        {"figure", ILONET_SECTION_RENDER},    {"render", ILONET_SECTION_RENDER},
        {"ego", ILONET_SECTION_EGO},          {"export", ILONET_SECTION_EXPORT},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (strlen(words[i].word) == len && strncmp(words[i].word, word, len) == 0) {
            *kind = words[i].kind;
            return 1;
        }
    }
    return 0;
}

static int valid_name(const char *s)
{
    if (*s == '\0' || strlen(s) > ILONET_MANIFEST_NAME_MAX) {
        return 0;
    }
    for (; *s != '\0'; s++) {
        if (!isalnum((unsigned char)*s) && *s != '.' && *s != '_' && *s != '-') {
            return 0;
        }
    }
    return 1;
}

static ilonet_status_t fail(parse_ctx_t *c, ilonet_status_t code, const char *fmt, const char *a,
                            const char *b)
{
    char msg[ILONET_ERROR_MSG_MAX];
    snprintf(msg, sizeof msg, fmt, a, b);
    c->st = ilonet_error_set(c->err, code, c->m->path, c->line, "%s", msg);
    return c->st;
}

/* Starts the section named by the INI header text. */
static ilonet_status_t open_section(parse_ctx_t *c, const char *header)
{
    ilonet_manifest_t *m = c->m;
    const char *sp = strchr(header, ' ');
    ilonet_section_kind_t kind;
    const char *name = "";
    if (strcmp(header, "batch") == 0) {
        kind = ILONET_SECTION_BATCH;
    } else if (strcmp(header, "defaults") == 0) {
        kind = ILONET_SECTION_DEFAULTS;
    } else if (sp != NULL && section_kind(header, (size_t)(sp - header), &kind)) {
        name = sp + 1;
        while (*name == ' ') {
            name++;
        }
        if (!valid_name(name)) {
            return fail(c, ILONET_EUSAGE,
                        "job name '%s'%s must be 1-40 letters, digits, '.', '_' or '-'", name, "");
        }
    } else {
        return fail(c, ILONET_EUSAGE,
                    "unknown section [%s]%s: use [batch], [defaults], or [analysis NAME], "
                    "[figure NAME], [ego NAME], [export NAME]",
                    header, "");
    }
    for (size_t i = 0; i < m->n_sections; i++) {
        const ilonet_manifest_section_t *o = &m->sections[i];
        if (o->kind == kind && strcmp(o->name, name) == 0 && name[0] == '\0') {
            return fail(c, ILONET_EUSAGE, "section [%s] appears twice%s", header, "");
        }
        if (name[0] != '\0' && strcmp(o->name, name) == 0) {
            char first[32];
            snprintf(first, sizeof first, "%zu", o->line);
            return fail(c, ILONET_EUSAGE, "job name '%s' is used twice (first on line %s)", name,
                        first);
        }
    }
    if (m->n_sections == m->cap_sections) {
        size_t cap = m->cap_sections ? 2 * m->cap_sections : 8;
        ilonet_manifest_section_t *s = realloc(m->sections, cap * sizeof *s);
        if (s == NULL) {
            return c->st = ilonet_error_nomem(c->err);
        }
        m->sections = s;
        m->cap_sections = cap;
    }
    ilonet_manifest_section_t *s = &m->sections[m->n_sections];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->line = c->line;
    s->name = ilonet_text_dup(name);
    if (s->name == NULL) {
        return c->st = ilonet_error_nomem(c->err);
    }
    m->n_sections++;
    if (kind != ILONET_SECTION_BATCH && kind != ILONET_SECTION_DEFAULTS) {
        m->n_jobs++;
    }
    return ILONET_OK;
}

static int is_repeatable(const parse_ctx_t *c, const char *key)
{
    for (const char *const *r = c->repeatable; r != NULL && *r != NULL; r++) {
        if (strcmp(*r, key) == 0) {
            return 1;
        }
    }
    return 0;
}

static ilonet_status_t add_entry(parse_ctx_t *c, const char *name, const char *value)
{
    ilonet_manifest_section_t *s = &c->m->sections[c->m->n_sections - 1];
    char key[64];
    size_t n = strlen(name);
    if (n == 0 || n >= sizeof key) {
        return fail(c, ILONET_EUSAGE, "bad key '%s'%s", name, "");
    }
    for (size_t i = 0; i <= n; i++) {
        key[i] = (char)tolower((unsigned char)name[i]);
    }
    /* "title = "A; B"" keeps its inner text; quotes only matter at both ends */
    size_t vlen = strlen(value);
    int quoted = vlen >= 2 && value[0] == '"' && value[vlen - 1] == '"';
    if (vlen == 0 || (quoted && vlen == 2)) {
        return fail(c, ILONET_EUSAGE, "'%s' has no value%s", key, "");
    }
    const ilonet_manifest_entry_t *prev = ilonet_manifest_find(s, key);
    if (prev != NULL && !is_repeatable(c, key)) {
        char first[32];
        snprintf(first, sizeof first, "%zu", prev->line);
        return fail(c, ILONET_EUSAGE, "'%s' is set twice in this section (first on line %s)", key,
                    first);
    }
    if (s->n_entries == s->cap_entries) {
        size_t cap = s->cap_entries ? 2 * s->cap_entries : 8;
        ilonet_manifest_entry_t *e = realloc(s->entries, cap * sizeof *e);
        if (e == NULL) {
            return c->st = ilonet_error_nomem(c->err);
        }
        s->entries = e;
        s->cap_entries = cap;
    }
    ilonet_manifest_entry_t *e = &s->entries[s->n_entries];
    e->key = ilonet_text_dup(key);
    e->value = quoted ? strndup(value + 1, vlen - 2) : ilonet_text_dup(value);
    e->line = c->line;
    if (e->key == NULL || e->value == NULL) {
        free(e->key);
        free(e->value);
        return c->st = ilonet_error_nomem(c->err);
    }
    s->n_entries++;
    return ILONET_OK;
}

/* inih's callback: one key = value line (or a continuation line of the previous key). */
static int on_entry(void *user, const char *section, const char *name, const char *value)
{
    parse_ctx_t *c = user;
    if (c->st != ILONET_OK) {
        return 1; /* the first error is the one reported */
    }
    if (c->m->n_sections == 0 || section[0] == '\0') {
        fail(c, ILONET_EUSAGE, "'%s' is outside any section: start with [defaults] or a job%s",
             name, "");
        return 0;
    }
    return add_entry(c, name, value) == ILONET_OK;
}

ilonet_status_t ilonet_manifest_load(ilonet_manifest_t *m, const char *path,
                                     const char *const *repeatable, ilonet_error_t *err)
{
    ilonet_status_t st = ILONET_OK;
    parse_ctx_t c;
    memset(m, 0, sizeof *m);
    memset(&c, 0, sizeof c);
    ilonet_error_clear(err);
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        return ilonet_error_set(err, ILONET_EIO, path, 0, "is a directory, not a manifest");
    }
    c.fp = fopen(path, "r");
    if (c.fp == NULL) {
        return ilonet_error_set(err, ILONET_EIO, path, 0, "cannot open: %s", strerror(errno));
    }
    m->path = ilonet_text_dup(path);
    const char *slash = strrchr(path, '/');
    m->dir = slash == NULL   ? ilonet_text_dup(".")
             : slash == path ? ilonet_text_dup("/")
                             : strndup(path, (size_t)(slash - path));
    if (m->path == NULL || m->dir == NULL) {
        st = ilonet_error_nomem(err);
        goto fail;
    }
    c.m = m;
    c.repeatable = repeatable;
    c.err = err;
    c.at_line_start = 1;
    ini_max_line = LINE_MAX_BYTES;
    ini_stop_on_first_error = 1;
    ini_allow_multiline = 0; /* an indented line is a mistake, not a continued value */
    int rc = ini_parse_stream(read_line, &c, on_entry, &c);
    if (ferror(c.fp)) {
        st = ilonet_error_set(err, ILONET_EIO, path, 0, "cannot read: %s", strerror(errno));
        goto fail;
    }
    size_t first_bad = c.bad_line;
    if (first_bad != 0 && (c.st == ILONET_OK || first_bad <= c.err->line)) {
        st = ilonet_error_set(err, ILONET_EUSAGE, path, first_bad,
                              "not valid UTF-8 text, or a NUL byte (save the manifest as UTF-8 "
                              "text)");
        goto fail;
    }
    if (c.long_line != 0 && (c.st == ILONET_OK || c.long_line <= c.err->line)) {
        st = ilonet_error_set(err, ILONET_EUSAGE, path, c.long_line, "line longer than %d bytes",
                              LINE_MAX_BYTES - 3);
        goto fail;
    }
    if (c.st != ILONET_OK) {
        st = c.st;
        goto fail;
    }
    if (rc == -2) {
        st = ilonet_error_nomem(err);
        goto fail;
    }
    if (rc != 0) {
        st = ilonet_error_set(err, ILONET_EUSAGE, path, (size_t)rc,
                              "not a [section] or key = value line");
        goto fail;
    }
    if (m->n_jobs == 0) {
        st = ilonet_error_set(err, ILONET_EUSAGE, path, 0,
                              "no jobs: add a section such as [figure network] with an input");
        goto fail;
    }
    fclose(c.fp);
    return ILONET_OK;

fail:
    fclose(c.fp);
    ilonet_manifest_destroy(m);
    return st;
}

void ilonet_manifest_destroy(ilonet_manifest_t *m)
{
    for (size_t i = 0; i < m->n_sections; i++) {
        ilonet_manifest_section_t *s = &m->sections[i];
        for (size_t j = 0; j < s->n_entries; j++) {
            free(s->entries[j].key);
            free(s->entries[j].value);
        }
        free(s->entries);
        free(s->name);
    }
    free(m->sections);
    free(m->path);
    free(m->dir);
    memset(m, 0, sizeof *m);
}

const ilonet_manifest_entry_t *ilonet_manifest_find(const ilonet_manifest_section_t *s,
                                                    const char *key)
{
    for (size_t i = s->n_entries; i > 0; i--) {
        if (strcmp(s->entries[i - 1].key, key) == 0) {
            return &s->entries[i - 1];
        }
    }
    return NULL;
}

const ilonet_manifest_section_t *ilonet_manifest_section(const ilonet_manifest_t *m,
                                                         ilonet_section_kind_t kind)
{
    for (size_t i = 0; i < m->n_sections; i++) {
        if (m->sections[i].kind == kind) {
            return &m->sections[i];
        }
    }
    return NULL;
}

const char *ilonet_manifest_kind_word(ilonet_section_kind_t kind)
{
    switch (kind) {
    case ILONET_SECTION_BATCH:
        return "batch";
    case ILONET_SECTION_DEFAULTS:
        return "defaults";
    case ILONET_SECTION_ANALYZE:
        return "analysis";
    case ILONET_SECTION_RENDER:
        return "figure";
    case ILONET_SECTION_EGO:
        return "ego";
    case ILONET_SECTION_EXPORT:
        return "export";
    }
    return "job";
}

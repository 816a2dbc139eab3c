/* libFuzzer harness: the input is a batch manifest, parsed as `ilonet batch` does, and the
 * result checked for the invariants the batch runner relies on. */
#include "fuzz_common.h"

#include <ctype.h>

#include "ilonet/manifest.h"

static fuzz_file_t manifest_file;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_file_open(&manifest_file);
    return 0;
}

static void check_section(const ilonet_manifest_t *m, size_t i, size_t *last_line)
{
    const ilonet_manifest_section_t *s = &m->sections[i];
    int is_job = s->kind != ILONET_SECTION_BATCH && s->kind != ILONET_SECTION_DEFAULTS;
    FUZZ_CHECK(s->name != NULL && (s->name[0] != '\0') == is_job);
    FUZZ_CHECK(strlen(s->name) <= ILONET_MANIFEST_NAME_MAX);
    for (const char *p = s->name; *p != '\0'; p++) {
        FUZZ_CHECK(isalnum((unsigned char)*p) || *p == '.' || *p == '_' || *p == '-');
    }
    FUZZ_CHECK(s->line >= *last_line && s->line > 0);
    *last_line = s->line;
    for (size_t j = 0; j < i; j++) {
        /* job names are unique; [batch] and [defaults] appear once */
        FUZZ_CHECK(is_job ? strcmp(m->sections[j].name, s->name) != 0
                          : m->sections[j].kind != s->kind);
    }
    for (size_t e = 0; e < s->n_entries; e++) {
        const ilonet_manifest_entry_t *en = &s->entries[e];
        FUZZ_CHECK(en->key[0] != '\0' && en->value[0] != '\0');
        FUZZ_CHECK(en->line > s->line || (en->line == s->line && e == 0));
        FUZZ_CHECK(e == 0 || en->line > s->entries[e - 1].line);
        FUZZ_CHECK(ilonet_utf8_invalid_at(en->value, strlen(en->value)) == strlen(en->value));
        for (const char *p = en->key; *p != '\0'; p++) {
            FUZZ_CHECK(!isupper((unsigned char)*p));
        }
        /* a key repeats only when it is listed as repeatable */
        for (size_t f = 0; f < e; f++) {
            FUZZ_CHECK(strcmp(s->entries[f].key, en->key) != 0 || strcmp(en->key, "kind") == 0);
        }
        FUZZ_CHECK(ilonet_manifest_find(s, en->key) != NULL);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const repeatable[] = {"kind", NULL};
    const char *path = fuzz_file_set(&manifest_file, data, size);
    ilonet_manifest_t m;
    ilonet_error_t err;
    ilonet_status_t st = ilonet_manifest_load(&m, path, repeatable, &err);
    if (st != ILONET_OK) {
        fuzz_check_error(st, &err);
        FUZZ_CHECK(m.sections == NULL && m.n_sections == 0);
        return 0;
    }
    FUZZ_CHECK(m.n_jobs > 0 && m.n_jobs <= m.n_sections);
    size_t jobs = 0, last_line = 0;
    for (size_t i = 0; i < m.n_sections; i++) {
        check_section(&m, i, &last_line);
        jobs += m.sections[i].kind != ILONET_SECTION_BATCH &&
                m.sections[i].kind != ILONET_SECTION_DEFAULTS;
        FUZZ_CHECK(strcmp(ilonet_manifest_kind_word(m.sections[i].kind), "job") != 0);
    }
    FUZZ_CHECK(jobs == m.n_jobs);
    ilonet_manifest_destroy(&m);
    return 0;
}

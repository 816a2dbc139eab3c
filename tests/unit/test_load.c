/* Unit tests of ilonet_load_nodes / ilonet_load_edges: column mapping, value parsing, nodes-file
 * attributes, and every data error with its CSV line (the header is line 1). */

/* Defined here too (test_util.h defines it identically) because cmocka needs <setjmp.h> and
 * <stdint.h> before test_util.h pulls in <cmocka.h>, and the feature macro must come first. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdint.h>

#include "test_util.h"

#include "ilonet/load.h"
#include "ilonet/network.h"

/* Each test gets a fresh network, destroyed by the teardown even when an assertion fails. */
static int setup_net(void **state)
{
    ilonet_network_t *net = malloc(sizeof *net);
    if (net == NULL) {
        return -1;
    }
    ilonet_error_t err;
    if (ilonet_network_init(net, &err) != ILONET_OK) {
        free(net);
        return -1;
    }
    *state = net;
    return 0;
}

static int teardown_net(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_network_destroy(net);
    free(net);
    return 0;
}

/* The path of the last temp file loaded, for checking err.file after the file is removed. */
static char last_path[64];

static ilonet_status_t load_text(ilonet_network_t *net, int nodes_file, const char *text,
                                 const ilonet_load_options_t *opts, ilonet_error_t *err)
{
    ilonet_load_options_t defaults;
    if (opts == NULL) {
        ilonet_load_options_default(&defaults);
        opts = &defaults;
    }
    const char *path = temp_csv(nodes_file ? 1 : 2, text);
    snprintf(last_path, sizeof last_path, "%s", path);
    ilonet_error_clear(err);
    ilonet_status_t st = nodes_file ? ilonet_load_nodes(net, path, opts, err)
                                    : ilonet_load_edges(net, path, opts, err);
    assert_int_equal(unlink(path), 0);
    return st;
}

static ilonet_status_t edges(ilonet_network_t *net, const char *text,
                             const ilonet_load_options_t *opts, ilonet_error_t *err)
{
    return load_text(net, 0, text, opts, err);
}

static ilonet_status_t nodes(ilonet_network_t *net, const char *text,
                             const ilonet_load_options_t *opts, ilonet_error_t *err)
{
    return load_text(net, 1, text, opts, err);
}

/* Asserts the last load failed with ILONET_EDATA on line, naming the file, with each given
 * substring (NULL-terminated list) in the message. */
static void expect_data_error(ilonet_status_t st, const ilonet_error_t *err, size_t line, ...)
{
    assert_int_equal(st, ILONET_EDATA);
    assert_int_equal(err->code, ILONET_EDATA);
    assert_string_equal(err->file, last_path);
    assert_int_equal(err->line, line);
    va_list ap;
    va_start(ap, line);
    for (const char *want = va_arg(ap, const char *); want != NULL;
         want = va_arg(ap, const char *)) {
        if (strstr(err->message, want) == NULL) {
            print_error("message \"%s\" lacks \"%s\"\n", err->message, want);
            fail();
        }
    }
    va_end(ap);
}

static void expect_edge_error(void **state, const char *text, const ilonet_load_options_t *opts,
                              size_t line, const char *want)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    ilonet_status_t st = edges(net, text, opts, &err);
    expect_data_error(st, &err, line, want, (const char *)NULL);
}

static const char *src_id(const ilonet_network_t *net, size_t r)
{
    return ilonet_network_node_id(net, net->row_src[r]);
}

static const char *dst_id(const ilonet_network_t *net, size_t r)
{
    return ilonet_network_node_id(net, net->row_dst[r]);
}

static const char *value(const ilonet_network_t *net, size_t index)
{
    return ilonet_strtab_get(&net->values, index);
}

/* ---- edges: column mapping ----------------------------------------------------------------- */

static void test_edges_basic_file(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    assert_int_equal(edges(net, "source,target,weight\nILO,WHO,2.5\nWHO,UN,1\n", NULL, &err),
                     ILONET_OK);
    assert_int_equal(net->n_rows, 2);
    assert_int_equal(ilonet_network_node_count(net), 3);
    assert_string_equal(src_id(net, 0), "ILO");
    assert_string_equal(dst_id(net, 0), "WHO");
    assert_string_equal(src_id(net, 1), "WHO");
    assert_string_equal(dst_id(net, 1), "UN");
    assert_true(net->row_weight[0] == 2.5);
    assert_true(net->row_weight[1] == 1.0);
    assert_int_equal(net->row_line[0], 2);
    assert_int_equal(net->row_line[1], 3);
    assert_true(net->has_weight);
    assert_false(net->has_type);
    assert_false(net->has_year);
    assert_int_equal(net->n_edge_cols, 0);
    /* Without a nodes file, endpoints are nodes, not "added from edges". */
    assert_int_equal(net->nodes_added_from_edges, 0);
}

static void test_edges_columns_in_any_order(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    assert_int_equal(edges(net, "year,weight,target,type,source\n2020,3,B,fund,A\n", NULL, &err),
                     ILONET_OK);
    assert_int_equal(net->n_rows, 1);
    assert_string_equal(src_id(net, 0), "A");
    assert_string_equal(dst_id(net, 0), "B");
    assert_true(net->row_weight[0] == 3.0);
    assert_string_equal(value(net, net->row_type[0]), "fund");
    assert_int_equal(net->row_year[0], 2020);
    assert_int_equal(net->n_edge_cols, 0);
}

static void test_edges_header_names_case_insensitive(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    assert_int_equal(edges(net, "Source,TARGET,Weight,Type,YEAR\nA,B,4,x,1999\n", NULL, &err),
                     ILONET_OK);
    assert_true(net->has_weight);
    assert_true(net->has_type);
    assert_true(net->has_year);
    assert_string_equal(src_id(net, 0), "A");
    assert_string_equal(dst_id(net, 0), "B");
    assert_true(net->row_weight[0] == 4.0);
    assert_int_equal(net->row_year[0], 1999);
}

static void test_edges_custom_column_names(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    ilonet_load_options_t opts;
    ilonet_load_options_default(&opts);
    opts.source_col = "from";
    opts.target_col = "to";
    opts.weight_col = "strength";
    opts.type_col = "relation";
    opts.year_col = "since";
    /* Custom names match case-insensitively too; a "weight" column is then just carried. */
    assert_int_equal(
        edges(net, "From,to,STRENGTH,relation,since,weight\nA,B,7,x,2001,9\n", &opts, &err),
        ILONET_OK);
    assert_string_equal(src_id(net, 0), "A");
    assert_string_equal(dst_id(net, 0), "B");
    assert_true(net->row_weight[0] == 7.0);
    assert_string_equal(value(net, net->row_type[0]), "x");
    assert_int_equal(net->row_year[0], 2001);
    assert_int_equal(net->n_edge_cols, 1);
    assert_string_equal(net->edge_cols[0], "weight");
    assert_string_equal(value(net, net->row_attr[0]), "9");
}

static void test_edges_weight_optional_counts_one(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    assert_int_equal(edges(net, "source,target\nA,B\nA,B\nB,C\n", NULL, &err), ILONET_OK);
    assert_false(net->has_weight);
    assert_int_equal(net->n_rows, 3);
    for (size_t r = 0; r < net->n_rows; r++) {
        assert_true(net->row_weight[r] == 1.0);
        assert_int_equal(net->row_type[r], ILONET_NONE);
        assert_int_equal(net->row_year[r], ILONET_NO_YEAR);
    }
}

static void test_edges_weight_formats_accepted(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    assert_int_equal(
        edges(net, "source,target,weight\nA,B,0.25\nA,C,1e3\nA,D,\" 2 \"\nA,E,.5\n", NULL, &err),
        ILONET_OK);
    assert_true(net->row_weight[0] == 0.25);
    assert_true(net->row_weight[1] == 1000.0);
    assert_true(net->row_weight[2] == 2.0);
    assert_true(net->row_weight[3] == 0.5);
}

static void test_edges_type_interned(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    assert_int_equal(edges(net,
                           "source,target,type\nA,B,funding\nB,C,funding\nC,A,partner\n"
                           "A,C,\n",
                           NULL, &err),
                     ILONET_OK);
    assert_true(net->has_type);
    assert_int_equal(net->n_rows, 4);
    /* Repeated types share one value index. */
    assert_int_equal(net->row_type[0], net->row_type[1]);
    assert_true(net->row_type[0] != net->row_type[2]);
    assert_string_equal(value(net, net->row_type[0]), "funding");
    assert_string_equal(value(net, net->row_type[2]), "partner");
    /* An empty type is "no type", not the empty string. */
    assert_int_equal(net->row_type[3], ILONET_NONE);
}

static void test_edges_year_parsed(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    assert_int_equal(
        edges(net, "source,target,year\nA,B,2019\nB,C,\nC,A,\" 2021 \"\nA,C,1000\n", NULL, &err),
        ILONET_OK);
    assert_true(net->has_year);
    assert_int_equal(net->row_year[0], 2019);
    assert_int_equal(net->row_year[1], ILONET_NO_YEAR);
    assert_int_equal(net->row_year[2], 2021);
    assert_int_equal(net->row_year[3], 1000);
}

/* Years are whole numbers from ILONET_YEAR_MIN to ILONET_YEAR_MAX: -50 is a typing error. */
static void test_edges_year_out_of_range(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    assert_int_equal(
        edges(net, "source,target,year\nA,B,2019\nB,C,\nC,A,2021\nA,C,-50\n", NULL, &err),
        ILONET_EDATA);
    assert_int_equal(err.line, 5);
}

static void test_edges_extra_columns_carried(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    assert_int_equal(
        edges(net, "project,source, Note ,target\nP1,A,hello,B\nP2,B,,C\nP1,C,x,A\n", NULL, &err),
        ILONET_OK);
    /* Carried columns keep file order and have their names trimmed. */
    assert_int_equal(net->n_edge_cols, 2);
    assert_string_equal(net->edge_cols[0], "project");
    assert_string_equal(net->edge_cols[1], "Note");
    assert_string_equal(value(net, net->row_attr[0 * 2 + 0]), "P1");
    assert_string_equal(value(net, net->row_attr[0 * 2 + 1]), "hello");
    assert_string_equal(value(net, net->row_attr[1 * 2 + 0]), "P2");
    assert_string_equal(value(net, net->row_attr[1 * 2 + 1]), "");
    /* Repeated values are interned once. */
    assert_int_equal(net->row_attr[0 * 2 + 0], net->row_attr[2 * 2 + 0]);
}

static void test_edges_unnamed_trailing_columns_ignored(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    /* Excel's trailing delimiter gives unnamed, empty columns: nothing to carry. */
    assert_int_equal(edges(net, "source,target,,\nA,B,,\n", NULL, &err), ILONET_OK);
    assert_int_equal(net->n_rows, 1);
    assert_int_equal(net->n_edge_cols, 0);
}

static void test_edges_ids_trimmed(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    assert_int_equal(
        edges(net, "source,target\n  ILO  ,WHO\n\" ILO \",\"\tWHO \"\nILO,\" UN\"\n", NULL, &err),
        ILONET_OK);
    assert_int_equal(net->n_rows, 3);
    /* Spaces around ids, quoted or not, never make a different node. */
    assert_int_equal(ilonet_network_node_count(net), 3);
    assert_string_equal(src_id(net, 0), "ILO");
    assert_string_equal(src_id(net, 1), "ILO");
    assert_string_equal(dst_id(net, 1), "WHO");
    assert_string_equal(dst_id(net, 2), "UN");
    assert_int_equal(ilonet_network_find_node(net, " ILO "), ILONET_NONE);
}

static void test_edges_blank_rows_skipped(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    /* ",,," rows come from Excel; their field count may not even match the header. */
    const char *in = "source,target,weight\n" /* 1 */
                     "A,B,1\n"                /* 2 */
                     ",,\n"                   /* 3: blank row */
                     "\n"                     /* 4: blank line, not a row */
                     ",,,\n"                  /* 5: blank row, 4 fields */
                     " , ,\"  \"\n"           /* 6: spaces only */
                     "B,C,2\n";               /* 7 */
    assert_int_equal(edges(net, in, NULL, &err), ILONET_OK);
    assert_int_equal(net->n_rows, 2);
    assert_int_equal(net->blank_rows_skipped, 3);
    assert_int_equal(net->row_line[0], 2);
    assert_int_equal(net->row_line[1], 7);
}

static void test_edges_row_line_counts_embedded_newlines(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    assert_int_equal(edges(net, "source,target,note\n\nA,B,\"two\nlines\"\nB,C,x\n", NULL, &err),
                     ILONET_OK);
    assert_int_equal(net->row_line[0], 3);
    assert_int_equal(net->row_line[1], 5);
    assert_string_equal(value(net, net->row_attr[0]), "two\nlines");
}

static void test_edges_semicolon_file(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    assert_int_equal(edges(net, "\xEF\xBB\xBFsource;target;weight\r\nA;B;1.5\r\n", NULL, &err),
                     ILONET_OK);
    assert_int_equal(net->n_rows, 1);
    assert_true(net->row_weight[0] == 1.5);
}

/* ---- nodes file ---------------------------------------------------------------------------- */

static void test_nodes_file_attributes(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    assert_int_equal(nodes(net,
                           "id,label,kind,country\n"
                           "ILO,International Labour Organization,IO,CH\n"
                           "GOV1,,government,FR\n",
                           NULL, &err),
                     ILONET_OK);
    assert_true(net->has_nodes_file);
    assert_int_equal(net->n_declared, 2);
    assert_int_equal(net->n_node_cols, 3);
    assert_string_equal(net->node_cols[0], "label");
    assert_string_equal(net->node_cols[1], "kind");
    assert_string_equal(net->node_cols[2], "country");
    assert_int_equal(net->label_col, 0);
    assert_int_equal(net->kind_col, 1);

    size_t ilo = ilonet_network_find_node(net, "ILO");
    size_t gov = ilonet_network_find_node(net, "GOV1");
    assert_true(ilo != ILONET_NONE);
    assert_true(gov != ILONET_NONE);
    assert_string_equal(ilonet_network_node_label(net, ilo), "International Labour Organization");
    assert_string_equal(ilonet_network_node_kind(net, ilo), "IO");
    assert_string_equal(ilonet_network_node_attr(net, ilo, 2), "CH");
    /* An empty label falls back to the id. */
    assert_string_equal(ilonet_network_node_label(net, gov), "GOV1");
    assert_string_equal(ilonet_network_node_kind(net, gov), "government");
    assert_int_equal(net->node_line[ilo], 2);
    assert_int_equal(net->node_line[gov], 3);

    assert_int_equal(edges(net, "source,target\nILO,GOV1\nGOV1,NEW\n", NULL, &err), ILONET_OK);
    size_t added = ilonet_network_find_node(net, "NEW");
    assert_true(added != ILONET_NONE);
    /* A node only known from the edges has no attributes. */
    assert_string_equal(ilonet_network_node_label(net, added), "NEW");
    assert_string_equal(ilonet_network_node_kind(net, added), "");
    assert_null(ilonet_network_node_attr(net, added, 2));
    assert_int_equal(net->node_line[added], 0);
    assert_int_equal(net->nodes_added_from_edges, 1);
    assert_int_equal(net->n_declared, 2);
}

static void test_nodes_header_case_insensitive_and_custom_id(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    ilonet_load_options_t opts;
    ilonet_load_options_default(&opts);
    opts.id_col = "code";
    assert_int_equal(nodes(net, "Label,CODE,Kind\nLabour office,ILO,IO\n", &opts, &err), ILONET_OK);
    size_t ilo = ilonet_network_find_node(net, "ILO");
    assert_true(ilo != ILONET_NONE);
    assert_string_equal(ilonet_network_node_label(net, ilo), "Labour office");
    assert_string_equal(ilonet_network_node_kind(net, ilo), "IO");
}

static void test_nodes_without_label_or_kind(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    assert_int_equal(nodes(net, "id,country\nA,CH\n", NULL, &err), ILONET_OK);
    assert_int_equal(net->label_col, ILONET_NONE);
    assert_int_equal(net->kind_col, ILONET_NONE);
    assert_string_equal(ilonet_network_node_label(net, 0), "A");
    assert_string_equal(ilonet_network_node_kind(net, 0), "");
}

static void test_nodes_ids_trimmed_match_edges(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    assert_int_equal(nodes(net, "id,label\n\" ILO \",Labour\n", NULL, &err), ILONET_OK);
    assert_int_equal(edges(net, "source,target\nILO,\"WHO \"\n", NULL, &err), ILONET_OK);
    assert_int_equal(ilonet_network_node_count(net), 2);
    assert_string_equal(src_id(net, 0), "ILO");
    assert_string_equal(ilonet_network_node_label(net, net->row_src[0]), "Labour");
    assert_int_equal(net->nodes_added_from_edges, 1);
}

static void test_nodes_isolates_are_nodes(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    assert_int_equal(nodes(net, "id\nA\nB\nLONELY\n", NULL, &err), ILONET_OK);
    assert_int_equal(edges(net, "source,target\nA,B\n", NULL, &err), ILONET_OK);
    assert_int_equal(ilonet_network_node_count(net), 3);
    assert_true(ilonet_network_find_node(net, "LONELY") != ILONET_NONE);
    assert_int_equal(net->nodes_added_from_edges, 0);
}

static void test_nodes_blank_rows_skipped(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    assert_int_equal(nodes(net, "id,label\nA,x\n,\n,,\nB,y\n", NULL, &err), ILONET_OK);
    assert_int_equal(net->n_declared, 2);
    assert_int_equal(net->blank_rows_skipped, 2);
    assert_int_equal(net->node_line[ilonet_network_find_node(net, "B")], 5);
}

static void test_strict_refuses_endpoint_missing_from_nodes(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    ilonet_load_options_t opts;
    ilonet_load_options_default(&opts);
    opts.strict = 1;
    assert_int_equal(nodes(net, "id\nA\nB\n", &opts, &err), ILONET_OK);
    ilonet_status_t st = edges(net, "source,target\nA,B\nA,ZED\n", &opts, &err);
    expect_data_error(st, &err, 3, "\"ZED\"", "target", "nodes file", (const char *)NULL);
}

static void test_strict_accepts_declared_endpoints(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    ilonet_load_options_t opts;
    ilonet_load_options_default(&opts);
    opts.strict = 1;
    assert_int_equal(nodes(net, "id\nA\nB\n", &opts, &err), ILONET_OK);
    assert_int_equal(edges(net, "source,target\nA,B\n\" B \",A\n", &opts, &err), ILONET_OK);
    assert_int_equal(net->n_rows, 2);
    assert_int_equal(ilonet_network_node_count(net), 2);
    assert_int_equal(net->nodes_added_from_edges, 0);
}

static void test_nodes_duplicate_id_names_both_lines(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    /* " A" trims to "A", so it is the same id as line 2. */
    ilonet_status_t st = nodes(net, "id,label\nA,x\nB,y\n\" A\",z\n", NULL, &err);
    expect_data_error(st, &err, 4, "duplicate", "\"A\"", "line 2", (const char *)NULL);
}

static void test_nodes_empty_id_refused(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    ilonet_status_t st = nodes(net, "id,label\nA,x\n,y\n", NULL, &err);
    expect_data_error(st, &err, 3, "empty id", (const char *)NULL);
}

static void test_nodes_missing_id_column(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    ilonet_status_t st = nodes(net, "name,label\nA,x\n", NULL, &err);
    expect_data_error(st, &err, 1, "\"id\"", "name", (const char *)NULL);
}

static void test_nodes_header_only_refused(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    ilonet_status_t st = nodes(net, "id,label\n", NULL, &err);
    /* About the whole file, not a line (error.h: line 0). */
    expect_data_error(st, &err, 0, "no nodes", (const char *)NULL);
}

static void test_nodes_wrong_field_count(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    ilonet_status_t st = nodes(net, "id,label\nA,x\nB,y,z\n", NULL, &err);
    expect_data_error(st, &err, 3, "3 fields", (const char *)NULL);
}

static void test_nodes_after_edges_refused(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    assert_int_equal(edges(net, "source,target\nA,B\n", NULL, &err), ILONET_OK);
    assert_int_equal(nodes(net, "id\nA\n", NULL, &err), ILONET_EUSAGE);
}

/* ---- edges: errors ------------------------------------------------------------------------- */

static void test_error_empty_file(void **state)
{
    /* About the whole file, not a line (error.h: line 0). */
    expect_edge_error(state, "", NULL, 0, "empty");
}

static void test_error_blank_lines_only_file(void **state)
{
    expect_edge_error(state, "\n\n\r\n", NULL, 0, "empty");
}

static void test_error_header_only(void **state)
{
    expect_edge_error(state, "source,target,weight\n", NULL, 0, "no edges after the header");
}

static void test_error_header_and_blank_rows_only(void **state)
{
    expect_edge_error(state, "source,target\n,\n\n", NULL, 0, "no edges after the header");
}

static void test_error_missing_source_column(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    ilonet_status_t st = edges(net, "from,target\nA,B\n", NULL, &err);
    expect_data_error(st, &err, 1, "\"source\"", "--source-col", "from", (const char *)NULL);
}

static void test_error_missing_target_column(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    ilonet_status_t st = edges(net, "source,to\nA,B\n", NULL, &err);
    expect_data_error(st, &err, 1, "\"target\"", "--target-col", (const char *)NULL);
}

static void test_error_missing_custom_source_column_names_it(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    ilonet_load_options_t opts;
    ilonet_load_options_default(&opts);
    opts.source_col = "origin";
    ilonet_status_t st = edges(net, "source,target\nA,B\n", &opts, &err);
    expect_data_error(st, &err, 1, "\"origin\"", "--source-col", (const char *)NULL);
}

static void test_error_missing_required_weight_column(void **state)
{
    ilonet_load_options_t opts;
    ilonet_load_options_default(&opts);
    opts.weight_col = "strength";
    expect_edge_error(state, "source,target,weight\nA,B,1\n", &opts, 1, "\"strength\"");
}

static void test_error_too_many_fields(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    ilonet_status_t st = edges(net, "source,target\nA,B\nA,B,C\n", NULL, &err);
    expect_data_error(st, &err, 3, "3 fields", "header has 2 columns", (const char *)NULL);
}

static void test_error_too_few_fields(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    ilonet_status_t st = edges(net, "source;target;weight\nA;B;1\nA\n", NULL, &err);
    /* One field: singular, and the delimiter is named to hint at a wrong separator. */
    expect_data_error(st, &err, 3, "1 field but", "header has 3 columns", "';'",
                      (const char *)NULL);
}

static void test_error_empty_source(void **state)
{
    expect_edge_error(state, "source,target\nA,B\n,C\n", NULL, 3, "empty source");
}

static void test_error_empty_target_after_quoted_newline(void **state)
{
    /* The bad row starts on line 5: a blank line and an embedded newline come before it. */
    expect_edge_error(state, "source,target,note\n\nA,B,\"multi\nline\"\nA,\"  \",x\n", NULL, 5,
                      "empty target");
}

static void test_error_weight_not_numeric(void **state)
{
    expect_edge_error(state, "source,target,weight\nA,B,1\nA,C,abc\n", NULL, 3,
                      "weight \"abc\" is not a number");
}

static void test_error_weight_decimal_comma_hint(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    ilonet_status_t st = edges(net, "source,target,weight\nA,B,\"12,5\"\n", NULL, &err);
    expect_data_error(st, &err, 2, "weight \"12,5\" is not a number",
                      "use . as the decimal point or --decimal-comma", (const char *)NULL);
}

static void test_error_weight_decimal_comma_in_semicolon_file(void **state)
{
    expect_edge_error(state, "source;target;weight\nA;B;2\nA;C;12,5\n", NULL, 3,
                      "use . as the decimal point or --decimal-comma");
}

static void test_error_weight_zero(void **state)
{
    expect_edge_error(state, "source,target,weight\nA,B,0\n", NULL, 2, "greater than 0");
}

static void test_error_weight_negative(void **state)
{
    expect_edge_error(state, "source,target,weight\nA,B,2\nA,C,-1.5\n", NULL, 3, "greater than 0");
}

static void test_error_weight_nan(void **state)
{
    expect_edge_error(state, "source,target,weight\nA,B,NaN\n", NULL, 2, "\"NaN\"");
}

static void test_error_weight_inf(void **state)
{
    expect_edge_error(state, "source,target,weight\nA,B,inf\n", NULL, 2, "\"inf\"");
}

static void test_error_weight_overflow_to_infinity(void **state)
{
    /* Only digits, but too large for a double: strtod gives infinity. */
    expect_edge_error(state, "source,target,weight\nA,B,1e999\n", NULL, 2, "finite");
}

static void test_error_weight_hex_refused(void **state)
{
    expect_edge_error(state, "source,target,weight\nA,B,0x10\n", NULL, 2, "not a number");
}

static void test_error_weight_empty(void **state)
{
    expect_edge_error(state, "source,target,weight\nA,B,2\nA,C,\n", NULL, 3, "weight is empty");
}

static void test_error_weight_custom_name_in_message(void **state)
{
    ilonet_load_options_t opts;
    ilonet_load_options_default(&opts);
    opts.weight_col = "strength";
    expect_edge_error(state, "source,target,strength\nA,B,lots\n", &opts, 2,
                      "strength \"lots\" is not a number");
}

static void test_error_duplicate_header_column(void **state)
{
    expect_edge_error(state, "source,target,weight,weight\nA,B,1,2\n", NULL, 1,
                      "\"weight\" appears twice");
}

static void test_error_duplicate_header_column_differing_in_case(void **state)
{
    expect_edge_error(state, "source,target,Target\nA,B,C\n", NULL, 1, "appears twice");
}

static void test_error_duplicate_header_column_differing_in_spaces(void **state)
{
    /* Header names are matched trimmed, so " Weight " is weight again, not a second column. */
    expect_edge_error(state, "source,target,weight,\" Weight \"\nA,B,1,5\n", NULL, 1,
                      "appears twice");
}

static void test_error_year_not_integer(void **state)
{
    expect_edge_error(state, "source,target,year\nA,B,2019\nA,C,2019.5\n", NULL, 3,
                      "year \"2019.5\" is not a whole number");
}

static void test_error_year_text(void **state)
{
    expect_edge_error(state, "source,target,year\nA,B,circa 2000\n", NULL, 2,
                      "is not a whole number");
}

static void test_error_invalid_utf8_reported_by_loader(void **state)
{
    expect_edge_error(state, "source,target\nA,B\nGen\xE9ve,B\n", NULL, 3, "UTF-8");
}

static void test_error_missing_file(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    ilonet_load_options_t opts;
    ilonet_load_options_default(&opts);
    const char *path = "/nonexistent-ilonet-dir/edges.csv";
    assert_int_equal(ilonet_load_edges(net, path, &opts, &err), ILONET_EIO);
    assert_string_equal(err.file, path);
}

/* ---- --decimal-comma ------------------------------------------------------------------------ */

static void test_decimal_comma_weights_read(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    ilonet_load_options_t opts;
    ilonet_load_options_default(&opts);
    opts.decimal_comma = 1;
    assert_int_equal(edges(net,
                           "source;target;weight;note\nA;B;12,5;1.5\nA;C;3;x\nA;D; 0,25 ;y\n"
                           "A;E;1,5e2;z\n",
                           &opts, &err),
                     ILONET_OK);
    assert_true(net->row_weight[0] == 12.5);
    assert_true(net->row_weight[1] == 3.0);
    assert_true(net->row_weight[2] == 0.25);
    assert_true(net->row_weight[3] == 150.0);
    /* only the weight is read with a comma: the carried "note" keeps its text */
    assert_string_equal(value(net, net->row_attr[0]), "1.5");
}

static void test_decimal_comma_refuses_thousands_dot(void **state)
{
    ilonet_load_options_t opts;
    ilonet_load_options_default(&opts);
    opts.decimal_comma = 1;
    /* 1.234,5 is 1234.5 in French notation; reading the dot as anything would be a guess */
    expect_edge_error(state, "source;target;weight\nA;B;2\nA;C;1.234,5\n", &opts, 3,
                      "weight \"1.234,5\" has a '.'");
}

static void test_decimal_comma_refuses_point_decimal(void **state)
{
    ilonet_load_options_t opts;
    ilonet_load_options_default(&opts);
    opts.decimal_comma = 1;
    expect_edge_error(state, "source;target;weight\nA;B;1.5\n", &opts, 2, "has a '.'");
}

static void test_decimal_comma_still_refuses_text_zero_and_two_commas(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    ilonet_load_options_t opts;
    ilonet_load_options_default(&opts);
    opts.decimal_comma = 1;
    ilonet_status_t st = edges(net, "source;target;weight\nA;B;1,2,3\n", &opts, &err);
    expect_data_error(st, &err, 2, "\"1,2,3\" is not a number", "write 12,5", (const char *)NULL);
    ilonet_network_destroy(net);
    assert_int_equal(ilonet_network_init(net, &err), ILONET_OK);
    st = edges(net, "source;target;weight\nA;B;0,0\n", &opts, &err);
    expect_data_error(st, &err, 2, "greater than 0", (const char *)NULL);
}

/* ---- messages stay on one line ----------------------------------------------------------------
 */

static void test_error_value_with_line_break_shown_on_one_line(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    ilonet_status_t st = edges(net, "source,target,weight\nA,B,\"1\n2\"\n", NULL, &err);
    expect_data_error(st, &err, 2, "weight \"1\\n2\" is not a number", (const char *)NULL);
    assert_null(strchr(err.message, '\n'));
}

static void test_error_long_value_shortened_at_character_boundary(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    /* 39 ASCII bytes then é (C3 A9): a 40-byte cut would split the é, so it is cut before it */
    ilonet_status_t st = edges(net,
                               "source,target,year\nA,B,"
                               "abcdefghijklmnopqrstuvwxyzabcdefghijklm\xC3\xA9xyz\n",
                               NULL, &err);
    expect_data_error(st, &err, 2, "\"abcdefghijklmnopqrstuvwxyzabcdefghijklm...\"",
                      (const char *)NULL);
}

/* ---- encodings through the loader --------------------------------------------------------------
 */

static void test_cp1252_edges_and_nodes_loaded_as_utf8(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    ilonet_load_options_t opts;
    ilonet_load_options_default(&opts);
    opts.csv.encoding = ILONET_ENCODING_CP1252;
    /* F3 is ó in Windows-1252 */
    assert_int_equal(
        nodes(net, "id;label\nOIT;Organizaci\xF3n Internacional del Trabajo\n", &opts, &err),
        ILONET_OK);
    assert_int_equal(edges(net, "source;target\nOIT;Gen\xE8ve\n", &opts, &err), ILONET_OK);
    assert_string_equal(ilonet_network_node_label(net, 0),
                        "Organizaci\xC3\xB3n Internacional del Trabajo");
    assert_string_equal(dst_id(net, 0), "Gen\xC3\xA8ve");
}

/* ---- aliases ----------------------------------------------------------------------------------
 */

/* Aliases OIT and "International Labour Organization" -> ILO, UNW -> "UN Women". */
static void make_aliases(ilonet_aliases_t *a)
{
    ilonet_error_t err;
    assert_int_equal(ilonet_aliases_init(a, &err), ILONET_OK);
    assert_int_equal(ilonet_aliases_add(a, "OIT", 3, "ILO", 3, NULL, 2, &err), ILONET_OK);
    assert_int_equal(
        ilonet_aliases_add(a, "International Labour Organization", 33, "ILO", 3, NULL, 3, &err),
        ILONET_OK);
    assert_int_equal(ilonet_aliases_add(a, "UNW", 3, "UN Women", 8, NULL, 4, &err), ILONET_OK);
}

static void test_aliases_replace_ids_in_edges_and_nodes(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    ilonet_aliases_t al;
    make_aliases(&al);
    ilonet_load_options_t opts;
    ilonet_load_options_default(&opts);
    opts.aliases = &al;
    ilonet_status_t st =
        nodes(net, "id,label\nOIT,Organisation internationale du Travail\nWHO,\n", &opts, &err);
    if (st == ILONET_OK) {
        st = edges(net,
                   "source,target\nILO,WHO\n\" OIT \",UNW\nInternational Labour Organization,WHO\n"
                   "WHO,UN Women\nOIT,OIT\n",
                   &opts, &err);
    }
    /* copy the counts before asserting, so a failure does not leak the table */
    size_t rows = al.rows_rewritten;
    size_t uses_oit = al.uses[0], uses_ilo_name = al.uses[1], uses_unw = al.uses[2];
    ilonet_aliases_destroy(&al);
    assert_int_equal(st, ILONET_OK);
    /* ILO (declared as OIT), WHO, UN Women: three nodes */
    assert_int_equal(ilonet_network_node_count(net), 3);
    assert_string_equal(ilonet_network_node_id(net, 0), "ILO");
    assert_string_equal(ilonet_network_node_label(net, 0),
                        "Organisation internationale du Travail");
    assert_string_equal(src_id(net, 1), "ILO");
    assert_string_equal(dst_id(net, 1), "UN Women");
    assert_string_equal(src_id(net, 2), "ILO");
    assert_string_equal(src_id(net, 4), "ILO");
    assert_string_equal(dst_id(net, 4), "ILO");
    /* nodes row 2, edge rows 3, 4 and 6: OIT 1 + 1 + 2, the long name 1, UNW 1 */
    assert_int_equal(rows, 4);
    assert_int_equal(uses_oit, 4);
    assert_int_equal(uses_ilo_name, 1);
    assert_int_equal(uses_unw, 1);
    assert_int_equal(net->nodes_added_from_edges, 1); /* UN Women */
}

static void test_aliases_make_nodes_file_duplicates(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    ilonet_aliases_t al;
    make_aliases(&al);
    ilonet_load_options_t opts;
    ilonet_load_options_default(&opts);
    opts.aliases = &al;
    ilonet_status_t st = nodes(net, "id\nILO\nWHO\nOIT\n", &opts, &err);
    ilonet_aliases_destroy(&al);
    expect_data_error(st, &err, 4, "duplicate id \"ILO\"", "first defined at line 2",
                      "\"OIT\" is an alias", (const char *)NULL);
}

static void test_aliases_strict_names_alias_and_id(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    ilonet_aliases_t al;
    make_aliases(&al);
    ilonet_load_options_t opts;
    ilonet_load_options_default(&opts);
    opts.aliases = &al;
    opts.strict = 1;
    ilonet_status_t st = nodes(net, "id\nILO\nWHO\n", &opts, &err);
    if (st == ILONET_OK) {
        st = edges(net, "source,target\nOIT,WHO\nWHO,UNW\n", &opts, &err);
    }
    ilonet_aliases_destroy(&al);
    expect_data_error(st, &err, 3, "target \"UNW\" (alias of \"UN Women\") is not in the nodes",
                      (const char *)NULL);
}

/* Rows are handled in batches (with names prefetched ahead): a bad row is still the one
 * reported when the reader stops on a later line (malformed quoting two lines on), when it lies
 * past the first batches (row 600), and every row before it has been stored, in file order. */
static void test_edges_first_bad_row_wins_across_batches(void **state)
{
    ilonet_network_t *net = *state;
    expect_edge_error(state, "source,target,weight\na,b,1\nc,d,zero\ne,f,1\ng,\"h\"x,1\n", NULL, 3,
                      "weight \"zero\" is not a number");
    ilonet_network_destroy(net);
    ilonet_error_t err;
    assert_int_equal(ilonet_network_init(net, &err), ILONET_OK);
    size_t cap = 700 * 32;
    char *text = malloc(cap);
    size_t n = (size_t)snprintf(text, cap, "source,target,weight\n");
    for (int r = 1; r <= 700; r++) {
        /* row r is on line r + 1; row 600 has an empty target */
        n += (size_t)snprintf(text + n, cap - n, r == 600 ? "n%d,,1\n" : "n%d,m%d,%d\n", r, r % 7,
                              r % 5 + 1);
    }
    ilonet_status_t st = edges(net, text, NULL, &err);
    free(text);
    expect_data_error(st, &err, 601, "empty target", (const char *)NULL);
    assert_int_equal(net->n_rows, 599);
    assert_string_equal(src_id(net, 598), "n599");
    assert_string_equal(dst_id(net, 598), "m4"); /* 599 % 7 */
    assert_true(net->row_weight[598] == 5.0);    /* 599 % 5 + 1 */
}

/* Folding while loading, across batches: each edge row is read, then added PREFETCH_AHEAD rows
 * later (its record slot fetched in between), with its carried values kept per queued row. 700
 * rows over 10 distinct records (source r % 10 fixes target and note) give 10 records of 70
 * rows, each with its own note, weights summed in file order. */
static void test_edges_fold_across_batches_keeps_carried_values(void **state)
{
    ilonet_network_t *net = *state;
    net->fold_rows = 1;
    ilonet_error_t err;
    size_t cap = 700 * 40;
    char *text = malloc(cap);
    size_t n = (size_t)snprintf(text, cap, "source,target,weight,note\n");
    double want[10] = {0};
    for (int r = 1; r <= 700; r++) {
        n += (size_t)snprintf(text + n, cap - n, "n%d,m%d,%d,note%d\n", r % 10, r % 5, r % 3 + 1,
                              r % 2);
        want[(r - 1) % 10] += r % 3 + 1;
    }
    ilonet_status_t st = edges(net, text, NULL, &err);
    free(text);
    assert_int_equal(st, ILONET_OK);
    assert_int_equal(net->rows_added, 700);
    assert_int_equal(net->n_rows, 10);
    assert_int_equal(net->n_edge_cols, 1);
    for (size_t k = 0; k < 10; k++) {
        char id[8], note[8];
        snprintf(id, sizeof id, "n%zu", (k + 1) % 10);
        snprintf(note, sizeof note, "note%zu", (k + 1) % 2);
        assert_string_equal(src_id(net, k), id);
        assert_int_equal(ilonet_network_row_count(net, k), 70);
        assert_int_equal(net->row_line[k], k + 2);
        assert_true(net->row_weight[k] == want[k]);
        assert_string_equal(ilonet_strtab_get(&net->values, net->row_attr[k]), note);
    }
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup_net, teardown_net)
    const struct CMUnitTest tests[] = {
        T(test_edges_first_bad_row_wins_across_batches),
        T(test_edges_fold_across_batches_keeps_carried_values),
        T(test_edges_basic_file),
        T(test_edges_columns_in_any_order),
        T(test_edges_header_names_case_insensitive),
        T(test_edges_custom_column_names),
        T(test_edges_weight_optional_counts_one),
        T(test_edges_weight_formats_accepted),
        T(test_edges_type_interned),
        T(test_edges_year_parsed),
        T(test_edges_year_out_of_range),
        T(test_edges_extra_columns_carried),
        T(test_edges_unnamed_trailing_columns_ignored),
        T(test_edges_ids_trimmed),
        T(test_edges_blank_rows_skipped),
        T(test_edges_row_line_counts_embedded_newlines),
        T(test_edges_semicolon_file),
        T(test_nodes_file_attributes),
        T(test_nodes_header_case_insensitive_and_custom_id),
        T(test_nodes_without_label_or_kind),
        T(test_nodes_ids_trimmed_match_edges),
        T(test_nodes_isolates_are_nodes),
        T(test_nodes_blank_rows_skipped),
        T(test_strict_refuses_endpoint_missing_from_nodes),
        T(test_strict_accepts_declared_endpoints),
        T(test_nodes_duplicate_id_names_both_lines),
        T(test_nodes_empty_id_refused),
        T(test_nodes_missing_id_column),
        T(test_nodes_header_only_refused),
        T(test_nodes_wrong_field_count),
        T(test_nodes_after_edges_refused),
        T(test_error_empty_file),
        T(test_error_blank_lines_only_file),
        T(test_error_header_only),
        T(test_error_header_and_blank_rows_only),
        T(test_error_missing_source_column),
        T(test_error_missing_target_column),
        T(test_error_missing_custom_source_column_names_it),
        T(test_error_missing_required_weight_column),
        T(test_error_too_many_fields),
        T(test_error_too_few_fields),
        T(test_error_empty_source),
        T(test_error_empty_target_after_quoted_newline),
        T(test_error_weight_not_numeric),
        T(test_error_weight_decimal_comma_hint),
        T(test_error_weight_decimal_comma_in_semicolon_file),
        T(test_error_weight_zero),
        T(test_error_weight_negative),
        T(test_error_weight_nan),
        T(test_error_weight_inf),
        T(test_error_weight_overflow_to_infinity),
        T(test_error_weight_hex_refused),
        T(test_error_weight_empty),
        T(test_error_weight_custom_name_in_message),
        T(test_error_duplicate_header_column),
        T(test_error_duplicate_header_column_differing_in_case),
        T(test_error_duplicate_header_column_differing_in_spaces),
        T(test_error_year_not_integer),
        T(test_error_year_text),
        T(test_error_invalid_utf8_reported_by_loader),
        T(test_error_missing_file),
        T(test_decimal_comma_weights_read),
        T(test_decimal_comma_refuses_thousands_dot),
        T(test_decimal_comma_refuses_point_decimal),
        T(test_decimal_comma_still_refuses_text_zero_and_two_commas),
        T(test_error_value_with_line_break_shown_on_one_line),
        T(test_error_long_value_shortened_at_character_boundary),
        T(test_cp1252_edges_and_nodes_loaded_as_utf8),
        T(test_aliases_replace_ids_in_edges_and_nodes),
        T(test_aliases_make_nodes_file_duplicates),
        T(test_aliases_strict_names_alias_and_id),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}

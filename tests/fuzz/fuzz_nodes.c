/* libFuzzer harness: the input is a nodes file and an edges file separated by the first NUL
 * byte, loaded (strict or not) and built into a graph as the pipeline does. */
#include "fuzz_common.h"

static fuzz_file_t nodes_file, edges_file;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_igraph_setup();
    fuzz_file_open(&nodes_file);
    fuzz_file_open(&edges_file);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Without a NUL the same bytes serve as both files (a header such as "id,source,target"
     * makes that meaningful), so no input is wasted. The nodes part cannot hold a NUL; the
     * edges harness and the CSV harness cover NUL bytes. */
    const uint8_t *nul = size > 0 ? memchr(data, '\0', size) : NULL;
    size_t nodes_size = nul != NULL ? (size_t)(nul - data) : size;
    const uint8_t *edges = nul != NULL ? nul + 1 : data;
    size_t edges_size = nul != NULL ? size - nodes_size - 1 : size;
    /* Options from the input length, so that every input replays exactly: bit 0 strict,
     * bit 1 directed. */
    ilonet_load_options_t lo;
    ilonet_load_options_default(&lo);
    lo.csv.chunk_size = FUZZ_CHUNK_SIZE;
    lo.strict = (int)(size & 1);
    int directed = (int)((size >> 1) & 1);

    const char *nodes_path = fuzz_file_set(&nodes_file, data, nodes_size);
    const char *edges_path = fuzz_file_set(&edges_file, edges, edges_size);
    ilonet_error_t err;
    ilonet_network_t net;
    ilonet_graph_t gr;
    memset(&gr, 0, sizeof gr);

    ilonet_status_t st = ilonet_network_init(&net, &err);
    FUZZ_CHECK(st == ILONET_OK);
    st = ilonet_load_nodes(&net, nodes_path, &lo, &err);
    if (st != ILONET_OK) {
        fuzz_check_error(st, &err);
        goto cleanup;
    }
    FUZZ_CHECK(net.has_nodes_file);
    FUZZ_CHECK(net.n_declared > 0 && net.n_declared == ilonet_network_node_count(&net));
    st = ilonet_load_edges(&net, edges_path, &lo, &err);
    if (st != ILONET_OK) {
        fuzz_check_error(st, &err);
        goto cleanup;
    }
    fuzz_check_network(&net);
    FUZZ_CHECK(ilonet_network_node_count(&net) == net.n_declared + net.nodes_added_from_edges);
    FUZZ_CHECK(!lo.strict || net.nodes_added_from_edges == 0);
    ilonet_graph_options_t go = {.directed = directed, .weight_is = ILONET_WEIGHT_IS_STRENGTH};
    st = ilonet_graph_build(&gr, &net, &go, &err);
    if (st != ILONET_OK) {
        fuzz_check_error(st, &err);
        goto cleanup;
    }
    fuzz_check_graph(&gr, &net);

cleanup:
    ilonet_graph_destroy(&gr);
    ilonet_network_destroy(&net);
    return 0;
}

/* libFuzzer harness: the input is an edges CSV file, loaded and built into a graph as the
 * pipeline does, then measured and clustered when small. */
#include "fuzz_common.h"

static fuzz_file_t edges_file;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_igraph_setup();
    fuzz_file_open(&edges_file);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Options come from the input length, not a counter, so that every input replays exactly:
     * bit 0 directed, bit 1 weights are distances, bits 2-3 the path mode (3 = all). */
    int directed = (int)(size & 1);
    ilonet_weight_is_t weight_is =
        (size >> 1) & 1 ? ILONET_WEIGHT_IS_DISTANCE : ILONET_WEIGHT_IS_STRENGTH;
    unsigned m = (unsigned)(size >> 2) & 3;
    ilonet_path_mode_t mode = m == 0   ? ILONET_PATHS_OUT
                              : m == 1 ? ILONET_PATHS_IN
                                       : ILONET_PATHS_ALL;

    const char *path = fuzz_file_set(&edges_file, data, size);
    ilonet_error_t err;
    ilonet_network_t net;
    ilonet_graph_t gr;
    ilonet_load_options_t lo;
    memset(&gr, 0, sizeof gr);
    ilonet_load_options_default(&lo);
    lo.csv.chunk_size = FUZZ_CHUNK_SIZE;

    ilonet_status_t st = ilonet_network_init(&net, &err);
    FUZZ_CHECK(st == ILONET_OK);
    st = ilonet_load_edges(&net, path, &lo, &err);
    if (st != ILONET_OK) {
        fuzz_check_error(st, &err);
        goto cleanup;
    }
    fuzz_check_network(&net);
    FUZZ_CHECK(net.nodes_added_from_edges == 0); /* counted only when there is a nodes file */
    ilonet_graph_options_t go = {.directed = directed, .weight_is = weight_is};
    st = ilonet_graph_build(&gr, &net, &go, &err);
    if (st != ILONET_OK) {
        fuzz_check_error(st, &err);
        goto cleanup;
    }
    fuzz_check_graph(&gr, &net);
    fuzz_analyse(&gr, mode);

cleanup:
    ilonet_graph_destroy(&gr);
    ilonet_network_destroy(&net);
    return 0;
}

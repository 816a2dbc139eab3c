/* Collaboration clusters (community detection) on an ilonet_graph_t. */
#ifndef ILONET_COMMUNITY_H
#define ILONET_COMMUNITY_H

#include <igraph.h>

#include "ilonet/error.h"
#include "ilonet/graph.h"
#include "ilonet/workers.h"

typedef struct {
    int ready;
    igraph_vector_int_t membership; /* cluster of each node, numbered 1.. by size, largest first */
    size_t n_clusters;
    double modularity;   /* on the (undirected) strength-weighted graph; NaN if no ties */
    const char *method;  /* ilonet_cluster_method_name() of the method used; static */
    int used_undirected; /* the directed graph was clustered as undirected */
    unsigned tries;      /* runs made (1 for deterministic methods) */
    unsigned best_try;   /* 0-based index of the run kept (highest modularity, earliest on ties) */
} ilonet_clusters_t;

/* The clustering methods, all from igraph 0.10.2. How each treats a directed graph:
 *   louvain, leiden, fastgreedy  need undirected ties: run on the undirected version (A->B and
 *                                B->A summed), used_undirected = 1;
 *   walktrap                     igraph ignores tie direction: run on the undirected version,
 *                                used_undirected = 1;
 *   labelprop                    igraph's directed mode moves labels only along tie direction,
 *                                so a node without incoming ties keeps a label of its own: run
 *                                on the undirected version, used_undirected = 1;
 *   components                   weak components (direction ignored by definition), computed on
 *                                the undirected version, used_undirected = 1;
 *   infomap                      random walks follow tie direction: run on the directed graph;
 *   edgebetweenness              shortest paths follow tie direction: run on the directed graph.
 * Weights: tie strength (gr->strength) everywhere, except that edge betweenness measures path
 * lengths with gr->distance. */
typedef enum {
    ILONET_CLUSTER_LOUVAIN = 0,
    ILONET_CLUSTER_LEIDEN,
    ILONET_CLUSTER_LABELPROP,
    ILONET_CLUSTER_WALKTRAP,
    ILONET_CLUSTER_INFOMAP,
    ILONET_CLUSTER_FASTGREEDY,
    ILONET_CLUSTER_EDGEBETWEENNESS,
    ILONET_CLUSTER_COMPONENTS,
    ILONET_CLUSTER_METHOD_COUNT
} ilonet_cluster_method_t;

/* Runs of a stochastic method, best modularity kept. Measured on the Davis Southern Women network
 * (tests/data/unit/davis.csv), whose best modularity is 0.3360 (3 clusters; exact optimum by
 * igraph_community_optimal_modularity): one Louvain run reaches it for 22 of the seeds 1..200
 * (120 of 1..1000), 20 tries for 187/200, 50 tries for 200/200 (999/1000); on the karate club
 * one run reaches 0.4198 for 53/200 seeds, 50 tries for all. A try costs one run (see
 * ilonet_community_detect): 50 Louvain tries take 12 s (planted groups) to 155 s (no structure)
 * of CPU on a random 20k-node, 100k-tie graph, and infomap is slower still, so callers may want
 * fewer tries on big graphs. */
#define ILONET_DEFAULT_TRIES 50

/* Edge betweenness clustering costs O(V * E^2) (igraph recomputes all betweenness after each
 * removal), so it is refused above this many ties: 750 ties take 1.5 to 4 s of CPU (random
 * graphs of 250 to 700 nodes), 1000 ties 7 to 11 s, and it grows as the cube. */
#define ILONET_EDGEBETWEENNESS_MAX_TIES 750

typedef struct {
    ilonet_cluster_method_t method;
    double resolution; /* Leiden only (ignored by the others): > 0, 1 = classic modularity */
    unsigned tries;    /* >= 1; runs of a stochastic method, the best modularity is kept */
    unsigned long seed;
} ilonet_cluster_options_t;

/* Louvain, resolution 1, ILONET_DEFAULT_TRIES tries, seed 42. */
void ilonet_cluster_options_default(ilonet_cluster_options_t *o);

/* The method's name ("louvain", "leiden", "labelprop", "walktrap", "infomap", "fastgreedy",
 * "edgebetweenness", "components"): a static string; "unknown" when m is out of range. */
const char *ilonet_cluster_method_name(ilonet_cluster_method_t m);

/* Reads a method name (exact, lower case, as above) into *m. Returns 0, or -1 for an unknown
 * name (name may be NULL; *m is then untouched). */
int ilonet_cluster_method_parse(const char *name, ilonet_cluster_method_t *m);

/* 1 for the methods whose result depends on the seed (louvain, leiden, labelprop, infomap). */
int ilonet_cluster_method_is_stochastic(ilonet_cluster_method_t m);

/* Clusters gr with o->method (o NULL = the defaults). A stochastic method runs o->tries times:
 * try 0 seeds igraph's RNG with o->seed itself, try k > 0 with the splitmix64 finaliser of
 * (o->seed + k * 0x9E3779B97F4A7C15), and the partition of highest modularity is kept (the
 * earliest on ties); cl->tries and cl->best_try say what happened. Deterministic methods run
 * once. Modularity is always igraph_modularity at resolution 1 of the returned membership on the
 * undirected strength-weighted graph, whatever the method optimises. A graph without ties gives
 * one cluster per node and NaN modularity for every method (tries = 1).
 * Method specifics: Leiden optimises modularity (node weights = strengths, resolution parameter
 * = o->resolution / (2 * total strength), beta 0.01, from singletons until stable); walktrap
 * uses 4 steps and infomap one igraph trial per try; walktrap, fastgreedy and edge betweenness
 * keep the cut of their dendrogram with the highest modularity (for edge betweenness computed
 * on strengths, not on the distances its paths use).
 * cl is initialised here (destroy it with ilonet_clusters_destroy); on failure nothing is left
 * to free. Fails with ILONET_EUSAGE for bad options (unknown method, tries 0, resolution not
 * > 0) and for edge betweenness on more than ILONET_EDGEBETWEENNESS_MAX_TIES ties.
 * Cost: tries x one run. One run on a random 20k-node, 100k-tie graph, in CPU seconds (with 200
 * planted groups / without structure): louvain 0.23 / 3, leiden 0.05 / 0.15, labelprop 0.2 /
 * 0.4, infomap 1.1 / 27, fastgreedy 2 / 4, walktrap 55 / 67, components 0.005. Edge betweenness is
 * O(V * E^2), see ILONET_EDGEBETWEENNESS_MAX_TIES. */
ilonet_status_t ilonet_community_detect(ilonet_clusters_t *cl, const ilonet_graph_t *gr,
                                        const ilonet_cluster_options_t *o, ilonet_error_t *err);

/* Clustering run in forked child processes while the caller goes on with other work (the path
 * measures, the structure block), so that the pipeline's independent phases share the cores.
 * The tries are split into strides, one per child (child i runs tries i, i + P, ...), each
 * child hands back the best of its stride through shared memory, and the caller keeps the best
 * of those by the rule ilonet_community_detect applies (highest modularity, earliest try on
 * ties): the result is bit-for-bit ilonet_community_detect's, for any number of children. */
#define ILONET_CLUSTER_JOB_MAX 16

typedef struct {
    ilonet_behind_t child[ILONET_CLUSTER_JOB_MAX];
    unsigned n_children; /* 0 when none runs (not started, a fork failed, finished) */
} ilonet_cluster_job_t;

/* Starts ilonet_community_detect(gr, o) in min(processes, tries, ILONET_CLUSTER_JOB_MAX) child
 * processes (processes 0 counts as 1; o NULL = the defaults). Never fails: when the children
 * cannot be started (mmap or a fork failed), or there is nothing to share out (no ties, bad
 * options), none runs and ilonet_community_detect_finish does the work in the calling process
 * instead. gr and o must stay unchanged until finish. The children write to no file and die
 * with the caller (PR_SET_PDEATHSIG). Cost: the forks plus one membership vector of shared
 * memory per child. */
void ilonet_community_detect_start(ilonet_cluster_job_t *job, const ilonet_graph_t *gr,
                                   const ilonet_cluster_options_t *o, unsigned processes);

/* Waits for the job started on the same gr and o and fills cl as ilonet_community_detect
 * would. When a child failed (bad options, out of memory, killed), the clustering is rerun
 * here so that the error is the one ilonet_community_detect reports. Releases the job (it is
 * zeroed). */
ilonet_status_t ilonet_community_detect_finish(ilonet_cluster_job_t *job, ilonet_clusters_t *cl,
                                               const ilonet_graph_t *gr,
                                               const ilonet_cluster_options_t *o,
                                               ilonet_error_t *err);

/* Stops a started job that is no longer wanted (the caller failed meanwhile): kills and reaps
 * the children and releases the job. Safe on a job finished, cancelled or zeroed. */
void ilonet_community_detect_cancel(ilonet_cluster_job_t *job);

/* Louvain (igraph multilevel) on tie strengths, one try seeded with seed: the same as
 * ilonet_community_detect with method louvain and tries 1. Kept for callers that predate the
 * options; prefer ilonet_community_detect with the default options (several tries). */
ilonet_status_t ilonet_community_louvain(ilonet_clusters_t *cl, const ilonet_graph_t *gr,
                                         unsigned long seed, ilonet_error_t *err);

/* Agreement of two partitions of the same nodes: normalised mutual information (Danon et al.
 * 2005) and adjusted Rand index (Hubert & Arabie 1985), via igraph_compare_communities. Labels
 * are any non-negative integers (0- or 1-based alike). Both are 1 for identical partitions,
 * including the cases igraph leaves undefined (fewer than two nodes; ARI when both partitions
 * are the same trivial one: all together or all apart). nmi or ari may be NULL. Fails with
 * ILONET_EUSAGE when the lengths differ or a label is negative. O(n log n). */
ilonet_status_t ilonet_community_compare(const igraph_vector_int_t *a, const igraph_vector_int_t *b,
                                         double *nmi, double *ari, ilonet_error_t *err);

/* How repeatable the reference clusters ref (numbered 1..ref->n_clusters, e.g. from
 * ilonet_community_detect) are under o's method: the method is rerun `runs` times with tries 1
 * and seeds derived as for the tries from (o->seed, 1000 + r), r = 0..runs-1 (so they differ
 * from the tries' seeds while tries <= 1000).
 * For reference cluster C and run r, the run's majority label for C is the run cluster holding
 * most members of C (the smallest label on ties); node i of C scores in run r if its run label
 * is that label. node_stability[i] = share of runs where i scores, in [0, 1]; cluster_stability
 * [c - 1] = mean node stability of cluster c's members (NaN for a cluster without members).
 * A deterministic method gives the same partition every run, so it is run once (values are 1
 * when ref came from the same method on the same graph). Deterministic for a given o->seed.
 * node_stability (length V) and cluster_stability (length ref->n_clusters) are initialised here
 * and owned by the caller on success; on failure nothing is left to free. Fails with
 * ILONET_EUSAGE for runs 0, bad options, or a ref that does not fit gr. Cost: runs clusterings
 * plus O(runs * V). */
ilonet_status_t ilonet_community_stability(const ilonet_graph_t *gr,
                                           const ilonet_cluster_options_t *o,
                                           const ilonet_clusters_t *ref, unsigned runs,
                                           igraph_vector_t *node_stability,
                                           igraph_vector_t *cluster_stability, ilonet_error_t *err);

/* Renumbers membership (any labels 0..k-1) so clusters go 1.. by decreasing size, ties broken by
 * the smallest node index; sets n_clusters. O(V log V). */
ilonet_status_t ilonet_community_renumber(ilonet_clusters_t *cl, ilonet_error_t *err);

/* Frees everything; safe on a zeroed struct. */
void ilonet_clusters_destroy(ilonet_clusters_t *cl);

#endif

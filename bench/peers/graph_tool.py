"""ilonet analyze's default job written with graph-tool (C++/Boost, OpenMP on all cores), numpy
and scipy: merge duplicate rows, project strictly two-mode data onto the organisations (weight =
shared projects, as B @ B.T), every measure graph-tool has, and the network structure block.

Where graph-tool differs (bench/README.md):
- clusters: graph-tool has no Louvain; ModularityState (2.45: unweighted modularity) minimised by
  merge-split MCMC, best of the same number of tries by weighted modularity;
- eigenvector: power iteration capped at EIGEN_MAX_ITER iterations;
- PageRank: power iteration to graph-tool's default 1e-6 (igraph's PRPACK solves directly);
- constraint: graph-tool has none; Burt's formula with scipy, as igraph defines it.

On large networks ilonet's size rule applies (common.path_samples, common.structure_sources):
betweenness from K sampled sources (numpy's seeded generator) as pivots, scaled as ilonet
scales; closeness and harmonic from one shortest_distance per sampled source with ilonet's
estimator (common.PathColumns); the diameters and average path length from the spread sources.

Usage: graph_tool.py EDGES.csv --nodes NODES.csv --out DIR
"""

import math
import sys
import warnings

warnings.filterwarnings("ignore")  # graph-tool warns that matplotlib (drawing) is missing

# this file is named graph_tool.py: import the library, not this script
sys.path = [p for p in sys.path if not p.endswith("/bench/peers")] + sys.path[:1]

import graph_tool as gt  # noqa: E402
import graph_tool.centrality as gc  # noqa: E402
import graph_tool.clustering as gcl  # noqa: E402
import graph_tool.correlations as gcor  # noqa: E402
import graph_tool.inference as gi  # noqa: E402
import graph_tool.topology as gtop  # noqa: E402
import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402

import common as c  # noqa: E402

EIGEN_MAX_ITER = 1000


def merge(src, dst, w, n):
    """Duplicate rows (either direction) become one tie with the summed weight; loops dropped."""
    u, v = np.minimum(src, dst), np.maximum(src, dst)
    keep = u != v
    u, v, w = u[keep], v[keep], w[keep]
    key = u.astype(np.int64) * n + v
    uniq, first, inv = np.unique(key, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")  # ties in order of their first row, as ilonet
    sums = np.bincount(inv, weights=w)
    uniq, sums = uniq[order], sums[order]
    return (uniq // n).astype(np.int64), (uniq % n).astype(np.int64), sums


def constraint(n, u, v, w):
    """Burt's constraint as igraph computes it (undirected): p_ij = w_ij / s_i,
    c_i = sum over neighbours j of (p_ij + sum over common neighbours q of p_iq p_qj)^2."""
    W = sp.coo_matrix((np.r_[w, w], (np.r_[u, v], np.r_[v, u])), shape=(n, n)).tocsr()
    s = np.asarray(W.sum(axis=1)).ravel()
    with np.errstate(divide="ignore"):
        P = sp.diags(np.where(s > 0, 1.0 / s, 0.0)) @ W
    P = P.tocsr()
    out = np.full(n, np.nan)
    for i in range(n):
        lo, hi = P.indptr[i], P.indptr[i + 1]
        if lo == hi:
            continue
        nb = P.indices[lo:hi]
        p = P.data[lo:hi]
        t = p + (P[nb][:, nb].T @ p)
        out[i] = float(np.sum(t * t))
    return out


def sampled_path_measures(g, dist, k, seed):
    """ilonet's estimates from k sources: betweenness(pivots) sums the pivots' dependencies,
    halved on an undirected graph, so n / k scales it as ilonet does; closeness and harmonic
    from one weighted shortest_distance per source (graph-tool has no sampled closeness)."""
    n = g.num_vertices()
    sources = np.sort(np.random.default_rng(seed).choice(n, size=k, replace=False))
    vb, _ = gc.betweenness(g, pivots=sources.astype(np.uint64), weight=dist, norm=False)
    cols = c.PathColumns(n, sources)
    dmap = None
    for s in sources.tolist():
        dmap = gtop.shortest_distance(g, source=g.vertex(s), weights=dist, dist_map=dmap)
        cols.add(s, dmap.a.astype(np.float64))
    return vb.a * (n / k), cols.closeness(), cols.harmonic()


def sampled_structure(g, dist, sources):
    """Diameters and average path length from the spread sources: one breadth-first and one
    weighted shortest_distance per source."""
    stats = c.PathStats(len(sources))
    hmap = lmap = None
    for s in sources:
        hmap = gtop.shortest_distance(g, source=g.vertex(s), dist_map=hmap)
        lmap = gtop.shortest_distance(g, source=g.vertex(s), weights=dist, dist_map=lmap)
        h = hmap.a.astype(np.float64)
        h[hmap.a >= np.iinfo(hmap.a.dtype).max] = np.inf
        stats.add(s, h, lmap.a.astype(np.float64))
    return stats


def distances_stats(g, weight):
    """Longest finite distance and (unweighted) mean over reachable ordered pairs, one
    single-source search per vertex, as igraph_diameter / igraph_average_path_length do."""
    longest, total, pairs = 0.0, 0.0, 0
    dist = None
    for v in g.vertices():
        dist = gtop.shortest_distance(g, source=v, weights=weight, dist_map=dist)
        a = dist.a if weight is not None else dist.a.astype(np.float64)
        if weight is None:
            a = np.where(a >= np.iinfo(dist.a.dtype).max, np.inf, a)
        fin = a[np.isfinite(a)]
        if fin.size:
            longest = max(longest, float(fin.max()))
            total += float(fin.sum())
            pairs += fin.size - 1
    return longest, (total / pairs if pairs else math.nan)


def main():
    a = c.parse_args()
    d = c.load(a.edges, a.nodes)
    n = len(d.ids)
    c.log(f"loaded {len(d.src)} rows, {n} nodes")
    u, v, w = merge(np.array(d.src), np.array(d.dst), np.array(d.weight), n)
    info = {"edge_rows": len(d.src), "duplicate_edges_merged": len(d.src) - len(u)}
    c.log(f"merged: {len(u)} ties")

    ids, labels, kinds = d.ids, d.label, d.kind
    second = np.array([c.is_second(k) for k in kinds], dtype=bool)
    two_mode = second.any() and not second.all() and bool(np.all(second[u] != second[v]))
    if two_mode:
        orgs = np.flatnonzero(~second)
        prjs = np.flatnonzero(second)
        pos = np.empty(n, dtype=np.int64)
        pos[orgs] = np.arange(orgs.size)
        pos[prjs] = np.arange(prjs.size)
        o = np.where(second[u], v, u)
        p = np.where(second[u], u, v)
        B = sp.csr_matrix((np.ones(o.size), (pos[o], pos[p])), shape=(orgs.size, prjs.size))
        S = sp.triu(B @ B.T, k=1).tocoo()  # shared projects per pair of organisations
        u, v, w = S.row.astype(np.int64), S.col.astype(np.int64), S.data
        ids = [ids[i] for i in orgs]
        labels = [labels[i] for i in orgs]
        kinds = [kinds[i] for i in orgs]
        n = orgs.size
        c.log(f"projected onto organisations: {n} nodes, {u.size} ties")
    info["projected"] = bool(two_mode)

    g = gt.Graph(directed=False)
    g.add_vertex(n)
    g.add_edge_list(np.column_stack([u, v]))
    ew = g.new_edge_property("double", vals=w)
    dist = g.new_edge_property("double", vals=1.0 / w)

    m = {}
    k = c.path_samples(n, g.num_edges())
    info["path_measures"] = c.path_measures_info(
        k, f"numpy.random.default_rng({a.seed}).choice; betweenness(pivots=...)")
    if k == 0:
        vb, _ = gc.betweenness(g, weight=dist, norm=False)
        m["betweenness"] = vb.a.copy()
        m["closeness"] = gc.closeness(g, weight=dist, norm=True).a.copy()
        m["harmonic"] = gc.closeness(g, weight=dist, harmonic=True, norm=True).a.copy()
    else:
        m["betweenness"], m["closeness"], m["harmonic"] = sampled_path_measures(g, dist, k, a.seed)
    c.log("betweenness, closeness, harmonic" + (f" (sampled, {k} sources)" if k else ""))
    if a.only_paths:
        c.write_outputs(a.out, ids, labels, kinds, m, [], {}, info)
        return
    deg = g.get_total_degrees(g.get_vertices())
    m["degree"] = deg
    m["strength"] = g.get_total_degrees(g.get_vertices(), eweight=ew)
    if g.num_edges() > 0:
        _, ev = gc.eigenvector(g, weight=ew, max_iter=EIGEN_MAX_ITER)
        m["eigenvector"] = ev.a / ev.a.max()
    else:
        m["eigenvector"] = np.ones(n)
    m["pagerank"] = gc.pagerank(g, damping=0.85, weight=ew).a.copy()
    m["coreness"] = gtop.kcore_decomposition(g).a.copy()
    c.log("other centralities")

    local = gcl.local_clustering(g).a.astype(float)
    local[deg < 2] = np.nan
    m["clustering"] = local
    m["constraint"] = constraint(n, u, v, w)
    structure = {}
    if g.num_edges() > 0:
        spread = c.structure_sources(n, g.num_edges())
        if spread is None:
            hops, apl = distances_stats(g, None)
            structure["diameter_hops"] = hops
            structure["diameter_weighted"], _ = distances_stats(g, dist)
            structure["average_path_length"] = apl
            structure["paths_estimated_from_sources"] = None
        else:
            sampled_structure(g, dist, spread).into(structure)
        structure["degree_assortativity"] = gcor.scalar_assortativity(g, "total")[0]
    structure["transitivity"] = gcl.global_clustering(g)[0]
    structure["average_clustering"] = c.mean_defined(local.tolist())
    structure["kind_assortativity"] = None if len({k for k in kinds}) < 2 else math.nan
    comp, hist = gtop.label_components(g)
    structure["components"] = int(hist.size)
    structure["largest_component"] = int(hist.max()) if n else 0
    structure["largest_component_share"] = structure["largest_component"] / n
    structure["degree_centralization"] = c.degree_centralization(deg.tolist())
    c.log("clustering, constraint and network structure")

    tries = c.default_tries(g.num_edges(), a.tries)
    best, best_q = None, -math.inf
    for k in range(tries):
        gt.seed_rng(a.seed + k)
        np.random.seed(a.seed + k)
        state = gi.minimize_blockmodel_dl(g, state=gi.ModularityState)
        b = state.b
        q = gi.modularity(g, b, weight=ew)
        if q > best_q:
            best, best_q = b.a.copy(), q
    m["cluster"] = c.renumber(best.tolist())
    info.update({"cluster_method": "ModularityState (unweighted) by merge-split MCMC",
                 "cluster_tries": tries,
                 "modularity": gi.modularity(g, g.new_vertex_property("int", vals=m["cluster"]),
                                             weight=ew)})
    c.log(f"clusters (modularity MCMC, best of {tries} tries)")

    edges = list(zip(u.tolist(), v.tolist(), w.tolist()))
    c.write_outputs(a.out, ids, labels, kinds, m, edges, structure, info)


if __name__ == "__main__":
    main()

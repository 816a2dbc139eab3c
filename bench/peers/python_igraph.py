"""ilonet analyze's default job written with python-igraph (the same igraph C core as ilonet):
merge duplicate rows, project strictly two-mode data onto the organisations (weight = shared
projects), then every measure, Louvain best of N tries and the network structure block.

On large networks ilonet's size rule applies (common.path_samples, common.structure_sources):
betweenness, closeness and harmonic from K sampled sources, the diameters and average path
length from spread sources. python-igraph 0.10.2 cannot restrict betweenness to sources
(Graph.betweenness has no sources argument; igraph_betweenness_subset is not wrapped), so the
sampled betweenness is Brandes' accumulation done with numpy/scipy on igraph's Dijkstra
distances (one Graph.distances call per 32 sources), which also feed closeness and harmonic.

Usage: python_igraph.py EDGES.csv --nodes NODES.csv --out DIR
"""

import math
import random

import igraph as ig

import common as c

ARC_BLOCK = 1 << 16  # arcs per numpy step, in reused buffers: no allocation per step
ROW_BUDGET = 1 << 20  # distances per Graph.distances call (32 rows up to 32k nodes)


class Brandes:
    """Brandes' dependencies of one source at a time, from igraph's distances (numpy/scipy).

    The shortest-path DAG is every arc (u, v) with d(u) + len = d(v) within igraph's relative
    tolerance 1e-10 (IGRAPH_SHORTEST_PATH_EPSILON). Path counts: sigma = sum over k of A^k e_s,
    where A[v, u] = 1 for each DAG arc u -> v (nilpotent: k stops at the longest DAG path).
    Dependencies: delta(v) = sigma(v) x(v), x = sum over k >= 1 of A^T^k (1 / sigma), which is
    Brandes' recursion delta(v) = sum over DAG successors w of sigma(v) / sigma(w) (1 + delta(w)).
    """

    def __init__(self, g, np, sp):
        self.np, self.sp, self.n = np, sp, g.vcount()
        el = np.array(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
        length = np.array(g.es["distance"], dtype=np.float64)
        self.tail = np.concatenate([el[:, 0], el[:, 1]])
        self.head = np.concatenate([el[:, 1], el[:, 0]])
        self.alen = np.concatenate([length, length])
        b = min(ARC_BLOCK, max(1, self.tail.size))
        self.du, self.dv, self.diff = np.empty(b), np.empty(b), np.empty(b)
        self.tight = np.empty(b, dtype=bool)

    def dag(self, d):
        """Indexes of the arcs on shortest paths under the distances d (inf: unreached)."""
        np = self.np
        out = []
        with np.errstate(invalid="ignore"):  # inf - inf: NaN, never tight
            for lo in range(0, self.tail.size, ARC_BLOCK):
                hi = min(lo + ARC_BLOCK, self.tail.size)
                k = hi - lo
                du, dv, diff, tight = self.du[:k], self.dv[:k], self.diff[:k], self.tight[:k]
                np.take(d, self.tail[lo:hi], out=du)
                du += self.alen[lo:hi]
                np.take(d, self.head[lo:hi], out=dv)
                np.subtract(du, dv, out=diff)
                np.abs(diff, out=diff)
                du += dv
                du *= 1e-10
                np.less(diff, du, out=tight)
                out.append(np.flatnonzero(tight) + lo)
        return np.concatenate(out)

    def dependencies(self, s, d):
        """delta_s(v) for every v (0 at s itself) from the distances d from s."""
        np, n = self.np, self.n
        arcs = self.dag(d)
        t, h = self.tail[arcs], self.head[arcs]
        a = self.sp.csr_matrix((np.ones(t.size), (h, t)), shape=(n, n))
        sigma = np.zeros(n)
        sigma[s] = 1.0
        cur = sigma.copy()
        for _ in range(n):
            cur = a @ cur
            if not cur.any():
                break
            sigma += cur
        inv = np.divide(1.0, sigma, out=np.zeros(n), where=sigma > 0)
        at = a.T.tocsr()
        cur = at @ inv
        x = cur.copy()
        for _ in range(n):
            cur = at @ cur
            if not cur.any():
                break
            x += cur
        dep = sigma * x
        dep[s] = 0.0
        return dep


def sampled_path_measures(g, k, seed):
    """ilonet's estimates from k sources drawn by common.sample_sources: betweenness = the sum
    of their dependencies, halved (undirected) and scaled by n / k; closeness and harmonic by
    common.PathColumns. One Graph.distances call serves up to 32 sources."""
    import numpy as np
    import scipy.sparse as sp

    n = g.vcount()
    sources = c.sample_sources(n, k, seed)
    brandes = Brandes(g, np, sp)
    bc = np.zeros(n)
    cols = c.PathColumns(n, sources)
    rows = max(1, min(32, ROW_BUDGET // max(n, 1)))
    for i in range(0, k, rows):
        chunk = sources[i:i + rows]
        dist = np.array(g.distances(source=chunk, weights="distance"), dtype=np.float64)
        for r, s in enumerate(chunk):
            cols.add(s, dist[r])
            bc += brandes.dependencies(s, dist[r])
    return (bc * (0.5 * n / k)).tolist(), cols.closeness().tolist(), cols.harmonic().tolist()


def sampled_structure(g, sources):
    """Diameters and average path length from the spread sources (common.structure_sources),
    by the same igraph searches ilonet makes (igraph_distances, igraph_distances_dijkstra)."""
    import numpy as np

    stats = c.PathStats(len(sources))
    rows = max(1, min(32, ROW_BUDGET // max(g.vcount(), 1)))
    for i in range(0, len(sources), rows):
        chunk = sources[i:i + rows]
        hops = np.array(g.distances(source=chunk), dtype=np.float64)
        lengths = np.array(g.distances(source=chunk, weights="distance"), dtype=np.float64)
        for r, s in enumerate(chunk):
            stats.add(s, hops[r], lengths[r])
    return stats


def main():
    a = c.parse_args()
    d = c.load(a.edges, a.nodes)
    c.log(f"loaded {len(d.src)} rows, {len(d.ids)} nodes")
    g = ig.Graph(n=len(d.ids), edges=list(zip(d.src, d.dst)), directed=False)
    g.es["weight"] = d.weight
    rows = g.ecount()
    g.simplify(multiple=True, loops=True, combine_edges={"weight": "sum"})
    info = {"edge_rows": rows, "duplicate_edges_merged": rows - g.ecount()}
    c.log(f"merged: {g.ecount()} ties")

    ids, labels, kinds = d.ids, d.label, d.kind
    types = [c.is_second(k) for k in kinds]
    two_mode = any(types) and not all(types) and all(types[u] != types[v] for u, v in g.get_edgelist())
    if two_mode:
        g.vs["i"] = list(range(g.vcount()))
        # multiplicity=True: the projected tie's "weight" is the number of shared projects
        g = g.bipartite_projection(types=types, multiplicity=True, which=0)
        keep = g.vs["i"]
        ids = [ids[i] for i in keep]
        labels = [labels[i] for i in keep]
        kinds = [kinds[i] for i in keep]
        c.log(f"projected onto organisations: {g.vcount()} nodes, {g.ecount()} ties")
    info["projected"] = two_mode
    w = g.es["weight"]
    g.es["distance"] = [1.0 / x for x in w]

    m = {}
    k = c.path_samples(g.vcount(), g.ecount())
    info["path_measures"] = c.path_measures_info(
        k, f"random.Random({a.seed}).sample; Brandes with numpy/scipy on igraph's distances")
    if k == 0:
        m["betweenness"] = g.betweenness(directed=False, weights="distance")
        m["closeness"] = g.closeness(weights="distance", normalized=True)
        m["harmonic"] = g.harmonic_centrality(weights="distance", normalized=True)
    else:
        m["betweenness"], m["closeness"], m["harmonic"] = sampled_path_measures(g, k, a.seed)
    c.log("betweenness, closeness, harmonic" + (f" (sampled, {k} sources)" if k else ""))
    if a.only_paths:
        c.write_outputs(a.out, ids, labels, kinds, m, [], {}, info)
        return
    m["degree"] = g.degree()
    m["strength"] = g.strength(weights="weight")
    m["eigenvector"] = g.eigenvector_centrality(directed=False, scale=True, weights="weight")
    m["pagerank"] = g.pagerank(directed=False, damping=0.85, weights="weight", implementation="prpack")
    m["coreness"] = g.coreness()
    c.log("other centralities")

    local = g.transitivity_local_undirected(mode="nan")
    m["clustering"] = local
    m["constraint"] = [x if deg > 0 else math.nan for x, deg in zip(g.constraint(weights="weight"), m["degree"])]
    structure = {}
    if g.ecount() > 0:
        spread = c.structure_sources(g.vcount(), g.ecount())
        if spread is None:
            structure["diameter_hops"] = float(g.diameter(directed=False, unconn=True))
            structure["diameter_weighted"] = float(
                g.diameter(directed=False, unconn=True, weights="distance"))
            structure["average_path_length"] = g.average_path_length(directed=False, unconn=True)
            structure["paths_estimated_from_sources"] = None
        else:
            sampled_structure(g, spread).into(structure)
        structure["degree_assortativity"] = g.assortativity_degree(directed=False)
    structure["transitivity"] = g.transitivity_undirected(mode="nan")
    structure["average_clustering"] = c.mean_defined(local)
    kind_set = sorted({k for k in kinds if k})
    structure["kind_assortativity"] = (
        g.assortativity_nominal([kind_set.index(k) for k in kinds], directed=False)
        if len(kind_set) > 1 and all(kinds)
        else None
    )
    comps = g.connected_components()
    structure["components"] = len(comps)
    structure["largest_component"] = max(comps.sizes()) if g.vcount() else 0
    structure["largest_component_share"] = structure["largest_component"] / g.vcount()
    structure["degree_centralization"] = c.degree_centralization(m["degree"])
    c.log("clustering, constraint and network structure")

    tries = c.default_tries(g.ecount(), a.tries)
    best, best_q = None, -math.inf
    for k in range(tries):
        # python-igraph draws from Python's random module
        random.seed(a.seed + k)
        part = g.community_multilevel(weights="weight", resolution=1.0)
        q = g.modularity(part.membership, weights="weight")
        if q > best_q:
            best, best_q = part.membership, q
    m["cluster"] = c.renumber(best)
    info.update({"cluster_method": "louvain", "cluster_tries": tries,
                 "modularity": g.modularity([x - 1 for x in m["cluster"]], weights="weight")})
    c.log(f"clusters (louvain, best of {tries} tries)")

    edges = [(e.source, e.target, x) for e, x in zip(g.es, w)]
    c.write_outputs(a.out, ids, labels, kinds, m, edges, structure, info)


if __name__ == "__main__":
    main()

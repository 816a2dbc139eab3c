"""ilonet analyze's default job written with python-igraph (the same igraph C core as ilonet):
merge duplicate rows, project strictly two-mode data onto the organisations (weight = shared
projects), then every measure, Louvain best of N tries and the network structure block.

Usage: python_igraph.py EDGES.csv --nodes NODES.csv --out DIR
"""

import math
import random

import igraph as ig

import common as c


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
    m["betweenness"] = g.betweenness(directed=False, weights="distance")
    m["closeness"] = g.closeness(weights="distance", normalized=True)
    m["harmonic"] = g.harmonic_centrality(weights="distance", normalized=True)
    c.log("betweenness, closeness, harmonic")
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
        structure["diameter_hops"] = float(g.diameter(directed=False, unconn=True))
        structure["diameter_weighted"] = float(g.diameter(directed=False, unconn=True, weights="distance"))
        structure["average_path_length"] = g.average_path_length(directed=False, unconn=True)
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

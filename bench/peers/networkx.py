"""ilonet analyze's default job written with networkx (pure Python; scipy for PageRank and
eigenvector): merge duplicate rows, project strictly two-mode data onto the organisations
(weighted_projected_graph: weight = shared projects), every measure, Louvain best of N tries and
the network structure block.

On large networks ilonet's size rule applies (common.path_samples, common.structure_sources):
betweenness_centrality(k=K, seed=...) (networkx scales the sample by n / K as ilonet does),
closeness and harmonic from single_source_dijkstra_path_length of the same K sources with
ilonet's estimator (common.PathColumns), the diameters and average path length from the spread
sources.

Usage: networkx.py EDGES.csv --nodes NODES.csv --out DIR
"""

import math
import random
import sys

# this file is named networkx.py: import the library, not this script
sys.path = [p for p in sys.path if not p.endswith("/bench/peers")] + sys.path[:1]

import networkx as nx  # noqa: E402
from networkx.algorithms import bipartite  # noqa: E402

import common as c  # noqa: E402


def distance_stats(G, weight):
    """Longest finite distance and mean over reachable ordered pairs in one all-pairs pass
    (nx.diameter and nx.average_shortest_path_length refuse disconnected graphs)."""
    longest, total, pairs = 0.0, 0.0, 0
    if weight is None:
        it = nx.all_pairs_shortest_path_length(G)
    else:
        it = nx.all_pairs_dijkstra_path_length(G, weight=weight)
    for _, dist in it:
        if len(dist) > 1:
            longest = max(longest, max(dist.values()))
            total += sum(dist.values())
            pairs += len(dist) - 1
    return float(longest), (total / pairs if pairs else math.nan)


def sampled_path_measures(G, n, k, seed):
    """ilonet's estimates from k sources: networkx draws them as
    random.Random(seed).sample(list(G), k) (py_random_state), and the same draw here gives
    closeness and harmonic the same sources."""
    bc = nx.betweenness_centrality(G, k=k, normalized=False, weight="distance", seed=seed)
    sources = random.Random(seed).sample(list(G.nodes()), k)
    cols = c.PathColumns(n, sources)
    for s in sources:
        cols.add_dict(s, nx.single_source_dijkstra_path_length(G, s, weight="distance"))
    return [bc[i] for i in range(n)], cols.closeness().tolist(), cols.harmonic().tolist()


def sampled_structure(G, sources):
    """Diameters and average path length from the spread sources: one breadth-first and one
    Dijkstra search per source."""
    stats = c.PathStats(len(sources))
    for s in sources:
        stats.add_dicts(s, nx.single_source_shortest_path_length(G, s),
                        nx.single_source_dijkstra_path_length(G, s, weight="distance"))
    return stats


def constraint(G):
    """Burt's constraint with the weights normalised once. nx.constraint recomputes a node's
    total weight inside its innermost loop (O(d^3) and more per node: on the 20k network one node
    of degree 529 took 303 s), which no one could wait for here; the formula is the same."""
    s = {v: G.degree(v, weight="weight") for v in G}
    out = {}
    for i in G:
        p = {j: e["weight"] / s[i] for j, e in G[i].items()}
        if not p:
            out[i] = math.nan
            continue
        total = 0.0
        for j, pij in p.items():
            nj = G[j]
            # common neighbours q of i and j: p_iq * p_qj
            if len(nj) < len(p):
                ind = sum(p[q] * e["weight"] / s[q] for q, e in nj.items() if q in p)
            else:
                ind = sum(pq * nj[q]["weight"] / s[q] for q, pq in p.items() if q in nj)
            total += (pij + ind) ** 2
        out[i] = total
    return out


def main():
    a = c.parse_args()
    d = c.load(a.edges, a.nodes)
    c.log(f"loaded {len(d.src)} rows, {len(d.ids)} nodes")
    G = nx.Graph()
    G.add_nodes_from(range(len(d.ids)))
    for u, v, w in zip(d.src, d.dst, d.weight):
        if u == v:
            continue
        if G.has_edge(u, v):
            G[u][v]["weight"] += w  # duplicate rows: summed weight
        else:
            G.add_edge(u, v, weight=w)
    info = {"edge_rows": len(d.src), "duplicate_edges_merged": len(d.src) - G.number_of_edges()}
    c.log(f"merged: {G.number_of_edges()} ties")

    ids, labels, kinds = d.ids, d.label, d.kind
    second = [c.is_second(k) for k in kinds]
    two_mode = any(second) and not all(second) and all(second[u] != second[v] for u, v in G.edges())
    if two_mode:
        orgs = [i for i in range(len(ids)) if not second[i]]
        P = bipartite.weighted_projected_graph(G, orgs)  # weight = number of shared neighbours
        # relabel to 0..n-1 in the organisations' order
        G = nx.relabel_nodes(P, {o: k for k, o in enumerate(orgs)})
        G = nx.Graph(sorted(G.edges(data=True)))  # noqa: keep every node: none is isolated here
        G.add_nodes_from(range(len(orgs)))
        ids = [ids[i] for i in orgs]
        labels = [labels[i] for i in orgs]
        kinds = [kinds[i] for i in orgs]
        c.log(f"projected onto organisations: {G.number_of_nodes()} nodes, {G.number_of_edges()} ties")
    info["projected"] = two_mode
    n = len(ids)
    for _, _, e in G.edges(data=True):
        e["distance"] = 1.0 / e["weight"]

    def vec(dct, default=math.nan):
        return [dct.get(i, default) for i in range(n)]

    m = {}
    k = c.path_samples(n, G.number_of_edges())
    info["path_measures"] = c.path_measures_info(
        k, f"betweenness_centrality(k={k}, seed={a.seed}): random.Random({a.seed}).sample")
    if k == 0:
        m["betweenness"] = vec(nx.betweenness_centrality(G, weight="distance", normalized=False))
        # wf_improved=False: igraph's closeness, over the nodes a node reaches
        m["closeness"] = vec(nx.closeness_centrality(G, distance="distance", wf_improved=False))
        m["closeness"] = [x if G.degree(i) > 0 else math.nan for i, x in enumerate(m["closeness"])]
        harm = nx.harmonic_centrality(G, distance="distance")
        m["harmonic"] = [harm[i] / (n - 1) if n > 1 else math.nan for i in range(n)]
    else:
        m["betweenness"], m["closeness"], m["harmonic"] = sampled_path_measures(G, n, k, a.seed)
    c.log("betweenness, closeness, harmonic" + (f" (sampled, {k} sources)" if k else ""))
    if a.only_paths:
        c.write_outputs(a.out, ids, labels, kinds, m, [], {}, info)
        return
    m["degree"] = [G.degree(i) for i in range(n)]
    m["strength"] = [G.degree(i, weight="weight") for i in range(n)]
    ev = nx.eigenvector_centrality_numpy(G, weight="weight")
    top = max(ev.values())
    m["eigenvector"] = [ev[i] / top for i in range(n)]
    m["pagerank"] = vec(nx.pagerank(G, alpha=0.85, weight="weight"))
    m["coreness"] = vec(nx.core_number(G))
    c.log("other centralities")

    cl = nx.clustering(G)
    m["clustering"] = [cl[i] if m["degree"][i] >= 2 else math.nan for i in range(n)]
    m["constraint"] = vec(constraint(G))
    structure = {}
    if G.number_of_edges() > 0:
        spread = c.structure_sources(n, G.number_of_edges())
        if spread is None:
            structure["diameter_hops"], structure["average_path_length"] = distance_stats(G, None)
            structure["diameter_weighted"], _ = distance_stats(G, "distance")
            structure["paths_estimated_from_sources"] = None
        else:
            sampled_structure(G, spread).into(structure)
        structure["degree_assortativity"] = nx.degree_assortativity_coefficient(G)
    structure["transitivity"] = nx.transitivity(G)
    structure["average_clustering"] = c.mean_defined(m["clustering"])
    kind_set = {k for k in kinds}
    if len(kind_set) > 1 and all(kinds):
        nx.set_node_attributes(G, dict(enumerate(kinds)), "kind")
        structure["kind_assortativity"] = nx.attribute_assortativity_coefficient(G, "kind")
    else:
        structure["kind_assortativity"] = None
    comps = [len(x) for x in nx.connected_components(G)]
    structure["components"] = len(comps)
    structure["largest_component"] = max(comps) if comps else 0
    structure["largest_component_share"] = structure["largest_component"] / n
    structure["degree_centralization"] = c.degree_centralization(m["degree"])
    c.log("clustering, constraint and network structure")

    tries = c.default_tries(G.number_of_edges(), a.tries)
    best, best_q = None, -math.inf
    for k in range(tries):
        comms = nx.community.louvain_communities(G, weight="weight", resolution=1, seed=a.seed + k)
        q = nx.community.modularity(G, comms, weight="weight")
        if q > best_q:
            best, best_q = comms, q
    member = [0] * n
    for label, comm in enumerate(best):
        for i in comm:
            member[i] = label
    m["cluster"] = c.renumber(member)
    info.update({"cluster_method": "louvain", "cluster_tries": tries, "modularity": best_q})
    c.log(f"clusters (louvain, best of {tries} tries)")

    edges = [(u, v, e["weight"]) for u, v, e in G.edges(data=True)]
    c.write_outputs(a.out, ids, labels, kinds, m, edges, structure, info)


if __name__ == "__main__":
    main()

"""What the three peers share: ilonet analyze's command line, CSV reading, its output files
(nodes.csv, clusters.csv, summary.json) and its choices (tries, cluster numbering, order).

Only the reading of the CSV text and the writing of the results live here; merging duplicates,
projecting and every measure are done by each peer with its own library, as its users would.
"""

import argparse
import csv
import json
import math
import os
import random
import sys
import time

T0 = time.monotonic()
NAME = os.path.basename(sys.argv[0]).removesuffix(".py")
DEFAULT_SEED = 42
TRIES_BUDGET = 1_000_000  # ilonet: ILONET_TRIES_BUDGET
DEFAULT_TRIES = 50  # ilonet: ILONET_DEFAULT_TRIES
SECOND_KIND = "project"  # ilonet: ILONET_DEFAULT_SECOND_KINDS
EXACT_PATHS_BUDGET = 1e9  # ilonet: ILONET_EXACT_PATHS_BUDGET
MIN_PATH_SAMPLES = 100  # ilonet: ILONET_MIN_PATH_SAMPLES
EXACT_STRUCTURE_BUDGET = 1e8  # ilonet: ILONET_EXACT_STRUCTURE_BUDGET
STRUCTURE_PATH_SOURCES = 500  # ilonet: ILONET_STRUCTURE_PATH_SOURCES
PATH_MEASURES = ["betweenness", "closeness", "harmonic"]


def log(msg):
    """One phase line on stderr with the time since start; the runner reads the last one."""
    print(f"{NAME}: {msg} at {time.monotonic() - T0:.3f} s", file=sys.stderr, flush=True)


def parse_args():
    p = argparse.ArgumentParser(description="ilonet analyze's default job with " + NAME)
    p.add_argument("edges")
    p.add_argument("--nodes")
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--tries", type=int, default=0, help="0: ilonet's default for the size")
    p.add_argument(
        "--only-paths",
        action="store_true",
        help="betweenness, closeness and harmonic only (make bench-paths)",
    )
    return p.parse_args()


def default_tries(ties, tries=0):
    """ilonet_default_tries: 50, or 1e6 / ties above 20,000 ties, never under 5."""
    if tries > 0:
        return tries
    t = TRIES_BUDGET // ties if ties > 0 else DEFAULT_TRIES
    return max(5, min(DEFAULT_TRIES, t))


def path_samples(nodes, ties):
    """ilonet_auto_path_samples (src/pipeline.c), ilonet analyze's size rule: betweenness,
    closeness and harmonic are exact up to nodes x ties = 1e9, above it estimated from
    max(100, ceil(1e9 / ties)) sampled sources. 0 = exact (also when K would not be below the
    node count). nodes and ties are those of the analysed (projected) graph."""
    if float(nodes) * float(ties) <= EXACT_PATHS_BUDGET or ties == 0:
        return 0
    k = max(MIN_PATH_SAMPLES, int(math.ceil(EXACT_PATHS_BUDGET / float(ties))))
    return k if k < nodes else 0


def structure_sources(nodes, ties):
    """ilonet_structure_path_sources and the spread of sampled_paths (src/structure.c): None
    (exact diameters and average path length) up to nodes x ties = 1e8, else the k source
    indexes floor(j * nodes / k), j < k, spread evenly over the node order, with k = 500 or the
    path measures' K when smaller. No randomness: every tool uses these very sources, and the
    node order (organisations in file order) is the same in all of them."""
    if float(nodes) * float(ties) <= EXACT_STRUCTURE_BUDGET or nodes <= STRUCTURE_PATH_SOURCES:
        return None
    k = path_samples(nodes, ties)
    k = k if 0 < k < STRUCTURE_PATH_SOURCES else STRUCTURE_PATH_SOURCES
    return [int((float(j) * float(nodes)) / float(k)) for j in range(k)]


def sample_sources(n, k, seed):
    """k distinct source nodes drawn with Python's random.Random(seed), sorted. ilonet draws its
    sample from igraph's RNG, so the two samples differ: the estimates are compared as estimates
    (bench/compare.py), never expected to be equal."""
    return sorted(random.Random(seed).sample(range(n), k))


def path_measures_info(k, sampler):
    """summary.json's "path_measures", as ilonet records it, plus how the peer drew its sample."""
    if k == 0:
        return {"measures": PATH_MEASURES, "method": "exact"}
    return {"measures": PATH_MEASURES, "method": "sampled", "sources": k,
            "chosen": "automatically (large network)", "sampler": sampler}


class PathColumns:
    """ilonet's estimator of closeness and harmonic from K sources (ilonet_paths_centrality,
    src/paths.c), fed one source's distances at a time: closeness(v) = the number of sources
    s != v that reach v over the sum of their distances d(s, v) (NaN when none does): the inverse
    mean distance over reachable nodes, as exact closeness, estimated on the sample; harmonic(v)
    = the sum over sources s != v of 1 / d(s, v), over K (K - 1 when v is a source)."""

    def __init__(self, n, sources):
        import numpy as np

        self.np = np
        self.k = len(sources)
        self.sum = np.zeros(n)
        self.count = np.zeros(n)
        self.harm = np.zeros(n)
        self.in_sample = np.zeros(n)
        self.in_sample[np.asarray(sources, dtype=np.int64)] = 1.0

    def add(self, s, dist):
        """dist: numpy array of the distances from s to every node, inf where unreachable."""
        np = self.np
        reach = np.isfinite(dist)
        reach[s] = False
        d = dist[reach]
        self.sum[reach] += d
        self.count[reach] += 1.0
        self.harm[reach] += 1.0 / d

    def add_dict(self, s, dist):
        """dist: {node index: distance} of the nodes s reaches (networkx)."""
        np = self.np
        idx = np.fromiter(dist.keys(), dtype=np.int64, count=len(dist))
        d = np.fromiter(dist.values(), dtype=np.float64, count=len(dist))
        keep = idx != s
        idx, d = idx[keep], d[keep]
        self.sum[idx] += d
        self.count[idx] += 1.0
        self.harm[idx] += 1.0 / d

    def closeness(self):
        np = self.np
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.count > 0, self.count / self.sum, np.nan)

    def harmonic(self):
        np = self.np
        others = self.k - self.in_sample
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(others > 0, self.harm / others, np.nan)


class PathStats:
    """ilonet's sampled network path figures (sampled_paths, src/structure.c), fed one source at
    a time: over the pairs (source, another node it reaches), the longest distance in hops, the
    longest weighted distance, and the mean distance in hops (the average path length)."""

    def __init__(self, k):
        self.k = k
        self.hops = -1.0
        self.length = -1.0
        self.total = 0.0
        self.pairs = 0

    def add(self, s, hops, lengths):
        """hops, lengths: numpy arrays over the nodes (non-finite where unreachable)."""
        import numpy as np

        reach = np.isfinite(hops)
        reach[s] = False
        if reach.any():
            h, ln = hops[reach], lengths[reach]
            self.hops = max(self.hops, float(h.max()))
            self.length = max(self.length, float(ln.max()))
            self.total += float(h.sum())  # whole numbers: the sum is exact in any order
            self.pairs += int(reach.sum())

    def add_dicts(self, s, hops, lengths):
        """hops, lengths: {node: distance} of the nodes s reaches (networkx)."""
        for v, h in hops.items():
            if v == s:
                continue
            self.hops = max(self.hops, float(h))
            self.length = max(self.length, float(lengths[v]))
            self.total += h
            self.pairs += 1

    def into(self, structure):
        """Sets the three figures and paths_estimated_from_sources in a structure dict."""
        structure["diameter_hops"] = self.hops if self.hops >= 0 else None
        structure["diameter_weighted"] = self.length if self.length >= 0 else None
        structure["average_path_length"] = self.total / self.pairs if self.pairs else None
        structure["paths_estimated_from_sources"] = self.k


class Data:
    """The files as read: node ids in ilonet's order (nodes file first, then new edge ends)."""

    def __init__(self):
        self.ids = []
        self.index = {}
        self.label = []
        self.kind = []
        self.src = []
        self.dst = []
        self.weight = []


def _column(header, name):
    low = [h.strip().lower() for h in header]
    return low.index(name) if name in low else -1


def load(edges_path, nodes_path):
    """Reads the nodes file (id, label, kind) and the edges (source, target, optional weight)."""
    d = Data()
    if nodes_path:
        with open(nodes_path, newline="", encoding="utf-8-sig") as f:
            r = csv.reader(f)
            header = next(r)
            ci, cl, ck = _column(header, "id"), _column(header, "label"), _column(header, "kind")
            for row in r:
                d.index[row[ci]] = len(d.ids)
                d.ids.append(row[ci])
                d.label.append(row[cl] if cl >= 0 else row[ci])
                d.kind.append(row[ck] if ck >= 0 else "")
    with open(edges_path, newline="", encoding="utf-8-sig") as f:
        r = csv.reader(f)
        header = next(r)
        cs, ct, cw = _column(header, "source"), _column(header, "target"), _column(header, "weight")
        index, ids = d.index, d.ids
        for row in r:
            ends = []
            for c in (cs, ct):
                name = row[c].strip()
                i = index.get(name)
                if i is None:
                    i = index[name] = len(ids)
                    ids.append(name)
                    d.label.append(name)
                    d.kind.append("")
                ends.append(i)
            d.src.append(ends[0])
            d.dst.append(ends[1])
            d.weight.append(float(row[cw]) if cw >= 0 else 1.0)
    return d


def is_second(kind):
    return kind.lower() == SECOND_KIND


def renumber(membership):
    """ilonet_community_renumber: clusters 1, 2, ... by size, largest first, ties broken by the
    smallest member index."""
    size, first = {}, {}
    for i, c in enumerate(membership):
        size[c] = size.get(c, 0) + 1
        first.setdefault(c, i)
    order = sorted(size, key=lambda c: (-size[c], first[c]))
    new = {c: k + 1 for k, c in enumerate(order)}
    return [new[c] for c in membership]


def _num(x):
    """ilonet's number format: 12 significant digits, empty when undefined, no negative zero."""
    if x is None:
        return ""
    if isinstance(x, int):
        return str(x)
    x = float(x)
    if not math.isfinite(x):
        return ""
    return f"{x + 0.0:.12g}"


COLUMNS = [
    "degree",
    "strength",
    "betweenness",
    "closeness",
    "harmonic",
    "eigenvector",
    "pagerank",
    "coreness",
    "cluster",
    "clustering",
    "constraint",
]
INT_COLUMNS = {"degree", "coreness", "cluster"}


def write_outputs(out_dir, ids, labels, kinds, m, edges, structure, info):
    """nodes.csv, clusters.csv and summary.json as ilonet writes them.

    m: column name -> sequence per node (missing columns are left empty); edges: (u, v, w)
    triples of the analysed graph; structure: the network-level figures; info: other summary
    keys. Rows are sorted by PageRank, highest first, then id (ilonet_report_node_order)."""
    os.makedirs(out_dir, exist_ok=True)
    n = len(ids)
    cols = [c for c in COLUMNS if c in m]
    pr = m.get("pagerank")
    order = sorted(range(n), key=lambda i: (-(pr[i] if pr is not None else 0.0), ids[i]))
    with open(os.path.join(out_dir, "nodes.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "label", "kind"] + COLUMNS)
        for i in order:
            row = [ids[i], labels[i], kinds[i]]
            for c in COLUMNS:
                if c not in m:
                    row.append("")
                elif c in INT_COLUMNS:
                    row.append(str(int(m[c][i])))
                else:
                    row.append(_num(m[c][i]))
            w.writerow(row)
    summary = {"tool": NAME, "nodes": n, "edges": len(edges)}
    summary.update(info)
    if "cluster" in m:
        cl = m["cluster"]
        k = max(cl) if n else 0
        members = [[] for _ in range(k + 1)]
        for i in order:
            members[cl[i]].append(i)
        internal = [0.0] * (k + 1)
        for u, v, wt in edges:
            if cl[u] == cl[v]:
                internal[cl[u]] += wt
        with open(os.path.join(out_dir, "clusters.csv"), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["cluster", "size", "internal_weight", "central_member", "members"])
            for c in range(1, k + 1):
                mem = members[c]
                w.writerow(
                    [c, len(mem), _num(internal[c]), ids[mem[0]], "; ".join(ids[i] for i in mem)]
                )
        summary["clusters"] = k
    summary["density"] = 2.0 * len(edges) / (n * (n - 1)) if n > 1 else None
    summary["structure"] = {
        k: (v if v is None or isinstance(v, int) or math.isfinite(v) else None)
        for k, v in structure.items()
    }
    top = {}
    for c in cols:
        vals = m[c]
        ranked = sorted(
            (i for i in range(n) if vals[i] is not None and math.isfinite(float(vals[i]))),
            key=lambda i: (-float(vals[i]), ids[i]),
        )[:5]
        top[c] = [{"id": ids[i], "value": float(vals[i])} for i in ranked]
    summary["top"] = top
    with open(os.path.join(out_dir, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
        f.write("\n")
    log("wrote nodes.csv, clusters.csv, summary.json")


def degree_centralization(degrees):
    """igraph_centralization_degree(loops=false, normalized): sum(max - d) / ((n-1)(n-2))."""
    n = len(degrees)
    if n < 3:
        return None
    mx = max(degrees)
    return sum(mx - d for d in degrees) / ((n - 1) * (n - 2))


def mean_defined(values):
    vals = [x for x in values if x is not None and math.isfinite(x)]
    return sum(vals) / len(vals) if vals else None

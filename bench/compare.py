"""Compares a peer's nodes.csv with ilonet's, column by column: how many nodes agree to a
relative 1e-6 (and the largest relative difference), so the timings compare the same work.

Usage: compare.py ILONET_DIR PEER_DIR   (prints one line: column=agree% ...)
Clusters are compared as partitions (adjusted Rand index), since labels differ by seed.
"""

import csv
import math
import os
import sys


def read(path):
    with open(os.path.join(path, "nodes.csv"), newline="") as f:
        r = csv.DictReader(f)
        return {row["id"]: row for row in r}


def as_float(s):
    return float(s) if s not in ("", None) else math.nan


def adjusted_rand(a, b):
    """Hubert and Arabie's adjusted Rand index of two labellings of the same items."""
    from collections import Counter

    n = len(a)
    if n < 2:
        return math.nan
    comb = lambda x: x * (x - 1) / 2  # noqa: E731
    pairs = sum(comb(v) for v in Counter(zip(a, b)).values())
    sa = sum(comb(v) for v in Counter(a).values())
    sb = sum(comb(v) for v in Counter(b).values())
    expected = sa * sb / comb(n)
    top = (sa + sb) / 2
    return 1.0 if top == expected else (pairs - expected) / (top - expected)


def compare(ilonet_dir, peer_dir):
    a, b = read(ilonet_dir), read(peer_dir)
    if set(a) != set(b):
        return {"nodes": f"different node sets ({len(a)} vs {len(b)})"}
    ids = sorted(a)
    res = {}
    for col in ["degree", "strength", "betweenness", "closeness", "harmonic", "eigenvector",
                "pagerank", "coreness", "clustering", "constraint"]:
        if all(b[i].get(col, "") == "" for i in ids):
            res[col] = "not computed"
            continue
        agree, worst = 0, 0.0
        for i in ids:
            x, y = as_float(a[i][col]), as_float(b[i][col])
            if math.isnan(x) and math.isnan(y):
                agree += 1
                continue
            scale = max(abs(x), abs(y), 1e-300)
            rel = abs(x - y) / scale if not (math.isnan(x) or math.isnan(y)) else math.inf
            worst = max(worst, rel)
            # absolute floor: values that are zero in exact arithmetic come out as 1e-17
            agree += rel <= 1e-6 or abs(x - y) <= 1e-12
        res[col] = f"{100.0 * agree / len(ids):.1f}% (max rel diff {worst:.1e})"
    if any(b[i].get("cluster", "") != "" for i in ids):
        ari = adjusted_rand([a[i]["cluster"] for i in ids], [b[i]["cluster"] for i in ids])
        res["cluster"] = f"ARI {ari:.3f}"
    else:
        res["cluster"] = "not computed"
    return res


if __name__ == "__main__":
    for k, v in compare(sys.argv[1], sys.argv[2]).items():
        print(f"{k}: {v}")

"""Compares a peer's results with ilonet's, so the timings compare the same work.

nodes.csv column by column: how many nodes agree to a relative 1e-6 (and the largest relative
difference). Where ilonet's size rule estimated betweenness, closeness and harmonic from sampled
sources (summary.json "path_measures"), each tool drew its own sample, so equal values are not
expected: those columns are labelled "sampled: estimate vs estimate" and compared by Spearman's
rank correlation, the summed difference relative to ilonet's total and the overlap of the top
100 nodes (see estimates()). Clusters are compared as
partitions (adjusted Rand index), since labels differ by seed. summary.json's network figures
(diameters, average path length, transitivity, ...) are compared value by value; sampled
diameters and average path length come from the same spread sources in every tool, so they are
expected to agree.

Usage: compare.py ILONET_DIR PEER_DIR   (prints one line per measure)
"""

import csv
import json
import math
import os
import sys

PATH_MEASURES = ("betweenness", "closeness", "harmonic")
STRUCTURE = ("diameter_hops", "diameter_weighted", "average_path_length", "transitivity",
             "average_clustering", "degree_assortativity", "components")


def read(path):
    with open(os.path.join(path, "nodes.csv"), newline="") as f:
        r = csv.DictReader(f)
        return {row["id"]: row for row in r}


def summary(path):
    try:
        with open(os.path.join(path, "summary.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def sampled(s):
    pm = s.get("path_measures")
    return isinstance(pm, dict) and pm.get("method") == "sampled"


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


def ranks(xs):
    """1-based ranks, ties given their average rank (as Spearman's coefficient needs)."""
    order = sorted(range(len(xs)), key=xs.__getitem__)
    r = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return r


def spearman(xs, ys):
    """Spearman's rank correlation: Pearson's correlation of the (average) ranks."""
    n = len(xs)
    if n < 2:
        return math.nan
    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / n, sum(ry) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    return sxy / math.sqrt(sxx * syy) if sxx > 0 and syy > 0 else math.nan


def estimates(ids, xs, ys, label, top=100):
    """Two estimates of one measure (or an estimate and exact values) over the same nodes:
    Spearman's rho over the nodes where both are defined; the summed absolute difference over
    the sum of ilonet's values (sampled betweenness is 0 for most small nodes in one sample and
    not in the other, so per-node ratios say little; the mass-weighted difference does); how
    many of ilonet's top nodes the peer also ranks in its top (ties broken by id)."""
    both = [i for i, (x, y) in enumerate(zip(xs, ys)) if not (math.isnan(x) or math.isnan(y))]
    one = sum(1 for x, y in zip(xs, ys) if math.isnan(x) != math.isnan(y))
    rho = spearman([xs[i] for i in both], [ys[i] for i in both])
    mass = sum(abs(xs[i]) for i in both)
    l1 = sum(abs(xs[i] - ys[i]) for i in both) / mass if mass > 0 else 0.0
    t = min(top, len(both))
    tx = set(sorted(both, key=lambda i: (-xs[i], ids[i]))[:t])
    ty = set(sorted(both, key=lambda i: (-ys[i], ids[i]))[:t])
    text = (f"{label}: Spearman {rho:.3f}, total rel diff {l1:.1e}, "
            f"top {t} shared {len(tx & ty)}")
    return text + (f", {one} undefined in one only" if one else "")


def structure(a, b):
    """summary.json "structure" figures: equal to a relative 1e-9, or both values."""
    sa, sb = a.get("structure") or {}, b.get("structure") or {}
    out = {}
    for key in STRUCTURE:
        if key not in sa or key not in sb:
            continue
        x, y = sa[key], sb[key]
        where = ""
        if key in STRUCTURE[:3] and sa.get("paths_estimated_from_sources"):
            k = sa["paths_estimated_from_sources"]
            same = sb.get("paths_estimated_from_sources") == k
            where = f" (from {k} spread sources{'' if same else '; the peer: exact'})"
        if x is None or y is None:
            text = "same (undefined)" if x is None and y is None else f"{y} vs {x}"
        else:
            rel = abs(x - y) / max(abs(x), abs(y), 1e-300)
            text = "same" if rel <= 1e-9 else f"{y:.6g} vs {x:.6g} (rel diff {rel:.1e})"
        out["structure: " + key] = text + where
    return out


def compare(ilonet_dir, peer_dir):
    a, b = read(ilonet_dir), read(peer_dir)
    if set(a) != set(b):
        return {"nodes": f"different node sets ({len(a)} vs {len(b)})"}
    sa, sb = summary(ilonet_dir), summary(peer_dir)
    ids = sorted(a)
    res = {}
    for col in ["degree", "strength", "betweenness", "closeness", "harmonic", "eigenvector",
                "pagerank", "coreness", "clustering", "constraint"]:
        if all(b[i].get(col, "") == "" for i in ids):
            res[col] = "not computed"
            continue
        xs = [as_float(a[i][col]) for i in ids]
        ys = [as_float(b[i][col]) for i in ids]
        if col in PATH_MEASURES and (sampled(sa) or sampled(sb)):
            if sampled(sa) and sampled(sb):
                label = "sampled: estimate vs estimate"
            elif sampled(sa):
                label = "sampled: ilonet's estimate vs exact"
            else:
                label = "sampled: exact vs the peer's estimate"
            res[col] = estimates(ids, xs, ys, label)
            continue
        agree, worst = 0, 0.0
        for x, y in zip(xs, ys):
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
    res.update(structure(sa, sb))
    return res


if __name__ == "__main__":
    for k, v in compare(sys.argv[1], sys.argv[2]).items():
        print(f"{k}: {v}")

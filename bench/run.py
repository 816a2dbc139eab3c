"""make bench / make bench-paths: times whole processes (wall, peak RSS through /usr/bin/time -v)
of ilonet and its peers on generated two-mode networks, in rounds (ilonet, then each peer, then
again), and writes bench/RESULTS.md from every measurement kept in bench/out/results.json.

Environment (set by bench/bench.mk): ILONET, BENCH_GEN, BENCH_RUNS (3), BENCH_SIZES ("20k 200k 2M"),
BENCH_TIMEOUT (3600 s), BENCH_PEERS, BENCH_SEED (1), BENCH_PYTHON; BENCH_ONCE_ABOVE (120 s: a tool
whose first run takes longer runs once), BENCH_NO_SKIP (1: also run tools that an earlier size
says would take over 10 x BENCH_TIMEOUT), BENCH_PATHS_SIZE (20k).

Usage: run.py full | paths | report
"""

import datetime
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(1, os.path.join(HERE, "peers"))
import common as rule  # noqa: E402  (ilonet's size rule, as the peers apply it)
import compare  # noqa: E402

DATA = os.path.join(HERE, "data")
OUT = os.path.join(HERE, "out")
LOGS = os.path.join(HERE, "logs")
STATE = os.path.join(OUT, "results.json")
RESULTS = os.path.join(HERE, "RESULTS.md")

ENV = os.environ
ILONET = ENV.get("ILONET", "bin/ilonet")
GEN = ENV.get("BENCH_GEN", "build/bench/gen")
RUNS = int(ENV.get("BENCH_RUNS", "3"))
SIZES = ENV.get("BENCH_SIZES", "20k 200k 2M").split()
TIMEOUT = float(ENV.get("BENCH_TIMEOUT", "3600"))
PEERS = ENV.get("BENCH_PEERS", "python_igraph graph_tool networkx").split()
SEED = int(ENV.get("BENCH_SEED", "1"))
PYTHON = ENV.get("BENCH_PYTHON", "/usr/bin/python3")
ONCE_ABOVE = float(ENV.get("BENCH_ONCE_ABOVE", "120"))
NO_SKIP = ENV.get("BENCH_NO_SKIP", "") == "1"
PATHS_SIZE = ENV.get("BENCH_PATHS_SIZE", "20k")


def rows_of(size):
    m = re.fullmatch(r"(\d+)([kKmM]?)", size)
    if not m:
        sys.exit(f"bench: size '{size}' is not like 20k, 200k, 2M or 5000")
    return int(m.group(1)) * {"": 1, "k": 1000, "m": 1000000}[m.group(2).lower()]


def say(msg):
    print(f"bench: {msg}", flush=True)


def generate(size):
    """bench/data/SIZE-sSEED.{edges,nodes}.csv and the generator's --stats, made when missing or
    older than the generator."""
    os.makedirs(DATA, exist_ok=True)
    stem = os.path.join(DATA, f"{size}-s{SEED}")
    edges, nodes, stats = stem + ".edges.csv", stem + ".nodes.csv", stem + ".stats"
    fresh = all(os.path.exists(p) for p in (edges, nodes, stats)) and os.path.getmtime(
        edges
    ) >= os.path.getmtime(GEN)
    if not fresh:
        say(f"generating {size} ({rows_of(size)} rows, seed {SEED})")
        with open(stats, "w") as err:
            subprocess.run([GEN, "--edges", str(rows_of(size)), "--seed", str(SEED), "--out", edges,
                            "--nodes", nodes, "--stats"], stderr=err, check=True)
    text = open(stats).read()
    m = re.search(r"projection onto organisations: (\d+) nodes, (\d+) ties", text)
    info = {
        "rows": rows_of(size),
        "bytes": os.path.getsize(edges),
        "proj_nodes": int(m.group(1)),
        "proj_ties": int(m.group(2)),
        "stats": text.strip(),
    }
    return edges, nodes, info


def parse_time_v(path):
    out = {}
    try:
        text = open(path).read()
    except OSError:
        return out
    for key, pat in [("rss_kb", r"Maximum resident set size \(kbytes\): (\d+)"),
                     ("user", r"User time \(seconds\): ([\d.]+)"),
                     ("sys", r"System time \(seconds\): ([\d.]+)")]:
        m = re.search(pat, text)
        if m:
            out[key] = float(m.group(1))
    return out


def timed(cmd, log_path, env=None):
    """Runs cmd under nice and /usr/bin/time -v in its own process group; kills the group at
    TIMEOUT. Returns wall, peak RSS, CPU times, exit code and the last stderr line."""
    with tempfile.NamedTemporaryFile(prefix="bench-time-", delete=False) as tf:
        tpath = tf.name
    full = ["nice", "-n", "10", "/usr/bin/time", "-v", "-o", tpath] + cmd
    load = os.getloadavg()[0]
    with open(log_path, "w") as log:
        t0 = time.monotonic()
        p = subprocess.Popen(full, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
                             env=env)
        timed_out = False
        try:
            rc = p.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            rc = p.wait()
            timed_out = True
        wall = time.monotonic() - t0
    res = {"wall": wall, "rc": rc, "timed_out": timed_out, "load": load}
    res.update(parse_time_v(tpath))
    os.unlink(tpath)
    lines = [ln.strip() for ln in open(log_path, errors="replace") if ln.strip()]
    lines = [ln for ln in lines if not ln.startswith(("Command ", "\t"))]
    res["last"] = lines[-1] if lines else ""
    return res


def tool_cmd(tool, edges, nodes, out_dir, paths=False):
    if tool == "ilonet":
        return [ILONET, "analyze", edges, "--nodes", nodes, "--out", out_dir, "-v"]
    if tool == "read floor (wc -l)":
        return ["wc", "-l", edges]
    name = tool.split(" ")[0]
    cmd = [PYTHON, os.path.join(HERE, "peers", name + ".py"), edges, "--nodes", nodes, "--out",
           out_dir]
    return cmd + (["--only-paths"] if paths else [])


def load_state():
    try:
        with open(STATE) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {"full": {}, "paths": {}, "sizes": {}}


def save_state(state):
    os.makedirs(OUT, exist_ok=True)
    with open(STATE, "w") as f:
        json.dump(state, f, indent=1)


def ilonet_phases(log_path):
    """Seconds per phase from ilonet -v."""
    ph = {}
    for ln in open(log_path, errors="replace"):
        for key, pat in [("load", r"loaded .* in ([\d.]+) s"),
                         ("merge", r"built graph: .* in ([\d.]+) s"),
                         ("project", r"two-mode data .* in ([\d.]+) s"),
                         ("centralities", r"centralities .* in ([\d.]+) s"),
                         ("structure", r"clustering, constraint and network structure in ([\d.]+) s"),
                         ("clusters", r"clusters \(.*\) in ([\d.]+) s"),
                         ("write", r"wrote .* in ([\d.]+) s")]:
            m = re.search(pat, ln)
            if m and key not in ph:
                ph[key] = float(m.group(1))
    return ph


def work(info):
    """Relative cost of the job at a size: the shortest-path searches ilonet's size rule asks
    for (one per source for the three path measures, two per source for the diameters and
    average path length; every node a source when exact), each O(ties); and never less than
    the ties themselves (projection, constraint, Louvain grow at least as fast as the ties)."""
    n, m = info["proj_nodes"], info["proj_ties"]
    k = rule.path_samples(n, m) or n
    spread = rule.structure_sources(n, m)
    return (k + 2 * (len(spread) if spread is not None else n)) * m, m


def estimate(state, tool, info):
    """Seconds a tool should need at a size, from the largest smaller size it was measured at,
    scaled by the larger of the growth of the path searches and the growth of the ties
    (work())."""
    cands = []
    for size, per_tool in state["full"].items():
        r, sz = per_tool.get(tool), state["sizes"].get(size)
        if not r or not sz or sz["proj_ties"] >= info["proj_ties"]:
            continue
        if r.get("walls"):
            t = max(r["walls"])
        elif r.get("timed_out"):
            t = r["timeout"]
        elif r.get("skipped_estimate"):
            t = r["skipped_estimate"]
        else:
            continue
        (searches, ties), (searches0, ties0) = work(info), work(sz)
        scale = max(searches / searches0, ties / ties0)
        cands.append((sz["proj_ties"], t * scale))
    return max(cands)[1] if cands else None


def run_full():
    state = load_state()
    tools = ["read floor (wc -l)", "ilonet"] + PEERS
    for size in SIZES:
        edges, nodes, info = generate(size)
        prev_info = state["sizes"].get(size, {})
        state["sizes"][size] = info
        say(f"{size}: {info['rows']} rows -> projection {info['proj_nodes']} nodes, "
            f"{info['proj_ties']} ties; {RUNS} run(s), timeout {TIMEOUT:.0f} s")
        res = {t: {"walls": [], "rss_kb": [], "cpu": [], "timeout": TIMEOUT, "date": now()}
               for t in tools}
        # A peer left out of this run (BENCH_PEERS) keeps its earlier measurement of the same
        # file, with its date: one slow peer can be measured on its own without losing the rest.
        earlier = state["full"].get(size, {})
        same_file = all(prev_info.get(k) == info[k] for k in ("rows", "bytes", "proj_nodes",
                                                               "proj_ties"))
        if same_file:
            for t, r in earlier.items():
                if not t.startswith("_") and t not in res:
                    r.setdefault("date", earlier.get("_date", ""))
                    r["carried"] = True
                    res[t] = r
        active = list(tools)
        res["_date"] = now()
        state["full"][size] = res  # saved after every run: a stopped benchmark keeps its runs
        for t in tools:
            est = None if t.startswith("read floor") else estimate(state, t, info)
            if est is not None and est > 10 * TIMEOUT and not NO_SKIP:
                res[t]["skipped_estimate"] = est
                active.remove(t)
                say(f"{size}: skipping {t}: about {fmt_secs(est)} expected from a smaller size")
        for r in range(RUNS):
            for t in list(active):
                slug = re.sub(r"[^a-z0-9_]+", "_", t.lower()).strip("_")
                out_dir = os.path.join(OUT, size, slug)
                os.makedirs(LOGS, exist_ok=True)
                log = os.path.join(LOGS, f"{size}-{slug}-run{r + 1}.log")
                x = timed(tool_cmd(t, edges, nodes, out_dir), log)
                rr = res[t]
                if x["timed_out"]:
                    rr["timed_out"] = True
                    rr["reached"] = x["last"]
                    active.remove(t)
                    say(f"{size} run {r + 1}: {t}: > {TIMEOUT:.0f} s (last: {x['last']})")
                    save_state(state)
                    continue
                if x["rc"] != 0:
                    rr["failed"] = f"exit {x['rc']}: {x['last']}"
                    active.remove(t)
                    say(f"{size} run {r + 1}: {t}: FAILED {rr['failed']}")
                    save_state(state)
                    continue
                rr["walls"].append(x["wall"])
                rr["rss_kb"].append(x.get("rss_kb", 0))
                rr["cpu"].append(x.get("user", 0) + x.get("sys", 0))
                rr.setdefault("load", []).append(x["load"])
                if t == "ilonet":
                    rr.setdefault("phases", []).append(ilonet_phases(log))
                say(f"{size} run {r + 1}: {t}: {x['wall']:.2f} s, {x.get('rss_kb', 0) / 1024:.0f} MB")
                save_state(state)
                if r == 0 and x["wall"] > ONCE_ABOVE and RUNS > 1:
                    rr["once"] = True
                    active.remove(t)
        ilo_dir = os.path.join(OUT, size, "ilonet")
        for t in PEERS:
            if res[t]["walls"] and res["ilonet"]["walls"]:
                res[t]["agreement"] = compare.compare(ilo_dir, os.path.join(OUT, size, t))
                try:
                    with open(os.path.join(OUT, size, t, "summary.json")) as f:
                        s = json.load(f)
                    res[t]["modularity"] = s.get("modularity")
                    res[t]["clusters"] = s.get("clusters")
                    res[t]["path_sources"] = (s.get("path_measures") or {}).get("sources")
                except (OSError, ValueError):
                    pass
        if res["ilonet"]["walls"]:
            with open(os.path.join(ilo_dir, "summary.json")) as f:
                s = json.load(f)
            res["ilonet"]["modularity"] = s.get("modularity")
            res["ilonet"]["clusters"] = s.get("clusters")
            res["ilonet"]["cluster_tries"] = s.get("cluster_tries")
            res["ilonet"]["path_sources"] = (s.get("path_measures") or {}).get("sources")
            info["analysed_nodes"], info["analysed_ties"] = s.get("nodes"), s.get("edges")
        res["_date"] = now()
        state["full"][size] = res
        save_state(state)
        print_table(size, info, res)
    write_results(state)


def run_paths():
    state = load_state()
    size = PATHS_SIZE
    edges, nodes, info = generate(size)
    state["sizes"][size] = info
    single = dict(ENV, OMP_NUM_THREADS="1")
    variants = [("ilonet", "ilonet", None), ("python_igraph", "python_igraph", None),
                ("graph_tool", "graph_tool (2 threads)", None),
                ("graph_tool", "graph_tool (1 thread)", single)]
    variants = [v for v in variants if v[0] == "ilonet" or v[0] in PEERS]
    res = {label: {"walls": [], "rss_kb": [], "cpu": [], "paths_phase": []}
           for _, label, _ in variants}
    for r in range(RUNS):
        for tool, label, env in variants:
            slug = re.sub(r"[^a-z0-9_]+", "_", label.lower()).strip("_")
            out_dir = os.path.join(OUT, "paths-" + size, slug)
            os.makedirs(LOGS, exist_ok=True)
            log = os.path.join(LOGS, f"paths-{size}-{slug}-run{r + 1}.log")
            x = timed(tool_cmd(tool, edges, nodes, out_dir, paths=True), log, env)
            if x["timed_out"] or x["rc"] != 0:
                res[label]["failed"] = x["last"]
                continue
            res[label]["walls"].append(x["wall"])
            res[label]["rss_kb"].append(x.get("rss_kb", 0))
            res[label]["cpu"].append(x.get("user", 0) + x.get("sys", 0))
            if tool == "ilonet":
                res[label]["paths_phase"].append(ilonet_phases(log).get("centralities"))
            else:
                res[label]["paths_phase"].append(peer_paths_phase(log))
            say(f"paths {size} run {r + 1}: {label}: {x['wall']:.2f} s")
    res["_date"] = now()
    res["_size"] = size
    state["paths"] = res
    save_state(state)
    write_results(state)


def peer_paths_phase(log):
    """Seconds from the peer's projection to the end of its path measures."""
    start = end = None
    for ln in open(log, errors="replace"):
        m = re.search(r"at ([\d.]+) s$", ln.strip())
        if not m:
            continue
        if "projected" in ln or "merged" in ln:
            start = float(m.group(1))
        if "betweenness, closeness, harmonic" in ln:
            end = float(m.group(1))
    return end - start if start is not None and end is not None else None


def now():
    return datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")


def fmt_secs(s):
    if s is None:
        return ""
    if s >= 7200:
        return f"{s / 3600:.0f} h"
    if s >= 600:
        return f"{s / 60:.0f} min"
    return f"{s:.2f} s" if s < 100 else f"{s:.0f} s"


def med(xs):
    return statistics.median(xs) if xs else None


def cell(r, ref):
    """Wall-time cell and ratio cell for one tool."""
    if r.get("skipped_estimate"):
        est = r["skipped_estimate"]
        return (f"not run (about {fmt_secs(est)} expected)",
                f"about {est / ref:.0f}x (estimated)" if ref else "")
    if r.get("timed_out"):
        return f"> {fmt_secs(r['timeout'])} (timeout)", f"> {r['timeout'] / ref:.1f}x" if ref else ""
    if r.get("failed"):
        return f"failed: {r['failed']}", ""
    w = med(r["walls"])
    if w is None:
        return "", ""
    return fmt_secs(w), (f"{w / ref:.2f}x" if ref else "")


def size_rows(size, info, res):
    ref = med(res.get("ilonet", {}).get("walls", []))
    ref_cpu = med(res.get("ilonet", {}).get("cpu", []))
    rows = []
    for t, r in res.items():
        if t.startswith("_"):
            continue
        wall, ratio = cell(r, ref)
        runs = len(r["walls"])
        rss = max(r["rss_kb"]) / 1024 if r["rss_kb"] else None
        cpu = (med(r["cpu"]) / med(r["walls"]) * 100) if r["walls"] and med(r["walls"]) else None
        note = []
        if r.get("carried"):
            note.append(f"measured {r.get('date', '')} in an earlier run (same file)")
        if r.get("remark"):
            note.append(r["remark"])
        if r.get("once"):
            note.append("run once (first run over %.0f s)" % ONCE_ABOVE)
        if r.get("reached"):
            note.append("last phase: " + r["reached"].split(": ", 1)[-1])
        if r.get("path_sources"):
            note.append(f"path measures from {r['path_sources']} sampled sources")
        if r.get("modularity") is not None:
            note.append(f"{r.get('clusters')} clusters, Q {r['modularity']:.4f}")
        c = med(r["cpu"])
        cpu_cells = [fmt_secs(c) if c else "", f"{c / ref_cpu:.2f}x" if c and ref_cpu else ""]
        load = med(r.get("load", []))
        rows.append([size, t, wall, ratio] + cpu_cells + [f"{rss:.0f}" if rss else "",
                     f"{cpu:.0f}%" if cpu else "", f"{load:.1f}" if load else "", str(runs),
                     "; ".join(note)])
    return rows


TABLE_HDR = ["size", "tool", "wall (median)", "wall vs ilonet", "CPU time (median)",
             "CPU vs ilonet", "peak RSS MB", "CPU share", "load avg", "runs", "note"]


def print_table(size, info, res):
    hdr = TABLE_HDR
    rows = [hdr] + size_rows(size, info, res)
    widths = [max(len(r[i]) for r in rows) for i in range(len(hdr))]
    print()
    for r in rows:
        print("  ".join(r[i].ljust(widths[i]) for i in range(len(hdr))).rstrip())
    print()


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def machine():
    cpu = sh("sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1")
    mem = sh("awk '/MemTotal/ {printf \"%.1f GiB\", $2 / 1048576}' /proc/meminfo")
    pk = sh("dpkg-query -W -f='${Package} ${Version}\\n' libigraph-dev python3-igraph "
            "python3-graph-tool python3-networkx python3-numpy python3-scipy python3 2>/dev/null")
    return [f"- CPU: {cpu}, {os.cpu_count()} cores (nproc {sh('nproc')})",
            f"- memory: {mem}; kernel {platform.release()}; {sh('. /etc/os-release; echo $PRETTY_NAME')}",
            f"- {sh(ILONET + ' --version')}, built from "
            + (ENV.get("BENCH_ILONET_REV") or sh("git describe --always --dirty") or "?"),
            "- packages: " + "; ".join(pk.splitlines()),
            "- every process runs under `nice -n 10`; other work may have shared the machine"]


def md_table(hdr, rows):
    out = ["| " + " | ".join(hdr) + " |", "|" + "|".join(" --- " for _ in hdr) + "|"]
    out += ["| " + " | ".join(c.replace("|", "/") for c in r) + " |" for r in rows]
    return out


PEERS_NOTE = [
    "## What is compared", "",
    "Every tool does ilonet analyze's default job: read the CSV files, merge duplicate pairs",
    "(summed weights), project the strictly two-mode data onto the organisations (weight =",
    "shared projects, distance = 1/weight), degree, strength, betweenness, closeness and",
    "harmonic on distances, eigenvector, PageRank, coreness, local clustering, Burt constraint,",
    "the network block (two diameters and the average path length; transitivity,",
    "assortativity, components, centralization), Louvain best of T tries (ilonet's T: 22 at",
    "20k, 5 from 200k), and nodes.csv, clusters.csv, summary.json.", "",
    "Every tool applies ilonet's size rule to the projection (V nodes, E ties): up to",
    "V x E = 1e9 the three path measures are exact, above it estimated from",
    "K = max(100, ceil(1e9 / E)) sources drawn at random (2065 at 200k, 190 at 2M), betweenness",
    "scaled by V / K; above V x E = 1e8 the diameters and average path length come from",
    "min(500, K) sources spread evenly over the nodes (at 20k everything is exact). Each tool",
    "draws its K sources with its own seeded generator (ilonet: igraph's RNG; the peers:",
    "Python's or numpy's), so their estimates differ by sampling noise; the spread sources are",
    "the same nodes in every tool.", "",
    "Differences (details in bench/README.md):", "",
    "- python_igraph: the same igraph 0.10.2 calls; the Louvain seeds differ (Python's",
    "  `random` instead of igraph's RNG). python-igraph 0.10.2 cannot restrict betweenness to",
    "  sources, so the sampled betweenness is Brandes' accumulation in numpy/scipy on igraph's",
    "  Dijkstra distances (which also give closeness and harmonic).",
    "- graph_tool: OpenMP on both cores; no Louvain, so `minimize_blockmodel_dl` with",
    "  `ModularityState` (unweighted modularity in 2.45), best of T by weighted modularity;",
    "  eigenvector by power iteration capped at 1000 iterations; PageRank to a 1e-6 tolerance;",
    "  Burt constraint written with scipy (graph-tool has none); betweenness compares path",
    "  lengths exactly where igraph allows an epsilon (a few nodes differ). Sampled:",
    "  `betweenness(pivots=K sources)`, closeness and harmonic from `shortest_distance` per",
    "  source.",
    "- networkx: pure Python; `louvain_communities`; PageRank to networkx's n x 1e-6 tolerance;",
    "  constraint written out (nx.constraint is worse than cubic per node: one node of degree",
    "  529 took 303 s); betweenness compares path lengths exactly. Sampled:",
    "  `betweenness_centrality(k=K, seed=...)`, closeness and harmonic from",
    "  `single_source_dijkstra_path_length` of the same K sources.", ""]


def write_results(state):
    L = ["# Benchmark results", "",
         "Written by `make bench` / `make bench-paths` (bench/run.py) from the runs kept in",
         "bench/out/results.json; what is measured and what each peer computes: bench/README.md.",
         "Wall time is the whole process (start-up, reading the CSV, writing the outputs),",
         "median of the runs; CPU time = user + sys (the fairer figure on a busy machine for",
         "single-threaded tools; graph-tool uses both cores); CPU share = CPU time / wall; peak",
         "RSS from `/usr/bin/time -v`; load avg = the 1-minute load average when the run",
         "started (2 cores: above 2, other work competed with the benchmark).", "",
         "## Machine", ""] + machine() + [""]
    L += PEERS_NOTE
    if state["full"]:
        L += ["## Whole job: `ilonet analyze EDGES --nodes NODES --out DIR` and the peers", ""]
        sizes = sorted(state["full"], key=rows_of)
        L += ["| size | rows | CSV MB | organisations | projected ties | when |",
              "| --- | --- | --- | --- | --- | --- |"]
        for s in sizes:
            i = state["sizes"][s]
            L.append(f"| {s} | {i['rows']} | {i['bytes'] / 1e6:.1f} | {i['proj_nodes']} | "
                     f"{i['proj_ties']} | {state['full'][s].get('_date', '')} |")
        L += [""]
        rows = []
        for s in sizes:
            rows += size_rows(s, state["sizes"][s], state["full"][s])
        L += md_table(TABLE_HDR, rows)
        L += ["", "ilonet's own phase times (`-v`, median over runs, seconds):", ""]
        prow = []
        keys = ["load", "merge", "project", "centralities", "structure", "clusters", "write"]
        for s in sizes:
            ph = state["full"][s].get("ilonet", {}).get("phases", [])
            if ph:
                prow.append([s] + [f"{med([p.get(k, 0) for p in ph]):.3f}" for k in keys])
        L += md_table(["size"] + keys, prow)
        L += ["", "Agreement with ilonet's nodes.csv: share of nodes within a relative 1e-6 "
              "(largest relative difference); clusters as adjusted Rand index against ilonet's "
              "partition (1 = the same partition). Sampled path measures are two estimates from "
              "different samples: Spearman's rank correlation, the summed absolute difference "
              "over the sum of ilonet's values, and how many of ilonet's top 100 nodes the peer "
              "also has in its top 100 (bench/README.md gives ilonet against itself with "
              "another seed, for scale). `structure:` rows compare summary.json's network "
              "figures:", ""]
        for s_ in sizes:
            peers = [t for t, r in state["full"][s_].items()
                     if not t.startswith("_") and "agreement" in r]
            if not peers:
                continue
            measures = list(state["full"][s_][peers[0]]["agreement"])
            arow = []
            for mname in measures:
                cells = []
                for t in peers:
                    v = state["full"][s_][t]["agreement"].get(mname, "")
                    cells.append(v.replace(" (max rel diff ", " (").replace("ARI ", ""))
                arow.append([mname] + cells)
            L += [f"{s_}:", ""] + md_table(["measure"] + peers, arow) + [""]
        L += [""]
        for s in sizes:
            L += [f"Generator statistics for {s}:", "", "```",
                  state["sizes"][s]["stats"], "```", ""]
    p = state.get("paths")
    if p and p.get("_size"):
        size = p["_size"]
        L += [f"## Paths only: exact betweenness + closeness + harmonic ({size})", "",
              "The peers run with `--only-paths`. ilonet cannot compute only these today, so its",
              "row is the whole `ilonet analyze`; the `paths phase` column is its `-v` time for",
              "the centralities step (the three path measures plus degree, strength,",
              "eigenvector, PageRank and coreness, which take well under 0.1 s together).",
              "For the peers it is the time from the projection to the end of the three measures.",
              f"Measured {p.get('_date', '')}.", ""]
        rows = []
        ref = med(p.get("ilonet", {}).get("paths_phase", []) or [])
        for label, r in p.items():
            if label.startswith("_"):
                continue
            w = med(r["walls"])
            ph = med([x for x in r.get("paths_phase", []) if x is not None])
            cpu = (med(r["cpu"]) / w * 100) if w else None
            rows.append([label, fmt_secs(w) if w else r.get("failed", ""),
                         fmt_secs(ph) if ph else "", f"{ph / ref:.2f}x" if ph and ref else "",
                         f"{max(r['rss_kb']) / 1024:.0f}" if r["rss_kb"] else "",
                         f"{cpu:.0f}%" if cpu else "", str(len(r["walls"]))])
        L += md_table(["tool", "whole process", "paths phase", "phase vs ilonet", "peak RSS MB",
                       "CPU", "runs"], rows)
        L += [""]
    with open(RESULTS, "w") as f:
        f.write("\n".join(L).rstrip() + "\n")
    say(f"wrote {os.path.relpath(RESULTS)}")


def main():
    what = sys.argv[1] if len(sys.argv) > 1 else "full"
    if what == "full":
        run_full()
    elif what == "paths":
        run_paths()
    elif what == "report":
        write_results(load_state())
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()

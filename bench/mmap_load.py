"""RabitqIndex served from the file mapping (issue 15, item 4): load time, first queries vs steady
state, resident memory, and the page cache shared by two processes.

Each measurement runs in a fresh child process on the same index file (hot page cache: the file was
just written or read; the machine is shared, so nothing is evicted on purpose):

  load     RabitqIndex.load(path, mmap=True) vs load(path) (copy): wall and CPU time, RSS after
  first    the first 100 single-vector queries after the mapped load vs the same 100 queries again
           after 1,000 others (steady state): mean wall and CPU µs per query
  rss      RssAnon / RssFile after load, after the first 100 queries and after 1,100
  shared   two processes map the file and run 1,000 queries each; while both are alive each reports
           /proc/self/smaps_rollup: Pss (file pages shared by both count half in each)

    .venv/bin/python bench/mmap_load.py --index /tmp/lakemm/snap/index.rvq [--n 1000000]

Without --index (or if the file is missing) a clustered 1M x 128 index is built once and saved
there. Writes bench/results/mmap-load.json and .md (or --out).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lake_bench import machine  # the same machine description as the lake benchmarks

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, os, sys, time
import numpy as np
import ruvector as rv

def memory():
    out = {}
    for line in open("/proc/self/status"):
        key, _, value = line.partition(":")
        if key in ("VmRSS", "RssAnon", "RssFile"):
            out[key] = int(value.split()[0]) * 1024
    return out

def rollup():
    out = {}
    for line in open("/proc/self/smaps_rollup").read().splitlines()[1:]:
        key, _, value = line.partition(":")
        out[key] = int(value.split()[0]) * 1024
    return out

mode, path, queries_path = sys.argv[1], sys.argv[2], sys.argv[3]
queries = np.load(queries_path)
report = {"before": memory()}
w, c = time.perf_counter(), time.process_time()
index = rv.RabitqIndex.load(path, mmap=(mode != "copy"))
report["load_wall_s"] = time.perf_counter() - w
report["load_cpu_s"] = time.process_time() - c
report["after_load"] = memory()
report["memory_bytes"] = index.memory_bytes
report["mapped_bytes"] = index.mapped_bytes

def run(rows):
    wall, cpu = [], []
    for q in rows:
        w, c = time.perf_counter(), time.thread_time()
        index.search(q, k=10, threads=1)
        cpu.append(1e6 * (time.thread_time() - c))
        wall.append(1e6 * (time.perf_counter() - w))
    return wall, cpu

if mode == "shared":
    run(queries[:1000])
    print("ready", flush=True)
    sys.stdin.readline()
    report["rollup"] = rollup()
else:
    first_wall, first_cpu = run(queries[:100])
    report["after_first_100"] = memory()
    run(queries[100:1100])
    steady = [run(queries[:100]) for _ in range(3)]
    report["after_steady"] = memory()
    report["first_100_wall_us"] = first_wall
    report["first_100_cpu_us"] = first_cpu
    report["steady_wall_us"] = [float(np.mean(s[0])) for s in steady]
    report["steady_cpu_us"] = [float(np.mean(s[1])) for s in steady]
print(json.dumps(report), flush=True)
"""


def child(mode: str, index: Path, queries: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(index), str(queries)], check=True, capture_output=True, text=True
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def shared(index: Path, queries: Path) -> list[dict[str, Any]]:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, "shared", str(index), str(queries)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for p in procs:
        assert p.stdout is not None
        assert p.stdout.readline().strip() == "ready"
    reports = []
    for p in procs:  # both are alive and hold their mappings while each reports
        assert p.stdin is not None
        assert p.stdout is not None
        p.stdin.write("go\n")
        p.stdin.flush()
        reports.append(json.loads(p.stdout.readline()))
    for p in procs:
        p.wait()
    return reports


def ensure_index(path: Path, n: int, queries_path: Path) -> None:
    from datasets import clustered

    import ruvector as rv

    if path.exists() and queries_path.exists():
        return
    base, queries = clustered(n)
    np.save(queries_path, queries)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        rv.RabitqIndex.build(base, seed=42).save(path)


def mib(b: float) -> str:
    return f"{b / 2**20:,.1f}"


def markdown(r: dict[str, Any]) -> str:
    m = r["machine"]
    mapped, copy = r["mapped"], r["copy"]
    first_cpu = statistics.mean(mapped["first_100_cpu_us"])
    first_wall = statistics.mean(mapped["first_100_wall_us"])
    steady_cpu = statistics.median(mapped["steady_cpu_us"])
    steady_wall = statistics.median(mapped["steady_wall_us"])
    out = [
        "# RabitqIndex served from the file mapping",
        "",
        f"`bench/mmap_load.py`, {r['n']:,} x 128 (clustered), index file {mib(r['file_bytes'])} MiB, hot page cache; "
        f"{m['cpu_model']} ({m['logical_cpus']} logical CPUs), shared with other builds: load average "
        f"{m['load_average_start'][0]:.1f} at the start, {r['load_average_end'][0]:.1f} at the end. CPU times are "
        "the process's (load) or the searching thread's (queries); wall times follow the load.",
        "",
        "| load | wall | CPU | RssAnon after | RssFile after | memory_bytes | mapped_bytes |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, x in (("`load(path, mmap=True)`", mapped), ("`load(path)` (copy)", copy)):
        out.append(
            f"| {name} | {1e3 * x['load_wall_s']:,.1f} ms | {1e3 * x['load_cpu_s']:,.1f} ms | "
            f"{mib(x['after_load']['RssAnon'] - x['before']['RssAnon'])} MiB | "
            f"{mib(x['after_load']['RssFile'] - x['before']['RssFile'])} MiB | {mib(x['memory_bytes'])} MiB | "
            f"{mib(x['mapped_bytes'])} MiB |"
        )
    out += [
        "",
        "| mapped index, k = 10, 1 thread | mean CPU µs / query | mean wall µs / query |",
        "|---|---:|---:|",
        f"| first 100 queries after load | {first_cpu:,.0f} | {first_wall:,.0f} |",
        f"| the same 100 after 1,000 others (median of 3) | {steady_cpu:,.0f} | {steady_wall:,.0f} |",
        f"| **first / steady** | **{first_cpu / steady_cpu:.2f}x** | {first_wall / steady_wall:.2f}x |",
        "",
        "| mapped index: resident set growth | RssAnon | RssFile |",
        "|---|---:|---:|",
    ]
    for label, key in (
        ("after load", "after_load"),
        ("after the first 100 queries", "after_first_100"),
        ("after 1,400 queries", "after_steady"),
    ):
        out.append(
            f"| {label} | {mib(mapped[key]['RssAnon'] - mapped['before']['RssAnon'])} MiB | "
            f"{mib(mapped[key]['RssFile'] - mapped['before']['RssFile'])} MiB |"
        )
    out += [
        "",
        "Two processes, each mapping the file and having run 1,000 queries, measured while both are alive "
        "(/proc/self/smaps_rollup; the interpreter and numpy are in these figures too):",
        "",
        "| process | Rss | Pss | Rss file-backed | Pss file-backed | Shared_Clean |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for i, s in enumerate(r["shared"]):
        ro = s["rollup"]
        rss_file = ro["Rss"] - ro.get("Pss_Anon", 0) - ro.get("Pss_Shmem", 0)
        out.append(
            f"| {i + 1} | {mib(ro['Rss'])} MiB | {mib(ro['Pss'])} MiB | {mib(rss_file)} MiB | "
            f"{mib(ro.get('Pss_File', 0))} MiB | {mib(ro['Shared_Clean'])} MiB |"
        )
    out += [
        "",
        "Pss counts a page shared by two processes half in each: the index's file pages touched by both "
        "are in the page cache once. Rss file-backed is Rss minus the (unshared) anonymous part.",
        "",
    ]
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", default="/tmp/lakemm/snap/index.rvq")
    ap.add_argument("--queries", default="/tmp/lakemm/queries.npy")
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results"))
    args = ap.parse_args()
    index, queries = Path(args.index), Path(args.queries)
    ensure_index(index, args.n, queries)
    result: dict[str, Any] = {"machine": machine(), "n": args.n, "file_bytes": index.stat().st_size}
    result["mapped"] = child("mapped", index, queries)
    result["copy"] = child("copy", index, queries)
    result["shared"] = shared(index, queries)
    result["load_average_end"] = os.getloadavg()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "mmap-load.json").write_text(json.dumps(result, indent=1) + "\n")
    (out / "mmap-load.md").write_text(markdown(result))
    print(markdown(result))


if __name__ == "__main__":
    main()

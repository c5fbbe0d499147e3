"""ruLake benchmarks (issue 10, item 10), one run, ratios taken inside it (the machine is shared):

  tax         time per query of lake.search under Fresh / Eventual / Frozen over the direct
              RabitqIndex.search with the same build (clustered, D=128, k=10, rerank x20, 300
              single-vector queries; one lake whose key's mode is switched round by round, the
              modes and the direct index interleaved, median of --rounds rounds: 31, since one round
              at 100k lasts ~15 ms and 7 left the ratios +-10 % from run to run), at each --tax-n
  federation  a collection split over 1 / 2 / 4 LocalBackend collections searched with
              search_federated: recall@10 against exact k-NN, and QPS (one query per call)
  warm        cold prime (pull + build) vs warm_from_dir of a save_cache_to_dir snapshot (with the
              content-witness and index-root checks), then --warm-loads separate warm loads (each a
              new Lake): the median load time, and the median of their first searches (each load's
              first query, a different query per load) against the steady-state median
  async       100 concurrent search_async calls (one query each, one asyncio.gather) against one
              sync search, under asyncio and uvloop, at 500 x 16 and 100k x 128 (Gaussian), in memory
              and behind a generation check with a 2 ms round trip

Upstream's published figures (crates/ruvector-rulake/README.md of ruvnet/ruvector, "Benchmarks",
Ryzen-class laptop) are written beside ours in the Markdown.

    .venv/bin/python bench/lake_bench.py [--tax-n 100000,1000000] [--fed-n 100000] [--warm-n 1000000]
        [--warm-loads 15] [--rounds 31] [--only tax,fed,warm,async]

Writes bench/results/lake.json and bench/results/lake.md (or --out); with --only, the parts not run
keep their figures from the lake.json already there.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

import ruvector as rv

sys.path.insert(0, str(Path(__file__).resolve().parent))
from datasets import clustered, exact_knn

ROOT = Path(__file__).resolve().parents[1]
K = 10
QUERIES = 300

# Upstream ruLake's published figures (README "Benchmarks": rulake-demo, clustered D=128, rerank x20).
UPSTREAM = {
    "tax_100k_qps": {"direct": 2975, "fresh": 3020, "eventual": 2963, "tax": "1.00x"},
    "federation_100k_8_clients_qps": {"1": 23681, "2": 28971, "4": 33094},
    "federation_recall": "recall@10 >= 85% at 2 and 4 shards under adaptive per-shard rerank (rf/S, floor 5)",
    "source": "github.com/ruvnet/ruvector crates/ruvector-rulake/README.md (read via the mirror "
    "ncsound919/ruvector@87c6ef2)",
}


def machine() -> dict[str, Any]:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next((ln.split(":", 1)[1].strip() for ln in cpuinfo.splitlines() if ln.startswith("model name")), "")
    return {
        "cpu_model": model,
        "logical_cpus": os.cpu_count(),
        "load_average_start": os.getloadavg(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "ruvector": rv.__version__,
    }


def per_query_us(search: Any, queries: np.ndarray) -> float:
    t0 = time.perf_counter()
    for q in queries:
        search(q)
    return 1e6 * (time.perf_counter() - t0) / len(queries)


def tax(n: int, rounds: int) -> dict[str, Any]:
    base, queries = clustered(n)
    queries = queries[:QUERIES]
    ids = np.arange(n, dtype=np.uint64)
    direct = rv.RabitqIndex.build(base, ids=ids, seed=42, rerank_factor=20)
    backend = rv.LocalBackend("mem")
    backend.put_collection("docs", base, ids)
    del base
    # One lake, one build (two indexes of 1M fit where four would not): the key's consistency mode
    # is switched before each mode's round; the switch costs nothing per search.
    lake = rv.Lake()
    lake.register(backend)
    lake.prime("mem", "docs")
    modes: dict[str, Any] = {"fresh": "fresh", "eventual": rv.Eventual(ttl_ms=60_000), "frozen": "frozen"}

    def lake_search(q: np.ndarray) -> None:
        lake.search("mem", "docs", q, k=K)

    # Same answers: the lake's index is built exactly as the direct one.
    want = direct.search(queries, k=K)[0]
    assert np.array_equal(lake.search("mem", "docs", queries, k=K)[0], want)
    samples: dict[str, list[float]] = {name: [] for name in ("direct", *modes)}
    for round_number in range(rounds + 1):  # round 0 warms up and is dropped
        for name in samples:
            if name == "direct":
                us = per_query_us(lambda q: direct.search(q, k=K), queries)
            else:
                lake.set_consistency("mem", "docs", modes[name])
                lake.search("mem", "docs", queries[0], k=K)  # Eventual's first check after the switch
                us = per_query_us(lake_search, queries)
            if round_number:
                samples[name].append(us)
    median = {name: statistics.median(v) for name, v in samples.items()}
    return {
        "n": n,
        "dim": 128,
        "queries": len(queries),
        "rounds": rounds,
        "us_per_query_median": median,
        "us_per_query_samples": samples,
        "tax_vs_direct": {mode: median[mode] / median["direct"] for mode in modes},
        "lake_stats": lake.stats(),
    }


def federation(n: int) -> dict[str, Any]:
    base, queries = clustered(n)
    queries = queries[:QUERIES]
    truth, _ = exact_knn(base, queries, k=K)
    ids = np.arange(n, dtype=np.uint64)
    rows: list[dict[str, Any]] = []
    # Each shard calibrates its own defaults on its own lists, or all search the union's lists with its
    # defaults (train_partition + set_partition: the same per-query budget as the one index).
    for shards, one_partition in ((1, False), (2, False), (4, False), (2, True), (4, True)):
        backend = rv.LocalBackend("mem")
        targets = []
        for s in range(shards):
            part = slice(s, None, shards)
            backend.put_collection(f"shard{s}", np.ascontiguousarray(base[part]), ids[part])
            targets.append(("mem", f"shard{s}"))
        lake = rv.Lake("frozen")
        lake.register(backend)
        if one_partition:
            partition = lake.train_partition(base)
            for t in targets:
                lake.set_partition(*t, partition)
        t0 = time.perf_counter()
        for t in targets:
            lake.prime(*t)
        prime_s = time.perf_counter() - t0
        found = lake.search_federated(targets, queries, k=K)[0]
        recall = float(np.mean([len(set(found[i].tolist()) & set(truth[i].tolist())) / K for i in range(len(queries))]))

        def one(q: np.ndarray, lake: rv.Lake = lake, targets: list[tuple[str, str]] = targets) -> None:
            lake.search_federated(targets, q, k=K)

        per_query_us(one, queries[:50])
        us = statistics.median(per_query_us(one, queries) for _ in range(3))
        rows.append(
            {
                "shards": shards,
                "one_partition": one_partition,
                "recall_at_10": recall,
                "us_per_query": us,
                "qps_one_client": 1e6 / us,
                "prime_s_sequential": prime_s,
            }
        )
    return {"n": n, "dim": 128, "queries": len(queries), "rows": rows}


def warm(n: int, loads: int, steady_queries: int = 200) -> dict[str, Any]:
    base, queries = clustered(n)
    ids = np.arange(n, dtype=np.uint64) + np.uint64(2**63)
    backend = rv.LocalBackend("mem")
    backend.put_collection("docs", base, ids)
    del base
    cold = rv.Lake("frozen")
    cold.register(backend)
    t0 = time.perf_counter()
    cold.prime("mem", "docs")
    cold_s = time.perf_counter() - t0
    with tempfile.TemporaryDirectory(dir=os.environ.get("RV_BENCH_TMP")) as tmp:
        snap = Path(tmp) / "snap"
        t0 = time.perf_counter()
        cold.save_cache_to_dir(("mem", "docs"), snap)
        save_s = time.perf_counter() - t0
        index_bytes = (snap / "index.rvq").stat().st_size
        del cold
        # One first search per warm load is one sample of a cold-cache effect; take several loads,
        # each a new Lake (the old one dropped first), each answering a query no load saw before.
        # CPU time of the calling thread (the search runs on it) and its minor page faults beside the
        # wall clock: on a shared machine they do not count the time other processes hold the CPU.
        load_s: list[float] = []
        first: list[float] = []
        first_cpu: list[float] = []
        first_faults: list[int] = []
        for load in range(loads):
            warm_lake = rv.Lake("frozen")
            t0 = time.perf_counter()
            count = warm_lake.warm_from_dir(("mem", "docs"), snap)
            load_s.append(time.perf_counter() - t0)
            assert count == n
            faults0 = resource.getrusage(resource.RUSAGE_THREAD).ru_minflt
            c0 = time.thread_time()
            t0 = time.perf_counter()
            warm_lake.search("mem", "docs", queries[load], k=K)
            first.append(1e6 * (time.perf_counter() - t0))
            first_cpu.append(1e6 * (time.thread_time() - c0))
            first_faults.append(resource.getrusage(resource.RUSAGE_THREAD).ru_minflt - faults0)
            if load < loads - 1:
                del warm_lake
        steady_batch = queries[loads : loads + steady_queries]
        steady: list[float] = []
        steady_cpu: list[float] = []
        for _ in range(3):
            c0 = time.thread_time()
            steady.append(per_query_us(lambda q: warm_lake.search("mem", "docs", q, k=K), steady_batch))
            steady_cpu.append(1e6 * (time.thread_time() - c0) / len(steady_batch))
        t0 = time.perf_counter()
        info = rv.witness.read_bundle(snap)
        read_bundle_s = time.perf_counter() - t0
        assert info.content_witness.count == n
    steady_us = statistics.median(steady)
    warm_s = statistics.median(load_s)
    first_us = statistics.median(first)
    first_cpu_us = statistics.median(first_cpu)
    steady_cpu_us = statistics.median(steady_cpu)
    return {
        "n": n,
        "dim": 128,
        "index_bytes": index_bytes,
        "cold_prime_s": cold_s,
        "save_s": save_s,
        "warm_loads": loads,
        "warm_load_s": warm_s,
        "warm_load_s_samples": load_s,
        "warm_speedup": cold_s / warm_s,
        "first_search_us": first_us,
        "first_search_us_samples": first,
        "steady_search_us": steady_us,
        "first_over_steady": first_us / steady_us,
        "first_search_cpu_us": first_cpu_us,
        "first_search_cpu_us_samples": first_cpu,
        "first_search_minor_faults": first_faults,
        "steady_search_cpu_us": steady_cpu_us,
        "first_over_steady_cpu": first_cpu_us / steady_cpu_us,
        "read_bundle_s": read_bundle_s,
        "read_bundle_gb_s": index_bytes / read_bundle_s / 1e9,
    }


def concurrent_async(cases: list[tuple[int, int, float]], rounds: int = 7) -> list[dict[str, Any]]:
    """Issue 10 item 8's figure: 100 concurrent ``search_async`` calls of one query each, in one
    ``asyncio.gather``, against one sync ``search`` of one query (and 100 of them in a row, and the
    100 as one matrix), under asyncio and uvloop; medians of ``rounds`` rounds, on a Fresh lake. A case
    is (n, dim, round trip ms): 0 is a LocalBackend; otherwise a Python backend whose generation
    check (every Fresh search makes one) takes that long, like a store across a network."""
    return [concurrent_async_at(n, dim, trip, rounds) for n, dim, trip in cases]


def concurrent_async_at(n: int, dim: int, round_trip_ms: float, rounds: int) -> dict[str, Any]:
    import asyncio

    rng = np.random.default_rng(17)
    base = rng.normal(size=(n, dim)).astype(np.float32)
    ids = np.arange(n, dtype=np.uint64)
    backend: rv.Backend | rv.LocalBackend
    if round_trip_ms:

        class Distant(rv.Backend):
            def list_collections(self) -> list[str]:
                return ["docs"]

            def pull(self, collection: str) -> tuple[Any, Any, int]:
                return ids, base, 1

            def generation(self, collection: str) -> int:
                time.sleep(round_trip_ms / 1000)
                return 1

            def dim(self, collection: str) -> int:
                return dim

        backend = Distant("mem")
    else:
        local = rv.LocalBackend("mem")
        local.put_collection("docs", base, ids)
        backend = local
    lake = rv.Lake()
    lake.register(backend)
    lake.prime("mem", "docs")
    queries = base[:100] + np.float32(0.01)

    def search(q: np.ndarray) -> None:
        lake.search("mem", "docs", q, k=K)

    per_query_us(search, queries)  # warms up
    sequential = statistics.median(per_query_us(search, queries) for _ in range(rounds))
    # The 100 queries as one (100, dim) matrix: one call per "query" of per_query_us.
    batch = statistics.median(per_query_us(search, queries[None]) for _ in range(rounds))

    async def gathered() -> tuple[float, int, int]:
        samples = []
        batches_before, searches_before = lake._impl.coalesced_counts()
        for _ in range(rounds + 1):  # the first warms up and is dropped
            t0 = time.perf_counter()
            await asyncio.gather(*[lake.search_async("mem", "docs", q, k=K) for q in queries])
            samples.append(1e6 * (time.perf_counter() - t0))
        batches, searches = lake._impl.coalesced_counts()
        return statistics.median(samples[1:]), batches - batches_before, searches - searches_before

    row: dict[str, Any] = {
        "n": n,
        "dim": dim,
        "round_trip_ms": round_trip_ms,
        "one_sync_search_us": sequential,
        "sync_batch_of_100_us": batch,
    }
    loops: dict[str, Any] = {"asyncio": asyncio.run}
    try:
        import uvloop

        loops["uvloop"] = uvloop.run
    except ImportError:  # optional: asyncio alone then
        pass
    for name, run in loops.items():
        us, batches, searches = run(gathered())
        row[name] = {
            "gather_100_us": us,
            "x_one_sync_search": us / sequential,
            "x_100_sync_searches": us / (100 * sequential),
            "x_sync_batch_of_100": us / batch,
            "core_batches_per_gather": batches / (rounds + 1),
            "searches_per_core_batch": searches / batches,
        }
    return row


PARTS = {"tax": "tax", "fed": "federation", "warm": "warm", "async": "async"}  # --only name -> result key


def markdown(result: dict[str, Any]) -> str:
    runs = result["runs"]
    m = next(iter(runs.values()))["machine"]
    out = [
        "# ruLake benchmarks",
        "",
        f"`bench/lake_bench.py` on {m['cpu_model']} ({m['logical_cpus']} logical CPUs). Each part's run (a part "
        "re-run with `--only` replaces only its own figures):",
        "",
    ]
    for key, run in runs.items():
        out.append(
            f"- {key}: {run['utc']}, load average {run['machine']['load_average_start'][0]:.1f} at the start, "
            f"{run['load_average_end'][0]:.1f} at the end"
        )
    out += ["", "Absolute times are noisy; the ratios compare figures taken in the same run.", ""]
    for t in result.get("tax", []):
        med = t["us_per_query_median"]
        out += [
            f"## Lake tax over the direct index (n = {t['n']:,}, D = 128, k = 10, rerank x20, "
            f"{t['queries']} single-vector queries, median of {t['rounds']} interleaved rounds)",
            "",
            "| path | µs / query | x direct | upstream QPS (its laptop) |",
            "|---|---:|---:|---:|",
            f"| direct `RabitqIndex.search` | {med['direct']:.1f} | 1.00 | {UPSTREAM['tax_100k_qps']['direct']:,} |",
        ]
        for mode in ("fresh", "eventual", "frozen"):
            up = UPSTREAM["tax_100k_qps"].get(mode)
            out.append(
                f"| lake `{mode}` | {med[mode]:.1f} | {t['tax_vs_direct'][mode]:.3f} | "
                f"{'' if up is None else f'{up:,}'} |"
            )
        out += ["", "The lake answers with exactly the direct index's ids (checked before timing).", ""]
    if "federation" in result:
        f = result["federation"]
        out += [
            f"## Federation (n = {f['n']:,} split round-robin over S collections, {f['queries']} queries, one client)",
            "",
            "| shards | lists and defaults | recall@10 | µs / query | QPS | upstream QPS (8 clients, rf/S rerank) |",
            "|---:|---|---:|---:|---:|---:|",
        ]
        for r in f["rows"]:
            up = UPSTREAM["federation_100k_8_clients_qps"][str(r["shards"])]
            lists = "the union's (train_partition)" if r.get("one_partition") else "each shard's own"
            out.append(
                f"| {r['shards']} | {lists} | {r['recall_at_10']:.4f} | {r['us_per_query']:.1f} | "
                f"{r['qps_one_client']:,.0f} | {up:,} |"
            )
        out += [
            "",
            "Every shard reranks with the full budget (rerank x20 of k). Shards in the union's partition "
            "(lake.train_partition + set_partition) probe the lists the one index probes, with its calibrated "
            "defaults: recall equals the one index's at every S. Shards that calibrate their own lists each reach "
            "R@10 >= 0.95 on their own data, not necessarily the one index's recall; "
            f"upstream: {UPSTREAM['federation_recall']}.",
            "",
        ]
    if "warm" in result:
        w = result["warm"]
        out += [
            f"## Warm restart vs cold prime (n = {w['n']:,}, D = 128, index file {w['index_bytes'] / 1e6:,.0f} MB)",
            "",
            "| measurement | value |",
            "|---|---:|",
            f"| cold prime (pull + build) | {w['cold_prime_s']:.2f} s |",
            f"| save_cache_to_dir (serialize, content witness, index root, atomic dir) | {w['save_s']:.2f} s |",
            f"| warm_from_dir (root + load + content witness + id checks; median of {w['warm_loads']} loads) | "
            f"{w['warm_load_s']:.2f} s |",
            f"| **warm speed-up** | **{w['warm_speedup']:.1f}x** |",
            f"| first search after a warm load (median over the {w['warm_loads']} loads, one query each) | "
            f"{w['first_search_us']:.0f} µs |",
            f"| steady-state search (median of 3 x 200) | {w['steady_search_us']:.0f} µs |",
            f"| **first / steady** | **{w['first_over_steady']:.2f}x** |",
            f"| the same in CPU time of the searching thread: first / steady | {w['first_search_cpu_us']:.0f} / "
            f"{w['steady_search_cpu_us']:.0f} µs = {w['first_over_steady_cpu']:.2f}x |",
            f"| minor page faults in each first search | {', '.join(map(str, w['first_search_minor_faults']))} |",
            f"| rv.witness.read_bundle (streaming check, no load) | {w['read_bundle_s']:.2f} s "
            f"({w['read_bundle_gb_s']:.2f} GB/s) |",
            "",
        ]
    if "async" in result:
        out += [
            "## 100 concurrent search_async vs one sync search (Fresh lake, k = 10)",
            "",
            "| n x D | generation check | loop | one sync search µs | the 100 queries in one sync search µs | "
            "100 concurrent (one gather) µs | x one sync search | x 100 sync searches in a row | "
            "x the 100 in one sync search | core batches per gather |",
            "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in result["async"]:
            check = f"{r['round_trip_ms']:g} ms round trip" if r.get("round_trip_ms") else "in memory"
            for loop in ("asyncio", "uvloop"):
                if loop in r:
                    a = r[loop]
                    out.append(
                        f"| {r['n']:,} x {r['dim']} | {check} | {loop} | {r['one_sync_search_us']:,.1f} | "
                        f"{r['sync_batch_of_100_us']:,.0f} | {a['gather_100_us']:,.0f} | "
                        f"{a['x_one_sync_search']:.1f} | {a['x_100_sync_searches']:.2f} | "
                        f"{a['x_sync_batch_of_100']:.2f} | {a.get('core_batches_per_gather', float('nan')):.1f} |"
                    )
        out += [
            "",
            "Concurrent search_async calls of one collection queue in the core while a batch runs and go as the "
            "next batch (src/ruvector/lake/search_coalescer.hpp): one coherence check and one core call for all. "
            "Where a search's time is its Fresh check (a backend across a network), 100 concurrent calls cost "
            "about two checks. In memory, the 100 searches are 100 searches of work: the floor is the same rows in "
            "one sync call (the x the 100 in one sync search column), not 10x one search on 2 cores.",
            "",
        ]
    out += [f"Upstream figures: {UPSTREAM['source']}.", ""]
    return "\n".join(out)


def previous_results(path: Path) -> dict[str, Any]:
    """The results file as it is, with a "runs" record per part (files written before parts were
    recorded separately share their one machine record and end load)."""
    if not path.exists():
        return {}
    result: dict[str, Any] = json.loads(path.read_text())
    if "runs" not in result and "machine" in result:
        shared = {"utc": "an earlier run", "machine": result["machine"], "load_average_end": result["load_average_end"]}
        result["runs"] = {key: shared for key in PARTS.values() if key in result}
    result.pop("machine", None)
    result.pop("load_average_end", None)
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tax-n", default="100000,1000000", help="comma-separated sizes")
    ap.add_argument("--fed-n", type=int, default=100_000)
    ap.add_argument("--warm-n", type=int, default=1_000_000)
    ap.add_argument("--warm-loads", type=int, default=15)
    ap.add_argument("--rounds", type=int, default=31)
    ap.add_argument("--only", default="tax,fed,warm,async")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results"))
    args = ap.parse_args()
    parts = set(args.only.split(","))
    unknown = parts - set(PARTS)
    if unknown:
        ap.error(f"--only takes {','.join(PARTS)}, got {','.join(sorted(unknown))}")
    out = Path(args.out)
    # The parts not run now keep the figures (and run conditions) of the file already there.
    result = previous_results(out / "lake.json")
    result["upstream"] = UPSTREAM
    runs: dict[str, Any] = result.setdefault("runs", {})
    for part in (p for p in PARTS if p in parts):
        started = machine()
        utc = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        if part == "tax":
            result["tax"] = []
            for n in (int(size) for size in args.tax_n.split(",")):
                result["tax"].append(tax(n, args.rounds))
                print(n, json.dumps(result["tax"][-1]["tax_vs_direct"]), flush=True)
        elif part == "fed":
            result["federation"] = federation(args.fed_n)
            print(json.dumps(result["federation"]["rows"]), flush=True)
        elif part == "async":
            result["async"] = concurrent_async([(500, 16, 0), (500, 16, 2), (100_000, 128, 0), (100_000, 128, 2)])
            print(json.dumps(result["async"]), flush=True)
        else:
            result["warm"] = warm(args.warm_n, args.warm_loads)
            print(json.dumps(result["warm"]), flush=True)
        runs[PARTS[part]] = {"utc": utc, "machine": started, "load_average_end": os.getloadavg()}
    result["runs"] = {key: runs[key] for key in PARTS.values() if key in runs and key in result}
    out.mkdir(parents=True, exist_ok=True)
    (out / "lake.json").write_text(json.dumps(result, indent=1) + "\n")
    (out / "lake.md").write_text(markdown(result))
    print(markdown(result))


if __name__ == "__main__":
    main()

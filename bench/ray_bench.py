"""Scale-out on Ray (issue 14, item 4), one run, ratios taken inside it (the machine is shared):

  per shard count S in 1 / 2 / 4 (ShardedLake on a local Ray cluster, one actor per shard, one
  search thread per shard):
    build       ShardedLake.create: pull, split by the core's ShardMap, parallel build + publish
    recall@10   against exact k-NN, beside one in-process index over all rows at the same budget
                (default nprobe and rerank factor); the shards are built in that index's partition
                (Lake.train_partition), so per query the merged top 10 is never farther than its
    exact row   every list probed, every row reranked: the ids must equal exact k-NN and the one index
    QPS         batch 1 (one query per call, sequential) and batch 1,000 (one call per shard)
    Ray tax     time per query of ShardedLake.search over Lake.search_federated in-process on the
                same split (same per-shard indexes, same merge)
  memory        bytes per vector of a cached index by vector store (f32 / f16 / none), from
                Lake.cache_bytes, for the 100M / 1B estimate written into the Markdown

    .venv/bin/python bench/ray_bench.py [--n 1000000] [--shards 1,2,4] [--cpus 2]

The issue's target is n = 1,000,000; on a loaded 2-core machine run --n 100000 and say so.
Writes bench/results/ray-<n>.json and .md (or --out).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import ray

import ruvector as rv
from ruvector.lake import ShardMap

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lake_bench
from datasets import clustered, exact_knn

ROOT = Path(__file__).resolve().parents[1]
K = 10
SINGLE_QUERIES = 200
BATCH = 1000
EVERY_LIST = 1 << 24  # nprobe above nlist probes every list
EXACT_QUERIES = 100  # the every-list row reranks every row: ~n distances per query


def machine() -> dict[str, Any]:
    return {**lake_bench.machine(), "ray": ray.__version__}


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([len(set(found[i].tolist()) & set(truth[i].tolist())) / K for i in range(len(truth))]))


def us_per_query(search: Any, queries: np.ndarray, rounds: int = 3) -> float:
    samples = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for q in queries:
            search(q)
        samples.append(1e6 * (time.perf_counter() - t0) / len(queries))
    return statistics.median(samples)


def batch_qps(search: Any, queries: np.ndarray, rounds: int = 3) -> float:
    samples = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        search(queries)
        samples.append(len(queries) / (time.perf_counter() - t0))
    return statistics.median(samples)


def every_row(n: int) -> float:
    """The rerank factor that reranks all n rows for k = K (rerank_factor * k candidates; the core caps
    the factor at 1e6, so not n itself)."""
    return float(math.ceil(n / K))


def per_query_recall(found: np.ndarray, truth: np.ndarray) -> np.ndarray:
    return np.array([len(set(found[i].tolist()) & set(truth[i].tolist())) for i in range(len(truth))])


def in_process_split(ids: np.ndarray, base: np.ndarray, shard_map: ShardMap) -> tuple[rv.Lake, list[tuple[str, str]]]:
    """The split ShardedLake makes, in one process: each part built in the union's partition."""
    lake = rv.Lake("frozen", threads=shard_map.shards)
    partition = lake.train_partition(base)
    home = shard_map.assign(ids)
    targets = []
    for s in range(shard_map.shards):
        part = rv.LocalBackend(f"s{s}")
        rows = np.flatnonzero(home == s)
        part.put_collection("docs", base[rows], ids[rows])
        lake.register(part)
        lake.set_partition(f"s{s}", "docs", partition)
        lake.prime(f"s{s}", "docs")
        targets.append((f"s{s}", "docs"))
    return lake, targets


def sharded_row(
    shards: int,
    source: rv.LocalBackend,
    ids: np.ndarray,
    base: np.ndarray,
    queries: np.ndarray,
    truth: np.ndarray,
    single: dict[str, np.ndarray],
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(dir=os.environ.get("RV_BENCH_TMP")) as root:
        t0 = time.perf_counter()
        sharded = rv.ray.ShardedLake.create(shards, backend=source, collection="docs", root=root, consistency="frozen")
        build_s = time.perf_counter() - t0
        try:
            got = sharded.search(queries, K)
            local, targets = in_process_split(ids, base, sharded.shard_map)
            want_ids, want_dists, _ = local.search_federated(targets, queries, K)
            same_as_in_process = bool(np.array_equal(got.ids, want_ids) and np.array_equal(got.distances, want_dists))
            exact = sharded.search(queries[:EXACT_QUERIES], K, nprobe=EVERY_LIST, rerank_factor=every_row(len(ids)))
            singles = queries[:SINGLE_QUERIES]
            ray_us = us_per_query(lambda q: sharded.search(q, K), singles)
            local_us = us_per_query(lambda q: local.search_federated(targets, q, K), singles)
            ray_batch = batch_qps(lambda qs: sharded.search(qs, K), queries[:BATCH])
            local_batch = batch_qps(lambda qs: local.search_federated(targets, qs, K), queries[:BATCH])
            rows = [info["rows"] for info in sharded.info()]
        finally:
            sharded.close()
    return {
        "shards": shards,
        "rows_per_shard": rows,
        "build_s": build_s,
        "recall_at_10": recall(got.ids, truth),
        "queries_below_single_index": int((per_query_recall(got.ids, truth) < single["recall"]).sum()),
        "queries_farther_than_single_index": int((got.distances > single["distances"]).any(axis=1).sum()),
        "queries_with_single_index_ids": int((got.ids == single["ids"]).all(axis=1).sum()),
        "every_list_ids_equal_exact": bool(np.array_equal(exact.ids.astype(np.int64), truth[:EXACT_QUERIES])),
        "every_list_ids_equal_single_index": bool(np.array_equal(exact.ids, single["every_list_ids"])),
        "same_as_in_process_federation": same_as_in_process,
        "batch1_us_per_query": ray_us,
        "batch1_qps": 1e6 / ray_us,
        "batch1000_qps": ray_batch,
        "in_process_batch1_us_per_query": local_us,
        "in_process_batch1000_qps": local_batch,
        "ray_overhead_us_per_call": ray_us - local_us,
    }


def memory_per_vector(base: np.ndarray, ids: np.ndarray) -> dict[str, float]:
    out = {}
    source = rv.LocalBackend("mem")
    source.put_collection("docs", base, ids)
    for store in ("f32", "f16", "none"):
        lake = rv.Lake("frozen", store=store)  # type: ignore[arg-type]
        lake.register(source)
        lake.prime("mem", "docs")
        out[store] = lake.cache_bytes / len(ids)
    return out


def estimate(result: dict[str, Any]) -> list[str]:
    """Shards and machines for 100M / 1B vectors from the measured bytes per vector and per-core rate."""
    mem = result["bytes_per_vector"]
    one = next(r for r in result["rows"] if r["shards"] == 1)
    n = result["n"]
    ram_per_machine = 64e9  # usable for indexes on a 128 GB box (the rest: OS, Ray object store, headroom)
    rows_per_shard_cap = 25e6  # keeps a shard's cold prime and warm load in minutes, not hours
    lines = [
        "## Estimate for 100M and 1B vectors (D = 128)",
        "",
        f"Assumptions: {ram_per_machine / 1e9:.0f} GB of each machine's RAM for indexes; at most "
        f"{rows_per_shard_cap / 1e6:.0f}M rows per shard; one search thread per shard. Per-core speed is this run's "
        f"1-shard batch QPS at n = {n:,} ({one['batch1000_qps']:,.0f} queries/s on one core). Past ~65k rows the "
        "automatic IVF settings probe 1/128 of the lists (nlist ≈ 4√R, nprobe = nlist / 128), so a query scans "
        "about R / 128 codes and a shard of R rows answers about that rate * n / R (pessimistic: the rerank "
        "and the list choice grow slower).",
        "",
        "| vectors | store | bytes / vector | RAM total | shards | machines (RAM) | queries/s per shard (est.) |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for total in (100e6, 1e9):
        for store in ("f32", "f16", "none"):
            per = mem[store]
            ram = total * per
            shards = max(math.ceil(total / rows_per_shard_cap), math.ceil(ram / ram_per_machine))
            machines = math.ceil(ram / ram_per_machine)
            rows = total / shards
            qps = one["batch1000_qps"] * n / rows
            lines.append(
                f"| {total / 1e6:,.0f}M | {store} | {per:,.0f} | {ram / 1e9:,.0f} GB | {shards} | {machines} | "
                f"{qps:,.0f} |"
            )
    lines += [
        "",
        "A query touches every shard, so the cluster's QPS is about one shard's QPS times the replicas of the "
        "shard set (ShardedLake has one replica today), and adding shards buys capacity, not speed. `store=none` "
        "keeps no vectors for the rerank, so its recall is lower: use it only where the recall was measured.",
        "",
    ]
    return lines


def markdown(result: dict[str, Any]) -> str:
    m = result["machine"]
    out = [
        f"# Scale-out on Ray (n = {result['n']:,}, D = 128)",
        "",
        f"`bench/ray_bench.py --n {result['n']}`, one run on {m['cpu_model']} ({m['logical_cpus']} logical CPUs, "
        f"Ray {m['ray']} local cluster with {result['cpus']} CPUs), shared with other builds: load average "
        f"{m['load_average_start'][0]:.1f} at the start, {result['load_average_end'][0]:.1f} at the end. "
        "Absolute times are noisy; compare figures within the run.",
        "",
        f"Exact-k-NN recall@10 of one in-process index over all rows at the same budget (its default nprobe, "
        f"rerank x20): **{result['single_index_recall_at_10']:.4f}**; probing every list and reranking every row it "
        f"returns exact k-NN: {'yes' if result['single_index_every_list_equals_exact'] else 'NO'} "
        f"(the `every list` columns: the first {EXACT_QUERIES} queries).",
        "",
        "Recall per shard count, against that one index (the shards are built in its partition, so per query "
        "the merged top 10 must never be farther, and no query's recall lower):",
        "",
        "| shards | recall@10 | queries below one index | queries farther than one index "
        "| queries with its ids | every list: = exact k-NN | every list: = one index |",
        "|---:|---:|---:|---:|---:|:---:|:---:|",
        *[
            f"| {r['shards']} | {r['recall_at_10']:.4f} | {r['queries_below_single_index']} | "
            f"{r['queries_farther_than_single_index']} | "
            f"{r['queries_with_single_index_ids']:,} / {result['queries']:,} | "
            f"{'yes' if r['every_list_ids_equal_exact'] else 'NO'} | "
            f"{'yes' if r['every_list_ids_equal_single_index'] else 'NO'} |"
            for r in result["rows"]
        ],
        "",
        "`every list` probes every list and reranks every row (nprobe above nlist, rerank_factor = n / 10). It is not "
        "always exact k-NN: the rerank skips a candidate whose estimate minus its RaBitQ error bound is already "
        "past the k-th exact distance, and that bound is probabilistic. A shard reranks a subset of the rows, so "
        "its k-th distance is looser and it skips less: the shards' merge can be exact where one index is not, "
        "never the reverse.",
        "",
        "| shards | rows / shard | build s | recall@10 | = in-process federation | batch 1 µs/query | batch 1 QPS "
        "| batch 1,000 QPS | in-process batch 1 µs | in-process batch 1,000 QPS | Ray tax µs / call |",
        "|---:|---|---:|---:|:---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in result["rows"]:
        out.append(
            f"| {r['shards']} | {', '.join(f'{x:,}' for x in r['rows_per_shard'])} | {r['build_s']:.1f} | "
            f"{r['recall_at_10']:.4f} | {'yes' if r['same_as_in_process_federation'] else 'NO'} | "
            f"{r['batch1_us_per_query']:,.0f} | {r['batch1_qps']:,.0f} | {r['batch1000_qps']:,.0f} | "
            f"{r['in_process_batch1_us_per_query']:,.0f} | {r['in_process_batch1000_qps']:,.0f} | "
            f"{r['ray_overhead_us_per_call']:,.0f} |"
        )
    mem = result["bytes_per_vector"]
    out += [
        "",
        "`= in-process federation`: ids and distances equal `Lake.search_federated` over the same split "
        "(the same core merge). The Ray tax is per search call (one per query at batch 1, one per batch at "
        "1,000): a put into the object store, one actor call per shard and the driver's merge.",
        "",
        f"Cached index bytes per vector (Lake.cache_bytes / n): f32 store {mem['f32']:.0f}, f16 {mem['f16']:.0f}, "
        f"none {mem['none']:.0f}.",
        "",
        *estimate(result),
    ]
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--shards", default="1,2,4")
    ap.add_argument("--cpus", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results"))
    args = ap.parse_args()
    base, queries = clustered(args.n)
    queries = queries[:BATCH]
    truth, _ = exact_knn(base, queries, k=K)
    ids = np.arange(args.n, dtype=np.uint64)
    source = rv.LocalBackend("src")
    source.put_collection("docs", base, ids)
    single = rv.Lake("frozen")
    single.register(source)
    result: dict[str, Any] = {"machine": machine(), "n": args.n, "cpus": args.cpus, "queries": len(queries)}
    one_ids, one_dists = single.search("src", "docs", queries, K)
    every_ids, _ = single.search(
        "src", "docs", queries[:EXACT_QUERIES], K, nprobe=EVERY_LIST, rerank_factor=every_row(args.n)
    )
    reference = {
        "ids": one_ids,
        "distances": one_dists,
        "recall": per_query_recall(one_ids, truth),
        "every_list_ids": every_ids,
    }
    result["single_index_recall_at_10"] = recall(one_ids, truth)
    result["single_index_every_list_equals_exact"] = bool(
        np.array_equal(every_ids.astype(np.int64), truth[:EXACT_QUERIES])
    )
    del single
    ray.init(num_cpus=args.cpus, include_dashboard=False, log_to_driver=False)
    try:
        result["rows"] = []
        for shards in (int(s) for s in args.shards.split(",")):
            row = sharded_row(shards, source, ids, base, queries, truth, reference)
            print(json.dumps(row), flush=True)
            result["rows"].append(row)
    finally:
        ray.shutdown()
    result["bytes_per_vector"] = memory_per_vector(base, ids)
    result["load_average_end"] = os.getloadavg()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    name = f"ray-{args.n // 1000}k" if args.n < 1_000_000 else f"ray-{args.n // 1_000_000}m"
    (out / f"{name}.json").write_text(json.dumps(result, indent=1) + "\n")
    (out / f"{name}.md").write_text(markdown(result))
    print(markdown(result))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""ANN benchmark: ruvector against Faiss, hnswlib and usearch, on one machine, in one run.

Protocol (shared/BENCHMARKS.md): build with 2 threads; search with 1 thread, k = 10, all 1,000 queries
in one call, QPS = 1,000 / median of 3 passes (after one warm-up pass, whose results give the recall);
p50/p99 latency from 200 one-query calls; bytes/vector = serialized index size / n; exact top-10
ground truth by L2 in float64. For the fastest settings reaching R@10 >= 0.95 / 0.99 the batch QPS is
also measured with 2 threads.

Usage: bench/run --dataset clustered-100k [--quick] [--peers faiss-hnsw,hnswlib] [--out bench/results]
Writes <out>/<dataset>.json (everything, with the machine description) and <out>/<dataset>.md.
"""

from __future__ import annotations

import os

# Some processors here have OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE set (older OpenBLAS builds need them);
# they slow a current numpy. Unset both in this benchmark process only, before numpy loads OpenBLAS.
_OPENBLAS_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
OPENBLAS_ENV_REMOVED = {v: os.environ.pop(v) for v in _OPENBLAS_VARS if v in os.environ}

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import datasets  # noqa: E402
import peers  # noqa: E402

K = 10
BUILD_THREADS = 2
SEARCH_THREADS = 1
PASSES = 3
SINGLE_QUERIES = 200
TARGETS = (0.95, 0.99)
NOISY_LOAD = 0.75  # 1-min load average before the run above which the report says the run is noisy
RTOL = 1e-7  # a returned id whose exact distance ties the k-th true distance (within RTOL) is a hit


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------
# Machine description
# ---------------------------------------------------------------------------------------------------


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def machine() -> dict[str, Any]:
    cpuinfo = _read("/proc/cpuinfo")
    model = next((ln.split(":", 1)[1].strip() for ln in cpuinfo.splitlines() if ln.startswith("model name")), "")
    flags_line = next((ln.split(":", 1)[1] for ln in cpuinfo.splitlines() if ln.startswith("flags")), "")
    flags = set(flags_line.split())
    wanted = ("sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512bw", "avx512vl", "avx512_vnni")
    wanted += ("avx512_vpopcntdq", "avx512_bf16", "avx512_fp16", "amx_tile")
    meminfo = {ln.split(":")[0]: ln.split(":")[1].strip() for ln in _read("/proc/meminfo").splitlines() if ":" in ln}
    os_release = {
        ln.split("=", 1)[0]: ln.split("=", 1)[1].strip('"') for ln in _read("/etc/os-release").splitlines() if "=" in ln
    }
    versions = peers.versions()  # imports the peers first, so their BLAS / OpenMP pools show below
    try:
        from threadpoolctl import threadpool_info

        keys = ("user_api", "internal_api", "prefix", "version", "architecture", "threading_layer", "num_threads")
        pools = [{k: p.get(k) for k in keys if k in p} for p in threadpool_info()]
    except ImportError:
        pools = [{"error": "threadpoolctl not installed"}]
    return {
        "cpu_model": model,
        "logical_cpus": os.cpu_count(),
        "cpus_available": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_flags": {f: f in flags for f in wanted},
        "ram_total": f"{int(meminfo.get('MemTotal', '0 kB').split()[0]) / 2**20:.1f} GiB",
        "os": os_release.get("PRETTY_NAME", platform.platform()),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "versions": versions,
        "blas": pools,
        "numpy_blas_kernel": next(
            (p.get("architecture") for p in pools if p.get("user_api") == "blas" and "scipy" in str(p.get("prefix"))),
            None,
        ),
        "openblas_env_unset_for_this_run": OPENBLAS_ENV_REMOVED,
    }


# ---------------------------------------------------------------------------------------------------
# Measurement
# ---------------------------------------------------------------------------------------------------


def recalls(ids: np.ndarray, ds: datasets.Dataset) -> dict[str, float]:
    """Tie-aware R@1 and R@10: a returned id is a hit when its exact distance is <= the true k-th."""
    ids = np.asarray(ids).astype(np.int64, copy=False)[:, :K]
    m = ids.shape[0]
    valid = (ids >= 0) & (ids < ds.n)
    safe = np.where(valid, ids, 0)
    diff = ds.base[safe].astype(np.float64) - ds.queries[:m, None, :].astype(np.float64)
    dist = np.einsum("ijk,ijk->ij", diff, diff)
    dist[~valid] = np.inf
    # duplicates count once
    sorted_ids = np.sort(np.where(valid, ids, -1), axis=1)
    dup = np.zeros_like(valid)
    dup[:, 1:] = (sorted_ids[:, 1:] == sorted_ids[:, :-1]) & (sorted_ids[:, 1:] >= 0)
    n_dup = dup.sum(axis=1)
    kth = ds.gt_dist[:m, K - 1][:, None] * (1 + RTOL)
    hits10 = (dist <= kth).sum(axis=1) - n_dup
    r1 = float(np.mean(dist[:, 0] <= ds.gt_dist[:m, 0] * (1 + RTOL)))
    strict = np.mean([len(set(a.tolist()) & set(b.tolist())) for a, b in zip(ids, ds.gt_ids[:m], strict=True)]) / K
    return {"recall1": r1, "recall10": float(np.mean(np.maximum(hits10, 0)) / K), "recall10_ids": float(strict)}


def _threads(n: int) -> Any:
    try:
        from threadpoolctl import threadpool_limits

        return threadpool_limits(limits=n)
    except ImportError:
        import contextlib

        return contextlib.nullcontext()


def time_batch(cfg: peers.Config, queries: np.ndarray, threads: int) -> tuple[np.ndarray, list[float], float]:
    """One warm-up pass (its ids are returned) then PASSES timed passes of the whole batch.

    Also returns the process CPU time / wall time of the timed passes: ~1 for one thread, ~2 when two
    threads really ran in parallel (less when another tenant had a core: the numbers are then noisy).
    """
    with _threads(threads):
        ids = cfg.search(queries, K, threads)
        times = []
        c0 = time.process_time()
        for _ in range(PASSES):
            t0 = time.perf_counter()
            cfg.search(queries, K, threads)
            times.append(time.perf_counter() - t0)
        cpu = time.process_time() - c0
    return ids, times, cpu / sum(times)


def time_single(cfg: peers.Config, queries: np.ndarray) -> list[float]:
    with _threads(SEARCH_THREADS):
        cfg.search(queries[:1], K, SEARCH_THREADS)
        out = []
        for i in range(min(SINGLE_QUERIES, queries.shape[0])):
            q = queries[i : i + 1]
            t0 = time.perf_counter()
            cfg.search(q, K, SEARCH_THREADS)
            out.append(time.perf_counter() - t0)
    return out


def best_points(points: list[dict[str, Any]]) -> dict[str, int | None]:
    out: dict[str, int | None] = {}
    for t in TARGETS:
        ok = [i for i, p in enumerate(points) if p["recall10"] >= t]
        out[f"{t:.2f}"] = max(ok, key=lambda i: points[i]["qps"]) if ok else None
    return out


def run_config(cfg: peers.Config, ds: datasets.Dataset, quick: bool) -> dict[str, Any]:
    res: dict[str, Any] = {"peer": cfg.peer, "config": cfg.name, "label": cfg.label, "info": cfg.info}
    log(f"{cfg.peer}/{cfg.name}: building ({BUILD_THREADS} threads) ...")
    with _threads(BUILD_THREADS):
        t0 = time.perf_counter()
        cfg.build(ds.base, BUILD_THREADS)
        res["build_s"] = time.perf_counter() - t0
    size = cfg.size_bytes()
    res.update(index_bytes=size, bytes_per_vector=size / ds.n, size_note=cfg.size_note)
    log(f"{cfg.peer}/{cfg.name}: built in {res['build_s']:.1f}s, {size / ds.n:.1f} B/vector")
    points = []
    for params in peers.iter_points(cfg, quick):
        cfg.set_params(params)
        ids, times, cpu_ratio = time_batch(cfg, ds.queries, SEARCH_THREADS)
        single = time_single(cfg, ds.queries)
        med = float(np.median(times))
        pt = {
            "params": params,
            **recalls(ids, ds),
            "qps": ds.queries.shape[0] / med,
            "batch_pass_s": times,
            "cpu_per_wall": cpu_ratio,
            "p50_us": float(np.percentile(single, 50) * 1e6),
            "p99_us": float(np.percentile(single, 99) * 1e6),
            "single_qps": len(single) / float(np.sum(single)),
        }
        points.append(pt)
        log(
            f"  {fmt_params(params) or '-':<28} R@1 {pt['recall1']:.3f}  R@10 {pt['recall10']:.3f}  "
            f"QPS {pt['qps']:>9,.0f}  p50 {pt['p50_us']:>8.0f}us  p99 {pt['p99_us']:>8.0f}us"
        )
    res["points"] = points
    res["best"] = best_points(points)
    # 2-thread batch QPS for the chosen settings (or the highest-recall one if no target is reached).
    chosen = {i for i in res["best"].values() if i is not None}
    if not chosen and points:
        chosen = {max(range(len(points)), key=lambda i: (points[i]["recall10"], points[i]["qps"]))}
    for i in sorted(chosen):
        cfg.set_params(points[i]["params"])
        _, times, cpu_ratio = time_batch(cfg, ds.queries, 2)
        points[i]["qps_2t"] = ds.queries.shape[0] / float(np.median(times))
        points[i]["cpu_per_wall_2t"] = cpu_ratio
        log(
            f"  2 threads @ {fmt_params(points[i]['params']) or '-'}: QPS {points[i]['qps_2t']:,.0f} "
            f"(CPU/wall {cpu_ratio:.2f})"
        )
    cfg.release()
    gc.collect()
    return res


# ---------------------------------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------------------------------

PARAM_NAMES = {"k_factor": "kf", "rerank_factor": "rerank", "expansion": "expansion"}


def fmt_params(p: dict[str, Any]) -> str:
    return ", ".join(f"{PARAM_NAMES.get(k, k)} {v}" for k, v in p.items())


def _r(x: float) -> str:
    return f"{x:.3f}".lstrip("0") if x < 1 else "1.000"


def markdown(report: dict[str, Any]) -> str:
    d = report["dataset"]
    m = report["machine"]
    flags = m["cpu_flags"]
    simd = "AVX-512" if flags.get("avx512f") else ("AVX2" if flags.get("avx2") else "no AVX2")
    v = m["versions"]
    lines = [
        f"# ANN benchmark: {d['name']}" + (" (quick sweep)" if report["args"]["quick"] else ""),
        "",
        f"{d['description']}; n = {d['n']:,}, dim = {d['dim']}, {d['queries']:,} queries, k = {K}.",
        f"Run {report['started']} ({report['total_s'] / 60:.1f} min) on {m['cpu_model']}, "
        f"{m['cpus_available']} CPUs, {simd}, {m['ram_total']}, {m['os']}; load average at start/end "
        f"{report['loadavg_start'][0]:.2f} / {report['loadavg_end'][0]:.2f}.",
        f"numpy {v.get('numpy')} (BLAS kernel {m.get('numpy_blas_kernel')}), faiss-cpu {v.get('faiss-cpu')} "
        f"({v.get('faiss-compile-options', '')}), hnswlib {v.get('hnswlib')}, usearch {v.get('usearch')}, "
        f"ruvector {v.get('ruvector')}.",
        *(
            [
                "",
                f"**Noisy run**: load average {report['loadavg_start'][0]:.1f} on {m['cpus_available']} CPUs "
                "before it started (other work was running); compare ratios only, re-run on an idle machine.",
            ]
            if report["loadavg_start"][0] > NOISY_LOAD
            else []
        ),
        "",
        f"Protocol: build with {BUILD_THREADS} threads; search with {SEARCH_THREADS} thread, all queries in one "
        f"call, QPS = queries / median of {PASSES} passes; p50/p99 from {SINGLE_QUERIES} one-query calls; "
        "B/vec = serialized index size / n; R@10 tie-aware against the exact float64 top-10.",
        "",
        "## Fastest setting reaching the recall target",
        "",
        "| peer | build s | B/vec | R@10 ≥ 0.95: setting → QPS (R@10) | R@10 ≥ 0.99: setting → QPS (R@10) | max R@10 |",
        "|---|---|---|---|---|---|",
    ]
    results = [r for r in report["results"] if "points" in r]
    for r in results:
        cells = []
        for t in ("0.95", "0.99"):
            i = r["best"][t]
            if i is None:
                cells.append("not reached")
            else:
                p = r["points"][i]
                cells.append(f"{fmt_params(p['params']) or '—'} → **{p['qps']:,.0f}** ({_r(p['recall10'])})")
        top = max((p["recall10"] for p in r["points"]), default=0.0)
        lines.append(
            f"| {r['label']} | {r['build_s']:.1f} | {r['bytes_per_vector']:.0f} | {cells[0]} | {cells[1]} | {_r(top)} |"
        )
    lines += [""]
    for t in ("0.95", "0.99"):
        lines += [
            f"### Details at R@10 ≥ {t}",
            "",
            "| peer | setting | R@1 | R@10 | QPS 1 thread | QPS 2 threads | p50 µs | p99 µs |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for r in results:
            i = r["best"][t]
            if i is None:
                lines.append(f"| {r['label']} | not reached | | | | | | |")
                continue
            p = r["points"][i]
            qps2 = f"{p['qps_2t']:,.0f}" if "qps_2t" in p else ""
            if p.get("cpu_per_wall_2t", 2.0) < 1.5:
                qps2 += f" (CPU/wall {p['cpu_per_wall_2t']:.2f}: 2nd core busy)"
            lines.append(
                f"| {r['label']} | {fmt_params(p['params']) or '—'} | {_r(p['recall1'])} | {_r(p['recall10'])} | "
                f"{p['qps']:,.0f} | {qps2} | {p['p50_us']:.0f} | {p['p99_us']:.0f} |"
            )
        lines.append("")
    skipped = [r for r in report["results"] if "points" not in r]
    if skipped:
        lines += ["## Skipped or failed", ""]
        for r in skipped:
            where = r["peer"] + (f"/{r['config']}" if r.get("config") else "")
            lines.append(f"- {where}: {r.get('skipped') or r.get('error')}")
        lines.append("")
    lines += ["## Recall-QPS curves", ""]
    for r in results:
        lines += [
            f"### {r['label']}",
            "",
            f"build {r['build_s']:.1f} s, {r['bytes_per_vector']:.1f} B/vector ({r['size_note']}, "
            f"{r['index_bytes'] / 2**20:.1f} MiB)",
            "",
            "| setting | R@1 | R@10 | QPS 1 thread | p50 µs | p99 µs |",
            "|---|---|---|---|---|---|",
        ]
        for p in r["points"]:
            lines.append(
                f"| {fmt_params(p['params']) or '—'} | {_r(p['recall1'])} | {_r(p['recall10'])} | {p['qps']:,.0f} | "
                f"{p['p50_us']:.0f} | {p['p99_us']:.0f} |"
            )
        lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dataset", required=True, choices=datasets.NAMES)
    ap.add_argument("--peers", default="all", help=f"comma-separated subset of: {','.join(peers.PEERS)} (default all)")
    ap.add_argument("--quick", action="store_true", help="fewer sweep points")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "results"), help="results folder")
    ap.add_argument("--nlist", type=int, default=None, help="IVF lists for the Faiss IVF peers (default ~4*sqrt(n))")
    # Dry runs of the large sets: keep only the first N base vectors (results get a -limitN suffix).
    ap.add_argument("--limit", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    names = list(peers.PEERS) if args.peers == "all" else [p.strip() for p in args.peers.split(",") if p.strip()]
    unknown = [p for p in names if p not in peers.PEERS]
    if unknown:
        ap.error(f"unknown peer(s) {unknown}; choose from {', '.join(peers.PEERS)}")
    args.peer_list = names
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    t_start = time.perf_counter()
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%SZ")
    loadavg_start = os.getloadavg()
    if OPENBLAS_ENV_REMOVED:
        log(f"unset for this process: {OPENBLAS_ENV_REMOVED}")

    ds = datasets.load(args.dataset, limit=args.limit)
    nlist = args.nlist or peers.default_nlist(ds.n)
    log(f"dataset {args.dataset}: base {ds.base.shape}, queries {ds.queries.shape}; IVF nlist {nlist}")

    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = args.dataset if args.limit is None else f"{args.dataset}-limit{args.limit}"
    report: dict[str, Any] = {
        "dataset": {
            "name": args.dataset,
            "n": ds.n,
            "dim": ds.dim,
            "queries": int(ds.queries.shape[0]),
            "description": ds.description,
            "fingerprint": datasets.fingerprint(ds),
            "limit": args.limit,
        },
        "args": {"peers": args.peer_list, "quick": args.quick, "nlist": nlist},
        "protocol": {
            "k": K,
            "build_threads": BUILD_THREADS,
            "search_threads": SEARCH_THREADS,
            "passes": PASSES,
            "single_queries": SINGLE_QUERIES,
            "recall": f"tie-aware (rtol {RTOL}) against exact float64 top-{K}; recall10_ids = plain id overlap",
        },
        "machine": machine(),
        "started": started,
        "loadavg_start": loadavg_start,
        "results": [],
    }

    def flush() -> None:
        report["total_s"] = time.perf_counter() - t_start
        report["loadavg_end"] = os.getloadavg()
        (out_dir / f"{stem}.json").write_text(json.dumps(report, indent=1) + "\n")
        (out_dir / f"{stem}.md").write_text(markdown(report) + "\n")

    for peer in args.peer_list:
        try:
            configs = peers.configs_for(peer, ds.n, ds.dim, nlist)
        except peers.Skip as e:
            log(f"SKIP {peer}: {e}")
            report["results"].append({"peer": peer, "skipped": str(e)})
            flush()
            continue
        for cfg in configs:
            try:
                report["results"].append(run_config(cfg, ds, args.quick))
            except peers.Skip as e:
                log(f"SKIP {peer}/{cfg.name}: {e}")
                report["results"].append({"peer": peer, "config": cfg.name, "skipped": str(e)})
            except Exception as e:  # a failing peer must not lose the others' results
                traceback.print_exc()
                report["results"].append({"peer": peer, "config": cfg.name, "error": f"{type(e).__name__}: {e}"})
            finally:
                cfg.release()
                gc.collect()
            flush()
    flush()
    log(f"done in {report['total_s'] / 60:.1f} min: {out_dir / stem}.json, {out_dir / stem}.md")
    if peers_flat := [r for r in report["results"] if r.get("peer") == "ruvector-flat" and "points" in r]:
        r10 = peers_flat[0]["points"][0]["recall10"]
        if r10 < 1.0:
            log(f"HARNESS CHECK FAILED: ruvector-flat (exact) has R@10 {r10} < 1.0")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

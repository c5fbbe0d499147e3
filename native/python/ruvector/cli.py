"""The ``ruvector`` command line: build, search, info and bench on .npy / .fvecs files.

ruvector build vectors.npy index.rvq [--metric l2] [--bits 1] [--store f32] [--nlist N]
ruvector search index.rvq queries.npy [-k 10] [--nprobe N] [--out ids.npy]
ruvector info index.rvq
ruvector bench index.rvq queries.npy [--truth vectors.npy] [-k 10]
ruvector serve [--data-dir DIR] [--http [--host H] [--port P] [--token T]]   (an MCP server: ruvector[mcp])
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from . import __version__
from ._progress import ProgressBar
from .errors import InvalidInput, RuVectorError
from .flat import FlatIndex
from .rabitq import RabitqIndex


def read_vectors(path: str) -> np.ndarray:
    """float32 rows from a .npy file (any float dtype is converted once) or an .fvecs file
    (each row: int32 dimension, then that many float32)."""
    p = Path(path)
    if p.suffix == ".fvecs":
        raw = np.fromfile(p, dtype=np.int32)
        if raw.size == 0:
            raise InvalidInput(f"{path} is empty")
        dim = int(raw[0])
        if dim <= 0 or raw.size % (dim + 1) != 0:
            raise InvalidInput(f"{path} is not an .fvecs file (first dimension {dim}, {raw.size * 4} bytes)")
        rows = raw.reshape(-1, dim + 1)
        if np.any(rows[:, 0] != dim):
            raise InvalidInput(f"{path}: rows of different dimensions")
        return np.ascontiguousarray(rows[:, 1:].view(np.float32))
    array = np.load(p, allow_pickle=False)
    if array.ndim != 2:
        raise InvalidInput(f"{path}: expected a 2-D array, got shape {array.shape}")
    return np.ascontiguousarray(array, dtype=np.float32)


def cmd_build(args: argparse.Namespace) -> int:
    vectors = read_vectors(args.vectors)
    bar = ProgressBar(f"building {len(vectors):,} x {vectors.shape[1]}")
    start = time.perf_counter()
    index = RabitqIndex.build(
        vectors,
        metric=args.metric,
        bits=args.bits,
        store=args.store,
        nlist=args.nlist,
        seed=args.seed,
        threads=args.threads,
        progress=bar,
    )
    bar.close()
    index.save(args.index)
    size = Path(args.index).stat().st_size
    print(
        f"{index!r}\nbuilt in {time.perf_counter() - start:.2f} s; {args.index}: {size:,} bytes "
        f"({size / len(index):.1f} B/vector)"
    )
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    index = RabitqIndex.load(args.index, mmap=True)
    queries = read_vectors(args.queries)
    start = time.perf_counter()
    ids, dists = index.search(queries, k=args.k, nprobe=args.nprobe)
    elapsed = time.perf_counter() - start
    if args.out:
        np.save(args.out, ids)
    else:
        for row_ids, row_d in zip(ids[: args.show], dists[: args.show], strict=True):
            print(" ".join(f"{int(i)}:{d:.4g}" for i, d in zip(row_ids, row_d, strict=True)))
    print(f"{len(queries):,} queries in {elapsed * 1e3:.1f} ms ({len(queries) / elapsed:,.0f} QPS)", file=sys.stderr)
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    index = RabitqIndex.load(args.index)
    info: dict[str, Any] = {
        "size": len(index),
        "dim": index.dim,
        "metric": index.metric,
        "bits": index.bits,
        "nlist": index.nlist,
        "nprobe": index.nprobe,
        "store": index.store,
        "code_bytes_per_vector": index.code_bytes_per_vector,
        "memory_bytes": index.memory_bytes,
        "file_bytes": Path(args.index).stat().st_size,
    }
    print(json.dumps(info, indent=2))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    index = RabitqIndex.load(args.index)
    queries = read_vectors(args.queries)
    truth = None
    if args.truth:
        bar = ProgressBar("exact ground truth")
        bar("flat", 0.0)
        truth, _ = FlatIndex.build(read_vectors(args.truth), metric=index.metric).search(queries, k=args.k)  # type: ignore[arg-type]
        bar("flat", 1.0)
        bar.close()
    probes = [int(p) for p in args.nprobe.split(",")] if args.nprobe else [index.nprobe]
    print(f"{'nprobe':>6} {'QPS (1 thread)':>15} {'recall@' + str(args.k):>10}")
    for nprobe in probes:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            ids, _ = index.search(queries, k=args.k, nprobe=nprobe, threads=1)
            best = min(best, time.perf_counter() - start)
        recall = "-"
        if truth is not None:
            hits = sum(len(set(a.tolist()) & set(b.tolist())) for a, b in zip(ids, truth, strict=True))
            recall = f"{hits / truth.size:.4f}"
        print(f"{nprobe:>6} {len(queries) / best:>15,.0f} {recall:>10}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="ruvector", description="RaBitQ vector search from the command line")
    p.add_argument("--version", action="version", version=f"ruvector {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build an index from .npy / .fvecs vectors")
    b.add_argument("vectors")
    b.add_argument("index")
    b.add_argument("--metric", choices=["l2", "ip", "cosine"], default="l2")
    b.add_argument("--bits", type=int, default=1)
    b.add_argument("--store", choices=["f32", "f16", "none"], default="f32")
    b.add_argument("--nlist", type=int, default=None)
    b.add_argument("--seed", type=int, default=42)
    b.add_argument("--threads", type=int, default=0)
    b.set_defaults(run=cmd_build)
    s = sub.add_parser("search", help="search an index with .npy / .fvecs queries")
    s.add_argument("index")
    s.add_argument("queries")
    s.add_argument("-k", type=int, default=10)
    s.add_argument("--nprobe", type=int, default=None)
    s.add_argument("--out", help="write the (m, k) ids as .npy instead of printing")
    s.add_argument("--show", type=int, default=10, help="queries to print")
    s.set_defaults(run=cmd_search)
    i = sub.add_parser("info", help="describe an index file")
    i.add_argument("index")
    i.set_defaults(run=cmd_info)
    n = sub.add_parser("bench", help="QPS (and recall against exact search) of an index")
    n.add_argument("index")
    n.add_argument("queries")
    n.add_argument("--truth", help="the indexed vectors, for exact recall")
    n.add_argument("-k", type=int, default=10)
    n.add_argument("--nprobe", help="comma-separated nprobe values to sweep")
    n.set_defaults(run=cmd_bench)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    arg_list = list(sys.argv[1:] if argv is None else argv)
    if arg_list[:1] == ["serve"]:  # its own options (integrations/mcp_server.py); needs the mcp extra
        try:
            from .integrations import mcp_server
        except ImportError as exc:
            print(f"ruvector serve needs the mcp package: pip install 'ruvector[mcp]' ({exc})", file=sys.stderr)
            return 2
        return mcp_server.main(arg_list[1:])
    args = parser().parse_args(arg_list)
    try:
        return int(args.run(args))
    except (RuVectorError, OSError) as exc:
        print(f"ruvector: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

"""Quick start: exact nearest-neighbour search over 100,000 vectors with ruvector.

Run: scripts/demo   (or: .venv/bin/python examples/quickstart.py after `pip install .`)
"""

from __future__ import annotations

import sys
import time

import numpy as np

import ruvector as rv


def main(n: int = 100_000, dim: int = 128) -> None:
    vectors = np.random.default_rng(7).normal(size=(n, dim)).astype(np.float32)
    queries = vectors[:5] + np.float32(0.01)  # near-copies of the first five vectors

    # --- the five lines a user writes -------------------------------------------------------
    start = time.perf_counter()
    index = rv.FlatIndex.build(vectors, metric="l2")
    ids, dists = index.search(queries, k=3)
    # -----------------------------------------------------------------------------------------
    elapsed_ms = (time.perf_counter() - start) * 1e3

    print(f"ruvector {rv.__version__} | kernels: {rv.cpu_features()['isa']} | {index!r}")
    print(f"built and searched {n:,} x {dim} in {elapsed_ms:.1f} ms")
    for q in range(len(queries)):
        hits = ", ".join(f"{int(i)} ({d:.4f})" for i, d in zip(ids[q], dists[q], strict=True))
        print(f"query {q}: {hits}")
    if not all(int(ids[q, 0]) == q for q in range(len(queries))):
        sys.exit("unexpected result: each query should find the vector it was made from")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))

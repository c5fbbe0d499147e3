"""Generates golden_flat.json: inputs and float64 reference outputs for the distance kernels and
FlatIndex, checked unchanged by every target (C++ native and wasm, Python, Node, browser worker,
Pyodide). The reference is numpy in float64, independent of the library's code.

Run: .venv/bin/python tests/data/make_golden.py  (deterministic; the output is committed)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

RNG = np.random.default_rng(20261125)
# Cases whose neighbours are closer than this (relative) are regenerated, so float32 rounding
# differences between kernels can never reorder the expected top-k.
MIN_RELATIVE_GAP = 1e-3


def reference_distances(q: np.ndarray, x: np.ndarray, metric: str) -> np.ndarray:
    q64, x64 = q.astype(np.float64), x.astype(np.float64)
    if metric == "l2":
        return ((q64[:, None, :] - x64[None, :, :]) ** 2).sum(-1)
    dots = q64 @ x64.T
    if metric == "ip":
        return 1.0 - dots
    norms = np.linalg.norm(q64, axis=1)[:, None] * np.linalg.norm(x64, axis=1)[None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(norms > 0, 1.0 - dots / np.where(norms > 0, norms, 1), 1.0)


def top_k(d: np.ndarray, ids: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    order = np.lexsort((np.broadcast_to(ids, d.shape), d), axis=1)[:, :k]
    return ids[order], np.take_along_axis(d, order, axis=1)


def well_separated(d: np.ndarray, k: int, duplicate_rows: set[int]) -> bool:
    for row in d:
        s = np.sort(np.delete(row, sorted(duplicate_rows)[1:]) if duplicate_rows else row)
        upto = min(k + 1, len(s))
        gaps = np.diff(s[:upto])
        if np.any(gaps <= MIN_RELATIVE_GAP * np.maximum(1.0, np.abs(s[1:upto]))):
            return False
    return True


def f32_list(a: np.ndarray) -> Any:
    return [[float(v) for v in row] for row in a.astype(np.float32)]


def flat_case(
    name: str,
    metric: str,
    dim: int,
    n: int,
    nq: int,
    k: int,
    *,
    explicit_ids: bool,
    duplicate: bool = False,
    zero_row: bool = False,
) -> dict[str, Any]:
    for _ in range(1000):
        x = RNG.normal(0, 1, (n, dim)).astype(np.float32)
        q = RNG.normal(0, 1, (nq, dim)).astype(np.float32)
        duplicates: set[int] = set()
        if duplicate:  # two identical rows: the tie must be broken by ascending id everywhere
            x[n - 1] = x[1]
            duplicates = {1, n - 1}
        if zero_row:  # cosine of a zero vector is defined as distance 1
            x[0] = 0.0
        ids = RNG.choice(10**12, n, replace=False).astype(np.uint64) if explicit_ids else np.arange(n, dtype=np.uint64)
        d = reference_distances(q, x, metric)
        if duplicate:  # place the duplicates inside the top-k of the first query
            d0 = d[0].copy()
            if np.argsort(d0)[0] not in duplicates:
                q[0] = x[1] + RNG.normal(0, 1e-2, dim).astype(np.float32)
                d = reference_distances(q, x, metric)
        if well_separated(d, k, duplicates):
            break
    else:
        raise RuntimeError(f"could not generate a well-separated case {name}")
    exp_ids, exp_d = top_k(d, ids, min(k, n))
    return {
        "name": name,
        "metric": metric,
        "dim": dim,
        "k": k,
        "vectors": f32_list(x),
        "ids": [int(i) for i in ids] if explicit_ids else None,
        "queries": f32_list(q),
        "distance_matrix": [[float(v) for v in row] for row in d],
        "expected_ids": [[int(i) for i in row] for row in exp_ids],
        "expected_distances": [[float(v) for v in row] for row in exp_d],
    }


def hamming_case(nbytes: int, na: int, nb: int) -> dict[str, Any]:
    a = RNG.integers(0, 256, (na, nbytes), dtype=np.uint8)
    b = RNG.integers(0, 256, (nb, nbytes), dtype=np.uint8)
    bits = np.unpackbits(a[:, None, :] ^ b[None, :, :], axis=-1).sum(-1)
    return {"bytes": nbytes, "a": a.tolist(), "b": b.tolist(), "expected": bits.tolist()}


def main() -> None:
    cases = [
        flat_case("l2_d1", "l2", 1, 9, 3, 4, explicit_ids=False),
        flat_case("l2_d7", "l2", 7, 40, 5, 5, explicit_ids=True),
        flat_case("l2_d33_dup", "l2", 33, 60, 4, 6, explicit_ids=False, duplicate=True),
        flat_case("l2_d128", "l2", 128, 64, 4, 10, explicit_ids=True),
        flat_case("ip_d16", "ip", 16, 50, 4, 5, explicit_ids=False),
        flat_case("ip_d67", "ip", 67, 80, 4, 8, explicit_ids=True),
        flat_case("cosine_d5_zero", "cosine", 5, 30, 4, 5, explicit_ids=False, zero_row=True),
        flat_case("cosine_d100", "cosine", 100, 48, 3, 10, explicit_ids=True),
        flat_case("l2_k_gt_n", "l2", 8, 6, 2, 9, explicit_ids=False),
    ]
    errors = [
        {
            "op": "search",
            "dim": 4,
            "metric": "l2",
            "query": [0.5, 1.0, 2.0],
            "error": "DimensionMismatch",
            "message_contains": "expected dim 4",
        },
        {
            "op": "add",
            "dim": 4,
            "metric": "l2",
            "vectors": [[0.0, 1.0, "NaN", 3.0]],
            "error": "InvalidInput",
            "message_contains": "NaN at row 0, column 2",
        },
        {
            "op": "search",
            "dim": 2,
            "metric": "l2",
            "query": [1.0, "Infinity"],
            "error": "InvalidInput",
            "message_contains": "Inf at row 0, column 1",
        },
        {
            "op": "search",
            "dim": 2,
            "metric": "l2",
            "query": [1.0, 2.0],
            "k": 0,
            "error": "InvalidInput",
            "message_contains": "k must be >= 1, got 0",
        },
        {
            "op": "search_empty",
            "dim": 3,
            "metric": "l2",
            "query": [1.0, 2.0, 3.0],
            "error": "EmptyIndex",
            "message_contains": "empty index",
        },
        {
            "op": "create",
            "dim": 3,
            "metric": "manhattan",
            "error": "InvalidInput",
            "message_contains": "unknown metric 'manhattan'",
        },
        {
            "op": "add",
            "dim": 3,
            "metric": "l2",
            "vectors": [],
            "error": "InvalidInput",
            "message_contains": "vectors is empty",
        },
        {
            "op": "create",
            "dim": -2,
            "metric": "l2",
            "error": "InvalidInput",
            "message_contains": "dim must be >= 1, got -2",
        },
        {
            "op": "add_ids",
            "dim": 2,
            "metric": "l2",
            "vectors": [[1.0, 2.0], [3.0, 4.0]],
            "ids": [7, 7],
            "error": "InvalidInput",
            "message_contains": "duplicate id 7",
        },
    ]
    golden = {
        "about": "Generated by tests/data/make_golden.py (numpy float64 reference). Distances: "
        "l2 = squared L2, ip = 1 - dot, cosine = 1 - cos (1 for a zero vector). "
        "Compare distances with |got - want| <= 1e-4 * max(1, |want|); ids exactly.",
        "tolerance": {"relative": 1e-4},
        "flat": cases,
        "hamming": [hamming_case(1, 3, 4), hamming_case(13, 4, 5), hamming_case(64, 3, 3), hamming_case(130, 2, 4)],
        "errors": errors,
    }
    out = Path(__file__).with_name("golden_flat.json")
    out.write_text(json.dumps(golden, separators=(",", ":")) + "\n")
    print(f"wrote {out} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()

"""Generates golden_rabitq.json: RabitqIndex built from fixed inputs with seed 42 must give the same
index bytes (CRC-32 of serialize()) and the same search results on every target. Inputs come from
numpy; the expected values are recorded from the native build (the reference target) and checked
unchanged by the C++ tests natively and as wasm, pytest, node and Pyodide.

Run after an intentional format or algorithm change (then bump the format version if bytes change):
    .venv/bin/python tests/data/make_golden_rabitq.py
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

import ruvector as rv

CASES: list[dict[str, Any]] = [
    {"name": "flat_l2", "metric": "l2", "bits": 1, "store": "f32", "nlist": 0},
    {"name": "ivf_l2", "metric": "l2", "bits": 1, "store": "f32", "nlist": 8},
    {"name": "ivf_two_level_cosine_f16", "metric": "cosine", "bits": 1, "store": "f16", "nlist": 300},
    {"name": "ivf_ip_bits4_estimates", "metric": "ip", "bits": 4, "store": "none", "nlist": 8},
    {"name": "flat_l2_bits7_estimates", "metric": "l2", "bits": 7, "store": "none", "nlist": 0},
]


def main() -> None:
    rng = np.random.default_rng(4242)
    dim = 20
    centres = rng.normal(0, 3, (12, dim))
    labels = rng.integers(0, 12, 3010)
    # Two decimals: short JSON, and every target parses the same float32 values.
    data = np.round(rng.normal(0, 1, (3010, dim)) + centres[labels], 2).astype(np.float32)
    vectors, queries = data[:3000], data[3000:]
    cases = []
    for case in CASES:
        index = rv.RabitqIndex.build(
            vectors,
            metric=case["metric"],
            bits=case["bits"],
            store=case["store"],
            nlist=case["nlist"] or None,
            seed=42,
            threads=1,
        )
        ids, dists = index.search(queries, k=5)
        cases.append(
            {
                **case,
                "nlist_built": index.nlist,
                "crc32": int.from_bytes(index.serialize()[-4:], "little"),
                "expected_ids": ids.tolist(),
                "expected_distances": dists.tolist(),
            }
        )
    golden = {
        "about": (
            "RabitqIndex with seed 42 on these inputs; see tests/data/make_golden_rabitq.py. Index bytes "
            "(crc32 = the CRC-32 trailer of serialize()) and ids must match exactly; distances to 1e-5 "
            "relative (exact rerank uses per-ISA kernels), and exactly for store 'none' (estimates use "
            "ISA-independent arithmetic)."
        ),
        "dim": dim,
        "k": 5,
        "seed": 42,
        "vectors": [[round(float(v), 2) for v in row] for row in vectors],
        "queries": [[round(float(v), 2) for v in row] for row in queries],
        "cases": cases,
    }
    out = Path(__file__).with_name("golden_rabitq.json")
    out.write_text(json.dumps(golden, separators=(",", ":")) + "\n")
    print(f"wrote {out} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()

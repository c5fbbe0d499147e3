"""Writes tests/data/lake_bundle/: a bundle published by the native lake with a signer (table.rulake.json,
bundle.witness.json with its transparency-log proof + index.rvq) over 600 x 16 vectors with ids near
2^64, and expected.json: the public key that signed its checkpoint (the secret is thrown away),
queries and the ids the native lake returns for them. JS, the Chromium LakeWorker and
Pyodide load the same bytes over HTTP, verify them with that key, and must return the same ids.

Usage: .venv/bin/python tests/data/make_lake_bundle.py   (needs the built wheel installed)
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import numpy as np

import ruvector as rv

OUT = Path(__file__).parent / "lake_bundle"
ROWS, DIM, K = 600, 16, 5


def main() -> None:
    rng = np.random.default_rng(20260601)
    vectors = rng.standard_normal((ROWS, DIM)).astype(np.float32)
    ids = np.uint64(2**64 - 1) - np.arange(ROWS, dtype=np.uint64) * np.uint64(11)
    queries = rng.standard_normal((4, DIM)).astype(np.float32)
    backend = rv.LocalBackend("publisher")
    backend.put_collection("docs", vectors, ids)
    lake = rv.Lake("fresh", threads=1)
    lake.register(backend)
    signer = rv.witness.generate_signer_key("ruvector.test/lake-bundle")
    with tempfile.TemporaryDirectory() as tmp:
        bundle = Path(tmp) / "bundles" / "docs"
        lake.publish_bundle(("publisher", "docs"), bundle, signer=signer)
        if OUT.exists():
            shutil.rmtree(OUT)
        OUT.mkdir()
        for name in ("table.rulake.json", "index.rvq", "bundle.witness.json"):
            shutil.copyfile(bundle / name, OUT / name)
    got, dists = lake.search("publisher", "docs", queries, k=K)
    expected = {
        "k": K,
        "dim": DIM,
        "count": ROWS,
        "witness": lake.witness_of("publisher", "docs"),
        "verifier": rv.witness.verifier_key(signer),
        "queries": [[float(x) for x in q] for q in queries],
        "ids": [[str(int(i)) for i in row] for row in got],
        "distances": [[float(d) for d in row] for row in dists],
    }
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")


if __name__ == "__main__":
    main()

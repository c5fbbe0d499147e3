"""Writes tests/data/witness/signed_bundle/: a small bundle published with a signer (index.rvq,
bundle.witness.json, table.rulake.json), its transparency log's checkpoint, and verifier.txt (the
public key that signed it). Every target checks the same files with read_bundle / verify_bundle
(pytest, node, Chromium, Pyodide). The signer's secret is thrown away.

Run: .venv/bin/python tests/data/witness/make_signed_bundle.py   (output committed)
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import numpy as np

import ruvector as rv

OUT = Path(__file__).resolve().parent / "signed_bundle"


def main() -> None:
    rng = np.random.default_rng(2026)
    vectors = rng.standard_normal((96, 12), dtype=np.float32)
    ids = np.arange(96, dtype=np.uint64) * np.uint64(1_000_003) + np.uint64(2**63)
    backend = rv.LocalBackend("mem")
    backend.put_collection("docs", vectors, ids)
    lake = rv.Lake()
    lake.register(backend)
    signer = rv.witness.generate_signer_key("ruvector.test/signed-bundle")
    with tempfile.TemporaryDirectory() as tmp:
        lake.publish_bundle(("mem", "docs"), Path(tmp) / "bundles" / "docs", signer=signer)
        if OUT.exists():
            shutil.rmtree(OUT)
        shutil.copytree(Path(tmp) / "bundles" / "docs", OUT)
    (OUT / "verifier.txt").write_text(rv.witness.verifier_key(signer) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()

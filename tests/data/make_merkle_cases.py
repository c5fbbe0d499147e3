"""Bundles the RFC 6962/9162 proof vectors of transparency-dev/merkle into one file.

Source: github.com/transparency-dev/merkle, testdata/ (Apache-2.0: inclusion, consistency and the
subtree variants of draft-ietf-plants-merkle-tree-certs), as copied to
/work/shared/testdata/merkle/. Each case keeps its relative path, its fields unchanged (hashes in
base64, `proof` null or a list) and `wantErr`. One JSON file is easier to load on every target
(native, wasm under node, browsers, Pyodide) than 500 small ones.

Usage: python tests/data/make_merkle_cases.py [SOURCE_DIR]  -> tests/data/witness/merkle_cases.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

KINDS = ("inclusion", "consistency", "subtreeinclusion", "subtreeconsistency")


def main() -> None:
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/testdata/merkle")
    cases: dict[str, list[dict[str, object]]] = {}
    for kind in KINDS:
        cases[kind] = []
        for path in sorted((source / kind).rglob("*.json")):
            case = json.loads(path.read_text())
            case["path"] = str(path.relative_to(source))
            cases[kind].append(case)
    out = {
        "about": "RFC 6962/9162 inclusion and consistency proof vectors and their subtree variants "
        "(draft-ietf-plants-merkle-tree-certs), one object per file of the "
        "source's testdata/ (fields unchanged, plus 'path'). wantErr: verification must fail.",
        "source": "github.com/transparency-dev/merkle testdata/ (Apache-2.0), via /work/shared/testdata/merkle",
        "generator": "tests/data/make_merkle_cases.py",
        **cases,
    }
    target = Path(__file__).parent / "witness" / "merkle_cases.json"
    target.write_text(json.dumps(out, indent=1) + "\n")
    print(f"{target}: " + ", ".join(f"{len(v)} {k}" for k, v in cases.items()))


if __name__ == "__main__":
    main()

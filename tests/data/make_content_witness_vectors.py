"""Writes tests/data/witness/content_witness_vectors.json: content witness v2 cases computed here
with hashlib straight from the layout in docs/lake.md (an oracle independent of the C++ code).

Usage: python tests/data/make_content_witness_vectors.py
"""

from __future__ import annotations

import hashlib
import json
import struct
from pathlib import Path

TAG = b"ruvector-content-witness-v2\0"


def leaf(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def mth(leaves: list[bytes]) -> bytes:
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node(mth(leaves[:k]), mth(leaves[k:]))


def generation_bytes(g: int | str) -> bytes:
    body = b"\x00" + struct.pack("<Q", g) if isinstance(g, int) else b"\x01" + g.encode()
    return struct.pack("<Q", len(body)) + body


def case(name: str, n: int, dim: int, params: dict[str, object]) -> dict[str, object]:
    ids = [(2**64 - 1 - 3 * i) if i % 2 else i * 1000 for i in range(n)]
    rows = [[((i * dim + j) % 13) * 0.25 - 1.5 for j in range(dim)] for i in range(n)]
    metric, kind = str(params["metric"]), str(params["rotation_kind"])
    params_leaf = leaf(
        TAG
        + struct.pack("<I", dim)
        + bytes([len(metric)])
        + metric.encode()
        + bytes([len(kind)])
        + kind.encode()
        + struct.pack("<Q", params["rotation_seed"])
        + struct.pack("<I", params["bits"])
        + generation_bytes(params["generation"])  # type: ignore[arg-type]
    )
    leaves = [leaf(struct.pack("<Q", ids[i]) + struct.pack(f"<{dim}f", *rows[i])) for i in range(n)]
    data_root = mth(leaves)
    return {
        "name": name,
        "dim": dim,
        "ids": [str(i) for i in ids],  # decimal strings: above 2^53 in JSON numbers
        "rows": rows,
        **params,
        "rotation_seed": str(params["rotation_seed"]),  # may exceed 2^53
        "params_hash_hex": params_leaf.hex(),
        "data_root_hex": data_root.hex(),
        "count": n,
        "root_hex": node(params_leaf, data_root).hex(),
    }


def main() -> None:
    base = {"metric": "l2", "rotation_kind": "hadamard", "rotation_seed": 42, "bits": 1, "generation": 7}
    cases = [
        case("empty", 0, 4, base),
        case("one", 1, 4, base),
        case("two", 2, 3, base),
        case("three", 3, 8, {**base, "metric": "cosine", "bits": 4}),
        case("five_opaque_generation", 5, 2, {**base, "generation": "01JCX7NK6G5R9G1YZ7QH"}),
        case("seventeen_ip_dense", 17, 5, {**base, "metric": "ip", "rotation_kind": "dense", "rotation_seed": 2**63}),
    ]
    out = {
        "about": "Content witness v2 (docs/lake.md) cases computed by tests/data/make_content_witness_vectors.py "
        "with Python's hashlib from the documented layout, independently of the C++ implementation. "
        "ids and rotation_seed are decimal strings (they may exceed 2^53); rows are exactly representable in float32.",
        "cases": cases,
    }
    target = Path(__file__).parent / "witness" / "content_witness_vectors.json"
    target.write_text(json.dumps(out, indent=1) + "\n")
    print(f"{target}: {len(cases)} cases")


if __name__ == "__main__":
    main()

"""The witness vectors of tests/data/witness/ through the public ruvector.witness API, written once
for every Python target: Pyodide runs it (node.test.mjs copies the data files next to this script)
and so does CPython (tests/python/test_witness.py). Returns a summary line."""

from __future__ import annotations

import array
import base64
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from typing import Any

from ruvector.errors import InvalidInput, WitnessMismatch

import ruvector as rv

HERE = os.path.dirname(os.path.abspath(__file__))
UNTYPED_ROOT_CASE = "consistency/additional/sizes-are-equal-one-and-proof-is-empty.json"


def load(name: str) -> dict:  # type: ignore[type-arg]
    beside = os.path.join(HERE, name)
    path = beside if os.path.exists(beside) else os.path.join(HERE, "..", "data", "witness", name)
    with open(path) as f:
        return json.load(f)  # type: ignore[no-any-return]


def b64(s: str) -> bytes:
    return base64.b64decode(s)


def raises(kinds: tuple[type[Exception], ...], fn, *args) -> bool:  # type: ignore[no-untyped-def]
    try:
        fn(*args)
    except kinds:
        return True
    return False


def main() -> str:
    passed = 0
    for v in load("upstream_bundle_witness.json")["vectors"]:
        i = v["inputs"]
        args = (i["data_ref"], i["dim"], i["rotation_seed"], i["rerank_factor"], i["generation"]["value"])
        assert rv.witness.bundle_witness_preimage(*args).hex() == v["preimage_hex"], v["name"]
        assert rv.witness.bundle_witness(*args) == v["witness_hex"], v["name"]
        passed += 1
    assert hashlib.sha256(b"x").digest() != rv.witness.leaf_hash(b"x")
    cases = load("merkle_cases.json")
    for kind in ("inclusion", "consistency"):
        for c in cases[kind]:
            proof = [b64(p) for p in (c["proof"] or [])]
            args2: tuple[Any, ...]
            fn: Callable[..., None]
            if kind == "inclusion":
                args2 = (b64(c["leafHash"]), c["leafIdx"], c["treeSize"], proof, b64(c["root"]))
                fn = rv.witness.verify_inclusion
            else:
                args2 = (c["size1"], c["size2"], proof, b64(c["root1"]), b64(c["root2"]))
                fn = rv.witness.verify_consistency
            if c["path"] == UNTYPED_ROOT_CASE:
                assert raises((InvalidInput,), fn, *args2), c["path"]
            elif c["wantErr"]:
                assert raises((WitnessMismatch, InvalidInput), fn, *args2), c["path"]
            else:
                fn(*args2)
            passed += 1
    leaves = [rv.witness.leaf_hash(f"entry {i}".encode()) for i in range(9)]
    root = rv.witness.merkle_root(leaves)
    for i in range(9):
        rv.witness.verify_inclusion(leaves[i], i, 9, rv.witness.inclusion_proof(leaves, i), root)
        rv.witness.verify_consistency(
            i + 1, 9, rv.witness.consistency_proof(leaves, i + 1), rv.witness.merkle_root(leaves[: i + 1]), root
        )
        passed += 2
    for c in load("content_witness_vectors.json")["cases"]:
        if not c["ids"]:
            # A (0, dim) buffer needs numpy (a memoryview cannot have a 0 in its shape), which Pyodide
            # cannot load offline; the empty case is checked natively, in Node and in Chromium.
            continue
        rows = array.array("f", [x for row in c["rows"] for x in row])
        view = memoryview(rows).cast("B").cast("f", (len(c["ids"]), c["dim"]))
        w = rv.witness.content_witness(
            array.array("Q", [int(i) for i in c["ids"]]),
            view,
            metric=c["metric"],
            rotation_kind=c["rotation_kind"],
            rotation_seed=int(c["rotation_seed"]),
            bits=c["bits"],
            generation=c["generation"],
        )
        assert (w.params_hash.hex(), w.data_root.hex(), w.count, w.root.hex()) == (
            c["params_hash_hex"],
            c["data_root_hex"],
            c["count"],
            c["root_hex"],
        ), c["name"]
        passed += 1
    signer = rv.witness.generate_signer_key("lake.example/log")
    note = rv.witness.sign_checkpoint(signer, "lake.example/log", 9, root, ["ext"])
    cp_key = rv.witness.verifier_key(signer)
    cp = rv.witness.verify_checkpoint(note, [cp_key])
    assert cp == rv.witness.Checkpoint("lake.example/log", 9, root, ("ext",))
    assert raises(
        (WitnessMismatch,),
        rv.witness.verify_checkpoint,
        note.replace("\n9\n", "\n8\n"),
        [rv.witness.verifier_key(signer)],
    )
    ex = load("go_note_example.json")
    assert rv.witness.verifier_key(ex["signer_key"]) == ex["verifier_key"]
    # The log in a directory: the core's own file code on every target (Pyodide's files there).
    with tempfile.TemporaryDirectory() as tmp:
        log = rv.witness.TransparencyLog(os.path.join(tmp, "log"))
        assert [log.append(b"first"), log.append(b"second")] == [0, 1]
        rv.witness.verify_inclusion(rv.witness.leaf_hash(b"second"), 1, 2, log.inclusion_proof(1), log.root)
        head = rv.witness.verify_checkpoint(log.write_checkpoint("lake.example/log", signer), [cp_key])
        assert (head.size, head.root) == (2, log.root)
        reopened = rv.witness.TransparencyLog(os.path.join(tmp, "log"))
        assert (reopened.size, reopened.root, reopened.read_checkpoint()) == (2, log.root, log.read_checkpoint())
    passed += 4
    return f"{passed} passed, 0 failed"

"""ruvector.witness in CPython: the same vectors as the C++ tests (tests/data/witness/), plus SHAKE-256
against hashlib on random inputs, checkpoints, proofs and the directory transparency log."""

from __future__ import annotations

import base64
import hashlib
import json
import random
import sys
from pathlib import Path
from typing import Any

import pytest
from ruvector._backend import backend
from ruvector.errors import InvalidInput, PersistError, WitnessMismatch

import ruvector as rv

DATA = Path(__file__).resolve().parents[1] / "data" / "witness"
UNTYPED_ROOT_CASE = "consistency/additional/sizes-are-equal-one-and-proof-is-empty.json"


def load(name: str) -> Any:
    return json.loads((DATA / name).read_text())


def b64(value: str) -> bytes:
    return base64.b64decode(value)


def test_shake256_and_sha3_match_hashlib_on_random_inputs() -> None:
    rng = random.Random(1234)
    for _ in range(300):
        data = rng.randbytes(rng.choice([0, 1, 135, 136, 137, 272, rng.randrange(2000)]))
        length = rng.choice([1, 32, 136, 137, rng.randrange(1, 700)])
        assert backend.shake256(data, length) == hashlib.shake_256(data).digest(length)
        assert backend.sha3_256(data) == hashlib.sha3_256(data).digest()


def test_bundle_witness_matches_every_upstream_vector() -> None:
    vectors = load("upstream_bundle_witness.json")["vectors"]
    assert len(vectors) >= 5
    for v in vectors:
        i = v["inputs"]
        args = (i["data_ref"], i["dim"], i["rotation_seed"], i["rerank_factor"], i["generation"]["value"])
        assert rv.witness.bundle_witness_preimage(*args).hex() == v["preimage_hex"], v["name"]
        assert rv.witness.bundle_witness(*args) == v["witness_hex"], v["name"]
        assert hashlib.shake_256(bytes.fromhex(v["preimage_hex"])).hexdigest(32) == v["witness_hex"]
        if "base_witness_hex" in v:
            assert v["witness_hex"] != v["base_witness_hex"]


def test_bundle_witness_generation_kinds() -> None:
    assert rv.witness.bundle_witness("x", 1, 0, 1, 7) != rv.witness.bundle_witness("x", 1, 0, 1, "\x07" + "\0" * 7)
    assert rv.witness.bundle_witness("x", 1, 0, 1, 2**64 - 1)
    for bad in (-1, 2**64, 1.5, True, None, b"7"):
        with pytest.raises(InvalidInput, match="generation"):
            rv.witness.bundle_witness("x", 1, 0, 1, bad)  # type: ignore[arg-type]


def merkle_cases(kind: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = load("merkle_cases.json")[kind]
    assert len(cases) >= 90
    return cases


def verify_case(kind: str, c: dict[str, Any]) -> None:
    proof = [b64(p) for p in (c["proof"] or [])]
    if kind == "inclusion":
        rv.witness.verify_inclusion(b64(c["leafHash"]), c["leafIdx"], c["treeSize"], proof, b64(c["root"]))
    else:
        rv.witness.verify_consistency(c["size1"], c["size2"], proof, b64(c["root1"]), b64(c["root2"]))


@pytest.mark.parametrize("kind", ["inclusion", "consistency"])
def test_merkle_vectors(kind: str) -> None:
    for c in merkle_cases(kind):
        if c["path"] == UNTYPED_ROOT_CASE:
            # 12-byte "roots": Go compares byte strings; ours are typed 32-byte hashes (see the C++ test).
            with pytest.raises(InvalidInput, match="32-byte"):
                verify_case(kind, c)
        elif c["wantErr"]:
            with pytest.raises((WitnessMismatch, InvalidInput)):
                verify_case(kind, c)
        else:
            verify_case(kind, c)


def test_generated_proofs_verify_and_tampering_fails() -> None:
    leaves = [rv.witness.leaf_hash(f"entry {i}".encode()) for i in range(21)]
    root = rv.witness.merkle_root(leaves)
    for index in range(21):
        proof = rv.witness.inclusion_proof(leaves, index)
        rv.witness.verify_inclusion(leaves[index], index, 21, proof, root)
        with pytest.raises(WitnessMismatch):
            rv.witness.verify_inclusion(leaves[index], index, 21, proof[:-1], root)
    for size1 in range(1, 21):
        root1 = rv.witness.merkle_root(leaves[:size1])
        rv.witness.verify_consistency(size1, 21, rv.witness.consistency_proof(leaves, size1), root1, root)
    with pytest.raises(InvalidInput, match=r"root must be a 32-byte SHA-256 hash, got 31 bytes"):
        rv.witness.verify_inclusion(leaves[0], 0, 21, [], root[:31])


def test_checkpoint_sign_and_verify() -> None:
    signer = rv.witness.generate_signer_key("lake.example/log")
    verifier = rv.witness.verifier_key(signer)
    assert signer.startswith("PRIVATE+KEY+lake.example/log+")
    assert verifier.startswith("lake.example/log+")
    root = hashlib.sha256(b"root").digest()
    note = rv.witness.sign_checkpoint(signer, "lake.example/log", 42, root, ["ext one"])
    cp = rv.witness.verify_checkpoint(note, [verifier])
    assert cp == rv.witness.Checkpoint("lake.example/log", 42, root, ("ext one",))
    assert rv.witness.verify_checkpoint(note, verifier) == cp  # a lone key string
    with pytest.raises(WitnessMismatch, match="no signature by a trusted key"):
        rv.witness.verify_checkpoint(note, [rv.witness.verifier_key(rv.witness.generate_signer_key("other"))])
    with pytest.raises(WitnessMismatch, match="does not verify"):
        rv.witness.verify_checkpoint(note.replace("\n42\n", "\n43\n"), [verifier])
    with pytest.raises(InvalidInput, match="verifier key"):
        rv.witness.verify_checkpoint(note, ["not a key"])


def test_go_documented_note_verifies() -> None:
    ex = load("go_note_example.json")
    assert rv.witness.verifier_key(ex["signer_key"]) == ex["verifier_key"]
    # Not a checkpoint body (two free-text lines), so the note opens but the checkpoint parse refuses it.
    with pytest.raises(WitnessMismatch, match="malformed checkpoint"):
        rv.witness.verify_checkpoint(ex["note"], [ex["verifier_key"]])


def test_the_shared_python_witness_check_passes_natively() -> None:
    # tests/pyodide/witness_check.py is the Python-side check of every witness vector (bundle,
    # Merkle, content witness oracle, checkpoints); Pyodide runs the same file.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "pyodide"))
    try:
        import witness_check
    finally:
        sys.path.pop(0)
    assert witness_check.main().endswith(" passed, 0 failed")


def test_content_witness_binds_every_vector_id_and_parameter() -> None:
    import numpy as np

    rng = np.random.default_rng(5)
    vectors = rng.standard_normal((300, 16), dtype=np.float32)
    ids = np.arange(300, dtype=np.uint64) + np.uint64(2**64 - 400)
    params: dict[str, Any] = {
        "metric": "cosine",
        "rotation_kind": "hadamard",
        "rotation_seed": 9,
        "bits": 4,
        "generation": "g1",
    }
    good = rv.witness.content_witness(ids, vectors, **params)
    assert good.count == 300
    assert rv.witness.content_witness(ids, vectors, threads=1, **params) == good
    flipped = vectors.copy()
    flipped.view(np.uint8)[123, 5] ^= 0x10
    bad = rv.witness.content_witness(ids, flipped, **params)
    assert (bad.params_hash, bad.count) == (good.params_hash, good.count)
    assert bad.data_root != good.data_root
    other_ids = ids.copy()
    other_ids[7] ^= np.uint64(1)
    assert rv.witness.content_witness(other_ids, vectors, **params).data_root != good.data_root
    for key, value in (("rotation_seed", 10), ("bits", 1), ("generation", 1), ("metric", "l2")):
        changed = rv.witness.content_witness(ids, vectors, **{**params, key: value})
        assert changed.params_hash != good.params_hash, key
        assert changed.data_root == good.data_root


def test_transparency_log_directory(tmp_path: Path) -> None:
    signer = rv.witness.generate_signer_key("lake.example/log")
    log = rv.witness.TransparencyLog(str(tmp_path / "log"))
    assert log.size == 0
    assert log.read_checkpoint() is None
    roots = []
    for i in range(9):
        assert log.append(f"witness {i}".encode()) == i
        roots.append(log.root)
    note = log.write_checkpoint("lake.example/log", signer)
    reopened = rv.witness.TransparencyLog(str(tmp_path / "log"))
    assert reopened.read_checkpoint() == note
    cp = rv.witness.verify_checkpoint(note, [rv.witness.verifier_key(signer)])
    assert (cp.size, cp.root) == (9, reopened.root)
    for i in range(9):
        leaf = rv.witness.leaf_hash(f"witness {i}".encode())
        assert reopened.leaf_hash_at(i) == leaf
        rv.witness.verify_inclusion(leaf, i, 9, reopened.inclusion_proof(i), cp.root)
        rv.witness.verify_consistency(i + 1, 9, reopened.consistency_proof(i + 1), roots[i], cp.root)
    (tmp_path / "log" / "state").write_text("garbage\n")
    with pytest.raises(PersistError, match="state"):
        rv.witness.TransparencyLog(str(tmp_path / "log"))

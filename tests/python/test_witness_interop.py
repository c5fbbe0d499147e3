"""Interop with the reference Go implementations, both ways (tests/interop/main.go):
golang.org/x/mod/sumdb/note, transparency-dev/formats/log (v0.1.1) and transparency-dev/merkle
(v0.0.2). Go signs a checkpoint and makes proofs that ruvector verifies; ruvector signs checkpoints
and makes proofs that Go verifies; tampered ones must fail on both sides.

Needs Go (/usr/local/go/bin/go or on PATH) and the modules of tests/interop/go.sum, which
scripts/bootstrap downloads (`go mod download`)."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from ruvector.errors import WitnessMismatch

import ruvector as rv

INTEROP = Path(__file__).resolve().parents[1] / "interop"
GO = shutil.which("go") or "/usr/local/go/bin/go"


@pytest.fixture(scope="module")
def go_tool(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not Path(GO).exists():
        pytest.fail(f"Go is required for the interop test and was not found ({GO}); scripts/bootstrap installs it")
    binary = tmp_path_factory.mktemp("interop") / "witness_interop"
    env = {**os.environ, "GOFLAGS": "-mod=readonly", "GOTOOLCHAIN": "local"}
    subprocess.run([GO, "build", "-o", str(binary), "."], cwd=INTEROP, check=True, env=env, timeout=300)
    return binary


def run_go(tool: Path, *args: str, stdin: str | None = None) -> Any:
    out = subprocess.run([str(tool), *args], input=stdin, capture_output=True, text=True, check=True, timeout=120)
    return json.loads(out.stdout)


def b64(s: str) -> bytes:
    return base64.b64decode(s)


def test_ruvector_verifies_what_go_produced(go_tool: Path) -> None:
    n = 17
    got = run_go(go_tool, "produce", str(n))
    cp = rv.witness.verify_checkpoint(got["checkpoint"], [got["verifier_key"]])
    assert (cp.origin, cp.size) == (got["origin"], n)
    leaves = [rv.witness.leaf_hash(e.encode()) for e in got["entries"]]
    assert cp.root == rv.witness.merkle_root(leaves) == b64(got["roots"][n])
    assert [rv.witness.merkle_root(leaves[:s]) for s in range(n + 1)] == [b64(r) for r in got["roots"]]
    assert len(got["inclusion"]) == n * (n + 1) // 2
    for c in got["inclusion"]:
        proof = [b64(p) for p in c["proof"]]
        rv.witness.verify_inclusion(b64(c["leaf_hash"]), c["index"], c["size"], proof, b64(c["root"]))
        # The same proof as ours, hash for hash.
        assert proof == rv.witness.inclusion_proof(leaves, c["index"], c["size"])
    for c in got["consistency"]:
        proof = [b64(p) for p in c["proof"]]
        rv.witness.verify_consistency(c["size1"], c["size2"], proof, b64(c["root1"]), b64(c["root2"]))
        assert proof == rv.witness.consistency_proof(leaves, c["size1"], c["size2"])
    tampered = got["checkpoint"].replace(f"\n{n}\n", f"\n{n + 1}\n")
    with pytest.raises(WitnessMismatch):
        rv.witness.verify_checkpoint(tampered, [got["verifier_key"]])


def test_go_verifies_what_ruvector_produced(go_tool: Path, tmp_path: Path) -> None:
    origin = "ruvector.example/lake-log"
    signer = rv.witness.generate_signer_key(origin)
    log = rv.witness.TransparencyLog(str(tmp_path / "log"))
    roots = [log.root]
    for i in range(11):
        log.append(f"bundle witness {i}".encode())
        roots.append(log.root)
    note = log.write_checkpoint(origin, signer)
    other = rv.witness.sign_checkpoint(rv.witness.generate_signer_key(origin), origin, log.size, log.root)
    inclusion = [
        {"index": i, "size": s, "leaf_hash": log.leaf_hash_at(i), "proof": log.inclusion_proof(i, s), "root": roots[s]}
        for s in range(1, 12)
        for i in range(s)
    ]
    consistency = [
        {"size1": a, "size2": b, "proof": log.consistency_proof(a, b), "root1": roots[a], "root2": roots[b]}
        for b in range(1, 12)
        for a in range(1, b + 1)
    ]
    # Deliberately broken copies that Go must refuse.
    bad_inclusion = dict(inclusion[-1], leaf_hash=log.leaf_hash_at(0))
    bad_consistency = dict(consistency[-2], root1=roots[1])

    def encode(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
        def enc(v: Any) -> Any:
            if isinstance(v, bytes):
                return base64.b64encode(v).decode()
            if isinstance(v, list):
                return [enc(x) for x in v]
            return v

        return [{k: enc(v) for k, v in c.items()} for c in cases]

    request = {
        "verifier_key": rv.witness.verifier_key(signer),
        "origin": origin,
        "checkpoints": [note, other, note.replace("\n11\n", "\n12\n")],
        "inclusion": encode([*inclusion, bad_inclusion]),
        "consistency": encode([*consistency, bad_consistency]),
    }
    verdict = run_go(go_tool, "verify", stdin=json.dumps(request))
    assert verdict["checkpoints"][0] == f"ok 11 {log.root.hex()}"
    assert not verdict["checkpoints"][1].startswith("ok ")  # signed by a key Go does not trust
    assert not verdict["checkpoints"][2].startswith("ok ")  # tampered
    assert verdict["inclusion"][:-1] == ["ok"] * len(inclusion)
    assert verdict["inclusion"][-1] != "ok"
    assert verdict["consistency"][:-1] == ["ok"] * len(consistency)
    assert verdict["consistency"][-1] != "ok"

"""Verified bundles (issue 10, items 5, 6 and 9): publish_bundle logs the content witness and signs a
checkpoint; rv.witness.read_bundle / verify_bundle and Lake.warm_from_dir recompute everything from
the bytes and raise WitnessMismatch naming what differs; SIGKILL during publish_bundle and
save_cache_to_dir leaves the previous bundle, snapshot and log valid and verifiable."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import ruvector as rv

pytestmark = pytest.mark.skipif(
    sys.platform == "emscripten", reason="numpy and SIGKILL subprocesses: Pyodide runs lake_check.check_files instead"
)

KEY = ("mem", "docs")


def _lake_with(n: int, dim: int, seed: int) -> tuple[rv.Lake, rv.LocalBackend]:
    rng = np.random.default_rng(seed)
    backend = rv.LocalBackend("mem")
    backend.put_collection(
        "docs", rng.standard_normal((n, dim), dtype=np.float32), np.arange(n, dtype=np.uint64) + 2**63
    )
    lake = rv.Lake()
    lake.register(backend)
    return lake, backend


@pytest.fixture
def signer() -> str:
    return rv.witness.generate_signer_key("lake.example/bundles")


def test_publish_verify_and_warm_with_trusted_keys(tmp_path: Path, signer: str) -> None:
    lake, backend = _lake_with(300, 16, 1)
    verifier = rv.witness.verifier_key(signer)
    lake.publish_bundle(KEY, tmp_path / "b" / "docs", signer=signer)
    info = rv.witness.verify_bundle(tmp_path / "b" / "docs", [verifier])
    assert info.checkpoint is not None
    assert info.checkpoint.size == 1
    assert info.checkpoint.origin == "lake.example/bundles"
    assert info.log_index == 0
    assert info.content_witness.count == 300
    assert (info.dim, info.metric, info.bits, info.rotation_seed) == (16, "l2", 1, 42)
    assert info.rvf_witness == lake.witness_of(*KEY)
    # The log beside the bundles holds the entry; its checkpoint is the bundle's.
    log = rv.witness.TransparencyLog(str(tmp_path / "b" / "transparency-log"))
    assert log.size == 1
    assert log.read_checkpoint() is not None

    # read_bundle checks the bytes without a key; verify_bundle needs one that signed.
    assert rv.witness.read_bundle(tmp_path / "b" / "docs").checkpoint is None
    stranger = rv.witness.verifier_key(rv.witness.generate_signer_key("lake.example/bundles"))
    with pytest.raises(rv.WitnessMismatch):
        rv.witness.verify_bundle(tmp_path / "b" / "docs", [stranger])

    backend.append("docs", np.ones((1, 16), dtype=np.float32), [7])
    lake.publish_bundle(KEY, tmp_path / "b" / "docs", signer=signer)
    second = rv.witness.verify_bundle(tmp_path / "b" / "docs", verifier)
    assert second.checkpoint is not None
    assert second.checkpoint.size == 2
    assert info.checkpoint is not None
    log = rv.witness.TransparencyLog(str(tmp_path / "b" / "transparency-log"))
    rv.witness.verify_consistency(1, 2, log.consistency_proof(1, 2), info.checkpoint.root, second.checkpoint.root)

    warm = rv.Lake("frozen")
    assert warm.warm_from_dir(KEY, tmp_path / "b" / "docs", trusted_keys=[verifier]) == 301
    with pytest.raises(rv.WitnessMismatch):
        rv.Lake("frozen").warm_from_dir(KEY, tmp_path / "b" / "docs", trusted_keys=[stranger])
    unsigned = tmp_path / "plain"
    lake.save_cache_to_dir(KEY, unsigned)  # primed by the publishes
    with pytest.raises(rv.WitnessMismatch, match="no transparency-log proof"):
        rv.witness.verify_bundle(unsigned, [verifier])


def test_flipping_bits_anywhere_in_the_index_is_a_witness_mismatch(tmp_path: Path) -> None:
    lake, _ = _lake_with(120, 8, 2)
    bundle = tmp_path / "docs"
    lake.prime(*KEY)
    lake.save_cache_to_dir(KEY, bundle)
    index = bundle / "index.rvq"
    original = index.read_bytes()
    rng = random.Random(3)
    offsets = sorted(set(range(0, 68)) | {rng.randrange(68, len(original)) for _ in range(150)})
    reasons: dict[str, int] = {}
    for offset in offsets:
        damaged = bytearray(original)
        damaged[offset] ^= 1 << rng.randrange(8)
        index.write_bytes(bytes(damaged))
        with pytest.raises(rv.WitnessMismatch) as caught:
            rv.witness.read_bundle(bundle)
        message = str(caught.value)
        for reason in ("vector data differs", "parameters differ", "outside the vectors", "not the published file"):
            if reason in message:
                reasons[reason] = reasons.get(reason, 0) + 1
        if offset % 10 == 0:
            with pytest.raises(rv.WitnessMismatch):
                rv.Lake().warm_from_dir(KEY, bundle)
    assert sum(reasons.values()) == len(offsets), "every mismatch names what differs"
    assert reasons.get("vector data differs", 0) > 10
    index.write_bytes(original)
    assert rv.witness.read_bundle(bundle).content_witness.count == 120


def test_tampered_witness_file_and_sidecar_name_the_difference(tmp_path: Path, signer: str) -> None:
    lake, _ = _lake_with(50, 8, 4)
    bundle = tmp_path / "b" / "docs"
    lake.publish_bundle(KEY, bundle, signer=signer)
    verifier = rv.witness.verifier_key(signer)
    record_path = bundle / "bundle.witness.json"
    record = record_path.read_text()
    record_path.write_text(record.replace('"rotation_seed":42', '"rotation_seed":41'))
    with pytest.raises(rv.WitnessMismatch, match="params do not hash"):
        rv.witness.read_bundle(bundle)
    record_path.write_text(record.replace('"leaf_index":0', '"leaf_index":3'))
    with pytest.raises(rv.WitnessMismatch, match="not in the log"):
        rv.witness.verify_bundle(bundle, [verifier])
    record_path.write_text(record)
    sidecar = bundle / "table.rulake.json"
    text = sidecar.read_text()
    sidecar.write_text(text.replace('"rerank_factor": 20', '"rerank_factor": 21'))
    with pytest.raises(rv.WitnessMismatch, match="does not match its fields"):
        rv.witness.verify_bundle(bundle, [verifier])
    sidecar.write_text(text)
    assert rv.witness.verify_bundle(bundle, [verifier]).content_witness.count == 50


def test_publish_refuses_to_replace_a_directory_with_other_files(tmp_path: Path) -> None:
    lake, _ = _lake_with(20, 8, 5)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(rv.InvalidInput, match=r"notes\.txt"):
        lake.publish_bundle(KEY, tmp_path / "mine")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


# A child that publishes (signed) and snapshots in a loop, alternating the collection's contents.
CHILD = """
import sys, numpy as np, ruvector as rv
root, signer = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(int(sys.argv[3]))
backend = rv.LocalBackend("mem")
lake = rv.Lake()
lake.register(backend)
n = 2000
backend.put_collection("docs", rng.standard_normal((n, 32), dtype=np.float32), np.arange(n, dtype=np.uint64))
print("ready", flush=True)
while True:
    backend.append("docs", rng.standard_normal((1, 32), dtype=np.float32), [n])
    n += 1
    lake.publish_bundle(("mem", "docs"), root + "/bundles/docs", signer=signer)
    lake.save_cache_to_dir(("mem", "docs"), root + "/snapshot")
"""


def test_sigkill_during_publish_and_save_leaves_valid_bundles(tmp_path: Path, signer: str) -> None:
    verifier = rv.witness.verifier_key(signer)
    rng = random.Random(11)
    kills = 0
    seen_counts: set[int] = set()
    for round_ in range(15):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(tmp_path), signer, str(round_)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 1.0))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        kills += 1
        log = rv.witness.TransparencyLog(str(tmp_path / "bundles" / "transparency-log"))
        assert log.root == rv.witness.merkle_root([log.leaf_hash_at(i) for i in range(log.size)])
        bundle = tmp_path / "bundles" / "docs"
        if (bundle / "table.rulake.json").exists():
            info = rv.witness.verify_bundle(bundle, [verifier])
            assert info.checkpoint is not None
            assert info.log_index is not None
            assert info.checkpoint.size <= log.size
            # The bundle's checkpoint is a prefix of the log as it is now.
            rv.witness.verify_consistency(
                info.checkpoint.size,
                log.size,
                log.consistency_proof(info.checkpoint.size),
                info.checkpoint.root,
                log.root,
            )
            seen_counts.add(info.content_witness.count)
        snapshot = tmp_path / "snapshot"
        if snapshot.exists():
            assert rv.Lake("frozen").warm_from_dir(KEY, snapshot) >= 2001
        parent = tmp_path / "bundles"
        leftovers = (
            [p.name for p in parent.iterdir() if p.name.startswith(".docs.replacing-")] if parent.exists() else []
        )
        assert len(leftovers) <= 1  # at most the one a kill interrupted; the next publish removes it
    assert kills == 15
    assert len(seen_counts) >= 3, f"the kills should land after several publishes, saw {sorted(seen_counts)}"


def test_the_committed_signed_bundle_verifies_here_as_in_node(tmp_path: Path) -> None:
    # tests/data/witness/signed_bundle/ (make_signed_bundle.py) is checked by node's bundle.test.mjs too.
    fixture = Path(__file__).resolve().parents[1] / "data" / "witness" / "signed_bundle"
    verifier = (fixture / "verifier.txt").read_text().strip()
    info = rv.witness.verify_bundle(fixture, [verifier])
    assert info.checkpoint is not None
    assert info.checkpoint.origin == "ruvector.test/signed-bundle"
    assert (info.dim, info.content_witness.count, info.log_index) == (12, 96, 0)
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in ("index.rvq", "bundle.witness.json", "table.rulake.json"):
        (copy / name).write_bytes((fixture / name).read_bytes())
    damaged = bytearray((copy / "index.rvq").read_bytes())
    damaged[len(damaged) // 2] ^= 0x10
    (copy / "index.rvq").write_bytes(bytes(damaged))
    with pytest.raises(rv.WitnessMismatch):
        rv.witness.verify_bundle(copy, [verifier])
    assert rv.Lake("frozen").warm_from_dir(KEY, fixture, trusted_keys=[verifier]) == 96

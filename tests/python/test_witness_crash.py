"""Crash safety of the transparency log (issue 10, item 9): a child process appends and writes
checkpoints in a loop and is SIGKILLed at many points; after every kill the log must open, its
root must match its leaves, its checkpoint must verify and be consistent with the log, and the
next append must work."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import ruvector as rv

CHILD = """
import sys, ruvector as rv
log = rv.witness.TransparencyLog(sys.argv[1])
signer = sys.argv[2]
print("ready", flush=True)
i = log.size
while True:
    log.append(f"bundle witness {i}".encode())
    i += 1
    if i % 3 == 0:
        log.write_checkpoint("crash.example/log", signer)
"""


def test_sigkill_during_appends_leaves_a_valid_log(tmp_path: Path) -> None:
    directory = str(tmp_path / "log")
    signer = rv.witness.generate_signer_key("crash.example/log")
    verifier = rv.witness.verifier_key(signer)
    rng = random.Random(7)
    previous_size = 0
    kills = 0
    for _ in range(25):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, directory, signer], stdout=subprocess.PIPE, text=True, cwd=tmp_path
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.05))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        kills += 1
        log = rv.witness.TransparencyLog(directory)  # refuses a log whose leaves do not give its root
        assert log.size >= previous_size
        assert log.root == rv.witness.merkle_root([log.leaf_hash_at(i) for i in range(log.size)])
        for i in range(log.size):
            assert log.leaf_hash_at(i) == rv.witness.leaf_hash(f"bundle witness {i}".encode())
        note = log.read_checkpoint()
        if note is not None:
            cp = rv.witness.verify_checkpoint(note, [verifier])
            assert cp.size <= log.size
            if cp.size:
                rv.witness.verify_consistency(cp.size, log.size, log.consistency_proof(cp.size), cp.root, log.root)
        previous_size = log.size
    assert kills == 25
    assert previous_size > 0
    log = rv.witness.TransparencyLog(directory)
    assert log.append(f"bundle witness {log.size}".encode()) == previous_size

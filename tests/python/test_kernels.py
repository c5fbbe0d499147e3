"""Kernel dispatch as seen from Python: every available ISA gives the scalar answers, and the
scalar-only path (a CPU without AVX2) works end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import numpy as np
import pytest

import ruvector as rv

PROBE = """
import json, numpy as np, ruvector as rv
rng = np.random.default_rng(3)
a = rng.normal(size=(7, 77)).astype(np.float32); b = rng.normal(size=(9, 77)).astype(np.float32)
bits_a = rng.integers(0, 256, (3, 37), dtype=np.uint8); bits_b = rng.integers(0, 256, (4, 37), dtype=np.uint8)
print(json.dumps({"isa": rv.cpu_features()["isa"],
  "l2": rv.distances(a, b).tolist(), "ip": rv.distances(a, b, "ip").tolist(),
  "cos": rv.distances(a, b, "cosine").tolist(), "ham": rv.distances(bits_a, bits_b, "hamming").tolist()}))
"""


def run_with_isa(isa: str) -> dict[str, Any]:
    env = dict(os.environ, RUVECTOR_ISA=isa)
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def test_cpu_features_report_the_best_available_isa() -> None:
    f = rv.cpu_features()
    assert f["available"][0] == "scalar"
    assert f["isa"] == f["available"][-1]
    if f["avx2"]:
        assert "avx2" in f["available"]


def test_cpu_features_agree_with_the_kernel() -> None:
    # The kernel's /proc/cpuinfo flags (which also require the OS to save the AVX state) are an
    # independent witness: a wheel whose CPU check answers "no" everywhere would run scalar kernels
    # on an AVX2 machine without any other test noticing (the manylinux build once did).
    try:
        with open("/proc/cpuinfo", encoding="ascii") as cpuinfo:
            flags_line = next(line for line in cpuinfo if line.startswith("flags"))
    except (OSError, StopIteration):
        pytest.skip("no /proc/cpuinfo flags line on this system to compare with")
    flags = set(flags_line.split(":", 1)[1].split())
    f = rv.cpu_features()
    names = {"popcnt": "popcnt", "fma": "fma", "avx2": "avx2", "avx512f": "avx512f", "avx512bw": "avx512bw",
             "avx512vpopcntdq": "avx512_vpopcntdq"}  # fmt: skip
    for ours, kernels in names.items():
        assert f[ours] == (kernels in flags), f"cpu_features()[{ours!r}] = {f[ours]}; /proc/cpuinfo: {kernels in flags}"
    if "avx2" in flags and "fma" in flags:
        assert "avx2" in f["available"]


def test_every_isa_matches_scalar() -> None:
    available = rv.cpu_features()["available"]
    scalar = run_with_isa("scalar")
    assert scalar["isa"] == "scalar"
    for isa in available[1:]:
        other = run_with_isa(isa)
        assert other["isa"] == isa
        for key in ("l2", "ip", "cos"):
            np.testing.assert_allclose(other[key], scalar[key], rtol=1e-5, atol=1e-5)
        assert other["ham"] == scalar["ham"]


def test_unknown_isa_request_is_a_clear_error() -> None:
    env = dict(os.environ, RUVECTOR_ISA="neon")
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True)
    assert out.returncode != 0
    assert "RUVECTOR_ISA=neon is not available here" in out.stderr

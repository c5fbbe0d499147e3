"""The wheel must run on any x86-64: only the kernel files are compiled with AVX2/AVX-512 flags.
qemu-user (installed by scripts/bootstrap) emulates older CPUs, and the golden vectors must still
pass there with the kernels the dispatcher picks for that CPU."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
GOLDEN_CHECK = TESTS / "pyodide" / "golden_check.py"
PROBE = f"""
import json, runpy, ruvector as rv
ns = runpy.run_path({str(GOLDEN_CHECK)!r})
summary = ns["main"]({str(TESTS / "data" / "golden_flat.json")!r})
print(json.dumps({{"isa": rv.cpu_features()["isa"], "summary": summary}}))
"""


@pytest.mark.parametrize(("cpu", "isa"), [("Westmere", "scalar"), ("Haswell", "avx2")])
def test_golden_vectors_on_an_emulated_cpu(cpu: str, isa: str) -> None:
    qemu = shutil.which("qemu-x86_64")
    assert qemu, "qemu-user is installed by scripts/bootstrap"
    out = subprocess.run(
        [qemu, "-cpu", cpu, sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=300, cwd="/"
    )
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["isa"] == isa
    assert " 0 failed" in result["summary"]

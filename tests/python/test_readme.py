"""The README's snippets are part of the product: the lake quick start runs as written."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import numpy as np
import pytest

import ruvector as rv

README = Path(__file__).resolve().parents[2] / "README.md"


def _block_after(marker: str) -> str:
    text = README.read_text()
    start = text.index(marker)
    match = re.compile(r"```python\n(.*?)```", re.S).search(text, start)
    assert match is not None, f"no python block after {marker!r}"
    return match.group(1)


@pytest.mark.skipif(sys.platform == "emscripten", reason="publishes to a directory: native only")
def test_lake_quick_start_primes_searches_publishes_and_verifies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = _block_after("A lake over your own store")
    assert len(code.strip().splitlines()) <= 6
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((500, 24), dtype=np.float32)
    namespace = {"rv": rv, "vectors": vectors, "ids": np.arange(500, dtype=np.uint64) * 3, "query": vectors[7]}
    monkeypatch.chdir(tmp_path)
    exec(compile(code, str(README), "exec"), namespace)  # the README's own code
    assert namespace["ids"][0][0] == 21  # the query is row 7, id 21: found first
    assert namespace["lake"].stats()["primes"] == 1
    assert os.path.exists(tmp_path / "bundles" / "articles" / "bundle.witness.json")
    info = rv.witness.read_bundle(tmp_path / "bundles" / "articles")
    assert info.content_witness.count == 500
    assert info.log_index == 0

"""The README's snippets are part of the product: the lake quick start runs as written."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

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


def _coming_from_cells() -> list[str]:
    """The code of the "with ruvector" column of the table after <!-- readme-coming-from -->."""
    text = README.read_text()
    table = text[text.index("<!-- readme-coming-from -->") :].split("\n\n", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "`" in line]
    cells = []
    for row in rows:
        ours = row.split(" | ")[1]
        match = re.match(r"`([^`]+)`", ours)
        assert match is not None, f"no code in the ruvector cell of {row!r}"
        cells.append(match.group(1))
    return cells


@pytest.mark.skipif(sys.platform == "emscripten", reason="saves a file and uses numpy: native only")
def test_coming_from_table_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cells = _coming_from_cells()
    assert len(cells) == 12
    rng = np.random.default_rng(1)
    x = rng.standard_normal((300, 16))  # float64, as faiss users often have it: converted with one copy
    ids = np.arange(300, dtype=np.uint64) * 7 + 5
    texts = ["RaBitQ quantizes vectors", "a question about cats", "markets fell"]
    metas = [{"n": 0}, {"n": 1}, {"n": 2}]
    namespace: dict[str, Any] = {"rv": rv, "x": x, "q": x[:3], "ids": ids, "texts": texts, "metas": metas}
    monkeypatch.chdir(tmp_path)
    seen: dict[str, Any] = {}
    for code in cells:
        exec(compile(code, str(README), "exec"), namespace)  # the README's own code
        if "I" in namespace and "I" not in seen:
            seen["I"] = np.asarray(namespace["I"]).copy()  # the exact FlatIndex, no ids: rows 0, 1, 2
    assert seen["I"][:, 0].tolist() == [0, 1, 2]
    assert (tmp_path / "x.rvq").is_file()
    assert np.asarray(namespace["I"])[:, 0].tolist() == ids[:3].tolist()  # the cosine index, with ids
    hits = namespace["hits"]
    assert len(hits) == 3
    assert hits[0].text == "a question about cats"
    assert hits[0].meta == {"n": 1}
    assert sorted(h.meta["n"] for h in namespace["few"]) == [1, 2]
    store = namespace["store"]
    assert store.similarity_search("a question about cats", k=1, filter={"n": 1})[0].metadata == {"n": 1}

"""Collection.query(..., filter=...): the shared cases of tests/data/filter_cases.json natively
(tests/pyodide/filter_check.py, the script Pyodide runs too), and the Python-side conversions."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

import ruvector as rv

TESTS = Path(__file__).resolve().parents[1]


def test_the_shared_filter_cases_pass_natively() -> None:
    spec = importlib.util.spec_from_file_location("filter_check", TESTS / "pyodide" / "filter_check.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    doc = json.loads((TESTS / "data" / "filter_cases.json").read_text())
    expected = len(doc["indexes"]) * (len(doc["cases"]) + len(doc["errors"]))
    assert module.main(TESTS / "data" / "filter_cases.json") == f"{expected} passed, 0 failed"


def test_a_filter_that_is_not_json_is_refused_before_the_core() -> None:
    col = rv.Collection(rv.HashEmbedder(32))
    col.add(["a", "b"], metas=[{"n": 1}, {"n": 2}])
    with pytest.raises(rv.InvalidInput, match="filter is not JSON"):
        col.query("a", 1, filter={"n": float("nan")})
    with pytest.raises(rv.InvalidInput, match="filter must be a mapping or its JSON text, got list"):
        col.query("a", 1, filter=[1])  # type: ignore[call-overload]


async def test_query_async_passes_the_filter() -> None:
    col = rv.Collection(rv.HashEmbedder(32))
    col.add(["apple pie", "apple tart", "pear"], metas=[{"n": 1}, {"n": 2}, {"n": 3}])
    hits = await col.query_async("apple", 3, filter={"n": {"$gte": 2}})
    assert sorted(h.id for h in hits) == [1, 2]

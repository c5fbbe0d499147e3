"""The shared ShardMap cases (tests/data/shard_map_cases.json) natively: tests/pyodide/shard_map_check.py,
the same script Pyodide runs under node and in Chromium; C++ (native and wasm), node and a Chromium
worker check the same file, so every ring routes an id to the same shard."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import ruvector as rv
from ruvector.lake import ShardMap

TESTS = Path(__file__).resolve().parents[1]


def test_the_shared_shard_map_cases_pass_natively() -> None:
    spec = importlib.util.spec_from_file_location("shard_map_check", TESTS / "pyodide" / "shard_map_check.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(TESTS / "data" / "shard_map_cases.json") == "9 passed, 0 failed"


def test_bad_bounds_get_the_core_message() -> None:
    with pytest.raises(rv.InvalidInput, match="range bounds must ascend, got 5 before 3 at 1"):
        ShardMap.from_bounds([5, 3])

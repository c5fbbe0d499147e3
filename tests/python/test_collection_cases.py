"""The shared Collection cases (tests/data/collection_cases.json) natively: tests/pyodide/collection_check.py,
the same script Pyodide runs under node and in Chromium; C++ and node run the same file."""

from __future__ import annotations

import importlib.util
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def test_the_shared_collection_cases_pass_natively() -> None:
    spec = importlib.util.spec_from_file_location("collection_check", TESTS / "pyodide" / "collection_check.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(TESTS / "data" / "collection_cases.json") == "6 passed, 0 failed"

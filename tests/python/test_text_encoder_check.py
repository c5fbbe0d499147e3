"""tests/pyodide/text_encoder_check.py natively: the same golden and Collection checks Pyodide runs
over the wasm encoder (node.test.mjs), here over the native one."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from test_text_encoder import model_dir

TESTS = Path(__file__).resolve().parents[1]


def test_the_shared_text_encoder_checks_pass_natively() -> None:
    spec = importlib.util.spec_from_file_location("text_encoder_check", TESTS / "pyodide" / "text_encoder_check.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(model_dir(), TESTS / "data" / "golden_embed_minilm.json") == "2 passed, 0 failed"

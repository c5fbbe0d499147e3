"""tests/pyodide/text_encoder_check.py and image_encoder_check.py natively: the same golden, INT8,
Collection, gray-image and error checks Pyodide runs over the wasm encoders (node.test.mjs), here
over the native ones."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

import pytest
from image_model import model_path
from test_text_encoder import bge_model_dir, e5_model_dir, model_dir

TESTS = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("check", "model", "golden", "checks"),
    [
        ("text_encoder_check", model_dir, "golden_embed_minilm.json", 4),
        ("text_encoder_onnx_check", bge_model_dir, "golden_text_bge_small.json", 3),
        ("text_encoder_onnx_check", e5_model_dir, "golden_text_e5_small.json", 3),
        ("image_encoder_check", model_path, "golden_image_lite0.json", 4),
    ],
)
def test_the_shared_encoder_checks_pass_natively(
    monkeypatch: pytest.MonkeyPatch, check: str, model: Callable[[], Path | str], golden: str, checks: int
) -> None:
    monkeypatch.syspath_prepend(str(TESTS / "pyodide"))  # for check_runner
    spec = importlib.util.spec_from_file_location(check, TESTS / "pyodide" / f"{check}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(model(), TESTS / "data" / golden) == f"{checks} passed, 0 failed"

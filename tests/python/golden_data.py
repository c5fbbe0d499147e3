"""Helpers for the cross-target golden vectors (tests/data/golden_flat.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

DATA = Path(__file__).resolve().parents[1] / "data"


def load_golden() -> dict[str, Any]:
    result: dict[str, Any] = json.loads((DATA / "golden_flat.json").read_text())
    return result


def golden_floats(values: Any) -> Any:
    """Golden JSON writes NaN/Inf as strings; numpy parses them back."""
    return np.array(values, dtype=np.float64).astype(np.float32)


def assert_close_to_reference(got: Any, want: Any) -> None:
    got64, want64 = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    assert got64.shape == want64.shape
    assert np.all(np.abs(got64 - want64) <= 1e-4 * np.maximum(1.0, np.abs(want64)))

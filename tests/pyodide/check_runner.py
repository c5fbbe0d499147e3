"""What the encoder checks (text_encoder_check.py, image_encoder_check.py) share: cosine without
numpy, rows of a result (numpy array or nested lists) and the loop that runs named checks and
reports every failure. Copied beside them into Pyodide's file system by node.test.mjs."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any


def rows_of(matrix: Any) -> list[list[float]]:
    rows: list[list[float]] = matrix.tolist() if hasattr(matrix, "tolist") else matrix
    return rows


def cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return dot / math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))


def run_checks(checks: list[tuple[str, Callable[[], None]]]) -> str:
    """Runs every check; "N passed, 0 failed", or AssertionError listing each failed one."""
    failed = []
    for name, check in checks:
        try:
            check()
        except AssertionError as exc:
            failed.append(f"{name}: {exc!r}")
    if failed:
        raise AssertionError("\n".join(failed))
    return f"{len(checks)} passed, 0 failed"

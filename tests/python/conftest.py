"""Shared fixtures: the cross-target golden vectors (tests/data/golden_flat.json)."""

from __future__ import annotations

from typing import Any

import pytest
from golden_data import load_golden


@pytest.fixture(scope="session")
def golden() -> dict[str, Any]:
    return load_golden()

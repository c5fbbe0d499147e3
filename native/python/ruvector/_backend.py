"""Picks the implementation behind the public classes: the native extension (`_core`) in CPython,
the wasm module through Pyodide's JS bridge in the browser. Both offer the same small interface
(FlatIndex, distances, hamming, cpu_features) and raise the classes of ruvector.errors."""

from __future__ import annotations

import sys
from typing import Any

backend: Any
if sys.platform == "emscripten":  # Pyodide
    from . import _pyodide_backend as backend
else:
    from . import _core as backend

__all__ = ["backend"]

"""Turns caller input into the contiguous buffers the backends take. Like faiss, usearch and hnswlib,
any real-valued array is accepted: float32 C-contiguous numpy arrays are used as they are
(zero-copy); other real dtypes (float64, float16, integers) and other layouts are converted with one
copy; objects offering ``__array__`` (torch tensors, pandas DataFrames) or the buffer protocol go
through ``np.asarray`` instead of a per-element loop. ``set_strict_inputs(True)`` refuses the copy
for data (build/add) so callers can catch it; queries are always converted. numpy is optional so
the package also runs in Pyodide without it: then matrices are 2-D ``memoryview`` objects over
``array.array`` storage.

Shape, NaN/Inf, k and id checks live in the C++ core; this module only checks what the C++ side
cannot see: dtype and memory layout.
"""

from __future__ import annotations

import array
from collections.abc import Iterable, Sequence
from typing import Any

from .errors import InvalidInput

try:
    import numpy as np
except ImportError:  # Pyodide without numpy
    np = None  # type: ignore[assignment]

HAVE_NUMPY = np is not None

_strict_inputs = False


def set_strict_inputs(enabled: bool) -> bool:
    """Refuse (InvalidInput) data arrays that would need a converting copy: another dtype than
    float32, another layout than C-contiguous, or a non-numpy array object. Queries are always
    converted. Returns the previous setting. Off by default."""
    global _strict_inputs
    previous, _strict_inputs = _strict_inputs, bool(enabled)
    return previous


def _as_numpy(x: Any) -> Any:
    """numpy arrays as they are; array-likes that numpy can view or copy in one step (``__array__``,
    ``__array_interface__``, the buffer protocol) as an ndarray; anything else unchanged."""
    if isinstance(x, (np.ndarray, str, bytes, bytearray, list, tuple)):
        return x
    if hasattr(x, "__array__") or hasattr(x, "__array_interface__"):
        return np.asarray(x)
    try:
        memoryview(x)
    except TypeError:
        return x
    return np.asarray(x)


def _rows_of(x: Any) -> tuple[list[float], int, int]:
    """Flattens a 1-D or 2-D nested sequence into a list, returning (values, rows, cols)."""
    items = list(x)
    if items and isinstance(items[0], (Sequence, Iterable)) and not isinstance(items[0], (str, bytes)):
        rows = [list(r) for r in items]
        cols = len(rows[0])
        if any(len(r) != cols for r in rows):
            raise InvalidInput(f"rows have different lengths: {sorted({len(r) for r in rows})}")
        return [v for r in rows for v in r], len(rows), cols
    return items, 1 if items else 0, len(items)


def f32_matrix(x: Any, what: str, *, query: bool = False) -> Any:
    """A 2-D float32 C-contiguous matrix from a (d,) or (n, d) input (see the module docstring for
    what is converted, and when ``set_strict_inputs`` refuses instead)."""
    if HAVE_NUMPY:
        x = _as_numpy(x)
    if HAVE_NUMPY and isinstance(x, np.ndarray):
        if x.ndim not in (1, 2):
            raise InvalidInput(f"{what} must be 1-D (one vector) or 2-D (rows), got {x.ndim}-D")
        if x.dtype != np.float32 or not x.flags.c_contiguous:
            if x.dtype.kind not in "fiu":
                raise InvalidInput(f"{what} must hold real numbers, got dtype {x.dtype}")
            if _strict_inputs and not query:
                if x.dtype != np.float32:
                    raise InvalidInput(
                        f"{what} must be a float32 array, got {x.dtype} (strict inputs): "
                        f"convert once with np.asarray({what}, dtype=np.float32)"
                    )
                raise InvalidInput(f"{what} is not C-contiguous (strict inputs): pass np.ascontiguousarray({what})")
            with np.errstate(over="ignore"):  # beyond float32 becomes Inf, which the core refuses by name
                x = np.ascontiguousarray(x, dtype=np.float32)  # the one copy
        return x.reshape(1, -1) if x.ndim == 1 else x
    try:
        values, rows, cols = _rows_of(x)
    except TypeError as exc:
        raise InvalidInput(f"{what} must be an array or a sequence of numbers, got {type(x).__name__}") from exc
    if HAVE_NUMPY:
        return np.asarray(values, dtype=np.float32).reshape(rows, cols)
    try:
        buf = array.array("f", values)
    except TypeError as exc:
        raise InvalidInput(f"{what} must contain numbers") from exc
    view = memoryview(buf)
    # A view with a 0 in its shape cannot be cast: an empty input stays 1-D, shape (0,).
    return view.cast("B").cast("f", (rows, cols)) if rows * cols else view


def u8_matrix(x: Any, what: str) -> Any:
    """A 2-D uint8 C-contiguous matrix of packed bit strings (e.g. from np.packbits)."""
    if HAVE_NUMPY and isinstance(x, np.ndarray):
        if x.dtype != np.uint8:
            raise InvalidInput(f"{what} must be a uint8 array of packed bits, got {x.dtype}")
        if x.ndim not in (1, 2) or not x.flags.c_contiguous:
            raise InvalidInput(f"{what} must be a C-contiguous 1-D or 2-D uint8 array")
        return x.reshape(1, -1) if x.ndim == 1 else x
    if isinstance(x, (bytes, bytearray)):
        x = list(x)
    values, rows, cols = _rows_of(x)
    if HAVE_NUMPY:
        return np.asarray(values, dtype=np.uint8).reshape(rows, cols)
    view = memoryview(array.array("B", values))
    return view.cast("B", (rows, cols)) if rows * cols else view


def u64_vector(ids: Any, what: str = "ids") -> Any:
    """A 1-D uint64 contiguous vector of ids; negative ids are refused."""
    if HAVE_NUMPY:
        if isinstance(ids, np.ndarray) and ids.dtype == np.uint64 and ids.ndim == 1 and ids.flags.c_contiguous:
            return ids
        raw = np.asarray(ids)
        exact = isinstance(ids, (list, tuple)) and all(isinstance(i, int) for i in ids)
        if raw.dtype.kind in "fO" and raw.ndim == 1 and exact:
            # Python ints past 2**63 mixed with small ones: numpy infers float64 (or object), which
            # would round them; take them exactly instead.
            values = [int(i) for i in ids]
            if values and min(values) < 0:
                raise InvalidInput(f"{what} must be >= 0, got {min(values)}")
            return np.array(values, dtype=np.uint64)
        if raw.ndim != 1:
            raise InvalidInput(f"{what} must be 1-D, got shape {raw.shape}")
        if raw.size and raw.dtype.kind not in "ui":
            raise InvalidInput(f"{what} must be integers, got {raw.dtype}")
        if raw.size and raw.dtype.kind == "i" and int(raw.min()) < 0:
            raise InvalidInput(f"{what} must be >= 0, got {int(raw.min())}")
        return np.ascontiguousarray(raw, dtype=np.uint64)
    values = [int(i) for i in ids]
    if any(i < 0 for i in values):
        raise InvalidInput(f"{what} must be >= 0, got {min(values)}")
    return memoryview(array.array("Q", values))

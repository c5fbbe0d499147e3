"""What every index wrapper shares: the backend object and its read-only properties."""

from __future__ import annotations

from typing import Any

from ._arrays import u64_vector


class IndexBase:
    """Holds the backend index (`_core` natively, the wasm bridge in Pyodide) as ``_impl``."""

    __slots__ = ("_impl",)

    def __init__(self, impl: Any) -> None:
        self._impl = impl

    def remove(self, ids: Any) -> int:
        """Removes vectors by id (unknown ids are ignored); returns how many were removed."""
        return int(self._impl.remove(u64_vector(ids)))

    def __len__(self) -> int:
        return len(self._impl)

    @property
    def dim(self) -> int:
        return int(self._impl.dim)

    @property
    def metric(self) -> str:
        return str(self._impl.metric)

    @property
    def memory_bytes(self) -> int:
        return int(self._impl.memory_bytes)

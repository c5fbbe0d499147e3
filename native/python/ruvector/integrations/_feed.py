"""What the framework adapters share: string ids on u64 keys, and vectors a framework computed
itself handed to :class:`ruvector.Collection` (which embeds texts) through its embedder hook."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from ..collection import Collection
from ..errors import EmbedError, InvalidInput

# The framework's string id, kept in the metadata (hidden from the caller) so hits can name it.
ID_KEY = "__ruvector_id"


def key_of(doc_id: str) -> int:
    """The Collection id (u64) of a framework's string id: the first 8 bytes of its BLAKE2b."""
    if not isinstance(doc_id, str):
        raise InvalidInput(f"ids must be strings, got {type(doc_id).__name__}")
    return int.from_bytes(hashlib.blake2b(doc_id.encode(), digest_size=8).digest(), "little")


def stored_meta(doc_id: str, metadata: Mapping[str, Any] | None) -> dict[str, Any]:
    meta = dict(metadata or {})
    if ID_KEY in meta:
        raise InvalidInput(f"metadata key {ID_KEY!r} is reserved")
    meta[ID_KEY] = doc_id
    return meta


def split_meta(meta: Mapping[str, Any] | None) -> tuple[str, dict[str, Any]]:
    """(the framework id, the caller's metadata) of a stored meta."""
    rest = dict(meta or {})
    return str(rest.pop(ID_KEY, "")), rest


class VectorFeed:
    """A Collection embedder whose rows are the vectors handed to :meth:`rows` on this thread: the
    framework embeds, the Collection stores, filters and searches."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._pending = threading.local()

    def rows(self, vectors: Sequence[Sequence[float]]) -> _Fed:
        return _Fed(self, [list(map(float, v)) for v in vectors])

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        pending: list[list[float]] | None = getattr(self._pending, "rows", None)
        if pending is None or len(pending) != len(texts):
            raise EmbedError("this collection takes the vectors its framework computed; call it through the store")
        return pending


class _Fed:
    def __init__(self, feed: VectorFeed, rows: list[list[float]]) -> None:
        self._feed = feed
        self._rows = rows

    def __enter__(self) -> None:
        self._feed._pending.rows = self._rows

    def __exit__(self, *exc: object) -> None:
        self._feed._pending.rows = None


def replace(col: Collection, keys: Sequence[int], texts: Sequence[str], metas: Sequence[Mapping[str, Any]]) -> None:
    """Adds texts under `keys`, replacing what those keys held (the frameworks' upsert)."""
    if len(set(keys)) != len(keys):
        raise InvalidInput("duplicate ids in one add")
    col.remove(list(keys))
    col.add(list(texts), ids=list(keys), metas=list(metas))

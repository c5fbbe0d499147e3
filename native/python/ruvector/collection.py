"""Collection: retrieval for RAG in a few lines -- texts in, scored hits out.

>>> import ruvector as rv
>>> col = rv.Collection()                       # HashEmbedder + exact cosine index
>>> col.add(["the cat sat on the mat", "stock markets fell sharply"], metas=[{"src": "a"}, None])
[0, 1]
>>> col.query("where did the cat sit?", k=1)[0].text
'the cat sat on the mat'

The index behind it is pluggable: ``index_factory`` is called once, on the first ``add``, as
``index_factory(vectors, ids=ids, metric=metric)`` and must return an object with ``add(vectors, ids)``,
``search(queries, k) -> (ids, distances)``, ``remove(ids)`` and ``len()`` -- e.g. ``FlatIndex.build``
(the default) or another index class's ``build``.
"""

from __future__ import annotations

import operator
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, overload

from ._offload import offload
from .embed import HashEmbedder, text_list
from .errors import EmptyIndex, InvalidInput
from .flat import FlatIndex, Metric

_METRICS = ("l2", "ip", "cosine")
_MAX_ID = 2**64 - 1


class Embedder(Protocol):
    """What Collection needs from an embedder: ``embed(texts) -> (n, dim)`` rows and ``dim``."""

    @property
    def dim(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> Any: ...


class SearchIndex(Protocol):
    """The methods every ruvector index shares, and all that Collection calls."""

    def add(self, vectors: Any, ids: Any = None) -> None: ...

    def search(self, queries: Any, k: int = 10) -> tuple[Any, Any]: ...

    def remove(self, ids: Any) -> int: ...

    def __len__(self) -> int: ...


IndexFactory = Callable[..., SearchIndex]
"""Called as ``factory(vectors, ids=ids, metric=metric)`` on the first add; returns the index."""


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result. ``score`` is higher for closer texts: ``1 - distance`` for the cosine and
    ip metrics (the cosine similarity for cosine), ``-distance`` for l2. ``meta`` is a copy."""

    id: int
    score: float
    text: str
    meta: dict[str, Any] | None = None


def _rows(x: Any) -> list[list[Any]]:
    """numpy arrays natively, nested lists in Pyodide without numpy."""
    rows: list[list[Any]] = x.tolist() if hasattr(x, "tolist") else x
    return rows


def _id(value: Any, what: str) -> int:
    try:
        i = operator.index(value)
    except TypeError as exc:
        raise InvalidInput(f"{what} must be an integer, got {value!r}") from exc
    if not 0 <= i <= _MAX_ID:
        raise InvalidInput(f"{what} must be between 0 and 2**64 - 1, got {i}")
    return i


class Collection:
    """Texts with ids and optional metadata, embedded on ``add`` and searched by text with ``query``.

    ``embedder`` defaults to ``HashEmbedder()``; ``metric`` is the index's distance (``"cosine"``,
    ``"ip"`` or ``"l2"``). Adds and removes are serialised; queries may run concurrently with them
    (a hit whose text is removed meanwhile is dropped). Querying an empty collection gives no hits.
    """

    def __init__(
        self,
        embedder: Embedder | None = None,
        *,
        metric: Metric = "cosine",
        index_factory: IndexFactory | None = None,
    ) -> None:
        if metric not in _METRICS:
            raise InvalidInput(f"unknown metric '{metric}': expected 'l2', 'ip' or 'cosine'")
        self._embedder: Embedder = embedder if embedder is not None else HashEmbedder()
        self._metric: Metric = metric
        self._factory: IndexFactory = index_factory if index_factory is not None else FlatIndex.build
        self._index: SearchIndex | None = None
        self._texts: dict[int, str] = {}
        self._metas: dict[int, dict[str, Any]] = {}
        self._next_id = 0
        self._lock = threading.Lock()

    # --- writing -------------------------------------------------------------------------------

    def add(
        self,
        texts: str | Sequence[str],
        *,
        ids: Sequence[int] | None = None,
        metas: Sequence[Mapping[str, Any] | None] | None = None,
    ) -> list[int]:
        """Embeds and stores ``texts``; returns their ids. Without ``ids`` they continue after the
        largest id ever used (0, 1, ... at first). ``metas``: one mapping (or None) per text. Everything
        is validated before anything changes."""
        items = text_list(texts)
        n = len(items)
        meta_list = self._meta_list(metas, n)
        with self._lock:
            new_ids = self._new_ids(ids, n)
            if n == 0:
                return []
            vectors = self._embedder.embed(items)
            if self._index is None:
                self._index = self._factory(vectors, ids=new_ids, metric=self._metric)
            else:
                self._index.add(vectors, new_ids)
            for i, text, meta in zip(new_ids, items, meta_list, strict=True):
                self._texts[i] = text
                if meta is not None:
                    self._metas[i] = meta
            self._next_id = max(self._next_id, max(new_ids) + 1)
        return new_ids

    def remove(self, ids: int | Sequence[int]) -> int:
        """Removes texts by id (unknown ids are ignored); returns how many were removed."""
        items: Sequence[int] = ids if isinstance(ids, Sequence) else [ids]
        id_list = [_id(i, f"ids[{j}]" if items is ids else "id") for j, i in enumerate(items)]
        with self._lock:
            if self._index is None or not id_list:
                return 0
            removed = int(self._index.remove(id_list))
            for i in id_list:
                self._texts.pop(i, None)
                self._metas.pop(i, None)
            return removed

    # --- reading -------------------------------------------------------------------------------

    # A str is also a Sequence[str]; the str overload comes first, so it is the one that applies.
    @overload
    def query(self, text_or_texts: str, k: int = 5) -> list[Hit]: ...  # type: ignore[overload-overlap]
    @overload
    def query(self, text_or_texts: Sequence[str], k: int = 5) -> list[list[Hit]]: ...
    def query(self, text_or_texts: str | Sequence[str], k: int = 5) -> list[Hit] | list[list[Hit]]:
        """The ``k`` best hits for one text (a list of Hit, best first, ties by ascending id), or a list
        of such lists for a sequence of texts."""
        single = isinstance(text_or_texts, str)
        results = self._search(text_list(text_or_texts), k)
        return results[0] if single else results

    @overload
    async def query_async(self, text_or_texts: str, k: int = 5) -> list[Hit]: ...  # type: ignore[overload-overlap]
    @overload
    async def query_async(self, text_or_texts: Sequence[str], k: int = 5) -> list[list[Hit]]: ...
    async def query_async(self, text_or_texts: str | Sequence[str], k: int = 5) -> list[Hit] | list[list[Hit]]:
        """:meth:`query` in a worker thread (the shared pool), so the event loop keeps running
        while texts are embedded and searched (both release the GIL). In Pyodide, which has no
        threads, it runs inline."""
        return await offload(self.query, text_or_texts, k)

    def _search(self, queries: list[str], k: int) -> list[list[Hit]]:
        try:
            k = operator.index(k)
        except TypeError as exc:
            raise InvalidInput(f"k must be an integer, got {k!r}") from exc
        if k < 1:
            raise InvalidInput(f"k must be >= 1, got {k}")
        if not queries:
            return []
        index = self._index
        if index is None or len(index) == 0:
            return [[] for _ in queries]
        vectors = self._embedder.embed(queries)
        try:
            ids, distances = index.search(vectors, k)
        except EmptyIndex:  # emptied by a concurrent remove
            return [[] for _ in queries]
        texts, metas = self._texts, self._metas
        results: list[list[Hit]] = []
        for row_ids, row_distances in zip(_rows(ids), _rows(distances), strict=True):
            hits: list[Hit] = []
            for raw_id, distance in zip(row_ids, row_distances, strict=True):
                i = int(raw_id)
                text = texts.get(i)
                if text is None:  # removed while we searched
                    continue
                meta = metas.get(i)
                hits.append(Hit(i, self._score(float(distance)), text, dict(meta) if meta is not None else None))
            results.append(hits)
        return results

    def _score(self, distance: float) -> float:
        return -distance if self._metric == "l2" else 1.0 - distance

    # --- validation ----------------------------------------------------------------------------

    def _new_ids(self, ids: Sequence[int] | None, n: int) -> list[int]:
        if ids is None:
            return list(range(self._next_id, self._next_id + n))
        if isinstance(ids, (str, bytes)) or not isinstance(ids, Sequence):
            raise InvalidInput(f"ids must be a sequence of integers, got {type(ids).__name__}")
        if len(ids) != n:
            raise InvalidInput(f"got {len(ids)} ids for {n} texts")
        out = [_id(v, f"ids[{j}]") for j, v in enumerate(ids)]
        seen: set[int] = set()
        for i in out:
            if i in self._texts or i in seen:
                raise InvalidInput(f"duplicate id {i}")
            seen.add(i)
        return out

    @staticmethod
    def _meta_list(metas: Sequence[Mapping[str, Any] | None] | None, n: int) -> list[dict[str, Any] | None]:
        if metas is None:
            return [None] * n
        if isinstance(metas, Mapping) or not isinstance(metas, Sequence):
            kind = type(metas).__name__
            raise InvalidInput(f"metas must be a sequence with one mapping (or None) per text, got {kind}")
        if len(metas) != n:
            raise InvalidInput(f"got {len(metas)} metas for {n} texts")
        out: list[dict[str, Any] | None] = []
        for j, meta in enumerate(metas):
            if meta is not None and not isinstance(meta, Mapping):
                raise InvalidInput(f"metas[{j}] must be a mapping or None, got {type(meta).__name__}")
            out.append(dict(meta) if meta is not None else None)
        return out

    # --- introspection -------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._texts)

    def __contains__(self, id: object) -> bool:
        return id in self._texts

    @property
    def embedder(self) -> Embedder:
        return self._embedder

    @property
    def metric(self) -> Metric:
        return self._metric

    @property
    def index(self) -> SearchIndex | None:
        """The index behind the collection (None before the first add)."""
        return self._index

    def __repr__(self) -> str:
        return f"Collection(size={len(self)}, metric={self._metric!r}, embedder={self._embedder!r})"


__all__ = ["Collection", "Embedder", "Hit", "IndexFactory", "SearchIndex"]

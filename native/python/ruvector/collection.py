"""Collection: retrieval for RAG in a few lines -- texts in, scored hits out.

>>> import ruvector as rv
>>> col = rv.Collection()                       # HashEmbedder + exact cosine index
>>> col.add(["the cat sat on the mat", "stock markets fell sharply"], metas=[{"src": "a"}, None])
[0, 1]
>>> col.query("where did the cat sit?", k=1)[0].text
'the cat sat on the mat'

The collection lives in the C++ core (the same one JS and Pyodide use): texts, JSON metadata, u64
ids, the vectors, and an index chosen by size -- exact while small, RaBitQ from
``rabitq_threshold`` texts on. This module converts Python values and adapts a caller's embedder
or index. ``index_factory``, when given, is called once, on the first ``add``, as
``index_factory(vectors, ids=ids, metric=metric)`` and must return an object with
``add(vectors, ids)``, ``search(queries, k) -> (ids, distances)``, ``remove(ids)`` and ``len()``.
"""

from __future__ import annotations

import json
import operator
import os
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, overload

from ._arrays import f32_matrix
from ._backend import backend
from ._offload import offload
from .embed import HashEmbedder, TextEncoder, text_list
from .errors import InvalidInput
from .flat import Metric

_MAX_ID = 2**64 - 1

try:
    import numpy as np
except ImportError:  # Pyodide without numpy
    np = None  # type: ignore[assignment]


# A metadata filter for Collection.query: a mapping ({"field": value}, {"field": {"$gt": 3}},
# {"$or": [...]}, ...; docs/integrations.md) or its JSON text. The core parses and checks it.
MetaFilter = Mapping[str, Any] | str


def _filter_json(filter: MetaFilter | None) -> str:
    if filter is None:
        return ""
    if isinstance(filter, str):
        return filter
    if not isinstance(filter, Mapping):
        raise InvalidInput(f"filter must be a mapping or its JSON text, got {type(filter).__name__}")
    try:
        return json.dumps(filter, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"filter is not JSON: {exc}") from exc


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


def _id(value: Any, what: str) -> int:
    try:
        i = operator.index(value)
    except TypeError as exc:
        raise InvalidInput(f"{what} must be an integer, got {value!r}") from exc
    if not 0 <= i <= _MAX_ID:
        raise InvalidInput(f"{what} must be between 0 and 2**64 - 1, got {i}")
    return i


def _encoder_arg(embedder: Any) -> Any:
    """What the core takes: the native hash embedder or text encoder, or (dim, rows-of(texts))."""
    if isinstance(embedder, (HashEmbedder, TextEncoder)):
        return embedder._impl
    dim = operator.index(embedder.dim)
    return (dim, lambda texts: f32_matrix(embedder.embed(texts), "embeddings"))


class _IndexAdapter:
    """A caller's index as the core calls it: (ids, distances) come back as u64 / float32 arrays."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index

    def add(self, vectors: Any, ids: Any) -> None:
        self.index.add(vectors, ids)

    def search(self, queries: Any, k: int) -> tuple[Any, Any]:
        ids, distances = self.index.search(queries, k)
        if np is None:  # Pyodide without numpy: the backend converts the nested lists
            return ids, distances
        return np.ascontiguousarray(ids, dtype=np.uint64), np.ascontiguousarray(distances, dtype=np.float32)

    def remove(self, ids: list[int]) -> int:
        return int(self.index.remove(ids))

    def __len__(self) -> int:
        return len(self.index)


class Collection:
    """Texts with ids and optional metadata, embedded on ``add`` and searched by text with ``query``.

    ``embedder`` defaults to ``HashEmbedder()``; :class:`TextEncoder` gives semantic embeddings; any
    object with ``dim`` and ``embed(texts) -> (n, dim)`` works too. ``metric`` is the index's
    distance (``"cosine"``, ``"ip"`` or ``"l2"``). The index is exact below ``rabitq_threshold``
    texts and RaBitQ from then on (the core's default when None). Adds and removes are serialised;
    queries may run concurrently with them. Querying an empty collection gives no hits.
    """

    def __init__(
        self,
        embedder: Embedder | None = None,
        *,
        metric: Metric = "cosine",
        index_factory: IndexFactory | None = None,
        rabitq_threshold: int | None = None,
    ) -> None:
        self._embedder: Embedder = embedder if embedder is not None else HashEmbedder()
        self._custom_index: SearchIndex | None = None
        self._impl = backend.Collection(
            _encoder_arg(self._embedder),
            metric,
            self._threshold(rabitq_threshold),
            self._factory(index_factory),
        )

    @staticmethod
    def _threshold(value: int | None) -> int:
        if value is None:
            return int(backend.Collection.default_rabitq_threshold)
        threshold = operator.index(value)
        if threshold < 1:
            raise InvalidInput(f"rabitq_threshold must be >= 1, got {threshold}")
        return threshold

    def _factory(self, index_factory: IndexFactory | None) -> Callable[[Any, Any, str], _IndexAdapter] | None:
        if index_factory is None:
            return None

        # A weak reference: the core holds this function, and a strong one would make a cycle
        # through C++ that Python's collector cannot see.
        owner = weakref.ref(self)

        def build(vectors: Any, ids: Any, metric: str) -> _IndexAdapter:
            index = index_factory(vectors, ids=ids, metric=metric)
            collection = owner()
            if collection is not None:
                collection._custom_index = index
            return _IndexAdapter(index)

        return build

    # --- persistence ---------------------------------------------------------------------------

    def save(self, path: str | os.PathLike[str]) -> None:
        """Writes the collection (texts, metadata, ids, vectors) to one file, atomically."""
        self._impl.save(os.fspath(path))

    def serialize(self) -> bytes:
        """The bytes :meth:`save` writes."""
        return bytes(self._impl.serialize())

    @classmethod
    def load(
        cls,
        path: str | os.PathLike[str],
        embedder: Embedder | None = None,
        *,
        index_factory: IndexFactory | None = None,
        rabitq_threshold: int | None = None,
    ) -> Collection:
        """Reads a saved collection. ``embedder`` must be the kind it was saved with (the default
        ``HashEmbedder()`` otherwise): a different dim is DimensionMismatch, a different encoder
        InvalidInput. The metric is the saved one."""
        return cls._restore(backend.Collection.load, os.fspath(path), embedder, index_factory, rabitq_threshold)

    @classmethod
    def deserialize(
        cls,
        data: bytes,
        embedder: Embedder | None = None,
        *,
        index_factory: IndexFactory | None = None,
        rabitq_threshold: int | None = None,
    ) -> Collection:
        """:meth:`load` from the bytes of :meth:`serialize`."""
        return cls._restore(backend.Collection.deserialize, bytes(data), embedder, index_factory, rabitq_threshold)

    @classmethod
    def _restore(
        cls,
        reader: Callable[..., Any],
        source: Any,
        embedder: Embedder | None,
        index_factory: IndexFactory | None,
        rabitq_threshold: int | None,
    ) -> Collection:
        self = cls.__new__(cls)
        self._embedder = embedder if embedder is not None else HashEmbedder()
        self._custom_index = None
        self._impl = reader(
            source, _encoder_arg(self._embedder), cls._threshold(rabitq_threshold), self._factory(index_factory)
        )
        return self

    # --- writing -------------------------------------------------------------------------------

    def add(
        self,
        texts: str | Sequence[str],
        *,
        ids: Sequence[int] | None = None,
        metas: Sequence[Mapping[str, Any] | None] | None = None,
    ) -> list[int]:
        """Embeds and stores ``texts``; returns their ids. Without ``ids`` they continue after the
        largest id ever used (0, 1, ... at first). ``metas``: one JSON-serialisable mapping (or None)
        per text. Everything is validated before anything changes."""
        items = text_list(texts)
        meta_json = self._meta_json(metas)
        id_list = self._id_list(ids)
        return list(self._impl.add(items, id_list, meta_json))

    def remove(self, ids: int | Sequence[int]) -> int:
        """Removes texts by id (unknown ids are ignored); returns how many were removed."""
        items: Sequence[int] = ids if isinstance(ids, Sequence) else [ids]
        id_list = [_id(i, f"ids[{j}]" if items is ids else "id") for j, i in enumerate(items)]
        return int(self._impl.remove(id_list))

    # --- reading -------------------------------------------------------------------------------

    def ids(self, *, filter: MetaFilter | None = None) -> list[int]:
        """The ids of the stored texts (those whose metadata pass ``filter``, when given), ascending."""
        return list(self._impl.ids(_filter_json(filter)))

    def get(self, ids: int | Sequence[int]) -> list[Hit]:
        """The stored texts with these ids as Hits (score 0.0), in the order asked; unknown ids are skipped."""
        items: Sequence[int] = ids if isinstance(ids, Sequence) else [ids]
        id_list = [_id(i, f"ids[{j}]" if items is ids else "id") for j, i in enumerate(items)]
        return [Hit(i, s, t, json.loads(m) if m else None) for i, s, t, m in self._impl.get(id_list)]

    # A str is also a Sequence[str]; the str overload comes first, so it is the one that applies.
    @overload
    def query(  # type: ignore[overload-overlap]
        self, text_or_texts: str, k: int = 5, *, filter: MetaFilter | None = None
    ) -> list[Hit]: ...
    @overload
    def query(
        self, text_or_texts: Sequence[str], k: int = 5, *, filter: MetaFilter | None = None
    ) -> list[list[Hit]]: ...
    def query(
        self, text_or_texts: str | Sequence[str], k: int = 5, *, filter: MetaFilter | None = None
    ) -> list[Hit] | list[list[Hit]]:
        """The ``k`` best hits for one text (a list of Hit, best first, ties by ascending id), or a list
        of such lists for a sequence of texts. ``filter``: a metadata filter (a mapping, or its JSON
        text; docs/integrations.md), e.g. ``{"year": {"$gte": 2020}, "lang": {"$in": ["en", "de"]}}``.
        It runs inside the index scan, so ``k`` hits come back whenever ``k`` texts match."""
        single = isinstance(text_or_texts, str)
        try:
            k = operator.index(k)
        except TypeError as exc:
            raise InvalidInput(f"k must be an integer, got {k!r}") from exc
        rows = self._impl.query(text_list(text_or_texts), k, _filter_json(filter))
        results = [[Hit(i, s, t, json.loads(m) if m else None) for i, s, t, m in row] for row in rows]
        return results[0] if single else results

    @overload
    async def query_async(  # type: ignore[overload-overlap]
        self, text_or_texts: str, k: int = 5, *, filter: MetaFilter | None = None
    ) -> list[Hit]: ...
    @overload
    async def query_async(
        self, text_or_texts: Sequence[str], k: int = 5, *, filter: MetaFilter | None = None
    ) -> list[list[Hit]]: ...
    async def query_async(
        self, text_or_texts: str | Sequence[str], k: int = 5, *, filter: MetaFilter | None = None
    ) -> list[Hit] | list[list[Hit]]:
        """:meth:`query` in a worker thread (the shared pool), so the event loop keeps running
        while texts are embedded and searched (both release the GIL). In Pyodide, which has no
        threads, it runs inline."""
        return await offload(self.query, text_or_texts, k, filter=filter)

    # --- conversion ----------------------------------------------------------------------------

    @staticmethod
    def _id_list(ids: Sequence[int] | None) -> list[int]:
        if ids is None:
            return []
        if isinstance(ids, (str, bytes)) or not isinstance(ids, Sequence):
            raise InvalidInput(f"ids must be a sequence of integers, got {type(ids).__name__}")
        return [_id(v, f"ids[{j}]") for j, v in enumerate(ids)]

    @staticmethod
    def _meta_json(metas: Sequence[Mapping[str, Any] | None] | None) -> list[str]:
        """One JSON text per meta ("" for None); the core checks the count and keeps compact JSON."""
        if metas is None:
            return []
        if isinstance(metas, Mapping) or not isinstance(metas, Sequence):
            kind = type(metas).__name__
            raise InvalidInput(f"metas must be a sequence with one mapping (or None) per text, got {kind}")
        out: list[str] = []
        for j, meta in enumerate(metas):
            if meta is None:
                out.append("")
                continue
            if not isinstance(meta, Mapping):
                raise InvalidInput(f"metas[{j}] must be a mapping or None, got {type(meta).__name__}")
            try:
                out.append(json.dumps(dict(meta), ensure_ascii=False, allow_nan=False))
            except (TypeError, ValueError) as exc:
                raise InvalidInput(f"metas[{j}] is not JSON-serialisable: {exc}") from exc
        return out

    # --- introspection -------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._impl)

    def __contains__(self, id: object) -> bool:
        try:
            i = operator.index(id)  # type: ignore[arg-type]
        except TypeError:
            return False
        return 0 <= i <= _MAX_ID and bool(self._impl.contains(i))

    @property
    def embedder(self) -> Embedder:
        return self._embedder

    @property
    def metric(self) -> Metric:
        metric: Metric = self._impl.metric
        return metric

    @property
    def rabitq_threshold(self) -> int:
        """The size from which the index is RaBitQ instead of exact."""
        return int(self._impl.rabitq_threshold)

    @property
    def index_kind(self) -> str | None:
        """``"flat"``, ``"rabitq"`` or ``"custom"``; None before the first add."""
        kind = str(self._impl.index_kind)
        return kind or None

    @property
    def index(self) -> SearchIndex | None:
        """The caller's index made by ``index_factory`` (None before the first add, and None for the
        built-in indexes, which live in the core: see :attr:`index_kind`)."""
        return self._custom_index

    def __repr__(self) -> str:
        return f"Collection(size={len(self)}, metric={self.metric!r}, embedder={self._embedder!r})"


__all__ = ["Collection", "Embedder", "Hit", "IndexFactory", "SearchIndex"]

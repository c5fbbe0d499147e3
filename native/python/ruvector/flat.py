"""Exact k-nearest-neighbour search: ground truth for the quantized indexes and the right tool for
small collections."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from ._arrays import f32_matrix, u64_vector
from ._backend import backend
from ._index_base import IndexBase

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    SearchResult = tuple[npt.NDArray[np.uint64], npt.NDArray[np.float32]]

Metric = Literal["l2", "ip", "cosine"]


class FlatIndex(IndexBase):
    """Brute-force index over float32 vectors with u64 ids.

    Distances (smaller is closer): ``l2`` squared Euclidean, ``ip`` 1 - dot, ``cosine`` 1 - cos.
    ``search`` returns ``(ids, distances)`` of shape (queries, min(k, len(index))), closest first,
    ties broken by ascending id.
    """

    __slots__ = ()

    def __init__(self, dim: int, metric: Metric = "l2") -> None:
        super().__init__(backend.FlatIndex(dim, metric))

    @classmethod
    def build(cls, vectors: Any, *, ids: Any = None, metric: Metric = "l2") -> FlatIndex:
        """Creates an index holding ``vectors`` ((n, d) float32); ids default to 0..n-1."""
        matrix = f32_matrix(vectors, "vectors")
        index = cls(int(matrix.shape[1]), metric)
        index._impl.add(matrix, None if ids is None else u64_vector(ids))
        return index

    def add(self, vectors: Any, ids: Any = None) -> None:
        """Appends vectors; without ids they continue after the largest id. Validates everything
        (dim, NaN/Inf, id count, duplicates) before changing anything."""
        self._impl.add(f32_matrix(vectors, "vectors"), None if ids is None else u64_vector(ids))

    def search(self, queries: Any, k: int = 10, *, threads: int = 0) -> SearchResult:
        """Top-k for one query (d,) or a batch (m, d): ``(ids uint64, distances float32)``, both
        (m, min(k, len(self))). ``threads=0`` uses every core; the GIL is released."""
        ids, dists = self._impl.search(f32_matrix(queries, "queries", query=True), k, threads)
        return ids, dists

    def __repr__(self) -> str:
        return f"FlatIndex(dim={self.dim}, metric={self.metric!r}, size={len(self)})"

"""RaBitQ quantized vector search with an IVF partition: the index for large collections."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from ._arrays import f32_matrix, u64_vector
from ._backend import backend
from ._index_base import IndexBase
from ._offload import offload
from ._progress import progress_callback

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    SearchResult = tuple[npt.NDArray[np.uint64], npt.NDArray[np.float32]]

Metric = Literal["l2", "ip", "cosine"]
Store = Literal["f32", "f16", "none"]
Rotation = Literal["auto", "haar", "hadamard"]
Progress = Callable[[str, float], object]


class RabitqIndex(IndexBase):
    """Approximate nearest-neighbour index of RaBitQ codes (Gao & Long, SIGMOD 2024).

    >>> index = RabitqIndex.build(vectors)            # (n, d) float32; ids 0..n-1
    >>> ids, dists = index.search(queries, k=10)      # (m, k) uint64, (m, k) float32

    Distances (smaller is closer) are exact when vectors are stored (``store="f32"`` or ``"f16"``):
    the quantized scan picks ``rerank_factor * k`` candidates that are then reranked exactly.
    """

    __slots__ = ()

    @classmethod
    def build(
        cls,
        vectors: Any,
        *,
        ids: Any = None,
        metric: Metric | None = None,
        bits: int | None = None,
        rerank_factor: float | None = None,
        nlist: int | None = None,
        nprobe: int | None = None,
        seed: int | None = None,
        rotation: Rotation | None = None,
        store: Store | None = None,
        threads: int = 0,
        target_recall: float | None = None,
        calibrate: bool | None = None,
        progress: Progress | bool | None = None,
    ) -> RabitqIndex:
        """Builds an index of ``vectors`` (n, d) float32.

        An option left ``None`` takes the core's default (``RabitqIndex.defaults()``). ``bits`` 1 is
        RaBitQ; 2..8 adds extended codes (more accurate estimates, needed when ``store="none"``).
        ``nlist``/``nprobe`` ``None`` let the index choose. ``threads=0`` uses every core.
        From 20,000 rows (``defaults()["calibrate_from"]``) with more than one list, the build
        calibrates: it searches 200 of its own rows (each without itself) at a ladder of
        ``nprobe`` x ``rerank_factor`` settings against their exact neighbours, keeps the table
        (``calibration``) and makes the cheapest setting whose recall@10 reaches ``target_recall``
        (default 0.95, at the lower end of a 95% confidence interval) the search default. An
        ``nprobe`` or ``rerank_factor`` given here wins over the calibration. ``calibrate=False``
        skips it (a faster build, no table: ``nprobe`` picked from ``nlist``, ``rerank_factor`` 20),
        for callers that pass their own search settings; see ``docs/calibration.md``.
        ``progress`` is called as ``progress(stage, fraction)``; ``True`` shows a bar (``tqdm.auto``
        when installed, so notebooks get a widget).
        """
        given = {
            "metric": metric,
            "bits": bits,
            "rerank_factor": None if rerank_factor is None else float(rerank_factor),
            "nlist": nlist,
            "nprobe": nprobe,
            "seed": seed,
            "rotation": rotation,
            "store": store,
            "target_recall": None if target_recall is None else float(target_recall),
            "calibrate": None if calibrate is None else bool(calibrate),
        }
        matrix = f32_matrix(vectors, "vectors")
        with progress_callback(progress, f"RabitqIndex.build ({len(matrix):,} rows)") as callback:
            impl = backend.RabitqIndex.build(
                matrix,
                None if ids is None else u64_vector(ids),
                threads=threads,
                progress=callback,
                **{name: value for name, value in given.items() if value is not None},
            )
        return cls(impl)

    @staticmethod
    def defaults() -> dict[str, Any]:
        """The core's defaults, names and accepted ranges of every build and search option (the same
        values in Python, JS and Pyodide): ``metric``, ``metrics``, ``bits``, ``bits_range``,
        ``rerank_factor``, ``rerank_factor_range``, ``seed``, ``rotation``, ``rotations``, ``store``,
        ``stores``, ``nlist``/``nprobe`` (0 = automatic), ``flat_below``, ``threads_range``, ..."""
        defaults: dict[str, Any] = json.loads(backend.RabitqIndex.defaults_json())
        return defaults

    def search(
        self,
        queries: Any,
        k: int = 10,
        *,
        nprobe: int | None = None,
        rerank_factor: float | None = None,
        threads: int = 0,
        target_recall: float | None = None,
    ) -> SearchResult:
        """Top-k of one query (d,) or a batch (m, d): ``(ids, distances)`` of shape (m, min(k, len)).

        ``target_recall`` in (0, 1] searches with the calibration table's cheapest setting whose
        recall@10 reaches it (its best setting if none does) for what ``nprobe``/``rerank_factor``
        leave unset; ``InvalidInput`` on an index without a table (see ``build``)."""
        ids, dists = self._impl.search(
            f32_matrix(queries, "queries", query=True),
            k,
            0 if nprobe is None else nprobe,
            0.0 if rerank_factor is None else float(rerank_factor),
            threads,
            None if target_recall is None else float(target_recall),
        )
        return ids, dists

    async def search_async(
        self,
        queries: Any,
        k: int = 10,
        *,
        nprobe: int | None = None,
        rerank_factor: float | None = None,
        threads: int = 0,
        target_recall: float | None = None,
    ) -> SearchResult:
        """``search`` on a worker thread (the GIL is released while it runs): the event loop never
        blocks. Works under asyncio and uvloop. In Pyodide, which has no threads, it runs inline."""
        return await offload(
            self.search,
            queries,
            k,
            nprobe=nprobe,
            rerank_factor=rerank_factor,
            threads=threads,
            target_recall=target_recall,
        )

    def add(self, vectors: Any, ids: Any = None, *, threads: int = 0) -> None:
        """Adds vectors (ids continue after the largest when omitted); all-or-nothing."""
        self._impl.add(f32_matrix(vectors, "vectors"), None if ids is None else u64_vector(ids), threads)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Writes the index atomically (temp file, fsync, rename) in the versioned format."""
        self._impl.save(os.fspath(path))

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, mmap: bool = False) -> RabitqIndex:
        """Reads an index file. ``mmap=True`` serves it from a memory mapping of the file, zero-copy:
        loading reads only the header and the small per-list arrays, pages fault in as searches
        touch them, and processes mapping one file share its page cache (``mapped_bytes``). The
        file must not be truncated in place while mapped (SIGBUS); ``save`` replaces files by
        rename, which is safe. Where there is no mmap (Pyodide) the file is read. Truncated,
        corrupt or wrong-version files raise PersistError. A mapped load checks the header, every
        count and offset, the centroids and the code factors; it defers the checks that read every
        byte: the CRC-32 and finite rows (``Lake.warm_from_dir`` makes both through the bundle's
        Merkle roots) and unique ids (``warm_from_dir``, or the first ``add``, ``remove`` or
        ``serialize``: PersistError "corrupt index: duplicate id N"). Until then a search may name
        a duplicated id twice; ``mmap=False`` checks everything at load (docs/file_format.md)."""
        return cls(backend.RabitqIndex.load(os.fspath(path), mmap))

    def serialize(self) -> bytes:
        """The index file's bytes."""
        return bytes(self._impl.serialize())

    @classmethod
    def deserialize(cls, data: bytes) -> RabitqIndex:
        return cls(backend.RabitqIndex.deserialize(bytes(data)))

    @property
    def bits(self) -> int:
        return int(self._impl.bits)

    @property
    def nlist(self) -> int:
        return int(self._impl.nlist)

    @property
    def nprobe(self) -> int:
        """Lists searched by default."""
        return int(self._impl.nprobe)

    @property
    def store(self) -> str:
        return str(self._impl.store)

    @property
    def rerank_factor(self) -> float:
        """Candidates reranked exactly per hit by default."""
        return float(self._impl.rerank_factor)

    @property
    def calibration(self) -> list[dict[str, float]]:
        """The build's calibration table, read-only (empty if the build was not calibrated): one
        dict per measured setting with ``nprobe``, ``rerank_factor``, ``recall`` (mean recall@10 of
        the sample), ``recall_lower`` (its 95% lower bound, what ``target_recall`` is held to),
        ``codes_scanned``, ``rows_reranked`` and ``cost`` (bytes read per query). It describes the
        rows of the build; ``add`` and ``remove`` leave it as it is."""
        table: list[dict[str, float]] = json.loads(self._impl.calibration_json())
        return table

    @property
    def seed(self) -> int:
        return int(self._impl.seed)

    @property
    def rotation(self) -> str:
        return str(self._impl.rotation)

    @property
    def mapped_bytes(self) -> int:
        """Bytes served from a file mapping (``load(path, mmap=True)``), not counted in
        ``memory_bytes``: shared page cache, resident only where searches touched it. 0 otherwise."""
        return int(self._impl.mapped_bytes)

    @property
    def code_bytes_per_vector(self) -> int:
        """Bytes of quantized codes and factors per vector (without ids and stored vectors)."""
        return int(self._impl.code_bytes_per_vector)

    def __repr__(self) -> str:
        return (
            f"RabitqIndex(dim={self.dim}, metric={self.metric!r}, size={len(self)}, bits={self.bits}, "
            f"nlist={self.nlist}, nprobe={self.nprobe}, store={self.store!r})"
        )

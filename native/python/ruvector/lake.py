"""ruLake: a cache of RaBitQ indexes over the places your vectors live.

>>> lake = rv.Lake(consistency="fresh")                  # or rv.Eventual(ttl_ms=500), "frozen"
>>> lake.register(rv.FsBackend("docs", "/data/lake"))
>>> ids, dists = lake.search("docs", "articles", q, k=10)
>>> ids, dists, shard = lake.search_federated([("docs", "a"), ("mem", "b")], q, k=10)

Collections split over machines (``ruvector.ray.ShardedLake``) use the same pieces: ``ShardMap``
says which shard owns an id, ``merge_shard_results`` is the federated merge over per-shard results.

The cache, its coherence checks, the consistency modes and the federated merge live in the C++ core;
this module converts arrays and offers Python idioms (a Backend base class for your own adapters,
``*_async`` methods for asyncio and uvloop).
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from ._arrays import f32_matrix, u64_vector
from ._backend import backend as _native
from ._offload import native_future, offload
from .errors import InvalidInput
from .flat import FlatIndex
from .rabitq import RabitqIndex

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    SearchResult = tuple[npt.NDArray[np.uint64], npt.NDArray[np.float32]]
    FederatedResult = tuple[npt.NDArray[np.uint64], npt.NDArray[np.float32], npt.NDArray[np.uint32]]

Generation = int | str
_T = TypeVar("_T")


@dataclass(frozen=True)
class Eventual:
    """Consistency that trusts the cache for ``ttl_ms`` milliseconds between coherence checks."""

    ttl_ms: int


Consistency = Literal["fresh", "frozen"] | Eventual
RefreshResult = Literal["UP_TO_DATE", "INVALIDATED", "BUNDLE_MISSING", "NOT_CACHED"]


ShardRule = Literal["hash", "range"]


def _warm_search_call_path() -> None:
    """One throwaway search of a one-row index, after a warm load.

    The load's checks stream every byte of the index through the CPU caches. The core's
    ``warm_up`` then brings back what a search of the index reads and the core's search code.
    What it cannot reach is the Python side of a call: the interpreter, nanobind's dispatch and
    numpy's array creation. Left cold, they cost the caller's first search ~50 µs more than later
    ones at 1M x 128 (``bench/lake_bench.py``: 202 -> 151 µs against ~130 steady). This call (~20 µs)
    goes through the same code and touches no lake, so counters and entries are as the load left
    them.
    """
    _warm_up_index().search([[0.0]], 1)


@functools.cache
def _warm_up_index() -> FlatIndex:
    return FlatIndex.build([[0.0]])


def _consistency_args(consistency: Consistency) -> tuple[str, int]:
    if isinstance(consistency, Eventual):
        return "eventual", consistency.ttl_ms
    if isinstance(consistency, str):
        return consistency, 0  # the core names a bad mode
    raise InvalidInput(f"consistency must be 'fresh', 'frozen' or rv.Eventual(ttl_ms=...), got {consistency!r}")


def _consistency_from(mode: str, ttl_ms: int) -> Consistency:
    if mode == "eventual":
        return Eventual(ttl_ms)
    return "frozen" if mode == "frozen" else "fresh"


class Backend:
    """Base class of your own backends: subclass it and implement ``list_collections``, ``pull`` and
    ``generation``. The lake calls them from its own threads (the GIL is taken for each call).

    ``pull(collection)`` returns ``(ids, vectors, generation)``: uint64-compatible ids (n,), float32
    vectors (n, d), and the coherence token (an int or str) of what was pulled. ``generation``
    must change whenever the collection's contents do. Override ``dim`` to spare the lake a pull
    per coherence check, and ``data_ref`` so that two backends serving the same bytes share one
    cache entry.
    """

    def __init__(self, id: str) -> None:
        self.id = id

    def list_collections(self) -> list[str]:
        raise NotImplementedError

    def pull(self, collection: str) -> tuple[Any, Any, Generation]:
        raise NotImplementedError

    def generation(self, collection: str) -> Generation:
        raise NotImplementedError

    def dim(self, collection: str) -> int | None:
        """The collection's vector width, or None to let the lake learn it from a pull."""
        return None

    def data_ref(self, collection: str) -> str | None:
        """Where the collection's bytes live; None means ``"<id>://<collection>"``."""
        return None

    # Called by the core: normalise the user's values to the arrays the native side copies.
    def _native_pull(self, collection: str) -> tuple[Any, Any, Generation]:
        ids, vectors, generation = self.pull(collection)
        return u64_vector(ids), f32_matrix(vectors, "vectors"), generation

    def _native_dim(self, collection: str) -> int | None:
        return self.dim(collection)

    def _native_data_ref(self, collection: str) -> str | None:
        return self.data_ref(collection)

    # Backends of published bundles (HttpBundleBackend) override these two: the sidecar's bytes
    # (parsed and checked by the core on each coherence check) and a completed _core.BundleFetch
    # instead of rows. None means "a backend of rows".
    def _native_sidecar(self, collection: str) -> bytes | None:
        return None

    def _native_pull_bundle(self, collection: str) -> Any:
        return None

    # Verifier keys one of which must have signed any bundle this backend is served from (read once,
    # when the backend is registered): the lake then never serves it from an entry installed
    # unchecked under the same bundle witness.
    def _native_trusted_keys(self) -> list[str]:
        return []


class _NativeBackend:
    """The shared surface of the backends implemented in the core."""

    __slots__ = ("_impl",)
    _impl: Any

    @property
    def id(self) -> str:
        return str(self._impl.id)

    def list_collections(self) -> list[str]:
        return list(self._impl.list_collections())

    def pull(self, collection: str) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.float32], Generation]:
        """Everything in ``collection``: ``(ids (1, n) -> (n,), vectors (n, d), generation)``."""
        ids, vectors, generation = self._impl.pull(collection)
        # (1, n) -> (n,); Pyodide without numpy gives nested lists: [[...]] -> [...]
        return (ids.reshape(-1) if hasattr(ids, "reshape") else ids[0]), vectors, generation

    def generation(self, collection: str) -> Generation:
        return self._impl.generation(collection)  # type: ignore[no-any-return]

    def data_ref(self, collection: str) -> str:
        return str(self._impl.data_ref(collection))

    def put_collection(self, collection: str, vectors: Any, ids: Any) -> None:
        """Replaces (or creates) ``collection`` with ``vectors`` (n, d) float32 and their ``ids``."""
        self._impl.put_collection(collection, f32_matrix(vectors, "vectors"), u64_vector(ids))

    def append(self, collection: str, vectors: Any, ids: Any) -> None:
        """Adds rows; an id already in the collection raises InvalidInput."""
        self._impl.append(collection, f32_matrix(vectors, "vectors"), u64_vector(ids))

    def delete(self, collection: str, ids: Any) -> int:
        """Removes these ids (unknown ones are ignored); returns how many went."""
        return int(self._impl.delete(collection, u64_vector(ids)))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.id!r})"


class LocalBackend(_NativeBackend):
    """Collections in memory; every write bumps the collection's generation."""

    __slots__ = ()

    def __init__(self, id: str) -> None:
        self._impl = _native.LocalBackend(id)

    def drop_collection(self, collection: str) -> bool:
        return bool(self._impl.drop_collection(collection))


class FsBackend(_NativeBackend):
    """Collections in a directory: per collection a MANIFEST (with the generation counter) and
    immutable segment files with external u64 ids, each write replacing the manifest atomically."""

    __slots__ = ()

    def __init__(self, id: str, root: str | os.PathLike[str]) -> None:
        self._impl = _native.FsBackend(id, os.fspath(root))

    @property
    def root(self) -> str:
        return str(self._impl.root)


class Lake:
    """A cache of RaBitQ indexes over registered backends.

    ``consistency``: ``"fresh"`` checks the backend's generation before every search (a batch of
    queries is one check), ``rv.Eventual(ttl_ms=...)`` trusts the cache for that long, ``"frozen"``
    never re-checks after the first prime (``refresh`` still works). ``rerank_factor`` is the
    per-query rerank budget of every cached index, kept whole on each shard of a federated search.
    ``max_entries`` / ``max_bytes`` bound the cache (LRU over unpinned entries; 0 = unbounded).
    An option left ``None`` takes the core's default (``Lake.defaults()``).
    """

    __slots__ = ("_impl",)

    def __init__(
        self,
        consistency: Consistency | None = None,
        *,
        rerank_factor: int | None = None,
        rotation_seed: int | None = None,
        metric: Literal["l2", "ip", "cosine"] | None = None,
        bits: int | None = None,
        store: Literal["f32", "f16", "none"] | None = None,
        max_entries: int | None = None,
        max_bytes: int | None = None,
        threads: int | None = None,
    ) -> None:
        mode, ttl_ms = (None, None) if consistency is None else _consistency_args(consistency)
        self._impl = _native.Lake(
            mode,
            ttl_ms,
            rerank_factor,
            rotation_seed,
            metric,
            bits,
            store,
            max_entries,
            max_bytes,
            threads,
        )

    @staticmethod
    def defaults() -> dict[str, Any]:
        """The options a lake built without them uses, from the core (the same values in Python, JS
        and Pyodide): ``consistency``, ``ttl_ms``, ``rerank_factor``, ``rotation_seed``, ``metric``,
        ``bits``, ``store``, ``max_entries``, ``max_bytes`` (0 = unbounded), ``threads`` (0 = all cores)."""
        defaults: dict[str, Any] = json.loads(_native.Lake.defaults_json())
        return defaults

    @property
    def options(self) -> dict[str, Any]:
        """The options this lake uses, with the same keys as ``Lake.defaults()``."""
        options: dict[str, Any] = json.loads(self._impl.options_json())
        return options

    def register(self, backend: Backend | LocalBackend | FsBackend) -> None:
        """Adds a backend under its id (InvalidInput if the id is taken)."""
        if isinstance(backend, _NativeBackend):
            self._impl.register(backend._impl)
        elif isinstance(backend, Backend):
            self._impl.register_python(backend)
        else:
            raise InvalidInput(f"expected a ruvector Backend, got {type(backend).__name__}")

    @property
    def backend_ids(self) -> list[str]:
        return list(self._impl.backend_ids())

    def search(
        self,
        backend: str,
        collection: str,
        queries: Any,
        k: int = 10,
        *,
        nprobe: int | None = None,
        rerank_factor: float | None = None,
    ) -> SearchResult:
        """Top-k of one query (d,) or a batch (m, d) in one collection: ``(ids, distances)`` (m, k).
        Primes on first use and re-primes when the backend's generation moves."""
        ids, dists = self._impl.search(
            backend,
            collection,
            f32_matrix(queries, "queries", query=True),
            k,
            nprobe or 0,
            float(rerank_factor or 0.0),
        )
        return ids, dists

    def search_federated(
        self,
        targets: Sequence[tuple[str, str]],
        queries: Any,
        k: int = 10,
        *,
        nprobe: int | None = None,
        rerank_factor: float | None = None,
    ) -> FederatedResult:
        """Top-k over several ``(backend, collection)`` targets, searched in parallel and merged by
        exact distance (ties by id): ``(ids, distances, target)``, where ``target[i, j]`` is the
        index in ``targets`` the hit came from."""
        ids, dists, shard = self._impl.search_federated(
            [(str(b), str(c)) for b, c in targets],
            f32_matrix(queries, "queries", query=True),
            k,
            nprobe or 0,
            float(rerank_factor or 0.0),
        )
        return ids, dists, shard

    def train_partition(self, vectors: Any) -> RabitqIndex:
        """The partition one index over ``vectors`` (n, d) would have -- its coarse lists, rotation
        and search defaults -- trained with this lake's parameters, holding no rows. Give it to every
        collection holding a part of those rows (``set_partition``): their ``search_federated`` then
        probes the lists that one index probes and, with the full rerank budget per part, is never
        farther than that index at the same ``nprobe`` and ``rerank_factor`` (how ``rv.ray.ShardedLake``
        builds its shards)."""
        return RabitqIndex(self._impl.train_partition(f32_matrix(vectors, "vectors")))

    def set_partition(self, backend: str, collection: str, partition: RabitqIndex | None) -> None:
        """Builds this collection's index in ``partition`` (from ``train_partition``; None: in its
        own) and refuses bundles built in another one. Its current entry is dropped."""
        self._impl.set_partition(backend, collection, None if partition is None else partition._impl)

    def prime(self, backend: str, collection: str) -> None:
        """Checks coherence now and builds the collection's index if absent or stale."""
        self._impl.prime(backend, collection)

    def refresh(self, backend: str, collection: str) -> bool:
        """An explicit coherence check, whatever the consistency mode; True if the cache moved."""
        return bool(self._impl.refresh(backend, collection))

    def invalidate(self, backend: str, collection: str) -> bool:
        """Drops the cache pointer of this collection; the next search primes again."""
        return bool(self._impl.invalidate(backend, collection))

    def pin(self, backend: str, collection: str, pinned: bool = True) -> None:
        """Keeps the collection's entry out of LRU eviction."""
        self._impl.pin(backend, collection, pinned)

    def set_consistency(self, backend: str, collection: str, consistency: Consistency) -> None:
        """Overrides the lake's consistency mode for one collection."""
        mode, ttl_ms = _consistency_args(consistency)
        self._impl.set_consistency(backend, collection, mode, ttl_ms)

    def consistency_of(self, backend: str, collection: str) -> Consistency:
        mode, ttl_ms = self._impl.consistency_of(backend, collection)
        return _consistency_from(mode, ttl_ms)

    def publish_bundle(
        self,
        key: tuple[str, str],
        dir: str | os.PathLike[str],
        *,
        signer: str | None = None,
        log_dir: str | os.PathLike[str] | None = None,
    ) -> str:
        """Checks the collection now (priming if needed) and publishes its entry to ``dir``, replacing
        the directory atomically: ``index.rvq``, ``bundle.witness.json`` (content witness v2 + index
        root) and the sidecar ``table.rulake.json``. With ``signer`` (a note signer key from
        :func:`ruvector.witness.generate_signer_key`), the bundle's entry is appended to the
        transparency log in ``log_dir`` (default: ``transparency-log`` beside ``dir``) and a signed
        checkpoint plus the inclusion proof travel in the bundle. Returns the sidecar's path."""
        backend, collection = key
        log = "" if log_dir is None else os.fspath(log_dir)
        return str(self._impl.publish_bundle(backend, collection, os.fspath(dir), signer, log))

    def save_cache_to_dir(self, key: tuple[str, str], dir: str | os.PathLike[str]) -> str:
        """Snapshots the entry the key points at now (InvalidInput if not primed), for warm_from_dir."""
        backend, collection = key
        return str(self._impl.save_cache_to_dir(backend, collection, os.fspath(dir)))

    def warm_from_dir(
        self, key: tuple[str, str], dir: str | os.PathLike[str], *, trusted_keys: Sequence[str] = ()
    ) -> int:
        """Installs a saved bundle without asking the backend and without a rebuild, after checking its
        content witness and index bytes (WitnessMismatch naming what differs) and, with
        ``trusted_keys``, its signed checkpoint and log inclusion; seed, rerank factor, dim, metric and
        bits must match this lake. Returns the number of vectors."""
        backend, collection = key
        keys = [trusted_keys] if isinstance(trusted_keys, str) else list(trusted_keys)
        count = int(self._impl.warm_from_dir(backend, collection, os.fspath(dir), keys))
        _warm_search_call_path()
        return count

    def refresh_from_bundle_dir(self, key: tuple[str, str], dir: str | os.PathLike[str]) -> RefreshResult:
        """Compares the key's entry with a published sidecar: ``"UP_TO_DATE"``, ``"INVALIDATED"``
        (the key was dropped; the next search primes), ``"BUNDLE_MISSING"`` or ``"NOT_CACHED"``."""
        backend, collection = key
        return self._impl.refresh_from_bundle_dir(backend, collection, os.fspath(dir))  # type: ignore[no-any-return]

    def stats(self) -> dict[str, float]:
        """Counters of the whole lake: hits, misses, primes, invalidations, shared_hits,
        warm_installs, total_prime_ms, last_prime_ms."""
        return dict(self._impl.stats())

    def stats_by_backend(self) -> dict[str, dict[str, float]]:
        return dict(self._impl.stats_by_backend())

    def stats_by_collection(self) -> dict[tuple[str, str], dict[str, float]]:
        return dict(self._impl.stats_by_collection())

    def witness_of(self, backend: str, collection: str) -> str | None:
        """The witness (hex) of the entry serving this collection, or None when not primed."""
        witness = self._impl.witness_of(backend, collection)
        return None if witness is None else str(witness)

    def refcount_of(self, witness: str) -> int:
        """How many collections share the entry of this witness."""
        return int(self._impl.refcount_of(witness))

    @property
    def entry_count(self) -> int:
        return int(self._impl.entry_count)

    @property
    def cache_bytes(self) -> int:
        return int(self._impl.cache_bytes)

    async def search_async(
        self,
        backend: str,
        collection: str,
        queries: Any,
        k: int = 10,
        *,
        nprobe: int | None = None,
        rerank_factor: float | None = None,
    ) -> SearchResult:
        """:meth:`search` without blocking the loop. Concurrent calls on one collection (same k,
        nprobe and rerank factor) that arrive while one runs are answered together as the next batch
        in the core: one coherence check and one core call for all of them, so 100 concurrent calls
        cost about what the same 100 rows cost in one :meth:`search`. Bad input raises here, at once."""
        matrix = f32_matrix(queries, "queries", query=True)
        if hasattr(self._impl, "search_async"):  # Pyodide: the JS Lake awaits its backends (fetch)
            ids, dists = await self._impl.search_async(
                backend, collection, matrix, k, nprobe or 0, float(rerank_factor or 0)
            )
            return ids, dists
        future: asyncio.Future[SearchResult]
        future, done = native_future(asyncio.get_running_loop())
        self._impl.search_submit(backend, collection, matrix, k, nprobe or 0, float(rerank_factor or 0.0), done)
        return await future

    async def search_federated_async(
        self,
        targets: Sequence[tuple[str, str]],
        queries: Any,
        k: int = 10,
        *,
        nprobe: int | None = None,
        rerank_factor: float | None = None,
    ) -> FederatedResult:
        return await offload(self.search_federated, targets, queries, k, nprobe=nprobe, rerank_factor=rerank_factor)

    async def prime_async(self, backend: str, collection: str) -> None:
        if hasattr(self._impl, "prime_async"):
            await self._impl.prime_async(backend, collection)
            return
        await offload(self.prime, backend, collection)

    async def refresh_async(self, backend: str, collection: str) -> bool:
        if hasattr(self._impl, "refresh_async"):
            return bool(await self._impl.refresh_async(backend, collection))
        return await offload(self.refresh, backend, collection)

    def __repr__(self) -> str:
        return f"Lake(backends={self.backend_ids}, entries={self.entry_count})"


class ShardMap:
    """Which of ``shards`` shards owns each u64 id; the rule lives in the core, so every ring routes
    a build, an add and a remove alike. ``"hash"`` mixes the id first (strided or blocked ids still
    spread evenly); ``"range"`` cuts the id space at the quantiles of ``ids`` (the rows the shards
    start with), so each shard holds a contiguous id range."""

    __slots__ = ("_impl",)

    def __init__(self, shard_by: ShardRule, shards: int, ids: Any = ()) -> None:
        self._impl = _native.ShardMap.over(shard_by, u64_vector(ids), shards)

    @classmethod
    def from_bounds(cls, bounds: Sequence[int]) -> ShardMap:
        """Range shards from ascending split points: shard s holds ``bounds[s-1] <= id < bounds[s]``."""
        made = cls.__new__(cls)
        made._impl = _native.ShardMap.range_from_bounds([int(b) for b in bounds])
        return made

    @property
    def rule(self) -> ShardRule:
        return self._impl.rule  # type: ignore[no-any-return]

    @property
    def shards(self) -> int:
        return int(self._impl.shards)

    @property
    def bounds(self) -> list[int]:
        """The range split points (empty for ``"hash"``)."""
        return list(self._impl.bounds)

    def assign(self, ids: Any) -> npt.NDArray[np.uint32]:
        """The owning shard of each id, (n,)."""
        return self._impl.assign(u64_vector(ids))[0]  # type: ignore[no-any-return]  # the one row of (1, n)

    def __reduce__(self) -> tuple[Any, ...]:
        if self.rule == "range":
            return (ShardMap.from_bounds, (self.bounds,))
        return (ShardMap, ("hash", self.shards))

    def __repr__(self) -> str:
        return f"ShardMap({self.rule!r}, shards={self.shards})"


def merge_shard_results(parts: Sequence[tuple[Any, Any]], k: int) -> FederatedResult:
    """The core's federated merge: per-shard ``(ids, distances)`` results of the same queries, each
    (m, k_s) uint64 / float32, merged per query by (distance, id, shard order) into
    ``(ids, distances, shard)`` (m, min(k, sum k_s)), ``shard[i, j]`` indexing ``parts``."""
    ids, dists, shard = _native.merge_shard_results([(i, d) for i, d in parts], k)
    return ids, dists, shard


__all__ = [
    "Backend",
    "Consistency",
    "Eventual",
    "FsBackend",
    "Lake",
    "LocalBackend",
    "RefreshResult",
    "ShardMap",
    "ShardRule",
    "merge_shard_results",
]

"""Scale-out on Ray (``pip install 'ruvector[ray]'``): one collection split over shard actors.

>>> import ray, ruvector.ray as rvray
>>> ray.init()
>>> lake = rvray.ShardedLake.create(4, backend=rv.FsBackend("docs", "/data/lake"), collection="articles")
>>> result = lake.search(queries, k=10)                    # ids, distances, shards, missing
>>> lake.add(vectors, ids); lake.remove(old_ids)           # each row goes to the shard owning its id

Each shard is a Ray actor holding a ``Lake`` over its own ``FsBackend`` directory (the rows it owns,
durable across restarts) and a published bundle of its index. A search sends one call per shard with
the query batch through Ray's object store and merges the per-shard top-k lists with the core's
federated merge, so the result equals ``Lake.search_federated`` over the same split. The shards are
built in the partition of one index over all rows (``Lake.train_partition``), so a search is never
farther than that one index at the same ``nprobe`` and ``rerank_factor``. Which shard owns an id is
the core's ``ShardMap``. A shard actor that dies is restarted by Ray and warms from its
bundle without a rebuild; meanwhile searches wait (``on_missing="wait"``, up to ``timeout``) or
answer from the other shards and say which are missing (``on_missing="partial"``).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import numpy as np
import ray
from ray.exceptions import RayActorError

from ._arrays import f32_matrix, u64_vector
from ._offload import offload
from .errors import EmptyIndex, InvalidInput, RuVectorError
from .lake import Consistency, FsBackend, Lake, ShardMap, ShardRule, merge_shard_results
from .rabitq import RabitqIndex

if TYPE_CHECKING:
    import numpy.typing as npt

OnMissing = Literal["wait", "partial"]
_RETRY_PAUSE_S = 0.05  # between calls to a shard actor that Ray is restarting
_INLINE_BYTES = 100 * 1024


class ShardedResult(NamedTuple):
    """Merged top k: ``ids`` / ``distances`` / ``shards`` (m, k) like ``Lake.search_federated``;
    ``missing`` lists the shards that did not answer (only with ``on_missing="partial"``)."""

    ids: npt.NDArray[np.uint64]
    distances: npt.NDArray[np.float32]
    shards: npt.NDArray[np.uint32]
    missing: tuple[int, ...]

    @property
    def partial(self) -> bool:
        return bool(self.missing)


class ShardUnavailable(RuVectorError):
    """Shards did not answer within the search's timeout (``on_missing="wait"``)."""


class _Shard:
    """The actor body: a Lake over this shard's FsBackend (the rows it owns), plus the bundle it
    last published. Ray runs ``__init__`` again on a restart: the bundle makes it a warm start."""

    def __init__(
        self, shard: int, root: str, collection: str, lake_options: dict[str, Any], partition: str | None
    ) -> None:
        here = os.path.join(root, f"shard-{shard:04d}")
        self._bundle_dir = os.path.join(here, "bundle")
        self._backend = FsBackend(f"shard-{shard:04d}", os.path.join(here, "data"))
        self._lake = Lake(**lake_options)
        self._lake.register(self._backend)
        self._key = (self._backend.id, collection)
        if partition is not None:  # before the warm start: a bundle built in another partition is refused
            self._lake.set_partition(*self._key, RabitqIndex.load(partition))
        self._rows = 0
        if os.path.isdir(self._bundle_dir):
            self._rows = self._lake.warm_from_dir(self._key, self._bundle_dir)
            if self.refresh():  # rows written after the last publish: re-primed from the shard's data
                self._rows = self._count()
        elif collection in self._backend.list_collections():  # died before its first publish
            self._rows = self._count()
            self.refresh()

    def _count(self) -> int:
        return len(self._backend.pull(self._key[1])[0])

    def build(self, ids: npt.NDArray[np.uint64], vectors: npt.NDArray[np.float32]) -> int:
        self._backend.put_collection(self._key[1], vectors, ids)
        self._rows = len(ids)
        if self._rows:
            self._lake.prime(*self._key)
            self._lake.publish_bundle(self._key, self._bundle_dir)
        return self._rows

    def search(
        self, queries: npt.NDArray[np.float32], k: int, nprobe: int | None, rerank_factor: float | None
    ) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.float32]]:
        try:
            return self._lake.search(*self._key, queries, k, nprobe=nprobe, rerank_factor=rerank_factor)
        except EmptyIndex:  # a shard may own no rows (a range split, a small collection, removes)
            return np.empty((len(queries), 0), np.uint64), np.empty((len(queries), 0), np.float32)

    def add(self, ids: npt.NDArray[np.uint64], vectors: npt.NDArray[np.float32]) -> int:
        self._backend.append(self._key[1], vectors, ids)
        self._rows += len(ids)
        return len(ids)

    def remove(self, ids: npt.NDArray[np.uint64]) -> int:
        removed = self._backend.delete(self._key[1], ids)
        self._rows -= removed
        return removed

    def refresh(self) -> bool:
        """Checks the shard's data now; re-primes and re-publishes the bundle if it moved."""
        try:
            moved = self._lake.refresh(*self._key)
        except EmptyIndex:
            return False
        if moved:
            self._lake.publish_bundle(self._key, self._bundle_dir)
        return moved

    def info(self) -> dict[str, Any]:
        return {"pid": os.getpid(), "rows": self._rows, "bundle": self._bundle_dir, **self._lake.stats()}


class ShardedLake:
    """One collection over ``num_shards`` Ray actors; make it with :meth:`create`."""

    def __init__(self, actors: list[Any], shard_map: ShardMap, root: str) -> None:
        self._actors = actors
        self._map = shard_map
        self._root = root

    @classmethod
    def create(
        cls,
        num_shards: int,
        *,
        backend: Any,
        collection: str,
        shard_by: ShardRule = "hash",
        root: str | os.PathLike[str] | None = None,
        consistency: Consistency | None = None,
        rerank_factor: int | None = None,
        rotation_seed: int | None = None,
        metric: Literal["l2", "ip", "cosine"] | None = None,
        bits: int | None = None,
        store: Literal["f32", "f16", "none"] | None = None,
        threads: int = 1,
        num_cpus: float | None = None,
        max_restarts: int = -1,
    ) -> ShardedLake:
        """Pulls ``collection`` from ``backend`` (any lake backend), splits its rows by ``shard_by``
        and builds the shards in parallel, one actor each. ``root`` holds each shard's data and bundle
        (a fresh temporary directory by default; on a multi-node cluster it must be shared storage so
        a shard restarted elsewhere finds its bundle). The lake options are those of ``rv.Lake`` (None: its default);
        ``threads`` is each shard's search threads, ``num_cpus`` the CPUs Ray reserves per actor,
        ``max_restarts`` how often Ray restarts a dead shard (-1: always)."""
        if not ray.is_initialized():
            raise InvalidInput("ShardedLake needs a Ray cluster: call ray.init() first")
        ids_raw, vectors_raw, _generation = backend.pull(collection)
        ids = u64_vector(ids_raw)
        vectors = f32_matrix(vectors_raw, "vectors")
        shard_map = ShardMap(shard_by, num_shards, ids)
        directory = tempfile.mkdtemp(prefix="ruvector-ray-") if root is None else os.fspath(root)
        os.makedirs(directory, exist_ok=True)
        # Options left None reach rv.Lake as None and take the core's defaults there.
        lake_options: dict[str, Any] = {
            "consistency": consistency,
            "rerank_factor": rerank_factor,
            "rotation_seed": rotation_seed,
            "metric": metric,
            "bits": bits,
            "store": store,
            "threads": threads,
        }
        # Every shard builds in the partition one index over all rows would have (the core's
        # Lake.train_partition): a search probes the same lists on every shard as that index, so the
        # merged top k is never farther than that index's at the same nprobe and rerank factor.
        # A file in `root` rather than an object-store argument: Ray cannot restart an actor whose
        # constructor arguments left the object store (ray-project/ray#53727).
        partition: str | None = None
        if len(ids):
            partition = os.path.join(directory, "partition.rvq")
            Lake(**lake_options).train_partition(vectors).save(partition)
        actor_class = ray.remote(_Shard).options(max_restarts=max_restarts, num_cpus=num_cpus)
        # Handles as Any: Ray's stubs type actor methods as plain callables without .remote.
        actors: list[Any] = [
            actor_class.remote(s, directory, collection, lake_options, partition) for s in range(shard_map.shards)
        ]
        home = shard_map.assign(ids)
        builds = []
        for s, actor in enumerate(actors):
            rows = np.flatnonzero(home == s)
            builds.append(actor.build.remote(ray.put(ids[rows]), ray.put(vectors[rows])))
        ray.get(builds)
        return cls(actors, shard_map, directory)

    @property
    def num_shards(self) -> int:
        return len(self._actors)

    @property
    def shard_map(self) -> ShardMap:
        return self._map

    @property
    def root(self) -> str:
        return self._root

    @property
    def actors(self) -> list[Any]:
        """The shard actors' handles (for ``ray.kill`` in failure drills, or placement checks)."""
        return list(self._actors)

    def search(
        self,
        queries: Any,
        k: int = 10,
        *,
        nprobe: int | None = None,
        rerank_factor: float | None = None,
        on_missing: OnMissing = "wait",
        timeout: float = 30.0,
    ) -> ShardedResult:
        """Top-k of one query (d,) or a batch (m, d) over every shard: one call per shard, merged by
        the core. A shard that does not answer within ``timeout`` seconds (dead, restarting, slow)
        raises ShardUnavailable with ``on_missing="wait"`` (calls to a restarting shard are retried
        until then), and is left out and named in ``missing`` with ``on_missing="partial"``."""
        if on_missing not in ("wait", "partial"):
            raise InvalidInput(f"on_missing must be 'wait' or 'partial', got {on_missing!r}")
        q = f32_matrix(queries, "queries", query=True)
        # One copy into the object store that every shard reads in place; small batches travel
        # inside the call instead (Ray inlines arguments under 100 KB, cheaper than a store round trip).
        batch = ray.put(q) if q.nbytes > _INLINE_BYTES else q
        deadline = time.monotonic() + timeout

        def call(shard: int) -> Any:
            return self._actors[shard].search.remote(batch, k, nprobe, rerank_factor)

        pending = {call(s): s for s in range(len(self._actors))}
        answers: dict[int, tuple[Any, Any]] = {}
        while pending:
            left = deadline - time.monotonic()
            ready, _ = ray.wait(list(pending), num_returns=1, timeout=max(left, 0.0))
            if not ready:
                break
            shard = pending.pop(ready[0])
            try:
                answers[shard] = ray.get(ready[0])
            except RayActorError:
                if on_missing == "wait" and time.monotonic() + _RETRY_PAUSE_S < deadline:
                    time.sleep(_RETRY_PAUSE_S)
                    pending[call(shard)] = shard
        missing = tuple(sorted(set(range(len(self._actors))) - set(answers)))
        if missing and on_missing == "wait":
            for ref in pending:
                ray.cancel(ref)
            raise ShardUnavailable(f"shards {list(missing)} did not answer within {timeout} s")
        order = sorted(answers)
        if not order:  # "partial" and no shard answered: no hits, in the batch's shape
            m = len(q)
            return ShardedResult(
                np.empty((m, 0), np.uint64), np.empty((m, 0), np.float32), np.empty((m, 0), np.uint32), missing
            )
        ids, distances, position = merge_shard_results([answers[s] for s in order], k)
        return ShardedResult(ids, distances, np.asarray(order, dtype=np.uint32)[position], missing)

    async def search_async(
        self,
        queries: Any,
        k: int = 10,
        *,
        nprobe: int | None = None,
        rerank_factor: float | None = None,
        on_missing: OnMissing = "wait",
        timeout: float = 30.0,  # noqa: ASYNC109 -- the shards' deadline: "partial" answers at it, it cancels nothing
    ) -> ShardedResult:
        return await offload(
            self.search, queries, k, nprobe=nprobe, rerank_factor=rerank_factor, on_missing=on_missing, timeout=timeout
        )

    def add(self, vectors: Any, ids: Any) -> int:
        """Appends rows, each to the shard that owns its id (an id already there: InvalidInput).
        Shards re-prime on their next search (``"fresh"``) or refresh."""
        v = f32_matrix(vectors, "vectors")
        i = u64_vector(ids)
        if len(i) != len(v):
            raise InvalidInput(f"got {len(i)} ids for {len(v)} vectors")
        home = self._map.assign(i)
        calls = []
        for s in np.unique(home):
            rows = np.flatnonzero(home == s)
            calls.append(self._actors[int(s)].add.remote(i[rows], v[rows]))
        return int(sum(ray.get(calls)))

    def remove(self, ids: Any) -> int:
        """Removes these ids from the shards owning them; returns how many went."""
        i = u64_vector(ids)
        home = self._map.assign(i)
        calls = [self._actors[int(s)].remove.remote(i[home == s]) for s in np.unique(home)]
        return int(sum(ray.get(calls)))

    def refresh(self, shards: Sequence[int] | None = None) -> list[bool]:
        """Checks the shards' data now (all, or those listed); a shard whose data moved re-primes and
        re-publishes its bundle. True per shard that moved."""
        chosen = range(len(self._actors)) if shards is None else shards
        return [bool(moved) for moved in ray.get([self._actors[s].refresh.remote() for s in chosen])]

    def info(self) -> list[dict[str, Any]]:
        """Per shard: its process id, rows, bundle directory and lake counters (primes,
        warm_installs, ...)."""
        return list(ray.get([a.info.remote() for a in self._actors]))

    def close(self) -> None:
        """Stops the shard actors (their data and bundles stay in ``root``)."""
        for actor in self._actors:
            ray.kill(actor, no_restart=True)
        self._actors = []

    def __enter__(self) -> ShardedLake:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ShardedLake(shards={len(self._actors)}, shard_by={self._map.rule!r}, root={self._root!r})"


__all__ = ["OnMissing", "ShardUnavailable", "ShardedLake", "ShardedResult"]

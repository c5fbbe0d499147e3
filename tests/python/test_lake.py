"""ruLake from Python: native and Python-written backends, counters, consistency, federation, async."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import ruvector as rv


def _vectors(n: int, dim: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)


def _local(n: int = 50, dim: int = 8, seed: int = 1, id: str = "mem") -> tuple[rv.LocalBackend, np.ndarray]:
    backend = rv.LocalBackend(id)
    vectors = _vectors(n, dim, seed)
    backend.put_collection("docs", vectors, np.arange(n, dtype=np.uint64))
    return backend, vectors


class CountingBackend(rv.Backend):
    """A user adapter over numpy arrays that counts the lake's calls into Python."""

    def __init__(self, id: str, vectors: np.ndarray, ids: Any, generation: int | str = 1) -> None:
        super().__init__(id)
        self.vectors = vectors
        self.ids = ids
        self.gen: int | str = generation
        self.pulls = 0
        self.pull_delay = 0.0
        self.ref: str | None = None

    def list_collections(self) -> list[str]:
        return ["c"]

    def pull(self, collection: str) -> tuple[Any, Any, int | str]:
        self.pulls += 1
        if self.pull_delay:
            time.sleep(self.pull_delay)
        return self.ids, self.vectors, self.gen

    def generation(self, collection: str) -> int | str:
        return self.gen

    def dim(self, collection: str) -> int | None:
        return int(self.vectors.shape[1])

    def data_ref(self, collection: str) -> str | None:
        return self.ref


def test_prime_hit_and_reprime_on_a_generation_bump() -> None:
    backend, vectors = _local()
    lake = rv.Lake()
    lake.register(backend)
    ids, dists = lake.search("mem", "docs", vectors[3], k=1)
    assert ids.shape == (1, 1)
    assert int(ids[0, 0]) == 3
    assert dists[0, 0] == pytest.approx(0.0, abs=1e-5)
    assert lake.stats()["primes"] == 1
    assert lake.stats()["misses"] == 1
    assert lake.stats()["hits"] == 0
    lake.search("mem", "docs", vectors[3], k=1)
    assert lake.stats()["hits"] == 1
    assert lake.stats()["primes"] == 1
    backend.append("docs", vectors[3:4] + 0.0, [777])  # a twin of row 3 under a bigger id
    ids, _ = lake.search("mem", "docs", vectors[3], k=2)
    assert sorted(ids[0].tolist()) == [3, 777]
    stats = lake.stats()
    assert stats["primes"] == 2
    assert stats["invalidations"] == 1
    assert lake.stats_by_collection()[("mem", "docs")]["primes"] == 2
    assert lake.stats_by_backend()["mem"]["hits"] == 1


def test_fs_backend_round_trip_and_generation_counter(tmp_path: Path) -> None:
    fs = rv.FsBackend("disk", tmp_path / "lake")
    vectors = _vectors(20, 8, 2)
    ids = np.array([2**64 - 1, 2**63, *range(18)], dtype=np.uint64)
    fs.put_collection("articles", vectors, ids)
    got_ids, got_vectors, generation = fs.pull("articles")
    assert got_ids.tolist() == ids.tolist()
    assert np.array_equal(got_vectors, vectors)
    fs.append("articles", vectors[:1], [99])
    fs.delete("articles", [99])
    assert fs.generation("articles") == int(generation) + 2  # two writes, two generations
    assert fs.list_collections() == ["articles"]
    lake = rv.Lake()
    lake.register(fs)
    found, _ = lake.search("disk", "articles", vectors[:2], k=1)
    assert found[:, 0].tolist() == [2**64 - 1, 2**63]
    with pytest.raises(rv.InvalidInput, match="path separator"):
        fs.put_collection("../x", vectors, ids)
    (tmp_path / "lake" / "articles" / "MANIFEST").write_bytes(b"RVLKMAN1 not really")
    with pytest.raises(rv.PersistError):
        fs.pull("articles")


def test_python_backend_is_called_back_and_shares_entries_by_data_ref() -> None:
    vectors = _vectors(40, 8, 3)
    a = CountingBackend("a", vectors, list(range(40)))
    b = CountingBackend("b", vectors, np.arange(40))
    a.ref = b.ref = "s3://bucket/shared.parquet"
    lake = rv.Lake()
    lake.register(a)
    lake.register(b)
    ia, _ = lake.search("a", "c", vectors[5], k=3)
    ib, _ = lake.search("b", "c", vectors[5], k=3)
    assert ia.tolist() == ib.tolist()
    assert int(ia[0, 0]) == 5
    assert a.pulls == 1
    assert b.pulls == 0
    stats = lake.stats()
    assert stats["primes"] == 1
    assert stats["shared_hits"] == 1
    witness = lake.witness_of("a", "c")
    assert witness is not None
    assert witness == lake.witness_of("b", "c")
    assert lake.refcount_of(witness) == 2
    assert lake.entry_count == 1


def test_python_backend_errors_reach_the_caller() -> None:
    class Broken(CountingBackend):
        def pull(self, collection: str) -> tuple[Any, Any, int | str]:
            raise KeyError("no such table")

    lake = rv.Lake()
    lake.register(Broken("broken", _vectors(4, 8, 4), [0, 1, 2, 3]))
    with pytest.raises(KeyError, match="no such table"):
        lake.search("broken", "c", np.zeros(8, np.float32), k=1)

    bad = CountingBackend("neg", _vectors(4, 8, 4), [0, 1, 2, 3], generation=-1)
    lake.register(bad)
    with pytest.raises(rv.InvalidInput, match="generation must be an int"):
        lake.search("neg", "c", np.zeros(8, np.float32), k=1)

    shaped = CountingBackend("shape", _vectors(4, 8, 4), [0, 1, 2])  # one id short
    lake.register(shaped)
    with pytest.raises(rv.DimensionMismatch):
        lake.search("shape", "c", np.zeros(8, np.float32), k=1)
    with pytest.raises(rv.InvalidInput, match="expected a ruvector Backend"):
        lake.register(object())  # type: ignore[arg-type]


def test_consistency_modes() -> None:
    backend, vectors = _local(20, 8, 5)
    frozen = rv.Lake("frozen")
    frozen.register(backend)
    frozen.search("mem", "docs", vectors[0], k=1)
    backend.append("docs", vectors[:1] * 0 + 100, [500])
    assert frozen.search("mem", "docs", np.full(8, 100, np.float32), k=1)[0][0, 0] != 500
    assert frozen.stats()["primes"] == 1
    assert frozen.refresh("mem", "docs") is True
    assert int(frozen.search("mem", "docs", np.full(8, 100, np.float32), k=1)[0][0, 0]) == 500

    eventual = rv.Lake(rv.Eventual(ttl_ms=3_600_000))
    eventual.register(backend)
    eventual.search("mem", "docs", vectors[0], k=1)
    backend.delete("docs", [500])
    eventual.search("mem", "docs", vectors[0], k=1)
    assert eventual.stats()["primes"] == 1
    eventual.set_consistency("mem", "docs", "fresh")
    assert eventual.consistency_of("mem", "docs") == "fresh"
    assert eventual.consistency_of("mem", "other") == rv.Eventual(3_600_000)
    eventual.search("mem", "docs", vectors[0], k=1)
    assert eventual.stats()["primes"] == 2

    with pytest.raises(rv.InvalidInput, match="'sometimes'"):
        rv.Lake("sometimes")  # type: ignore[arg-type]


def test_lru_limit_and_pins() -> None:
    lake = rv.Lake(max_entries=1)
    for name in ("a", "b"):
        lake.register(_local(20, 8, 6, id=name)[0])
    q = np.zeros(8, np.float32)
    lake.pin("a", "docs")
    lake.search("a", "docs", q, k=1)
    lake.search("b", "docs", q, k=1)
    assert lake.witness_of("a", "docs") is not None  # pinned: b's entry could not evict it
    lake.pin("a", "docs", False)
    lake.search("b", "docs", q, k=1)
    lake.prime("b", "docs")
    assert lake.entry_count >= 1
    assert lake.cache_bytes > 0
    assert lake.invalidate("a", "docs") is True


@pytest.mark.parametrize("ways", [1, 2, 4])
def test_federation_split_equals_one_index_over_the_union(ways: int) -> None:
    n, dim, k = 800, 16, 10
    vectors = _vectors(n, dim, 7)
    ids = np.arange(10_000, 10_000 + n, dtype=np.uint64)
    queries = _vectors(12, dim, 8)
    truth_ids, _ = rv.FlatIndex.build(vectors, ids=ids).search(queries, k=k)
    lake = rv.Lake(rerank_factor=n)  # the budget allows an exact rerank on every shard
    backend = rv.LocalBackend("mem")
    for s in range(ways):
        backend.put_collection(f"p{s}", vectors[s::ways].copy(), ids[s::ways].copy())
    lake.register(backend)
    got_ids, got_dists, target = lake.search_federated([("mem", f"p{s}") for s in range(ways)], queries, k=k)
    assert got_ids.tolist() == truth_ids.tolist()
    assert got_ids.dtype == np.uint64
    assert got_dists.shape == (12, k)
    assert ((got_ids.astype(np.int64) - 10_000) % ways == target).all()


def test_federation_over_python_backends_from_worker_threads() -> None:
    vectors = _vectors(200, 8, 9)
    lake = rv.Lake(threads=4)
    backends = [CountingBackend(f"py{s}", vectors[s::4].copy(), np.arange(s, 200, 4)) for s in range(4)]
    for b in backends:
        lake.register(b)
    ids, _, target = lake.search_federated([(f"py{s}", "c") for s in range(4)], vectors[:20], k=1)
    assert ids[:, 0].tolist() == list(range(20))
    assert target[:, 0].tolist() == [i % 4 for i in range(20)]
    assert all(b.pulls == 1 for b in backends)


def test_eight_threads_prime_once_per_generation() -> None:
    vectors = _vectors(300, 8, 10)
    slow = CountingBackend("slow", vectors, np.arange(300))
    slow.pull_delay = 0.05
    lake = rv.Lake()
    lake.register(slow)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for i in range(10):
                lake.search("slow", "c", vectors[i], k=3)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert slow.pulls == 1
    assert lake.stats()["primes"] == 1


def _run(coro: Any, loop_kind: str) -> Any:
    if loop_kind == "uvloop":
        uvloop = pytest.importorskip("uvloop", reason="uvloop is an optional dependency")
        return uvloop.run(coro)
    return asyncio.run(coro)


@pytest.mark.parametrize("loop_kind", ["asyncio", "uvloop"])
def test_async_methods_never_block_the_loop(loop_kind: str) -> None:
    vectors = _vectors(500, 16, 11)
    slow = CountingBackend("slow", vectors, np.arange(500))
    slow.pull_delay = 0.3  # a prime that takes a while, in Python, on a worker thread
    lake = rv.Lake()
    lake.register(slow)
    lake.register(_local(100, 16, 12)[0])

    async def main() -> tuple[float, list[Any]]:
        gaps: list[float] = []
        stop = asyncio.Event()

        async def ticker() -> None:
            last = time.perf_counter()
            while not stop.is_set():
                await asyncio.sleep(0.005)
                now = time.perf_counter()
                gaps.append(now - last)
                last = now

        tick = asyncio.create_task(ticker())
        await lake.prime_async("slow", "c")
        results = await asyncio.gather(*[lake.search_async("slow", "c", vectors[i], k=1) for i in range(100)])
        fed = await lake.search_federated_async([("slow", "c"), ("mem", "docs")], vectors[:3], k=2)
        moved = await lake.refresh_async("slow", "c")
        stop.set()
        await tick
        return max(gaps), [results, fed, moved]

    worst_gap, (results, fed, moved) = _run(main(), loop_kind)
    assert [int(r[0][0, 0]) for r in results] == list(range(100))
    assert fed[0].shape == (3, 2)
    assert moved is False
    assert slow.pulls == 1
    assert worst_gap < 0.2, f"the event loop stalled for {worst_gap * 1000:.0f} ms during a 300 ms prime"


class DistantBackend(CountingBackend):
    """A backend across a network: every generation check is a round trip."""

    def __init__(self, id: str, vectors: np.ndarray, round_trip: float) -> None:
        super().__init__(id, vectors, np.arange(len(vectors), dtype=np.uint64))
        self.round_trip = round_trip
        self.checks = 0

    def generation(self, collection: str) -> int | str:
        self.checks += 1
        time.sleep(self.round_trip)
        return self.gen


@pytest.mark.parametrize("loop_kind", ["asyncio", "uvloop"])
def test_100_concurrent_search_async_cost_a_few_sync_searches(loop_kind: str) -> None:
    # Fresh: a sync search checks the generation (a 5 ms round trip) every time. 100 concurrent
    # search_async queue in the core while the first runs and go as one batch: one check, one core call.
    vectors = _vectors(2_000, 32, 21)
    distant = DistantBackend("far", vectors, round_trip=0.005)
    lake = rv.Lake()
    lake.register(distant)
    queries = _vectors(100, 32, 22)
    alone = [lake.search("far", "c", q, k=5) for q in queries]
    one_sync = min(_seconds(lambda: lake.search("far", "c", queries[0], k=5)) for _ in range(5))

    async def concurrent() -> tuple[float, list[Any]]:
        start = time.perf_counter()
        results = await asyncio.gather(*[lake.search_async("far", "c", q, k=5) for q in queries])
        return time.perf_counter() - start, results

    checks_before = distant.checks
    batches_before, _ = lake._impl.coalesced_counts()
    took, results = _run(concurrent(), loop_kind)
    for (ids, dists), (want_ids, want_dists) in zip(results, alone, strict=True):
        assert ids.shape == (1, 5)
        assert ids.tolist() == want_ids.tolist()
        assert np.array_equal(dists, want_dists)
    batches, searches = lake._impl.coalesced_counts()
    assert searches >= 100
    assert distant.checks - checks_before == batches - batches_before <= 10
    assert took < 10 * one_sync, f"100 concurrent searches took {took / one_sync:.1f}x one sync search"


def test_search_async_reports_bad_input_to_its_caller_only() -> None:
    backend, vectors = _local(300, 16, 23)
    lake = rv.Lake()
    lake.register(backend)
    bad = vectors[0].copy()
    bad[2] = np.nan

    async def main() -> list[Any]:
        with pytest.raises(rv.InvalidInput, match="NaN"):
            await lake.search_async("mem", "docs", bad, k=3)  # raised at the call, nothing queued
        with pytest.raises(rv.InvalidInput):
            await lake.search_async("mem", "docs", vectors[0], k=0)
        return list(
            await asyncio.gather(
                lake.search_async("mem", "docs", vectors[1], k=3),
                lake.search_async("mem", "docs", vectors[:2, :8], k=3),  # rows of 8 on a 16-d collection
                lake.search_async("nowhere", "docs", vectors[2], k=3),
                lake.search_async("mem", "docs", vectors[3], k=3),
                return_exceptions=True,
            )
        )

    good, half_rows, unknown, other = asyncio.run(main())
    assert good[0].tolist() == lake.search("mem", "docs", vectors[1], k=3)[0].tolist()
    assert isinstance(half_rows, rv.DimensionMismatch)
    assert "expected dim 16, got 8" in str(half_rows)
    assert isinstance(unknown, rv.InvalidInput)
    assert other[0].tolist() == lake.search("mem", "docs", vectors[3], k=3)[0].tolist()


def test_a_cancelled_search_async_leaves_the_others_answered() -> None:
    vectors = _vectors(500, 16, 24)
    distant = DistantBackend("far", vectors, round_trip=0.02)
    lake = rv.Lake()
    lake.register(distant)
    lake.prime("far", "c")

    async def main() -> list[Any]:
        doomed = asyncio.ensure_future(lake.search_async("far", "c", vectors[0], k=2))
        kept = [asyncio.ensure_future(lake.search_async("far", "c", v, k=2)) for v in vectors[1:4]]
        await asyncio.sleep(0)
        doomed.cancel()
        return await asyncio.gather(*kept)

    results = asyncio.run(main())
    assert [int(r[0][0, 0]) for r in results] == [1, 2, 3]


def test_sync_search_checks_the_row_width() -> None:
    backend, vectors = _local(100, 16, 25)
    lake = rv.Lake()
    lake.register(backend)
    with pytest.raises(rv.DimensionMismatch, match="expected dim 16, got 8"):
        lake.search("mem", "docs", vectors[:2, :8], k=3)  # never read as one 16-d query
    with pytest.raises(rv.DimensionMismatch, match="expected dim 16, got 8"):
        lake.search_federated([("mem", "docs")], vectors[:2, :8], k=3)


def _seconds(call: Any) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def test_publish_warm_restart_and_refresh(tmp_path: Path) -> None:
    dim = 16
    ids = np.array([2**64 - 1 - 2 * i for i in range(200)], dtype=np.uint64)  # beyond 32 (and 63) bits
    vectors = _vectors(200, dim, 13)
    backend = rv.LocalBackend("mem")
    backend.put_collection("docs", vectors, ids)
    cold = rv.Lake()
    cold.register(backend)
    queries = _vectors(5, dim, 14)
    before_ids, before_dists = cold.search("mem", "docs", queries, k=5)
    sidecar = cold.save_cache_to_dir(("mem", "docs"), tmp_path / "snap")
    assert sidecar.endswith("table.rulake.json")

    warm = rv.Lake("frozen")  # another process: no backend at all
    assert warm.warm_from_dir(("mem", "docs"), tmp_path / "snap") == 200
    after_ids, after_dists = warm.search("mem", "docs", queries, k=5)
    assert after_ids.tolist() == before_ids.tolist()
    assert np.array_equal(after_dists, before_dists)
    assert warm.stats()["primes"] == 0
    assert warm.stats()["warm_installs"] == 1
    with pytest.raises(rv.InvalidInput, match="rotation_seed 42"):
        rv.Lake(rotation_seed=1).warm_from_dir(("mem", "docs"), tmp_path / "snap")

    assert warm.refresh_from_bundle_dir(("mem", "docs"), tmp_path / "nothing") == "BUNDLE_MISSING"
    assert warm.refresh_from_bundle_dir(("mem", "docs"), tmp_path / "snap") == "UP_TO_DATE"
    assert rv.Lake().refresh_from_bundle_dir(("mem", "docs"), tmp_path / "snap") == "NOT_CACHED"
    backend.append("docs", vectors[:1], [5])
    cold.publish_bundle(("mem", "docs"), tmp_path / "v2")
    assert warm.refresh_from_bundle_dir(("mem", "docs"), tmp_path / "v2") == "INVALIDATED"
    assert warm.witness_of("mem", "docs") is None

    text = (tmp_path / "v2" / "table.rulake.json").read_text().replace('"dim": 16', '"dim": 15')
    (tmp_path / "v2" / "table.rulake.json").write_text(text)
    with pytest.raises(rv.WitnessMismatch, match="does not match its fields"):
        warm.warm_from_dir(("mem", "docs"), tmp_path / "v2")

"""rv.ray.ShardedLake against a real local Ray cluster (2 CPUs, started here): the merged result
equals the in-process federated search over the same split, adds and removes reach the owning
shard, and a killed shard actor comes back warm from its bundle while searches wait or go partial."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

import ruvector as rv
from ruvector.lake import ShardMap, merge_shard_results

ray = pytest.importorskip("ray", reason="ruvector[ray] is not installed (scripts/bootstrap installs it)")
from ruvector.ray import ShardedLake, ShardUnavailable  # noqa: E402

DIM = 32
ROWS = 3000
K = 10


@pytest.fixture(scope="module")
def cluster() -> Iterator[None]:
    # The workers run this interpreter, so they import the same installed wheel.
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


def data(seed: int = 5) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.float32]]:
    rng = np.random.default_rng(seed)
    vectors = rng.standard_normal((ROWS, DIM)).astype(np.float32)
    # Sparse, large ids (near 2**63) so the routing works on real u64 ids, not row numbers.
    ids = (np.uint64(2**63) + rng.choice(10**9, ROWS, replace=False).astype(np.uint64) * np.uint64(7)).astype(np.uint64)
    return ids, vectors


def source(ids: npt.NDArray[np.uint64], vectors: npt.NDArray[np.float32]) -> rv.LocalBackend:
    backend = rv.LocalBackend("src")
    backend.put_collection("docs", vectors, ids)
    return backend


def in_process(
    ids: npt.NDArray[np.uint64], vectors: npt.NDArray[np.float32], shard_map: ShardMap, shards: list[int]
) -> rv.Lake:
    """The same split, searched by one in-process lake (backends s0, s1, ... in shard order), each
    part built in the union's partition as ShardedLake builds its shards."""
    lake = rv.Lake(threads=1)
    partition = lake.train_partition(vectors)
    home = shard_map.assign(ids)
    for s in shards:
        part = rv.LocalBackend(f"s{s}")
        rows = np.flatnonzero(home == s)
        part.put_collection("docs", vectors[rows], ids[rows])
        lake.register(part)
        lake.set_partition(f"s{s}", "docs", partition)
    return lake


@pytest.mark.parametrize(("shards", "shard_by"), [(2, "range"), (3, "hash")])
def test_sharded_search_equals_in_process_federation(
    cluster: None, tmp_path: Path, shards: int, shard_by: rv.lake.ShardRule
) -> None:
    ids, vectors = data()
    queries = np.random.default_rng(9).standard_normal((40, DIM)).astype(np.float32)
    with rv.ray.ShardedLake.create(
        shards, backend=source(ids, vectors), collection="docs", shard_by=shard_by, root=tmp_path
    ) as sharded:
        got = sharded.search(queries, K)
        reference = in_process(ids, vectors, sharded.shard_map, list(range(shards)))
        want_ids, want_dists, want_shard = reference.search_federated(
            [(f"s{s}", "docs") for s in range(shards)], queries, K
        )
        assert not got.partial
        np.testing.assert_array_equal(got.ids, want_ids)
        np.testing.assert_array_equal(got.distances, want_dists)
        np.testing.assert_array_equal(got.shards, want_shard)
        # Every shard holds its own part of the rows: the split is real, not one copy per actor.
        rows = [info["rows"] for info in sharded.info()]
        assert sum(rows) == ROWS
        assert len(set(os.path.dirname(info["bundle"]) for info in sharded.info())) == shards
        assert max(rows) < ROWS
        # One query (d,) and the async form agree with the batch.
        one = sharded.search(queries[3], K)
        np.testing.assert_array_equal(one.ids[0], got.ids[3])
        again = asyncio.run(sharded.search_async(queries[:5], K))
        np.testing.assert_array_equal(again.ids, got.ids[:5])


def recall_per_query(found: npt.NDArray[np.uint64], truth: npt.NDArray[np.int64]) -> list[int]:
    return [len(set(found[q].tolist()) & set(truth[q].tolist())) for q in range(len(truth))]


def test_shards_never_fall_below_one_index_at_the_same_budget(cluster: None, tmp_path: Path) -> None:
    """Above the flat threshold (hundreds of lists, 8 probed): each shard is built in the union's
    partition, so a search probes the lists the one index probes and reranks all its candidates."""
    rng = np.random.default_rng(41)
    n, blobs = 24_000, 64
    centres = 4 * rng.standard_normal((blobs, DIM)).astype(np.float32)
    vectors = (centres[np.arange(n) % blobs] + rng.standard_normal((n, DIM))).astype(np.float32)
    between = 0.5 * (centres[np.arange(100) % blobs] + centres[(np.arange(100) + 1) % blobs])
    queries = (between + rng.standard_normal((100, DIM))).astype(np.float32)  # between blobs: hard for IVF
    ids = np.arange(n, dtype=np.uint64) * np.uint64(3) + np.uint64(11)
    squared = ((queries[:, None, :] - vectors[None, :, :]) ** 2).sum(-1)
    truth = ids[np.argsort(squared, axis=1, kind="stable")[:, :K]].astype(np.int64)
    single = rv.Lake("frozen")
    single.register(source(ids, vectors))
    one_ids, one_dists = single.search("src", "docs", queries, K)
    one_recall = recall_per_query(one_ids, truth)
    assert sum(one_recall) < 100 * K  # the budget is tight enough to miss neighbours
    everything, every_row = 1 << 20, float(n)  # nprobe above nlist probes every list; every row reranked
    exact_ids, _ = single.search("src", "docs", queries, K, nprobe=everything, rerank_factor=every_row)
    np.testing.assert_array_equal(exact_ids.astype(np.int64), truth)
    for shards in (1, 2, 4):
        with ShardedLake.create(
            shards, backend=source(ids, vectors), collection="docs", root=tmp_path / str(shards), consistency="frozen"
        ) as sharded:
            got = sharded.search(queries, K)
            # Position by position never farther, and no neighbour the one index found is lost.
            assert (got.distances <= one_dists).all()
            got_recall = recall_per_query(got.ids, truth)
            assert all(g >= o for g, o in zip(got_recall, one_recall, strict=True))
            same = int((got.ids == one_ids).all(axis=1).sum())
            print(f"{shards} shards: recall@10 {sum(got_recall) / 1000:.3f} vs one index {sum(one_recall) / 1000:.3f}")
            print(f"  same ids as the one index in {same} of 100 queries")
            if shards == 1:
                assert same == 100
            np.testing.assert_array_equal(
                sharded.search(queries, K, nprobe=everything, rerank_factor=every_row).ids, exact_ids
            )


def test_merge_binding_is_the_core_merge() -> None:
    a = (np.array([[5, 9, 2]], np.uint64), np.array([[0.5, 1.0, 2.0]], np.float32))
    b = (np.array([[3, 7]], np.uint64), np.array([[1.0, 1.0]], np.float32))
    ids, dists, shard = merge_shard_results([a, b], 4)
    assert ids.tolist() == [[5, 3, 7, 9]]  # a tie at 1.0 goes to the smaller id, then shard order
    assert dists.tolist() == [[0.5, 1.0, 1.0, 1.0]]
    assert shard.tolist() == [[0, 1, 1, 0]]
    with pytest.raises(rv.InvalidInput, match="shard 1: ids are 1x2 but distances 1x1"):
        merge_shard_results([a, (b[0], b[1][:, :1].copy())], 4)
    with pytest.raises(rv.InvalidInput, match="k must be"):
        merge_shard_results([a], 0)


def test_shard_map_routes_like_the_core() -> None:
    strided = np.arange(0, 4000 * 4, 4, dtype=np.uint64)
    counts = np.bincount(ShardMap("hash", 4).assign(strided), minlength=4)
    assert counts.min() > 850  # `id mod 4` would put all of them on shard 0
    ranged = ShardMap("range", 4, strided)
    assert np.bincount(ranged.assign(strided)).tolist() == [1000] * 4
    assert ranged.bounds == [4000, 8000, 12000]
    with pytest.raises(rv.InvalidInput, match="shard_by must be 'hash' or 'range', got 'mod'"):
        ShardMap("mod", 2)  # type: ignore[arg-type]
    with pytest.raises(rv.InvalidInput, match=r"shards must be in \[1, 65536\], got 0"):
        ShardMap("hash", 0)


def test_add_and_remove_reach_the_owning_shard(cluster: None, tmp_path: Path) -> None:
    ids, vectors = data(11)
    with ShardedLake.create(2, backend=source(ids, vectors), collection="docs", root=tmp_path) as sharded:
        rng = np.random.default_rng(3)
        new_ids = np.arange(10, 74, dtype=np.uint64)
        new_vectors = rng.standard_normal((64, DIM)).astype(np.float32)
        before = [info["rows"] for info in sharded.info()]
        assert sharded.add(new_vectors, new_ids) == 64
        after = [info["rows"] for info in sharded.info()]
        owners = np.bincount(sharded.shard_map.assign(new_ids), minlength=2)
        assert [a - b for a, b in zip(after, before, strict=True)] == owners.tolist()
        hit = sharded.search(new_vectors[:8], 1)  # "fresh": each shard re-primes on its next search
        assert hit.ids[:, 0].tolist() == new_ids[:8].tolist()
        with pytest.raises(rv.InvalidInput):
            sharded.add(new_vectors[:1], new_ids[:1])  # the owning shard already has it
        assert sharded.remove(np.concatenate([new_ids[:8], [1]]).astype(np.uint64)) == 8
        gone = sharded.search(new_vectors[:8], 1)
        assert not set(gone.ids[:, 0].tolist()) & set(new_ids[:8].tolist())
        assert sharded.refresh() == [False, False]  # the searches already re-primed both shards
        with pytest.raises(rv.DimensionMismatch, match="expected dim 32"):
            sharded.search(np.zeros(DIM + 1, np.float32), 3)


def kill(actor: object, pid: int, *, restart: bool) -> None:
    """ray.kill, then wait until the shard's process is gone: ray.kill only asks for the kill, and a
    call sent before it lands would still be answered by the old process."""
    ray.kill(actor, no_restart=not restart)
    deadline = time.monotonic() + 30
    while alive(pid):
        assert time.monotonic() < deadline, f"shard process {pid} still runs 30 s after ray.kill"
        time.sleep(0.02)


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def test_killed_shard_restarts_from_its_bundle_waiting_or_partial(cluster: None, tmp_path: Path) -> None:
    ids, vectors = data(21)
    queries = np.random.default_rng(4).standard_normal((16, DIM)).astype(np.float32)
    targets = {s: (f"s{s}", "docs") for s in range(3)}

    def federated_over(lake: rv.Lake, shards: list[int]) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.float32]]:
        got_ids, got_dists, _ = lake.search_federated([targets[s] for s in shards], queries, K)
        return got_ids, got_dists

    with ShardedLake.create(3, backend=source(ids, vectors), collection="docs", root=tmp_path) as sharded:
        full = sharded.search(queries, K)
        pids = [info["pid"] for info in sharded.info()]
        reference = in_process(ids, vectors, sharded.shard_map, [0, 1, 2])

        kill(sharded.actors[1], pids[1], restart=True)
        # Whether Ray has the shard back within 0.5 s depends on the machine: either it is named
        # missing and the answer is the other shards' merge, or the answer is complete.
        during = sharded.search(queries, K, on_missing="partial", timeout=0.5)
        assert during.missing in ((), (1,))
        answered = [s for s in range(3) if s not in during.missing]
        want_ids, want_dists = federated_over(reference, answered)
        np.testing.assert_array_equal(during.ids, want_ids)
        np.testing.assert_array_equal(during.distances, want_dists)

        started = time.monotonic()
        waited = sharded.search(queries, K, on_missing="wait", timeout=60)
        assert not waited.partial
        np.testing.assert_array_equal(waited.ids, full.ids)
        np.testing.assert_array_equal(waited.distances, full.distances)
        restarted = sharded.info()[1]
        assert restarted["pid"] != pids[1]
        assert restarted["warm_installs"] == 1  # loaded from its bundle ...
        assert restarted["primes"] == 0  # ... without a rebuild
        assert restarted["rows"] == sharded.info()[1]["rows"] > 0
        print(f"restart: partial search missed {during.missing}, a waiting one took {time.monotonic() - started:.2f} s")

        # A shard that stays down: "partial" names it and merges the rest; "wait" gives up at the timeout.
        kill(sharded.actors[2], pids[2], restart=False)
        down = sharded.search(queries, K, on_missing="partial", timeout=5)
        assert down.missing == (2,)
        assert down.partial
        want_ids, want_dists = federated_over(reference, [0, 1])
        np.testing.assert_array_equal(down.ids, want_ids)
        np.testing.assert_array_equal(down.distances, want_dists)
        assert set(down.shards.ravel().tolist()) <= {0, 1}
        with pytest.raises(ShardUnavailable, match=r"shards \[2\] did not answer within 0.5 s"):
            sharded.search(queries, K, timeout=0.5)
        kill(sharded.actors[0], pids[0], restart=False)
        kill(sharded.actors[1], restarted["pid"], restart=False)
        nothing = sharded.search(queries, K, on_missing="partial", timeout=5)
        assert nothing.missing == (0, 1, 2)
        assert nothing.ids.shape == nothing.distances.shape == (len(queries), 0)

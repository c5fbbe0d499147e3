"""RabitqIndex through the installed wheel: accuracy against FlatIndex, persistence, async, errors,
threads."""

from __future__ import annotations

import asyncio
import threading
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import uvloop

import ruvector as rv


def clustered(n: int, d: int, seed: int, centres_seed: int = 1) -> np.ndarray:
    centres = np.random.default_rng(centres_seed).normal(0, 3, (50, d))
    rng = np.random.default_rng(seed)
    return (rng.normal(0, 1, (n, d)) + centres[rng.integers(0, 50, n)]).astype(np.float32)


@pytest.fixture(scope="module")
def data() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    base, queries = clustered(30_000, 48, 2), clustered(100, 48, 3)
    truth, _ = rv.FlatIndex.build(base).search(queries, k=10)
    return base, queries, truth


def recall(ids: np.ndarray, truth: np.ndarray) -> float:
    return float(
        np.mean([len(set(a.tolist()) & set(b.tolist())) / truth.shape[1] for a, b in zip(ids, truth, strict=True)])
    )


def test_defaults_reach_high_recall_with_exact_distances(data: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    base, queries, truth = data
    index = rv.RabitqIndex.build(base)
    assert index.nlist > 1
    assert len(index) == len(base)
    assert index.dim == 48
    ids, dists = index.search(queries, k=10)
    assert ids.dtype == np.uint64
    assert dists.dtype == np.float32
    assert ids.shape == (100, 10)
    assert recall(ids, truth) >= 0.95
    exact = ((queries[:, None, :].astype(np.float64) - base[ids.astype(np.int64)]) ** 2).sum(-1)
    np.testing.assert_allclose(dists, exact, rtol=1e-4)
    assert index.code_bytes_per_vector == 64 // 8 + 8  # 1-bit codes of 64 padded dims + 2 factors


def test_progress_is_reported(data: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    seen: list[tuple[str, float]] = []
    rv.RabitqIndex.build(data[0][:25_000], progress=lambda stage, f: seen.append((stage, f)))
    assert {s for s, _ in seen} >= {"train", "encode"}
    assert seen[-1] == ("encode", 1.0)


def test_save_load_mmap_and_checksum(tmp_path: Path, data: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    base, queries, _ = data
    index = rv.RabitqIndex.build(base[:5000], bits=4, store="f16", metric="cosine")
    path = tmp_path / "docs.rvq"
    index.save(path)
    raw = path.read_bytes()
    assert raw[:8] == b"RVRABITQ"
    # The trailer is zlib's CRC-32 of everything before it: an independent implementation agrees.
    assert int.from_bytes(raw[-4:], "little") == zlib.crc32(raw[:-4])
    assert raw == index.serialize()
    for again in (rv.RabitqIndex.load(path), rv.RabitqIndex.load(path, mmap=True), rv.RabitqIndex.deserialize(raw)):
        assert repr(again) == repr(index)
        a, b = index.search(queries, 5), again.search(queries, 5)
        np.testing.assert_array_equal(a[0], b[0])
        np.testing.assert_array_equal(a[1], b[1])
    assert not list(tmp_path.glob("*.tmp-*"))  # the atomic save left no temp file


def test_mmap_load_serves_the_file_zero_copy(tmp_path: Path, data: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    base, queries, _ = data
    path = tmp_path / "docs.rvq"
    rv.RabitqIndex.build(base, bits=3).save(path)
    raw = path.read_bytes()
    copied, mapped = rv.RabitqIndex.load(path), rv.RabitqIndex.load(path, mmap=True)
    assert copied.mapped_bytes == 0
    # The lists' codes, factors and rows are views of the file; what is held in memory is small.
    assert mapped.mapped_bytes > 0.9 * len(raw)
    assert mapped.memory_bytes < 0.2 * copied.memory_bytes
    assert mapped.serialize() == raw
    for a, b in zip(copied.search(queries, 10), mapped.search(queries, 10), strict=True):
        np.testing.assert_array_equal(a, b)
    # Changes copy the lists they touch and never write to the file.
    for index in (copied, mapped):
        assert index.remove([0, 1, 2]) == 3
        index.add(base[:50], ids=np.arange(10**9, 10**9 + 50, dtype=np.uint64))
    assert mapped.serialize() == copied.serialize()
    assert path.read_bytes() == raw
    # A save renamed over the path leaves the mapped (old) file's pages serving.
    rv.RabitqIndex.build(base[:3000]).save(path)
    np.testing.assert_array_equal(mapped.search(queries, 10)[0], copied.search(queries, 10)[0])


def test_a_mapped_file_with_a_duplicate_id_is_refused_at_first_use_of_the_id_map(
    tmp_path: Path, data: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> None:
    base, queries, _ = data
    ids = np.arange(1000, dtype=np.uint64) * np.uint64(977) + np.uint64(0x5A5A << 48)
    raw = bytearray(rv.RabitqIndex.build(base[:1000], ids=ids).serialize())
    at = raw.find(int(ids[200]).to_bytes(8, "little"))
    raw[at : at + 8] = int(ids[10]).to_bytes(8, "little")  # id 10 twice
    path = tmp_path / "dup.rvq"
    path.write_bytes(bytes(raw))
    named = f"corrupt index: duplicate id {int(ids[10])}"
    with pytest.raises(rv.PersistError, match=named):
        rv.RabitqIndex.load(path)  # the copying load checks every id
    assert rv.RabitqIndex.load(path, mmap=True).search(queries, 3)[0].shape == (len(queries), 3)
    uses: list[Callable[[rv.RabitqIndex], object]] = [
        lambda index: index.serialize(),
        lambda index: index.remove([int(ids[0])]),
        lambda index: index.add(base[:1], ids=np.asarray([1], dtype=np.uint64)),
    ]
    for use in uses:
        with pytest.raises(rv.PersistError, match=named):
            use(rv.RabitqIndex.load(path, mmap=True))


def test_memory_bytes_stays_close_to_the_file_size(data: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    base = data[0]
    for store in ("f32", "none"):
        index = rv.RabitqIndex.build(base, store=store)
        file_bytes = len(index.serialize())
        # Exact list capacities (no push_back slack); the rest is the id map (~48 B per id here)
        # and the centroid tables.
        assert index.memory_bytes <= file_bytes + 48 * len(base) + 4 * 3 * index.nlist * 64 * 2, store


def test_corrupt_truncated_and_missing_files_raise_persist_error(tmp_path: Path) -> None:
    raw = rv.RabitqIndex.build(clustered(500, 8, 4)).serialize()
    bad = bytearray(raw)
    bad[len(bad) // 2] ^= 0x40
    cases = {"truncated": raw[: len(raw) // 3], "flipped": bytes(bad), "empty": b"", "junk": b"hello world" * 10}
    for name, blob in cases.items():
        (tmp_path / name).write_bytes(blob)
        with pytest.raises(rv.PersistError):
            rv.RabitqIndex.load(tmp_path / name)
    with pytest.raises(rv.PersistError, match="cannot open"):
        rv.RabitqIndex.load(tmp_path / "missing.rvq")
    with pytest.raises(rv.PersistError, match="checksum"):
        rv.RabitqIndex.deserialize(bytes(bad))


def test_add_remove_and_ids(data: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    base = data[0][:3000]
    index = rv.RabitqIndex.build(base, ids=np.arange(3000, dtype=np.uint64) * 10)
    extra = clustered(20, 48, 9)
    index.add(extra, ids=np.arange(20) + 100_000)
    ids, _ = index.search(extra, k=1)
    assert ids[:, 0].tolist() == list(range(100_000, 100_020))
    assert index.remove([100_000, 10, 7]) == 2
    assert len(index) == 3018
    index.add(extra[:1])  # auto id continues after the largest
    ids, _ = index.search(extra[:1], k=1)
    assert ids[0, 0] == 100_020


def test_automatic_ids_never_wrap_and_save_stays_loadable(tmp_path: Path) -> None:
    vectors = clustered(13, 8, 21)
    index = rv.RabitqIndex.build(vectors[:10])  # ids 0..9
    index.add(vectors[10:11], ids=[2**64 - 2])
    with pytest.raises(rv.InvalidInput, match=r"automatic ids for 2 rows would pass 18446744073709551615"):
        index.add(vectors[11:13])  # used to wrap to id 0, a duplicate that save() wrote and load() refused
    assert len(index) == 11
    index.add(vectors[11:12])
    with pytest.raises(rv.InvalidInput, match="automatic id 18446744073709551615 is already in use"):
        index.add(vectors[12:13])
    index.save(tmp_path / "ids.rvq")
    again = rv.RabitqIndex.load(tmp_path / "ids.rvq")
    assert len(again) == 12
    ids, _ = again.search(vectors[11], k=1)
    assert ids[0, 0] == 2**64 - 1


def test_parameters_are_range_checked_by_the_core(data: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    base = data[0][:2000]
    index = rv.RabitqIndex.build(base)
    message = "rerank_factor must be in [1, 1000000] (or 0 for the index default), got 1e+19"
    with pytest.raises(rv.InvalidInput) as err:
        index.search(base[0], 10, rerank_factor=1e19)  # used to segfault
    assert str(err.value) == message
    with pytest.raises(rv.InvalidInput, match=r"threads must be in \[1, 1024\] \(or 0 for all cores\), got 5000"):
        index.search(base[0], 10, threads=5000)
    with pytest.raises(rv.InvalidInput, match=r"nprobe must be in \[1, 16777216\]"):
        index.search(base[0], 10, nprobe=-1)
    with pytest.raises(rv.InvalidInput, match=r"nlist must be in \[1, 16777216\] \(or 0 for automatic\), got 99999999"):
        rv.RabitqIndex.build(base, nlist=99_999_999)
    with pytest.raises(
        rv.InvalidInput, match=r"rerank_factor must be in \[1, 1000000\] \(or 0 for the index default\), got 0.5"
    ):
        rv.RabitqIndex.build(base, rerank_factor=0.5)
    with pytest.raises(rv.InvalidInput, match="the 'haar' rotation supports padded dims up to 1024"):
        rv.RabitqIndex.build(np.ones((2, 1100), dtype=np.float32), rotation="haar")


def test_defaults_are_the_cores() -> None:
    defaults = rv.RabitqIndex.defaults()
    index = rv.RabitqIndex.build(clustered(300, 8, 4))
    built = [index.metric, index.bits, index.rerank_factor, index.seed, index.store, index.nlist, index.nprobe]
    expected = [defaults[name] for name in ("metric", "bits", "rerank_factor", "seed", "store")] + [1, 1]
    assert built == expected
    assert index.rotation in defaults["rotations"]
    assert defaults["metrics"] == ["l2", "ip", "cosine"]
    assert defaults["stores"] == ["f32", "f16", "none"]
    assert defaults["bits_range"] == [1, 8]
    for metric in defaults["metrics"]:
        for store in defaults["stores"]:
            assert rv.RabitqIndex.build(clustered(40, 8, 5), metric=metric, store=store).store == store
    defaults["bits"] = 99  # a copy: the next call is unchanged
    assert rv.RabitqIndex.defaults()["bits"] == 1


def test_bad_input(data: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    base = data[0][:2000]
    index = rv.RabitqIndex.build(base)
    q = base[:1].copy()
    with pytest.raises(rv.DimensionMismatch, match="expected dim 48, got 47"):
        index.search(q[:, :47].copy(), k=1)
    with pytest.raises(rv.InvalidInput, match="k must be >= 1, got 0"):
        index.search(q, k=0)
    q[0, 3] = np.nan
    with pytest.raises(rv.InvalidInput, match="NaN at row 0, column 3"):
        index.search(q, k=1)
    with pytest.raises(rv.InvalidInput, match="duplicate id 5"):
        index.add(base[:2], ids=[5, 6])
    with pytest.raises(rv.InvalidInput, match="got 3 ids for 2 vectors"):
        index.add(base[:2], ids=[9000, 9001, 9002])
    with pytest.raises(rv.InvalidInput, match="bits must be"):
        rv.RabitqIndex.build(base, bits=9)
    with pytest.raises(rv.InvalidInput, match="unknown store"):
        rv.RabitqIndex.build(base, store="f8")  # type: ignore[arg-type]
    with pytest.raises(rv.InvalidInput, match="vectors is empty"):
        rv.RabitqIndex.build(np.zeros((0, 4), dtype=np.float32))
    assert len(index) == 2000
    ids, _ = index.search(base[0], k=5000)  # k > n: every vector, once
    assert ids.shape == (1, 2000)
    assert len(set(ids[0].tolist())) == 2000


def test_concurrent_searches_while_adding(data: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    base, queries, _ = data
    index = rv.RabitqIndex.build(base[:20_000])
    stop = threading.Event()
    errors: list[BaseException] = []

    def reader() -> None:
        try:
            while not stop.is_set():
                _, dists = index.search(queries[:8], k=5, threads=1)
                assert np.all(np.diff(dists, axis=1) >= 0)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    for i in range(10):
        index.add(base[20_000 + i * 100 : 20_000 + (i + 1) * 100])
    stop.set()
    for t in threads:
        t.join()
    assert not errors
    assert len(index) == 21_000


def run_async_check(index: rv.RabitqIndex, queries: np.ndarray) -> int:
    async def main() -> int:
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0)

        tick_task = asyncio.create_task(ticker())
        results = await asyncio.gather(*(index.search_async(queries, k=10, nprobe=64) for _ in range(4)))
        tick_task.cancel()
        sync_ids, _ = index.search(queries, k=10, nprobe=64)
        for ids, _ in results:
            np.testing.assert_array_equal(ids, sync_ids)
        return ticks

    return asyncio.run(main())


def test_search_async_never_blocks_the_loop(data: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    index = rv.RabitqIndex.build(data[0])
    assert run_async_check(index, data[1]) > 10  # the loop kept running while searches ran


def test_search_async_under_uvloop(data: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    index = rv.RabitqIndex.build(data[0][:5000])
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        ids, _ = runner.run(index.search_async(data[1][:3], k=3))
    assert ids.shape == (3, 3)

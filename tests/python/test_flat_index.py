from __future__ import annotations

import threading

import numpy as np
import numpy.typing as npt
import pytest

import ruvector as rv
from ruvector import _arrays


def random_rows(n: int, d: int, seed: int) -> npt.NDArray[np.float32]:
    return np.random.default_rng(seed).normal(size=(n, d)).astype(np.float32)


def test_matches_numpy_brute_force() -> None:
    x, q = random_rows(2000, 48, 1), random_rows(50, 48, 2)
    index = rv.FlatIndex.build(x)
    ids, dists = index.search(q, k=7)
    exact = ((q[:, None, :].astype(np.float64) - x[None, :, :]) ** 2).sum(-1)
    want = np.argsort(exact, axis=1)[:, :7]
    assert (ids == want).mean() > 0.999  # float32 rounding may swap a near-tie
    np.testing.assert_allclose(dists, np.take_along_axis(exact, ids.astype(np.int64), 1), rtol=1e-4)


def test_single_query_gives_one_row_and_k_is_clamped() -> None:
    index = rv.FlatIndex.build(random_rows(5, 4, 3), metric="cosine")
    ids, dists = index.search(random_rows(1, 4, 4)[0], k=100)
    assert ids.shape == (1, 5)
    assert dists.shape == (1, 5)
    assert sorted(ids[0].tolist()) == [0, 1, 2, 3, 4]


def test_add_remove_ids_and_properties() -> None:
    index = rv.FlatIndex(3, "ip")
    index.add(np.eye(3, dtype=np.float32), ids=[10, 20, 30])
    index.add(np.ones((1, 3), dtype=np.float32))  # auto id continues after 30
    assert len(index) == 4
    assert index.dim == 3
    assert index.metric == "ip"
    assert index.memory_bytes >= 4 * 3 * 4
    ids, _ = index.search(np.ones(3, dtype=np.float32), k=1)
    assert ids[0, 0] == 31
    assert index.remove([31, 999]) == 1
    assert len(index) == 3
    assert repr(index) == "FlatIndex(dim=3, metric='ip', size=3)"


def test_inputs_are_converted_like_faiss_and_float32_is_not_copied() -> None:
    x = random_rows(10, 8, 5)
    q = random_rows(3, 8, 6)
    want_ids, want_dists = rv.FlatIndex.build(x).search(q, k=4)
    assert _arrays.f32_matrix(x, "x") is x  # float32 C-contiguous: used as it is
    # Other real dtypes, layouts and array-likes of the same values: one converting copy, the same answers.
    for data, queries in [
        (x.astype(np.float64), q.astype(np.float64)),
        (np.asfortranarray(x), np.asfortranarray(q)),
        (ArrayLike(x), ArrayLike(q)),
        (memoryview(x), memoryview(q)),
    ]:
        ids, dists = rv.FlatIndex.build(data).search(queries, k=4)
        np.testing.assert_array_equal(ids, want_ids)
        np.testing.assert_array_equal(dists, want_dists)
    half = x.astype(np.float16)
    np.testing.assert_array_equal(
        rv.FlatIndex.build(half).search(q, k=4)[0], rv.FlatIndex.build(half.astype(np.float32)).search(q, k=4)[0]
    )
    ints = np.arange(24, dtype=np.int64).reshape(3, 8)
    assert rv.FlatIndex.build(ints).search(ints[:1], k=1)[0][0, 0] == 0
    index = rv.FlatIndex.build(x)
    with pytest.raises(rv.InvalidInput, match="real numbers, got dtype complex128"):
        index.add(x.astype(np.complex128))
    with pytest.raises(rv.InvalidInput, match="real numbers, got dtype bool"):
        index.search(np.ones((1, 8), dtype=bool), k=1)
    with pytest.raises(rv.InvalidInput, match=r"vectors contains Inf at row 0, column 0"):
        index.add(np.full((1, 8), 1e300))  # float64 beyond float32: the core refuses the Inf
    with pytest.raises(rv.DimensionMismatch, match="expected dim 8, got 6"):
        index.search(random_rows(2, 6, 7), k=1)
    with pytest.raises(rv.InvalidInput, match="ids must be >= 0"):
        index.add(x[:1], ids=[-1])
    assert len(index) == 10  # nothing was added by the failed calls


def test_strict_inputs_refuse_data_copies_but_convert_queries() -> None:
    x = random_rows(10, 8, 5)
    previous = rv.set_strict_inputs(True)
    try:
        index = rv.FlatIndex.build(x)
        with pytest.raises(rv.InvalidInput, match="float32 array, got float64 \\(strict inputs\\)"):
            index.add(x.astype(np.float64))
        with pytest.raises(rv.InvalidInput, match="not C-contiguous \\(strict inputs\\)"):
            index.add(np.asfortranarray(x))
        ids, _ = index.search(x[:2].astype(np.float64), k=1)  # queries are always converted
        np.testing.assert_array_equal(ids[:, 0], [0, 1])
        assert len(index) == 10
    finally:
        assert rv.set_strict_inputs(previous) is True


class ArrayLike:
    """What torch tensors and DataFrames offer: ``__array__`` (and no sequence protocol numpy would
    walk element by element)."""

    def __init__(self, data: npt.NDArray[np.float32]) -> None:
        self._data = data

    def __array__(self, dtype: object = None, copy: object = None) -> npt.NDArray[np.float32]:
        return self._data


def test_empty_input_is_reported_as_empty_whatever_its_shape() -> None:
    index = rv.FlatIndex(3)
    empties: list[object] = [[], np.zeros((0, 3), dtype=np.float32), np.zeros((0, 0), dtype=np.float32)]
    for empty in empties:
        with pytest.raises(rv.InvalidInput, match="vectors is empty"):
            index.add(empty)


def test_lists_are_accepted() -> None:
    index = rv.FlatIndex.build([[0.0, 0.0], [1.0, 1.0]])
    ids, dists = index.search([0.9, 0.9], k=1)
    assert ids.tolist() == [[1]]
    assert dists[0, 0] == pytest.approx(0.02)


def test_errors_are_value_errors_too() -> None:
    index = rv.FlatIndex.build(random_rows(3, 4, 8))
    with pytest.raises(ValueError, match="k must be >= 1, got 0"):
        index.search(random_rows(1, 4, 9), k=0)
    with pytest.raises(rv.EmptyIndex):
        rv.FlatIndex(4).search(random_rows(1, 4, 9), k=1)


def test_concurrent_searches_while_adding() -> None:
    index = rv.FlatIndex.build(random_rows(2000, 32, 10))
    queries = random_rows(16, 32, 11)
    stop = threading.Event()
    errors: list[BaseException] = []

    def reader() -> None:
        try:
            while not stop.is_set():
                _ids, dists = index.search(queries, k=5, threads=1)
                assert np.all(np.diff(dists, axis=1) >= 0)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    for i in range(30):
        index.add(random_rows(50, 32, 100 + i))
    stop.set()
    for t in threads:
        t.join()
    assert not errors
    assert len(index) == 3500


def test_gil_is_released_during_search() -> None:
    # A large search on one thread must let another Python thread run meanwhile.
    index = rv.FlatIndex.build(random_rows(20000, 128, 12))
    queries = random_rows(64, 128, 13)
    ticks = 0
    done = threading.Event()

    def search() -> None:
        index.search(queries, k=10, threads=1)
        done.set()

    t = threading.Thread(target=search)
    t.start()
    while not done.is_set():
        ticks += 1
        done.wait(0.0005)
    t.join()
    assert ticks > 5

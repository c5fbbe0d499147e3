"""ParquetBackend: Parquet files as lake collections (ruvector[parquet], pyarrow)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

import ruvector as rv

pa = pytest.importorskip("pyarrow", reason="ruvector[parquet] is not installed (pyarrow missing)")
pq = pytest.importorskip("pyarrow.parquet")


def _vectors(n: int, dim: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)


def _write(path: Path, ids: np.ndarray, vectors: np.ndarray, *, id_type: object = None, emb: object = None) -> None:
    dim = vectors.shape[1]
    embedding = emb if emb is not None else pa.FixedSizeListArray.from_arrays(pa.array(vectors.reshape(-1)), dim)
    table = pa.table({"id": pa.array(ids, type=id_type or pa.uint64()), "embedding": embedding})
    pq.write_table(table, path, row_group_size=64)


def test_a_parquet_collection_answers_like_the_same_rows_in_memory(tmp_path: Path) -> None:
    vectors = _vectors(300, 16, 1)
    ids = (np.arange(300, dtype=np.uint64) * np.uint64(7)) + np.uint64(2**64 - 3000)  # ids near 2^64
    _write(tmp_path / "docs.parquet", ids, vectors)
    parquet = rv.ParquetBackend("pq", tmp_path)
    memory = rv.LocalBackend("mem")
    memory.put_collection("docs", vectors, ids)
    lake = rv.Lake("fresh")
    lake.register(parquet)
    lake.register(memory)

    assert parquet.list_collections() == ["docs"]
    assert parquet.dim("docs") == 16
    got_ids, got_vectors, generation = parquet.pull("docs")
    assert got_ids.dtype == np.uint64
    assert np.array_equal(got_ids, ids)
    assert np.array_equal(got_vectors, vectors)
    assert generation == parquet.generation("docs")

    queries = _vectors(5, 16, 2)
    pq_ids, pq_dists = lake.search("pq", "docs", queries, k=10)
    mem_ids, mem_dists = lake.search("mem", "docs", queries, k=10)
    assert np.array_equal(pq_ids, mem_ids)
    assert np.allclose(pq_dists, mem_dists)
    assert int(pq_ids.max()) > 2**63  # the u64 ids survived the file
    assert parquet.data_ref("docs") == (tmp_path / "docs.parquet").resolve().as_uri()


def test_rewriting_the_file_reprimes_even_with_the_same_size_and_mtime(tmp_path: Path) -> None:
    path = tmp_path / "docs.parquet"
    ids = np.arange(100, dtype=np.uint64)
    _write(path, ids, _vectors(100, 8, 1))
    backend = rv.ParquetBackend("pq", tmp_path)
    lake = rv.Lake("fresh")
    lake.register(backend)
    query = _vectors(1, 8, 9)
    lake.search("pq", "docs", query, k=3)
    first = backend.generation("docs")
    stat = path.stat()

    # Same row count and dtype (so, here, the same size), and the mtime put back: only the footer
    # (row group statistics) tells the files apart.
    _write(path, ids, _vectors(100, 8, 2))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_mtime_ns == stat.st_mtime_ns
    second = backend.generation("docs")
    assert second != first
    lake.search("pq", "docs", query, k=3)
    assert lake.stats()["primes"] == 2

    lake.search("pq", "docs", query, k=3)  # unchanged file: a hit, no prime
    stats = lake.stats()
    assert stats["primes"] == 2
    assert stats["hits"] == 1


def test_a_mapping_names_collections_and_an_unknown_one_is_refused(tmp_path: Path) -> None:
    _write(tmp_path / "a.parquet", np.arange(10, dtype=np.uint64), _vectors(10, 4, 1))
    backend = rv.ParquetBackend("pq", {"alpha": tmp_path / "a.parquet"})
    assert backend.list_collections() == ["alpha"]
    with pytest.raises(rv.InvalidInput, match="unknown collection 'beta' in backend 'pq'"):
        backend.generation("beta")
    with pytest.raises(rv.InvalidInput, match="unknown collection 'nope' in backend 'dir'"):
        rv.ParquetBackend("dir", tmp_path).pull("nope")


def test_custom_column_names_and_signed_ids(tmp_path: Path) -> None:
    vectors = _vectors(20, 4, 3)
    table = pa.table(
        {
            "doc_id": pa.array(np.arange(20, dtype=np.int64)),
            "vec": pa.FixedSizeListArray.from_arrays(pa.array(vectors.astype(np.float64).reshape(-1)), 4),
        }
    )
    pq.write_table(table, tmp_path / "c.parquet")
    backend = rv.ParquetBackend("pq", tmp_path, id_column="doc_id", embedding_column="vec")
    ids, got, _ = backend.pull("c")
    assert ids.dtype == np.uint64
    assert list(ids) == list(range(20))
    assert got.dtype == np.float32
    assert np.allclose(got, vectors)


def _pairs() -> object:
    return pa.FixedSizeListArray.from_arrays(pa.array([1.0] * 4), 2)


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"id": pa.array([1, 2], type=pa.uint64())}, "has no column 'embedding' \\(columns: id\\)"),
        (
            {"id": pa.array(["a", "b"]), "embedding": _pairs()},
            "column 'id' .* must hold integer ids \\(u64\\), got string",
        ),
        (
            {"id": pa.array([1, 2], type=pa.uint64()), "embedding": pa.array([[1.0, 2.0], [3.0, 4.0]])},
            "column 'embedding' .* must be fixed_size_list<float>, got list<",
        ),
        (
            {"id": pa.array([-1, 2], type=pa.int64()), "embedding": _pairs()},
            "column 'id' .* has negative ids",
        ),
        (
            {"id": pa.array([1, None], type=pa.uint64()), "embedding": _pairs()},
            "column 'id' .* has 1 null rows",
        ),
    ],
)
def test_a_wrong_schema_is_refused_naming_the_column(tmp_path: Path, columns: dict[str, object], message: str) -> None:
    pq.write_table(pa.table(columns), tmp_path / "bad.parquet")
    backend = rv.ParquetBackend("pq", tmp_path)
    lake = rv.Lake()
    lake.register(backend)
    with pytest.raises(rv.InvalidInput, match=message):
        backend.pull("bad")
    with pytest.raises(rv.InvalidInput, match=message):  # the same error reaches a search
        lake.search("pq", "bad", [1.0, 2.0], k=1)


def test_a_file_that_is_not_parquet_is_a_persist_error(tmp_path: Path) -> None:
    (tmp_path / "junk.parquet").write_bytes(b"not parquet at all, definitely")
    with pytest.raises(rv.PersistError, match=r"junk\.parquet' is not a Parquet file"):
        rv.ParquetBackend("pq", tmp_path).generation("junk")

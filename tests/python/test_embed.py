"""HashEmbedder through the installed wheel (bit-exact golden vectors, errors, threads) and the
Collection RAG helper."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

import ruvector as rv
from ruvector.flat import Metric

GOLDEN = json.loads((Path(__file__).resolve().parents[1] / "data" / "golden_embed.json").read_text(encoding="utf-8"))


def embedder_of(case: dict[str, Any]) -> rv.HashEmbedder:
    return rv.HashEmbedder(case["dim"], ngram_range=(case["ngram_min"], case["ngram_max"]), seed=int(case["seed"]))


@pytest.mark.parametrize("case", GOLDEN["cases"], ids=[c["name"] for c in GOLDEN["cases"]])
def test_golden_vectors_are_bit_exact(case: dict[str, Any]) -> None:
    got = embedder_of(case).embed(case["text"])
    want = np.array(case["vector"], dtype=np.float32)
    assert got.shape == (1, case["dim"])
    assert got.dtype == np.float32
    assert got[0].tobytes() == want.tobytes()


def test_batch_threads_and_repeat_are_identical() -> None:
    embedder = rv.HashEmbedder()
    texts = [c["text"] for c in GOLDEN["cases"]] * 50
    one = embedder.embed(texts, threads=1)
    assert one.shape == (len(texts), 384)
    assert one.flags.c_contiguous
    assert np.array_equal(one, embedder.embed(texts, threads=4))
    assert np.array_equal(one, embedder.embed(tuple(texts)))
    with ThreadPoolExecutor(4) as pool:  # the embedder is shared by threads (it is immutable)
        for got in pool.map(lambda _: embedder.embed(texts), range(4)):
            assert np.array_equal(one, got)


def test_shapes_norms_and_properties() -> None:
    embedder = rv.HashEmbedder(64, ngram_range=(2, 4), seed=9)
    assert (embedder.dim, embedder.ngram_range, embedder.seed) == (64, (2, 4), 9)
    assert repr(embedder) == "HashEmbedder(dim=64, ngram_range=(2, 4), seed=9)"
    assert embedder.embed([]).shape == (0, 64)
    rows = embedder.embed(["some words here", "", " ,.;!? "])
    norms = np.linalg.norm(rows.astype(np.float64), axis=1)
    assert abs(norms[0] - 1.0) < 1e-6
    assert norms[1] == 0.0
    assert norms[2] == 0.0
    assert rv.HashEmbedder(2**20).dim == 2**20
    assert rv.HashEmbedder(seed=2**64 - 1).seed == 2**64 - 1


def cosine(a: npt.NDArray[np.float32], b: npt.NDArray[np.float32]) -> float:
    return float(np.dot(a.astype(np.float64), b.astype(np.float64)))  # rows are unit vectors


def test_similar_texts_are_closer_than_unrelated_ones() -> None:
    q, near, far = rv.HashEmbedder().embed(
        [
            "how do I reset my password",
            "To reset a forgotten password, open the account settings",
            "The train to Berlin leaves at noon from platform 9",
        ]
    )
    assert cosine(q, near) > cosine(q, far) + 0.1
    same = rv.HashEmbedder().embed(["Hello World", "hello   world!", "world hello"])
    assert np.array_equal(same[0], same[1])
    assert np.array_equal(same[0], same[2])  # a bag of words


@pytest.mark.parametrize("case", GOLDEN["option_errors"], ids=lambda c: c["message_contains"])
def test_bad_options_are_invalid_input(case: dict[str, Any]) -> None:
    with pytest.raises(rv.InvalidInput, match=case["message_contains"].replace("(", r"\(").replace(")", r"\)")):
        rv.HashEmbedder(case["dim"], ngram_range=(case["ngram_min"], case["ngram_max"]))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"seed": -1}, "seed must be an integer between 0 and 2\\*\\*64 - 1, got -1"),
        ({"seed": 2**64}, "seed must be"),
        ({"seed": 1.5}, "seed must be an integer, got 1.5"),
        ({"dim": 3.0}, "dim must be an integer"),
        ({"ngram_range": (3,)}, "ngram_range must be a pair"),
        ({"ngram_range": "35"}, "ngram_range must be an integer"),
    ],
)
def test_bad_python_arguments_are_invalid_input(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(rv.InvalidInput, match=message):
        rv.HashEmbedder(**kwargs)


def test_bad_texts_name_the_text() -> None:
    embedder = rv.HashEmbedder()
    with pytest.raises(rv.InvalidInput, match=r"^texts\[1\] is not valid UTF-8 \(byte 0xED at offset 1\)$"):
        embedder.embed(["ok", "a\ud800b"])  # a lone surrogate: not encodable as UTF-8
    with pytest.raises(ValueError, match=r"texts\[2\] must be a str, got int"):
        embedder.embed(["a", "b", 3])  # type: ignore[list-item]
    with pytest.raises(rv.InvalidInput, match="got bytes: decode it first"):
        embedder.embed(b"abc")  # type: ignore[arg-type]
    with pytest.raises(rv.InvalidInput, match="got int"):
        embedder.embed(5)  # type: ignore[arg-type]


def test_core_refuses_invalid_utf8_with_the_golden_messages() -> None:
    """The raw-bytes messages are those of tests/data/golden_embed.json; natively str input can only
    carry the surrogate case, checked above with the same message."""
    surrogate = next(c for c in GOLDEN["utf8_errors"] if c["bytes_hex"] == "61eda08062")
    with pytest.raises(rv.InvalidInput) as err:
        rv.HashEmbedder().embed(["ok", "a\ud800b"])
    assert str(err.value) == surrogate["message"]


# --- Collection -----------------------------------------------------------------------------------

DOCS = [
    "The cat sat on the mat and purred.",
    "Stock markets fell sharply after the central bank raised rates.",
    "Preheat the oven and bake the apple pie for forty minutes.",
    "The telescope revealed the rings of Saturn.",
]


def test_collection_add_query_and_metadata() -> None:
    col = rv.Collection()
    ids = col.add(DOCS, metas=[{"topic": "pets"}, {"topic": "finance"}, None, {"topic": "space"}])
    assert ids == [0, 1, 2, 3]
    assert len(col) == 4
    assert 2 in col
    hits = col.query("how long should the apple pie bake?", k=2)
    assert hits[0].id == 2
    assert hits[0].text == DOCS[2]
    assert hits[0].meta is None
    assert 0.0 < hits[0].score <= 1.0
    assert hits[0].score >= hits[1].score
    top = col.query("Saturn rings", k=1)[0]
    assert (top.id, top.meta) == (3, {"topic": "space"})
    assert isinstance(top, rv.Hit)
    with pytest.raises(AttributeError):
        top.score = 2.0  # type: ignore[misc]
    batch = col.query(["cat on a mat", "markets and rates"], k=3)
    assert [row[0].id for row in batch] == [0, 1]
    assert all(len(row) == 3 for row in batch)
    assert col.query("anything", k=100).__len__() == 4


def test_collection_ids_remove_and_validation() -> None:
    col = rv.Collection(rv.HashEmbedder(128))
    assert col.query("empty collection", k=3) == []
    assert col.query(["a", "b"]) == [[], []]
    assert col.remove([1, 2]) == 0
    assert col.add(DOCS[:2], ids=[10, 20]) == [10, 20]
    assert col.add(DOCS[2]) == [21]  # continues after the largest id
    meta = {"k": "v"}
    col.add([DOCS[3]], metas=[meta])
    meta["k"] = "changed"  # the collection kept a copy
    assert col.query(DOCS[3], k=1)[0].meta == {"k": "v"}
    cases: list[tuple[dict[str, Any], str]] = [
        ({"ids": [10]}, "duplicate id 10"),
        ({"ids": [5, 5]}, "got 2 ids for 1 texts"),
        ({"ids": [-1]}, "ids\\[0\\] must be between 0 and 2\\*\\*64 - 1, got -1"),
        ({"metas": [{}, {}]}, "got 2 metas for 1 texts"),
        ({"metas": ["x"]}, "metas\\[0\\] must be a mapping or None, got str"),
    ]
    for bad, message in cases:
        with pytest.raises(rv.InvalidInput, match=message):
            col.add(["one more"], **bad)
    assert len(col) == 4  # failed adds changed nothing
    with pytest.raises(rv.InvalidInput, match="k must be >= 1, got 0"):
        col.query("x", k=0)
    with pytest.raises(rv.InvalidInput, match="unknown metric 'manhattan'"):
        rv.Collection(metric="manhattan")  # type: ignore[arg-type]
    assert col.remove([20, 999]) == 1
    assert col.remove(21) == 1
    assert 20 not in col
    assert len(col) == 2
    assert all(h.id != 20 for h in col.query(DOCS[1], k=10))
    assert col.add([]) == []


def test_collection_metrics_give_higher_is_better_scores() -> None:
    metrics: list[Metric] = ["cosine", "ip", "l2"]
    for metric in metrics:
        col = rv.Collection(metric=metric)
        col.add(DOCS)
        hits = col.query(DOCS[1], k=4)
        assert hits[0].id == 1
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
        want_self = 0.0 if metric == "l2" else 1.0  # unit vectors: cosine = ip = 1, l2 = 0
        assert abs(hits[0].score - want_self) < 1e-5


class RecordingIndex:
    """A user-written index: Collection must only need add/search/remove/len."""

    built_with: dict[str, Any]

    def __init__(self, vectors: Any, *, ids: Any = None, metric: Metric = "l2") -> None:
        self.inner = rv.FlatIndex.build(vectors, ids=ids, metric=metric)
        RecordingIndex.built_with = {"rows": len(vectors), "ids": list(ids), "metric": metric}
        self.calls: list[str] = []

    def add(self, vectors: Any, ids: Any = None) -> None:
        self.calls.append("add")
        self.inner.add(vectors, ids)

    def search(self, queries: Any, k: int = 10) -> tuple[Any, Any]:
        self.calls.append("search")
        return self.inner.search(queries, k)

    def remove(self, ids: Any) -> int:
        self.calls.append("remove")
        return self.inner.remove(ids)

    def __len__(self) -> int:
        return len(self.inner)


class TinyEmbedder:
    """A user-written embedder: one-hot on the first letter."""

    dim = 26

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        out = np.zeros((len(texts), 26), dtype=np.float32)
        for i, t in enumerate(texts):
            out[i, (ord(t[0].lower()) - 97) % 26] = 1.0
        return out


def test_collection_with_a_custom_index_and_embedder() -> None:
    col = rv.Collection(TinyEmbedder(), metric="ip", index_factory=RecordingIndex)
    assert col.index is None
    col.add(["apple", "banana"], ids=[7, 8])
    assert RecordingIndex.built_with == {"rows": 2, "ids": [7, 8], "metric": "ip"}
    col.add(["cherry"])
    assert col.query("avocado", k=1)[0].id == 7
    assert col.remove([8]) == 1
    index = col.index
    assert isinstance(index, RecordingIndex)
    assert index.calls == ["add", "search", "remove"]
    assert col.embedder.dim == 26
    assert "Collection(size=2, metric='ip'" in repr(col)


class SlowEmbedder(TinyEmbedder):
    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        time.sleep(0.3)
        return super().embed(texts)


async def test_query_async_does_not_block_the_event_loop() -> None:
    col = rv.Collection(SlowEmbedder(), metric="ip")
    col.add(["apple", "banana"])
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    task = asyncio.create_task(ticker())
    try:
        hits = await col.query_async("blueberry", k=1)
        batch = await col.query_async(["apple", "banana"], k=2)
    finally:
        task.cancel()
    assert hits[0].id == 1
    assert [row[0].id for row in batch] == [0, 1]
    assert ticks >= 10  # the loop kept running during ~0.6 s of embedding


async def test_query_async_with_the_hash_embedder_matches_query() -> None:
    col = rv.Collection()
    col.add(DOCS)
    got = await asyncio.gather(*(col.query_async(d, k=2) for d in DOCS))
    assert got == [col.query(d, k=2) for d in DOCS]

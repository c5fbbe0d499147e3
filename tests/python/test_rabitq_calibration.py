"""Calibration at build and target_recall (docs/calibration.md), measured against brute force on
held-out queries."""

from __future__ import annotations

import numpy as np
import pytest

import ruvector as rv


def clustered(n: int, dim: int, seed: int) -> np.ndarray:
    centres = np.random.default_rng(7).normal(0, 3, (60, dim))
    rng = np.random.default_rng(seed)
    return (centres[rng.integers(0, 60, n)] + rng.normal(0, 1, (n, dim))).astype(np.float32)


def recall(got: np.ndarray, base: np.ndarray, queries: np.ndarray) -> float:
    d = (queries * queries).sum(1)[:, None] - 2 * queries @ base.T + (base * base).sum(1)[None, :]
    truth = np.argsort(d, axis=1)[:, :10]
    return float(np.mean([len(set(g.tolist()) & set(t.tolist())) / 10 for g, t in zip(got, truth, strict=True)]))


@pytest.fixture(scope="module")
def built() -> tuple[rv.RabitqIndex, np.ndarray, np.ndarray]:
    base = clustered(24000, 24, 1)
    return rv.RabitqIndex.build(base), base, clustered(300, 24, 2)


def test_defaults_and_target_recall_reach_their_recall_on_held_out_queries(
    built: tuple[rv.RabitqIndex, np.ndarray, np.ndarray],
) -> None:
    index, base, queries = built
    table = index.calibration
    assert table
    assert set(table[0]) == {
        "nprobe",
        "rerank_factor",
        "recall",
        "recall_lower",
        "codes_scanned",
        "rows_reranked",
        "cost",
    }
    cheapest = min((e for e in table if e["recall_lower"] >= 0.95), key=lambda e: e["cost"])
    assert (index.nprobe, index.rerank_factor) == (cheapest["nprobe"], cheapest["rerank_factor"])
    assert recall(index.search(queries, 10)[0], base, queries) >= 0.95
    assert recall(index.search(queries, 10, target_recall=0.99)[0], base, queries) >= 0.99


def test_target_recall_errors_and_explicit_settings(built: tuple[rv.RabitqIndex, np.ndarray, np.ndarray]) -> None:
    index, base, queries = built
    with pytest.raises(rv.InvalidInput, match=r"^target_recall must be in \(0, 1\], got 1.5$"):
        index.search(queries, 10, target_recall=1.5)
    with pytest.raises(rv.InvalidInput, match=r"^target_recall must be in \(0, 1\], got 0$"):
        rv.RabitqIndex.build(base[:100], target_recall=0)
    small = rv.RabitqIndex.build(base[:1000])
    assert small.calibration == []
    assert small.rerank_factor == rv.RabitqIndex.defaults()["rerank_factor"]
    with pytest.raises(rv.InvalidInput, match=r"^target_recall needs the index's calibration table"):
        small.search(queries, 10, target_recall=0.9)
    plain = rv.RabitqIndex.build(base, calibrate=False)
    assert plain.calibration == []
    assert rv.RabitqIndex.defaults()["calibrate"] is True
    assert (plain.nlist, plain.rerank_factor) == (index.nlist, rv.RabitqIndex.defaults()["rerank_factor"])
    with pytest.raises(rv.InvalidInput, match=r"^target_recall needs the index's calibration table"):
        plain.search(queries, 10, target_recall=0.9)
    pinned = rv.RabitqIndex.build(base, nprobe=5, rerank_factor=7)
    assert (pinned.nprobe, pinned.rerank_factor) == (5, 7.0)
    assert pinned.calibration == index.calibration  # the same seed measures the same table
    copy = rv.RabitqIndex.deserialize(index.serialize())
    assert copy.calibration == index.calibration
    assert (copy.nprobe, copy.rerank_factor) == (index.nprobe, index.rerank_factor)

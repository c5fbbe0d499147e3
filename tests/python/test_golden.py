"""The cross-target golden vectors, checked through the installed wheel."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from golden_data import assert_close_to_reference, golden_floats

import ruvector as rv


def test_golden_flat_cases(golden: dict[str, Any]) -> None:
    for case in golden["flat"]:
        vectors = golden_floats(case["vectors"])
        queries = golden_floats(case["queries"])
        matrix = rv.distances(queries, vectors, case["metric"])
        assert matrix.dtype == np.float32
        assert_close_to_reference(matrix, case["distance_matrix"])

        index = rv.FlatIndex.build(vectors, ids=case["ids"], metric=case["metric"])
        ids, dists = index.search(queries, case["k"])
        assert ids.dtype == np.uint64, case["name"]
        assert ids.tolist() == case["expected_ids"], case["name"]
        assert_close_to_reference(dists, case["expected_distances"])


def test_golden_hamming(golden: dict[str, Any]) -> None:
    for case in golden["hamming"]:
        a = np.array(case["a"], dtype=np.uint8)
        b = np.array(case["b"], dtype=np.uint8)
        got = rv.distances(a, b, "hamming")
        assert got.dtype == np.uint32
        assert got.tolist() == case["expected"]


def _run_error_case(case: dict[str, Any]) -> None:
    index = rv.FlatIndex(case["dim"], case["metric"])
    op = case["op"]
    if op == "search":
        index.add(np.full((1, case["dim"]), 0.5, dtype=np.float32))
    if op in ("search", "search_empty"):
        index.search(golden_floats(case["query"]), case.get("k", 1))
    elif op == "add":
        index.add(golden_floats(case["vectors"]).reshape(-1, case["dim"]))
    elif op == "add_ids":
        index.add(golden_floats(case["vectors"]), ids=case["ids"])


def test_golden_errors(golden: dict[str, Any]) -> None:
    for case in golden["errors"]:
        cls = getattr(rv, case["error"])
        with pytest.raises(cls, match=None) as info:
            _run_error_case(case)
        assert isinstance(info.value, rv.RuVectorError)
        assert type(info.value).__name__ == case["error"]
        assert case["message_contains"] in str(info.value), (case, str(info.value))

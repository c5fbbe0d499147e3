"""The shared metadata-filter cases (tests/data/filter_cases.json, also run by C++ and node) through
the `ruvector` Python package, without numpy: natively (tests/python/test_collection_filter.py) and
inside Pyodide (node.test.mjs).

Inside Pyodide:   import filter_check; filter_check.main("/path/filter_cases.json")
main() returns "N passed, 0 failed" and raises AssertionError listing every failed case.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ruvector as rv


def filled(doc: dict[str, Any], index: dict[str, Any]) -> rv.Collection:
    col = rv.Collection(rv.HashEmbedder(doc["encoder"]["dim"]), rabitq_threshold=index["rabitq_threshold"])
    col.add([d["text"] for d in doc["docs"]], metas=[d["meta"] for d in doc["docs"]])
    assert col.index_kind == index["name"], col.index_kind
    return col


def filter_of(case: dict[str, Any]) -> Any:
    return case["filter_text"] if "filter_text" in case else case["filter"]


def check_case(col: rv.Collection, flat: bool, case: dict[str, Any]) -> None:
    matching = set(case["matching"])
    hits = col.query(case["text"], case["k"], filter=filter_of(case))
    assert len(hits) == min(case["k"], len(matching)), [h.id for h in hits]
    assert all(h.id in matching for h in hits), [h.id for h in hits]
    assert all(a.score >= b.score for a, b in itertools.pairwise(hits))
    if flat:
        everything = col.query(case["text"], len(col))
        assert [h.id for h in hits] == [h.id for h in everything if h.id in matching][: len(hits)]


def raised(col: rv.Collection, case: dict[str, Any]) -> rv.RuVectorError | None:
    try:
        col.query("x", 3, filter=filter_of(case))
    except rv.RuVectorError as exc:
        return exc
    return None


def check_error(col: rv.Collection, case: dict[str, Any]) -> None:
    exc = raised(col, case)
    assert exc is not None, "no error raised"
    assert type(exc).__name__ == case["class"], type(exc).__name__
    if "message" in case:
        assert str(exc) == case["message"], str(exc)
    else:
        assert case["message_contains"] in str(exc), str(exc)


def main(path: str | Path) -> str:
    doc = json.loads(Path(path).read_text())
    passed = 0
    failed: list[str] = []
    for index in doc["indexes"]:
        col = filled(doc, index)
        flat = index["name"] == "flat"
        checks: list[tuple[str, Callable[[], None]]] = [
            (c["name"], functools.partial(check_case, col, flat, c)) for c in doc["cases"]
        ]
        checks += [
            (f"error {e.get('message', e.get('message_contains'))}", functools.partial(check_error, col, e))
            for e in doc["errors"]
        ]
        for name, check in checks:
            try:
                check()
                passed += 1
            except AssertionError as exc:
                failed.append(f"{index['name']}: {name}: {exc}")
    if failed:
        raise AssertionError("\n".join(failed))
    return f"{passed} passed, 0 failed"

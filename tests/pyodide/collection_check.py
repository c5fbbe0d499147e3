"""The shared Collection cases (tests/data/collection_cases.json, also run by C++ and node) through the
`ruvector` Python package, without numpy: the same script runs in CPython (tests/python/
test_collection_cases.py) and inside Pyodide (node.test.mjs, browser.test.mjs). It also checks
save/load through a file.

Inside Pyodide:   import collection_check; collection_check.main("/path/collection_cases.json")
main() returns "N passed, 0 failed" and raises AssertionError listing every failed case.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import ruvector as rv


class FirstLetter:
    """The case file's caller's embedder: one-hot on the first letter (lists: no numpy needed)."""

    dim = 26

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        rows = []
        for t in texts:
            row = [0.0] * 26
            row[((ord(t[:1].lower() or "a") - 97) % 26)] = 1.0
            rows.append(row)
        return rows


def encoder_of(spec: dict[str, Any]) -> Any:
    return FirstLetter() if spec["kind"] == "first_letter" else rv.HashEmbedder(spec["dim"])


def texts_of(step: dict[str, Any], docs: list[str]) -> list[str]:
    if "docs" in step:
        return [docs[i] for i in step["docs"]]
    if "texts" in step:
        return list(step["texts"])
    if "doc" in step:
        return [docs[step["doc"]]]
    return [step["text"]] if "text" in step else []


def run_step(state: dict[str, Any], case: dict[str, Any], step: dict[str, Any], docs: list[str]) -> None:
    col: rv.Collection = state["col"]
    op = step["op"]
    if op == "add":
        ids = [int(i) for i in step["ids"]] if "ids" in step else None
        got = col.add(texts_of(step, docs), ids=ids, metas=step.get("metas"))
        if "expect_ids" in step:
            assert got == [int(i) for i in step["expect_ids"]], got
    elif op == "remove":
        assert col.remove([int(i) for i in step["ids"]]) == step["expect"]
    elif op == "size":
        assert len(col) == step["expect"], len(col)
    elif op == "contains":
        assert (int(step["id"]) in col) == step["expect"]
    elif op == "index_kind":
        assert col.index_kind == step["expect"], col.index_kind
    elif op == "query":
        hits = col.query(texts_of(step, docs)[0], k=step["k"])
        assert all(b.score <= a.score for a, b in itertools.pairwise(hits)), hits
        if "expect_count" in step:
            assert len(hits) == step["expect_count"], hits
        if "expect_top" in step:
            assert hits[0].id == int(step["expect_top"]), hits
        if "expect_top_doc" in step:
            assert hits[0].text == docs[step["expect_top_doc"]], hits
        if "expect_top_meta" in step:
            assert hits[0].meta == step["expect_top_meta"], hits
        if "expect_top_score" in step:
            assert abs(hits[0].score - step["expect_top_score"]) < 1e-5, hits
        if "expect_absent" in step:
            assert all(h.id != step["expect_absent"] for h in hits), hits
    elif op == "reload":
        data = bytearray(col.serialize())
        if "flip_byte" in step:
            data[step["flip_byte"]] ^= 1
        if "keep_bytes" in step:
            del data[step["keep_bytes"] :]
        state["col"] = rv.Collection.deserialize(
            bytes(data), encoder_of(step.get("encoder", case["encoder"])), rabitq_threshold=case.get("rabitq_threshold")
        )
    else:
        raise AssertionError(f"unknown op {op}")


def run_case(case: dict[str, Any], docs: list[str]) -> None:
    state: dict[str, Any] = {
        "col": rv.Collection(
            encoder_of(case["encoder"]), metric=case["metric"], rabitq_threshold=case.get("rabitq_threshold")
        )
    }
    for n, step in enumerate(case["steps"]):
        where = f"{case['name']} step {n}: {json.dumps(step)}"
        want = step.get("error")
        if want is None:
            try:
                run_step(state, case, step, docs)
            except AssertionError as exc:
                raise AssertionError(f"{where}: {exc}") from exc
            continue
        try:
            run_step(state, case, step, docs)
        except rv.RuVectorError as exc:
            got = (type(exc).__name__, str(exc))
        else:
            raise AssertionError(f"{where}: no error")
        if (
            got[0] != want["class"]
            or got[1] != want.get("message", got[1])
            or want.get("message_contains", "") not in got[1]
        ):
            raise AssertionError(f"{where}: got {got[0]}: {got[1]}")


def save_and_load(docs: list[str]) -> None:
    """save() writes one file atomically; load() reads it back with the same hits."""
    col = rv.Collection(rv.HashEmbedder(64))
    col.add(docs[:4], metas=[{"n": i} for i in range(4)])
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "docs.rvcol")
        col.save(path)
        col.save(path)  # replaces the file
        assert sorted(os.listdir(tmp)) == ["docs.rvcol"], os.listdir(tmp)
        again = rv.Collection.load(Path(path), rv.HashEmbedder(64))
        assert len(again) == 4
        assert again.query(docs[2], k=1) == col.query(docs[2], k=1)
        try:
            rv.Collection.load(os.path.join(tmp, "missing.rvcol"))
        except rv.PersistError:
            pass
        else:
            raise AssertionError("loading a missing file did not raise PersistError")


def main(cases_path: str | Path) -> str:
    doc = json.loads(Path(cases_path).read_text(encoding="utf-8"))
    checks: list[tuple[str, Callable[[], None]]] = [
        (case["name"], functools.partial(run_case, case, doc["docs"])) for case in doc["cases"]
    ]
    checks.append(("save and load", lambda: save_and_load(doc["docs"])))
    failed = []
    for name, check in checks:
        try:
            check()
        except AssertionError as exc:
            failed.append(f"{name}: {exc}")
    if failed:
        raise AssertionError("\n".join(failed))
    return f"{len(checks)} passed, 0 failed"


if __name__ == "__main__":  # pragma: no cover
    print(main(Path(__file__).resolve().parents[1] / "data" / "collection_cases.json"))

"""rv.TextEncoder through the `ruvector` Python package without numpy: the golden fixture
tests/data/golden_embed_minilm.json (token ids from HF tokenizers, cosine >= 0.9999 to
sentence-transformers; quantize="int8" within cosine 0.99 of fp32) and a Collection over the
encoder. Runs inside Pyodide (node.test.mjs, over
the SDK's wasm encoder) and in CPython (tests/python/test_encoder_checks.py runs main() too).

Inside Pyodide:   import text_encoder_check; text_encoder_check.main(model_dir, golden_path)
main() returns "N passed, 0 failed" and raises AssertionError listing every failed check.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from check_runner import cosine, rows_of, run_checks

import ruvector as rv


def golden_case(encoder: rv.TextEncoder, golden: dict[str, Any]) -> None:
    assert encoder.dim == golden["dim"], encoder.dim
    texts = [c["text"] for c in golden["cases"]]
    for c in golden["cases"]:
        assert encoder.tokenize(c["text"]) == c["ids"], c["text"]
    calls: list[tuple[int, int]] = []
    rows = rows_of(encoder.embed(texts, batch_size=8, progress=lambda done, total: calls.append((done, total))))
    assert calls, "progress was never called"
    assert calls[-1] == (len(texts), len(texts)), calls
    worst = min(cosine(row, c["embedding"]) for row, c in zip(rows, golden["cases"], strict=True))
    assert worst >= 0.9999, worst


def int8_case(model_dir: str | Path, encoder: rv.TextEncoder, golden: dict[str, Any]) -> None:
    """quantize="int8": cosine >= 0.99 to fp32 and to sentence-transformers on every golden text (the
    native test's bound, tests/cpp/test_text_encoder.cpp)."""
    int8 = rv.TextEncoder.load(model_dir, quantize="int8")
    assert (int8.quantize, encoder.quantize) == ("int8", "fp32"), (int8.quantize, encoder.quantize)
    texts = [c["text"] for c in golden["cases"]]
    q = rows_of(int8.embed(texts))
    f = rows_of(encoder.embed(texts))
    assert q != f, "int8 rows equal the fp32 rows: not quantized"
    for text, qi, fi, c in zip(texts, q, f, golden["cases"], strict=True):
        assert cosine(qi, fi) >= 0.99, (text, cosine(qi, fi))
        assert cosine(qi, c["embedding"]) >= 0.99, (text, cosine(qi, c["embedding"]))
    message = ""
    try:
        rv.TextEncoder.load(model_dir, quantize="int4")
    except rv.InvalidInput as exc:
        message = str(exc)
    assert message == "quantize must be 'fp32' or 'int8', got 'int4'", message


class Stop(Exception):
    """Raised by a progress callback to cancel a call."""


def progress_case(encoder: rv.TextEncoder, golden: dict[str, Any]) -> None:
    """progress(done, total) after each batch, from the core's steps; an exception it raises cancels
    the call and comes back as itself; the encoder stays usable; progress=True gives the same rows."""
    texts = [c["text"] for c in golden["cases"]][:10]
    calls: list[tuple[int, int]] = []
    rows = rows_of(encoder.embed(texts, batch_size=3, progress=lambda done, total: calls.append((done, total))))
    assert len(calls) == 4, calls  # ceil(10 / 3) batches
    done = [d for d, _ in calls]
    assert done == sorted(set(done)), calls
    assert done[-1] == len(texts), calls
    assert {total for _, total in calls} == {len(texts)}, calls

    def stop(done: int, total: int) -> None:
        raise Stop(f"{done}/{total}")

    stopped = ""
    try:
        encoder.embed(texts, batch_size=3, progress=stop)
    except Stop as exc:
        stopped = str(exc)
    assert stopped == "3/10", f"a raising progress callback did not cancel embed: {stopped!r}"
    assert rows_of(encoder.embed(texts, batch_size=3)) == rows
    assert rows_of(encoder.embed(texts, batch_size=3, progress=True)) == rows


def collection_case(encoder: rv.TextEncoder) -> None:
    col = rv.Collection(encoder)
    col.add(["The cat sat on the mat.", "Stock markets fell sharply."], metas=[{"src": "a"}, None])
    hit = col.query("Where did the kitten rest?", k=1)[0]
    assert (hit.text, hit.meta) == ("The cat sat on the mat.", {"src": "a"}), hit
    back = rv.Collection.deserialize(col.serialize(), encoder)
    assert back.query("shares dropped", k=1)[0].id == 1


def main(model_dir: str | Path, golden_path: str | Path) -> str:
    golden = json.loads(Path(golden_path).read_text(encoding="utf-8"))
    encoder = rv.TextEncoder.load(model_dir)
    checks: list[tuple[str, Callable[[], None]]] = [
        ("golden", functools.partial(golden_case, encoder, golden)),
        ("int8", functools.partial(int8_case, model_dir, encoder, golden)),
        ("progress", functools.partial(progress_case, encoder, golden)),
        ("collection", functools.partial(collection_case, encoder)),
    ]
    return run_checks(checks)

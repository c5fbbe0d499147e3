"""rv.TextEncoder through the `ruvector` Python package without numpy: the golden fixture
tests/data/golden_embed_minilm.json (token ids from HF tokenizers, cosine >= 0.9999 to
sentence-transformers) and a Collection over the encoder. Runs inside Pyodide (node.test.mjs, over
the SDK's wasm encoder) and in CPython (tests/python/test_text_encoder.py runs main() too).

Inside Pyodide:   import text_encoder_check; text_encoder_check.main(model_dir, golden_path)
main() returns "N passed, 0 failed" and raises AssertionError listing every failed check.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ruvector as rv


def rows_of(matrix: Any) -> list[list[float]]:
    rows: list[list[float]] = matrix.tolist() if hasattr(matrix, "tolist") else matrix
    return rows


def cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return dot / math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))


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
    failed = []
    checks: list[tuple[str, Callable[[], None]]] = [
        ("golden", functools.partial(golden_case, encoder, golden)),
        ("collection", functools.partial(collection_case, encoder)),
    ]
    for name, check in checks:
        try:
            check()
        except AssertionError as exc:
            failed.append(f"{name}: {exc!r}")
    if failed:
        raise AssertionError("\n".join(failed))
    return f"{len(checks)} passed, 0 failed"

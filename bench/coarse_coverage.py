"""How well a coarse quantizer's lists cover the true neighbours (issue 15, debian-minilm finding).

``python bench/coarse_coverage.py [--dataset debian-minilm] [--nlist N]`` prints, per nprobe, the
fraction of each query's exact top-10 that lies in one of the nprobe probed lists. That is the
recall ceiling of any IVF index with that partition, whatever its estimator and rerank.

Rows:
- ruvector: the index itself, searched with an exhaustive rerank (every candidate of the probed
  lists is compared exactly), so its recall is the coverage of its partition and probe choice;
  then its partition (read from serialize()) probed by exact nearest centroids;
- faiss flat: faiss.Kmeans (flat, all points), at 10 and 25 iterations, exact nearest lists;
- two-level (numpy): sqrt(nlist) top clusters, each split into its share of lists (the scheme of
  ruvector's k-means before this study), exact nearest-list assignment and probing.
"""

from __future__ import annotations

import argparse
import math
import struct
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import datasets

NPROBES = (8, 16, 32, 64, 128)


def index_partition(blob: bytes, n: int) -> tuple[np.ndarray, np.ndarray]:
    """List centroids and the list of every row id of a serialized RabitqIndex (bits 1, store f32;
    the layout of src/ruvector/rabitq/format.cpp)."""
    (version,) = struct.unpack_from("<I", blob, 8)
    dim, padded, _metric, bits, store, _rot, _seed, nlist, top = struct.unpack_from("<IIBBBBQII", blob, 16)
    if bits != 1 or store != 2:
        raise SystemExit("index_partition reads bits=1, store='f32' indexes only")
    at = 16 + 52
    if version >= 2:  # the calibration section: 16 bytes and 32 per entry
        (entries,) = struct.unpack_from("<I", blob, at)
        at += 16 + 32 * entries
    at += top * dim * 4 + nlist * 4 if top else 0
    centroids = np.frombuffer(blob, np.float32, nlist * dim, at).reshape(nlist, dim)
    at += nlist * dim * 4
    list_of = np.full(n, -1, dtype=np.int64)
    for lst in range(nlist):
        (size,) = struct.unpack_from("<Q", blob, at)
        list_of[np.frombuffer(blob, np.uint64, size, at + 8).astype(np.int64)] = lst
        at += 8 + size * 8 + -(-size // 32) * padded // 4 * 16 + size * 8 + size * dim * 4
    return centroids, list_of


def coverage(
    centroids: np.ndarray, base: np.ndarray, queries: np.ndarray, gt: np.ndarray, list_of: np.ndarray | None = None
) -> dict[int, float]:
    """Fraction of the true top-k whose list is among the nprobe nearest to the query (the list is
    the nearest centroid unless `list_of` gives each row's)."""
    c_norm = (centroids * centroids).sum(1)
    if list_of is None:
        list_of = np.empty(len(base), dtype=np.int64)
        for s in range(0, len(base), 8192):
            list_of[s : s + 8192] = np.argmin(c_norm[None, :] - 2 * base[s : s + 8192] @ centroids.T, axis=1)
    order = np.argsort(c_norm[None, :] - 2 * queries @ centroids.T, axis=1)
    rank = np.empty_like(order)
    rows = np.arange(len(queries))[:, None]
    rank[rows, order] = np.arange(centroids.shape[0])[None, :]
    neighbour_rank = rank[rows, list_of[gt]]  # rank of each true neighbour's list for its query
    sizes = np.bincount(list_of, minlength=len(centroids))
    print(f"    list sizes: max/mean {sizes.max() / sizes.mean():.1f}, empty {int((sizes == 0).sum())}")
    return {p: float((neighbour_rank < p).mean()) for p in NPROBES}


def two_level(sample: np.ndarray, nlist: int, niter: int, seed: int) -> np.ndarray:
    import faiss

    top_k = math.ceil(math.sqrt(nlist))
    top = faiss.Kmeans(sample.shape[1], top_k, niter=niter, seed=seed)
    top.train(sample)
    _, assign = top.index.search(sample, 1)
    assign = assign[:, 0]
    counts = np.bincount(assign, minlength=top_k)
    exact = nlist * counts / len(sample)
    share = np.maximum(np.floor(exact).astype(int), (counts > 0).astype(int))
    for t in np.argsort(-(exact - np.floor(exact)), kind="stable")[: max(0, nlist - int(share.sum()))]:
        share[t] += 1
    parts = []
    for t in range(top_k):
        if share[t] == 0:
            continue
        members = sample[assign == t]
        if share[t] >= len(members):
            parts.append(members)
            continue
        km = faiss.Kmeans(sample.shape[1], int(share[t]), niter=niter, seed=seed + t)
        km.cp.min_points_per_centroid = 1
        km.train(members)
        parts.append(km.centroids)
    return np.concatenate(parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dataset", default="debian-minilm")
    ap.add_argument("--nlist", type=int, default=0, help="0: the index's automatic nlist")
    ap.add_argument("--no-ruvector", action="store_true")
    args = ap.parse_args()
    import faiss

    import ruvector as rv

    data = datasets.load(args.dataset)
    base, queries, gt = data.base, data.queries, data.gt_ids[:, :10]
    nlist = args.nlist
    if not args.no_ruvector:
        t = time.process_time()
        index = rv.RabitqIndex.build(base, nlist=nlist or None, seed=42, threads=1)
        print(f"ruvector: nlist {index.nlist}, build {time.process_time() - t:.1f} s CPU")
        nlist = nlist or index.nlist
        cover = {}
        for p in NPROBES:
            ids, _ = index.search(queries, 10, nprobe=p, rerank_factor=1e5)
            cover[p] = float(np.mean([len(set(ids[i]) & set(gt[i])) / 10 for i in range(len(gt))]))
        print("  coverage " + "  ".join(f"np{p} {v:.3f}" for p, v in cover.items()))
        centroids, list_of = index_partition(index.serialize(), len(base))
        print("ruvector's partition, exact nearest-list probing:")
        cover = coverage(centroids, base, queries, gt, list_of)
        print("  coverage " + "  ".join(f"np{p} {v:.3f}" for p, v in cover.items()))
    nlist = nlist or 1024
    rng = np.random.default_rng(0)
    for label, niter, n_sample in (("faiss flat", 10, len(base)), ("faiss flat", 25, len(base))):
        sample = base[rng.choice(len(base), n_sample, replace=False)] if n_sample < len(base) else base
        t = time.process_time()
        km = faiss.Kmeans(base.shape[1], nlist, niter=niter, seed=42)
        km.train(sample)
        print(f"{label} {niter} iter, {n_sample} rows: train {time.process_time() - t:.1f} s CPU")
        cover = coverage(km.centroids, base, queries, gt)
        print("  coverage " + "  ".join(f"np{p} {v:.3f}" for p, v in cover.items()))
    t = time.process_time()
    cents = two_level(base[rng.choice(len(base), min(len(base), 50000), replace=False)], nlist, 10, 42)
    print(f"two-level (numpy) 10 iter: train {time.process_time() - t:.1f} s CPU")
    cover = coverage(cents, base, queries, gt)
    print("  coverage " + "  ".join(f"np{p} {v:.3f}" for p, v in cover.items()))


if __name__ == "__main__":
    main()

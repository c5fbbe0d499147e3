"""Peer adapters for run_ann.py, with their sweep tables.

Each peer yields one or more *configs* (one index build each). A config knows how to build its index
with a given number of threads, how large it is serialized, how to apply one sweep point (a dict of
search parameters) and how to search a batch of queries with a given number of threads.

The sweep tables are plain data at the top of this file: edit them to tune a peer (the ruvector
tables in particular are meant to be tuned once ``ruvector.RabitqIndex`` lands).
"""

from __future__ import annotations

import contextlib
import inspect
import itertools
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

Params = dict[str, Any]

# ---------------------------------------------------------------------------------------------------
# Sweep tables. "full" is the default; "quick" (--quick) keeps a few points around the recall targets.
# ---------------------------------------------------------------------------------------------------


def grid(**axes: list[Any]) -> list[Params]:
    """Cartesian product of the named axes, in the order given (first axis varies slowest)."""
    names = list(axes)
    return [dict(zip(names, values, strict=True)) for values in itertools.product(*axes.values())]


SWEEPS: dict[str, dict[str, list[Params]]] = {
    # IVF + 1-bit RaBitQ (FastScan or not) + exact IndexRefineFlat rerank: nprobe x k_factor.
    "ivf-refine": {
        "full": grid(nprobe=[1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64, 128, 256], k_factor=[4, 8, 12, 16, 24, 32, 48]),
        "quick": grid(nprobe=[2, 4, 6, 8, 16, 64, 128], k_factor=[8, 12, 24, 48]),
    },
    # Plain IndexIVFRaBitQ 1-bit + refine also has the query-bits knob (BENCHMARKS: qb 4).
    "ivf-rabitq-refine": {
        "full": grid(
            qb=[4, 8], nprobe=[1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64, 128, 256], k_factor=[4, 8, 12, 16, 24, 32, 48]
        ),
        "quick": grid(qb=[4], nprobe=[2, 4, 6, 8, 16, 64, 128], k_factor=[8, 12, 24, 48]),
    },
    # Multi-bit IndexIVFRaBitQ without rerank: nprobe x query bits.
    "ivf-rabitq-norefine": {
        "full": grid(qb=[4, 8], nprobe=[1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64, 128, 256]),
        "quick": grid(qb=[4], nprobe=[2, 4, 8, 16, 32, 64, 128]),
    },
    "hnsw": {
        "full": [{"ef": e} for e in (10, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512)],
        "quick": [{"ef": e} for e in (16, 32, 64, 128, 256)],
    },
    "usearch": {
        "full": [{"expansion": e} for e in (10, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512)],
        "quick": [{"expansion": e} for e in (16, 32, 64, 128, 256)],
    },
    "flat": {"full": [{}], "quick": [{}]},
    # build(x) then search(q) with no options: the calibrated defaults (docs/calibration.md).
    "ruvector-defaults": {"full": [{}], "quick": [{}]},
    # ruvector RabitqIndex: (nprobe, rerank_factor) points; TO TUNE once the index exists.
    # nprobe reaches 128 (quick) / 256 (full): real text embeddings (debian-minilm) stop at R@10 ~0.84
    # with 32 of 1,024 lists probed, for every IVF peer; the clustered sets never need that many.
    "ruvector-rerank": {
        "full": grid(nprobe=[1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64, 128, 256], rerank_factor=[4, 6, 8, 10, 12, 16, 24]),
        "quick": grid(nprobe=[2, 4, 6, 8, 16, 32, 64, 128], rerank_factor=[6, 8, 12, 16]),
    },
    # store="none": rerank_factor * k candidates of the 1-bit scan are re-estimated with the
    # extended codes (there are no stored vectors to rerank exactly).
    "ruvector-estimates": {
        "full": grid(nprobe=[1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64, 128, 256], rerank_factor=[4, 8, 16]),
        "quick": grid(nprobe=[2, 4, 8, 16, 32, 64, 128], rerank_factor=[8, 16]),
    },
}

# ruvector RabitqIndex builds: 1-bit with an f32 / f16 rerank store, and the memory mode (7-bit
# extended codes, no stored vectors); "build" kwargs go to RabitqIndex.build as given
# (a kwarg whose value is None is left out). store= is optional in the API: a config naming it is
# skipped with a message when build() has no such parameter.
RUVECTOR_CONFIGS: list[dict[str, Any]] = [
    {"name": "b1-f32", "build": {"bits": 1, "store": "f32"}, "sweep": "ruvector-rerank"},
    {"name": "b1-f16", "build": {"bits": 1, "store": "f16"}, "sweep": "ruvector-rerank"},
    {"name": "b7-none", "build": {"bits": 7, "store": "none"}, "sweep": "ruvector-estimates"},
    {"name": "defaults", "build": {}, "sweep": "ruvector-defaults"},
]
RUVECTOR_FLAT_MAX_N = 200_000  # the brute-force sanity peer runs on the 100k sets only

HNSW_EF_CONSTRUCTION = 200
FAISS_HNSW_M = 32
HNSWLIB_M = 16


def default_nlist(n: int) -> int:
    """Power of two nearest to 4 * sqrt(n): 1024 at 100k (and 60k), 4096 at 1M, as in BENCHMARKS.md."""
    target = 4.0 * np.sqrt(n)
    return int(2 ** round(np.log2(max(target, 1.0))))


# ---------------------------------------------------------------------------------------------------
# Config objects
# ---------------------------------------------------------------------------------------------------


class Skip(Exception):
    """A peer or config that cannot run here; the message says why."""


@dataclass
class Config:
    peer: str
    name: str  # short, unique within the peer
    label: str  # human-readable, for the tables
    sweep: str  # key into SWEEPS
    build_fn: Callable[[np.ndarray, int], Any]
    set_params_fn: Callable[[Any, Params], None]
    search_fn: Callable[[Any, np.ndarray, int, int, Params], np.ndarray]
    size_fn: Callable[[Any], int]
    size_note: str = "serialized"
    info: dict[str, Any] = field(default_factory=dict)
    index: Any = None
    params: Params = field(default_factory=dict)

    def build(self, base: np.ndarray, threads: int) -> None:
        self.index = self.build_fn(base, threads)

    def set_params(self, params: Params) -> None:
        self.params = dict(params)
        self.set_params_fn(self.index, params)

    def search(self, queries: np.ndarray, k: int, threads: int) -> np.ndarray:
        return self.search_fn(self.index, queries, k, threads, self.params)

    def size_bytes(self) -> int:
        return self.size_fn(self.index)

    def release(self) -> None:
        self.index = None


def _file_size(save: Callable[[str], Any]) -> int:
    with tempfile.TemporaryDirectory(prefix="ruvector-bench-") as d:
        path = os.path.join(d, "index.bin")
        save(path)
        if os.path.isdir(path):
            return sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(path) for f in fs)
        return os.path.getsize(path)


# ---------------------------------------------------------------------------------------------------
# Faiss
# ---------------------------------------------------------------------------------------------------


def _faiss_configs(peer: str, d: int, n: int, nlist: int) -> list[Config]:
    import faiss

    def make(name: str, label: str, spec: str, sweep: str, hnsw: bool = False) -> Config:
        def build(base: np.ndarray, threads: int) -> Any:
            faiss.omp_set_num_threads(threads)
            index = faiss.index_factory(d, spec, faiss.METRIC_L2)
            if hnsw:
                faiss.downcast_index(index).hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            index.train(base)
            index.add(base)
            return index

        def set_params(index: Any, p: Params) -> None:
            if "nprobe" in p:
                faiss.extract_index_ivf(index).nprobe = int(p["nprobe"])
            if "qb" in p:
                ivf = faiss.downcast_index(faiss.extract_index_ivf(index))
                ivf.qb = int(p["qb"])
            if "k_factor" in p:
                faiss.downcast_index(index).k_factor = float(p["k_factor"])
            if "ef" in p:
                faiss.downcast_index(index).hnsw.efSearch = int(p["ef"])

        def search(index: Any, q: np.ndarray, k: int, threads: int, p: Params) -> np.ndarray:
            faiss.omp_set_num_threads(threads)
            return index.search(q, k)[1]

        def size(index: Any) -> int:
            return int(faiss.serialize_index(index).size)

        return Config(peer, name, label, sweep, build, set_params, search, size, info={"factory": spec})

    if peer == "faiss-ivf-rabitq":
        return [
            make(
                f"ivf{nlist}-rabitq1-refine",
                f"Faiss IVF{nlist} RaBitQ 1-bit + IndexRefineFlat",
                f"IVF{nlist},RaBitQ,RFlat",
                "ivf-rabitq-refine",
            ),
            make(
                f"ivf{nlist}-rabitq8",
                f"Faiss IVF{nlist} RaBitQ 8-bit, no refine",
                f"IVF{nlist},RaBitQ8",
                "ivf-rabitq-norefine",
            ),
            make(
                f"ivf{nlist}-rabitq4",
                f"Faiss IVF{nlist} RaBitQ 4-bit, no refine",
                f"IVF{nlist},RaBitQ4",
                "ivf-rabitq-norefine",
            ),
        ]
    if peer == "faiss-ivf-rabitq-fastscan":
        return [
            make(
                f"ivf{nlist}-rabitqfs1-refine",
                f"Faiss IVF{nlist} RaBitQ-FastScan 1-bit + IndexRefineFlat",
                f"IVF{nlist},RaBitQfs,RFlat",
                "ivf-refine",
            )
        ]
    if peer == "faiss-ivfpq-fastscan":
        m = d // 2 if d % 2 == 0 else d
        return [
            make(
                f"ivf{nlist}-pq{m}x4fs-refine",
                f"Faiss IVF{nlist} PQ{m}x4 FastScan + IndexRefineFlat",
                f"IVF{nlist},PQ{m}x4fs,RFlat",
                "ivf-refine",
            )
        ]
    if peer == "faiss-hnsw":
        return [
            make(
                f"hnsw{FAISS_HNSW_M}",
                f"Faiss HNSW{FAISS_HNSW_M} (efConstruction {HNSW_EF_CONSTRUCTION})",
                f"HNSW{FAISS_HNSW_M},Flat",
                "hnsw",
                hnsw=True,
            )
        ]
    raise ValueError(peer)


# ---------------------------------------------------------------------------------------------------
# hnswlib, usearch
# ---------------------------------------------------------------------------------------------------


def _hnswlib_configs(d: int) -> list[Config]:
    import hnswlib

    def build(base: np.ndarray, threads: int) -> Any:
        index = hnswlib.Index(space="l2", dim=d)
        index.init_index(max_elements=base.shape[0], ef_construction=HNSW_EF_CONSTRUCTION, M=HNSWLIB_M, random_seed=100)
        index.set_num_threads(threads)
        index.add_items(base, np.arange(base.shape[0]), num_threads=threads)
        return index

    def set_params(index: Any, p: Params) -> None:
        index.set_ef(int(p["ef"]))

    def search(index: Any, q: np.ndarray, k: int, threads: int, p: Params) -> np.ndarray:
        index.set_num_threads(threads)
        return index.knn_query(q, k=k, num_threads=threads)[0]

    def size(index: Any) -> int:
        return _file_size(index.save_index)

    return [
        Config(
            "hnswlib",
            f"m{HNSWLIB_M}",
            f"hnswlib M{HNSWLIB_M} (ef_construction {HNSW_EF_CONSTRUCTION})",
            "hnsw",
            build,
            set_params,
            search,
            size,
        )
    ]


def _usearch_configs(d: int) -> list[Config]:
    from usearch.index import Index

    def build(base: np.ndarray, threads: int) -> Any:
        index = Index(ndim=d, metric="l2sq", dtype="f32")
        index.add(np.arange(base.shape[0], dtype=np.uint64), base, threads=threads)
        return index

    def set_params(index: Any, p: Params) -> None:
        index.expansion_search = int(p["expansion"])

    def search(index: Any, q: np.ndarray, k: int, threads: int, p: Params) -> np.ndarray:
        return np.asarray(index.search(q, k, threads=threads).keys).reshape(q.shape[0], -1)

    def size(index: Any) -> int:
        return _file_size(index.save)

    def info() -> dict[str, Any]:
        probe = Index(ndim=d, metric="l2sq", dtype="f32")
        return {
            "connectivity": int(probe.connectivity),
            "expansion_add": int(probe.expansion_add),
            "hardware_acceleration": str(probe.hardware_acceleration),
        }

    return [Config("usearch", "f32", "usearch f32 (defaults)", "usearch", build, set_params, search, size, info=info())]


# ---------------------------------------------------------------------------------------------------
# ruvector
# ---------------------------------------------------------------------------------------------------


def _accepts(fn: Callable[..., Any], name: str) -> bool | None:
    """True/False when the signature is inspectable, None when it is not (e.g. a bare native method)."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return None
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return True
    return name in params


def _ruvector_configs(d: int) -> list[Config]:
    import ruvector as rv

    if not hasattr(rv, "RabitqIndex"):
        raise Skip(
            f"the installed ruvector {getattr(rv, '__version__', '?')} has no RabitqIndex yet; "
            "rebuild the package into .venv once it lands, then re-run with --peers ruvector"
        )
    cls = rv.RabitqIndex
    search_takes_threads = _accepts(cls.search, "threads")
    configs: list[Config] = []
    for spec in RUVECTOR_CONFIGS:
        build_kwargs = {k: v for k, v in spec["build"].items() if v is not None}
        missing = [k for k in build_kwargs if _accepts(cls.build, k) is False]
        if missing:
            # Recorded as a skipped config rather than failing the whole peer.
            configs.append(_skipped_config("ruvector", spec["name"], f"RabitqIndex.build() has no {missing} parameter"))
            continue

        def build(base: np.ndarray, threads: int, kw: Params = build_kwargs) -> Any:
            return cls.build(base, metric="l2", nlist=None, seed=42, threads=threads, **kw)

        def set_params(index: Any, p: Params) -> None:
            pass  # passed to search() as keyword arguments

        def search(index: Any, q: np.ndarray, k: int, threads: int, p: Params) -> np.ndarray:
            kw = dict(p)
            if search_takes_threads is not False:
                kw["threads"] = threads
            return np.asarray(index.search(q, k=k, **kw)[0])

        def size(index: Any) -> int:
            return _file_size(index.save)

        label = "ruvector RabitqIndex " + ", ".join(f"{k}={v}" for k, v in build_kwargs.items())
        configs.append(Config("ruvector", spec["name"], label, spec["sweep"], build, set_params, search, size))
    return configs


def _ruvector_flat_configs(n: int) -> list[Config]:
    import ruvector as rv

    if n > RUVECTOR_FLAT_MAX_N:
        raise Skip(f"ruvector-flat is a harness sanity check for n <= {RUVECTOR_FLAT_MAX_N:,} only")

    def build(base: np.ndarray, threads: int) -> Any:
        return rv.FlatIndex.build(base)

    def search(index: Any, q: np.ndarray, k: int, threads: int, p: Params) -> np.ndarray:
        return np.asarray(index.search(q, k, threads=threads)[0])

    def size(index: Any) -> int:
        return int(index.memory_bytes)

    return [
        Config(
            "ruvector-flat",
            "flat",
            "ruvector FlatIndex (exact; sanity check, recall must be 1.0)",
            "flat",
            build,
            lambda index, p: None,
            search,
            size,
            size_note="memory_bytes (FlatIndex has no save)",
        )
    ]


def _skipped_config(peer: str, name: str, reason: str) -> Config:
    def fail(*_: Any) -> Any:
        raise Skip(reason)

    return Config(peer, name, f"{peer} {name}", "flat", fail, fail, fail, fail)


# ---------------------------------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------------------------------

PEERS = (
    "faiss-ivf-rabitq",
    "faiss-ivf-rabitq-fastscan",
    "faiss-hnsw",
    "faiss-ivfpq-fastscan",
    "hnswlib",
    "usearch",
    "ruvector",
    "ruvector-flat",
)


def configs_for(peer: str, n: int, d: int, nlist: int) -> list[Config]:
    """Configs of one peer; raises Skip (with the reason) when the peer cannot run here."""
    try:
        if peer.startswith("faiss-"):
            return _faiss_configs(peer, d, n, nlist)
        if peer == "hnswlib":
            return _hnswlib_configs(d)
        if peer == "usearch":
            return _usearch_configs(d)
        if peer == "ruvector":
            return _ruvector_configs(d)
        if peer == "ruvector-flat":
            return _ruvector_flat_configs(n)
    except ImportError as e:
        raise Skip(f"{peer}: cannot import ({e}); run bench/run, which installs bench/requirements.txt") from e
    raise ValueError(f"unknown peer {peer!r}; choose from {', '.join(PEERS)}")


def versions() -> dict[str, str]:
    from importlib import metadata

    out: dict[str, str] = {}
    for dist in ("numpy", "faiss-cpu", "hnswlib", "usearch", "threadpoolctl", "ruvector"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            out[dist] = metadata.version(dist)
    with contextlib.suppress(Exception):
        import faiss

        out["faiss-compile-options"] = faiss.get_compile_options().strip()
    with contextlib.suppress(Exception):
        import ruvector as rv

        out["ruvector-cpu-features"] = repr(rv.cpu_features())
        out["ruvector-has-RabitqIndex"] = str(hasattr(rv, "RabitqIndex"))
    return out


def iter_points(cfg: Config, quick: bool) -> Iterator[Params]:
    yield from SWEEPS[cfg.sweep]["quick" if quick else "full"]

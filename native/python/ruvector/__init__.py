"""ruvector: quantized vector search, verifiable vector lake, embeddings and an A2A client.

>>> import numpy as np, ruvector as rv
>>> index = rv.FlatIndex.build(np.eye(3, dtype=np.float32))
>>> ids, dists = index.search(np.array([0, 1, 0], dtype=np.float32), k=1)
>>> int(ids[0, 0])
1
"""

from __future__ import annotations

import importlib
from typing import Any

from . import witness
from ._arrays import set_strict_inputs
from ._backend import backend as _backend
from .a2a import A2AClient, Event, SyncA2AClient, TaskList, verify_card
from .collection import Collection, Hit
from .distances import cpu_features, distances
from .embed import HashEmbedder, ImageEncoder, TextEncoder
from .errors import (
    A2AError,
    CardSignatureInvalid,
    DimensionMismatch,
    EmbedError,
    EmptyIndex,
    InvalidInput,
    PersistError,
    ProtocolError,
    RuVectorError,
    TransportError,
    WitnessMismatch,
)
from .flat import FlatIndex
from .lake import Backend, Eventual, FsBackend, Lake, LocalBackend
from .lake_http import HttpBundleBackend
from .parquet import ParquetBackend
from .rabitq import RabitqIndex

__version__: str = _backend.version()  # package.json's, compiled into the core


def __getattr__(name: str) -> Any:
    # rv.ray needs the ruvector[ray] extra (Ray itself), so it is imported on first use only.
    if name == "ray":
        return importlib.import_module(".ray", __name__)
    raise AttributeError(f"module 'ruvector' has no attribute {name!r}")


__all__ = [
    "A2AClient",
    "A2AError",
    "Backend",
    "CardSignatureInvalid",
    "Collection",
    "DimensionMismatch",
    "EmbedError",
    "EmptyIndex",
    "Event",
    "Eventual",
    "FlatIndex",
    "FsBackend",
    "HashEmbedder",
    "Hit",
    "HttpBundleBackend",
    "ImageEncoder",
    "InvalidInput",
    "Lake",
    "LocalBackend",
    "ParquetBackend",
    "PersistError",
    "ProtocolError",
    "RabitqIndex",
    "RuVectorError",
    "SyncA2AClient",
    "TaskList",
    "TextEncoder",
    "TransportError",
    "WitnessMismatch",
    "__version__",
    "cpu_features",
    "distances",
    "set_strict_inputs",
    "verify_card",
    "witness",
]

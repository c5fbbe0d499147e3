"""A lake backend over Parquet files (``pip install 'ruvector[parquet]'``, which brings pyarrow).

>>> lake.register(rv.ParquetBackend("pq", "/data/vectors"))     # /data/vectors/articles.parquet ...
>>> ids, dists = lake.search("pq", "articles", q, k=10)

Each ``<collection>.parquet`` file in the directory (or each path of a ``{collection: path}``
mapping) is one collection: an unsigned or non-negative integer id column and a
``fixed_size_list<float>`` embedding column. The generation is derived from the file itself: its size,
its ``mtime_ns`` and a hash of its Parquet footer (the file metadata, which records every row
group's offsets and statistics), so rewriting a file within one mtime tick still moves it.
The lake's policy (when to check, caching, priming) stays in the core; this class reads files.
"""

from __future__ import annotations

import hashlib
import os
import struct
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .errors import InvalidInput, PersistError
from .lake import Backend

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

_MAGIC = b"PAR1"
_FOOTER_TAIL = 8  # u32 little-endian footer length, then the magic
_MAX_FOOTER_BYTES = 64 << 20


def _pyarrow() -> tuple[Any, Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq
    except ImportError as exc:
        if sys.platform == "emscripten":
            # Pyodide's distribution has a pyarrow wheel, but it is not bundled with Pyodide itself.
            raise InvalidInput(
                "ParquetBackend needs pyarrow, which Pyodide distributes but does not preload: "
                "run `await pyodide.loadPackage('pyarrow')` first (it is fetched from Pyodide's package "
                "index, so it needs that index online or mirrored)"
            ) from exc
        raise InvalidInput("ParquetBackend needs pyarrow: pip install 'ruvector[parquet]'") from exc
    return pa, pc, pq


def _footer_generation(handle: IO[bytes], path: str) -> str:
    """``<size>:<mtime_ns>:<sha256 of the footer, 32 hex>`` of an open Parquet file."""
    stat = os.fstat(handle.fileno())
    size = stat.st_size
    if size < len(_MAGIC) + _FOOTER_TAIL:
        raise PersistError(f"'{path}' is not a Parquet file: {size} bytes")
    handle.seek(size - _FOOTER_TAIL)
    tail = handle.read(_FOOTER_TAIL)
    (footer_length,) = struct.unpack("<I", tail[:4])
    if tail[4:] != _MAGIC or footer_length > min(size - _FOOTER_TAIL - len(_MAGIC), _MAX_FOOTER_BYTES):
        raise PersistError(f"'{path}' is not a Parquet file (bad footer)")
    handle.seek(size - _FOOTER_TAIL - footer_length)
    footer = handle.read(footer_length)
    digest = hashlib.sha256(footer).hexdigest()[:32]
    return f"{size}:{stat.st_mtime_ns}:{digest}"


class ParquetBackend(Backend):
    """Collections in Parquet files: ``root`` is a directory of ``<collection>.parquet`` files or a
    mapping ``{collection: path}``. ``id_column`` holds u64 ids (any unsigned or non-negative
    integer type), ``embedding_column`` a ``fixed_size_list`` of float32 (float16 / float64 are
    converted)."""

    def __init__(
        self,
        id: str,
        root: str | os.PathLike[str] | Mapping[str, str | os.PathLike[str]],
        *,
        id_column: str = "id",
        embedding_column: str = "embedding",
    ) -> None:
        super().__init__(id)
        _pyarrow()  # fail at construction, not at the first search, when pyarrow is missing
        self._root = root if isinstance(root, Mapping) else Path(root)
        self.id_column = id_column
        self.embedding_column = embedding_column

    def _path(self, collection: str) -> Path:
        if isinstance(self._root, Mapping):
            if collection not in self._root:
                raise InvalidInput(f"unknown collection '{collection}' in backend '{self.id}'")
            return Path(self._root[collection])
        if not collection or "/" in collection or collection.startswith("."):
            raise InvalidInput(f"collection name '{collection}' is not a plain file name (backend '{self.id}')")
        path = self._root / f"{collection}.parquet"
        if not path.is_file():
            raise InvalidInput(f"unknown collection '{collection}' in backend '{self.id}' (no file {path})")
        return path

    def list_collections(self) -> list[str]:
        if isinstance(self._root, Mapping):
            return sorted(self._root)
        return sorted(p.stem for p in self._root.glob("*.parquet") if p.is_file())

    def generation(self, collection: str) -> str:
        path = self._path(collection)
        with path.open("rb") as handle:
            return _footer_generation(handle, str(path))

    def data_ref(self, collection: str) -> str:
        return self._path(collection).resolve().as_uri()

    def _embedding_width(self, schema: Any, path: Path) -> int:
        pa, _, _ = _pyarrow()
        names = list(schema.names)
        for column in (self.id_column, self.embedding_column):
            if column not in names:
                raise InvalidInput(f"'{path}' has no column '{column}' (columns: {', '.join(names)})")
        id_type = schema.field(self.id_column).type
        if not pa.types.is_integer(id_type):
            raise InvalidInput(f"column '{self.id_column}' in '{path}' must hold integer ids (u64), got {id_type}")
        emb_type = schema.field(self.embedding_column).type
        if not pa.types.is_fixed_size_list(emb_type) or not pa.types.is_floating(emb_type.value_type):
            raise InvalidInput(
                f"column '{self.embedding_column}' in '{path}' must be fixed_size_list<float>, got {emb_type}"
            )
        return int(emb_type.list_size)

    def dim(self, collection: str) -> int:
        _, _, pq = _pyarrow()
        path = self._path(collection)
        return self._embedding_width(pq.read_schema(path), path)

    def pull(self, collection: str) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.float32], str]:
        import numpy as np

        pa, pc, pq = _pyarrow()
        path = self._path(collection)
        # One open file for the generation and the rows: a writer that replaces the file by a
        # rename meanwhile changes neither.
        with path.open("rb") as handle:
            generation = _footer_generation(handle, str(path))
            handle.seek(0)
            parquet = pq.ParquetFile(handle)
            dim = self._embedding_width(parquet.schema_arrow, path)
            table = parquet.read(columns=[self.id_column, self.embedding_column])
        ids_column = table.column(self.id_column)
        embeddings = table.column(self.embedding_column)
        for name, column in ((self.id_column, ids_column), (self.embedding_column, embeddings)):
            if column.null_count:
                raise InvalidInput(f"column '{name}' in '{path}' has {column.null_count} null rows")
        if pa.types.is_signed_integer(ids_column.type) and len(ids_column) and pc.min(ids_column).as_py() < 0:
            raise InvalidInput(f"column '{self.id_column}' in '{path}' has negative ids: u64 ids are >= 0")
        ids = np.asarray(ids_column.cast(pa.uint64()).to_numpy(), dtype=np.uint64)
        flat = pc.list_flatten(embeddings.combine_chunks())
        if flat.null_count:
            raise InvalidInput(f"column '{self.embedding_column}' in '{path}' has null values inside vectors")
        vectors = np.ascontiguousarray(flat.to_numpy(zero_copy_only=False), dtype=np.float32).reshape(-1, dim)
        return ids, vectors, generation


__all__ = ["ParquetBackend"]

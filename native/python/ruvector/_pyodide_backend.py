"""The Pyodide backend: the interface of the native ``_core`` (see ``_core.pyi``) over the wasm module of
the JS SDK (``@ruvector/sdk``), reached through Pyodide's JS bridge.

The SDK is the JS module ``_ruvector_js``, registered by ``loadRuvector()`` of ``@ruvector/sdk/pyodide``.
This module only translates: Python buffers are copied into JS typed arrays (a raw PyProxy handed to
the wasm bindings would silently become NaN), results are copied back (numpy arrays if numpy is
importable, else nested lists) and JS errors become the ``ruvector.errors`` class of the same name with
the same message. Values are validated by the C++ core; the one shape check done here is the one the
native glue does too (a row width that differs from the index's dim), since the JS API takes flat
arrays and would otherwise read a (1, 2*dim) matrix as two rows.
"""

from __future__ import annotations

import array
import contextlib
import json
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import js
from pyodide.ffi import JsException, create_proxy, to_js

from ._pyodide_modules import files as _files
from ._pyodide_modules import sdk as _sdk
from .errors import DimensionMismatch, InvalidInput, PersistError, error_class

try:
    import numpy as np
except ImportError:  # the usual case offline: results are nested lists
    np = None  # type: ignore[assignment]


def _converted(exc: JsException) -> Exception:
    """The ruvector error class of the JS error's name, with its message."""
    err = getattr(exc, "js_error", exc)
    name = str(getattr(err, "name", "RuVectorError"))
    message = str(getattr(err, "message", str(exc)))
    return error_class(name)(message)


def _call(fn: Callable[..., Any], *args: Any) -> Any:
    """Calls into JS, turning a thrown JS error into the ruvector error class of the same name."""
    try:
        return fn(*args)
    except JsException as exc:
        raise _converted(exc) from None


async def _await(fn: Callable[..., Any], *args: Any) -> Any:
    """Awaits a JS function's Promise, its rejection raised as the ruvector error class."""
    try:
        return await _call(fn, *args)
    except JsException as exc:
        raise _converted(exc) from None


def _camel(name: str) -> str:
    """``rerank_factor`` -> ``rerankFactor``: the JS SDK's spelling of an option."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _snake(name: str) -> str:
    """``rerankFactor`` -> ``rerank_factor``: the Python spelling of a JS SDK key."""
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


def _snake_json(values: Any) -> str:
    """A JS SDK object of the core's values (defaults, options) as the native binding's JSON text."""
    plain = values.to_py()  # a plain object of numbers, strings and arrays
    return json.dumps({_snake(str(key)): value for key, value in plain.items()})


def _shape(matrix: Any) -> tuple[int, int]:
    """(rows, cols) of a 2-D matrix; a 1-D buffer is one row (and an empty one is 0 x 0)."""
    shape = tuple(matrix.shape)
    if len(shape) == 2:
        return int(shape[0]), int(shape[1])
    return (1 if shape[0] else 0), int(shape[0])


def _check_dim(expected: int, got: int, unit: str = "") -> None:
    """The check the native glue does before the core sees a flat buffer (same message as C++)."""
    if expected != got:
        suffix = f" {unit}" if unit else ""
        raise DimensionMismatch(f"expected dim {expected}{suffix}, got {got}{suffix}")


def _typed(matrix: Any, array_type: Any, fmt: str) -> Any:
    """A fresh JS typed array holding a copy of a C-contiguous buffer (memoryview or numpy array)."""
    view = memoryview(matrix)
    if not view.nbytes:  # a view with a 0 in its shape, e.g. numpy's (0, d), cannot be cast
        return array_type.new(0)
    flat = view.cast("B").cast(fmt)  # type: ignore[call-overload]
    out = array_type.new(len(flat))
    out.assign(flat)
    return out


def _f32(matrix: Any) -> Any:
    return _typed(matrix, js.Float32Array, "f")


def _width(matrix: Any) -> int:
    """The row width of a (rows, width) buffer, which the core checks against the collection's dim."""
    shape = memoryview(matrix).shape
    return int(shape[-1]) if shape else 0


def _u64(ids: Any) -> Any:
    return _typed(ids, js.BigUint64Array, "Q")


def _u8(matrix: Any) -> Any:
    return _typed(matrix, js.Uint8Array, "B")


def _options(**values: Any) -> Any:
    """A plain JS object (not a Map) of keyword values, for the SDK's option arguments."""
    return to_js(values, dict_converter=js.Object.fromEntries)


def _result(buffer: Any, rows: int, cols: int, dtype: str) -> Any:
    """A (rows, cols) copy of a JS typed array: a numpy array of ``dtype`` or a list of row lists."""
    view = buffer.to_memoryview()
    if np is not None:
        return np.array(view, dtype=dtype).reshape(rows, cols)
    values = view.tolist()
    return [values[r * cols : (r + 1) * cols] for r in range(rows)]


def _share_files() -> None:
    """Points the wasm module's file system at this Pyodide's files and working directory, so the
    core's file code (atomic saves, FsBackend, bundle directories, the log) opens the paths Python
    passes (web/bindings/shared_fs.js). Cheap; called before every operation on paths."""
    import pyodide_js  # this interpreter's Pyodide API (another instance has other files)

    _call(_files.share, pyodide_js.FS, os.getcwd())


def _write_atomic(path: str, data: bytes) -> None:
    """The core's write_file_atomic (src/ruvector/core/file_io.hpp) on Pyodide's files."""
    _share_files()
    _call(_files.writeFileAtomic, os.fspath(path), to_js(memoryview(bytes(data))))


def _read_file(path: str) -> bytes:
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError as exc:
        raise PersistError(f"cannot open '{path}': {exc.strerror or exc}") from None


class _Owner:
    """Owns one SDK object: its wasm memory is freed when this is, not whenever the JS garbage
    collector runs its finalizer."""

    __slots__ = ("__weakref__", "_js")

    def __init__(self, handle: Any) -> None:
        self._js = handle

    def __del__(self) -> None:
        handle = getattr(self, "_js", None)
        if handle is not None:
            with contextlib.suppress(Exception):  # never raise from a finalizer (e.g. at interpreter exit)
                handle.dispose()


class _Dimensioned(_Owner):
    """An SDK object whose dim never changes (read once)."""

    __slots__ = ("_dim",)

    def __init__(self, handle: Any) -> None:
        super().__init__(handle)
        self._dim = int(handle.dim)

    @property
    def dim(self) -> int:
        return self._dim


class _VectorIndex(_Dimensioned):
    """What FlatIndex and RabitqIndex share: add, remove and search over flat typed arrays, with the
    row-width check the native glue does."""

    __slots__ = ()

    def add(self, vectors: Any, ids: Any = None, threads: int = 0) -> None:
        del threads  # the wasm module is single-threaded
        rows, cols = _shape(vectors)
        if rows:  # an empty input is reported by the core ("vectors is empty")
            _check_dim(self._dim, cols)
        if ids is None:
            _call(self._js.add, _f32(vectors))
        else:
            _call(self._js.add, _f32(vectors), _u64(ids))

    def remove(self, ids: Any) -> int:
        return int(_call(self._js.remove, _u64(ids)))

    def _search(self, queries: Any, k: int, *options: Any) -> tuple[Any, Any]:
        rows, cols = _shape(queries)
        if rows:
            _check_dim(self._dim, cols)
        result = _call(self._js.search, _f32(queries), k, *options)
        m, per_query = int(result.queries), int(result.k)
        return _result(result.ids, m, per_query, "uint64"), _result(result.distances, m, per_query, "float32")

    def __len__(self) -> int:
        return int(_call(lambda: self._js.size))

    @property
    def metric(self) -> str:
        return str(_call(lambda: self._js.metric))

    @property
    def memory_bytes(self) -> int:
        return int(_call(lambda: self._js.memoryBytes))


class FlatIndex(_VectorIndex):
    """``_core.FlatIndex`` over the SDK's ``FlatIndex``."""

    __slots__ = ()

    def __init__(self, dim: int, metric: str) -> None:
        super().__init__(_call(_sdk.FlatIndex.new, dim, _options(metric=metric)))

    def search(self, queries: Any, k: int, threads: int = 0) -> tuple[Any, Any]:
        del threads  # the wasm module is single-threaded
        return self._search(queries, k)


class HashEmbedder(_Dimensioned):
    """``_core.HashEmbedder`` over the SDK's ``HashEmbedder``. Texts cross the bridge as one UTF-8 buffer
    plus offsets (one copy, no per-string conversion), encoded with 'surrogatepass' as the native glue
    does, so a lone surrogate is refused by the core with the same message on both."""

    __slots__ = ()

    def __init__(self, dim: int, ngram_min: int, ngram_max: int, seed: int) -> None:
        options = _options(dim=dim, ngramMin=ngram_min, ngramMax=ngram_max, seed=js.BigInt(str(seed)))
        super().__init__(_call(_sdk.HashEmbedder.new, options))

    def embed(self, texts: list[str], threads: int = 0) -> Any:
        del threads  # the wasm module is single-threaded
        encoded = [text.encode("utf-8", "surrogatepass") for text in texts]
        offsets = array.array("I", [0])
        total = 0
        for chunk in encoded:
            total += len(chunk)
            offsets.append(total)
        out = _call(self._js.embedUtf8, _u8(b"".join(encoded)), _typed(offsets, js.Uint32Array, "I"))
        return _result(out, len(texts), self._dim, "float32")

    @property
    def ngram_min(self) -> int:
        return int(_call(lambda: self._js.ngramMin))

    @property
    def ngram_max(self) -> int:
        return int(_call(lambda: self._js.ngramMax))

    @property
    def seed(self) -> int:
        return int(str(_call(lambda: self._js.seed)))


class RabitqIndex(_VectorIndex):
    """``_core.RabitqIndex`` over the SDK's ``RabitqIndex``; the wasm memory is freed when this is.

    ``save``/``load`` use Python file I/O on the Pyodide file system (atomic: temp file, fsync,
    ``os.replace``) with the native messages; ``load(mmap=True)`` reads the file (Pyodide has no mmap).
    The wasm module is single-threaded: ``threads`` is accepted and ignored.
    """

    __slots__ = ()

    @staticmethod
    def defaults_json() -> str:
        """The core's defaults as the native ``defaults_json()`` spells them (snake_case keys)."""
        return _snake_json(_sdk.RabitqIndex.defaults())

    @staticmethod
    def build(
        vectors: Any,
        ids: Any = None,
        threads: int = 0,
        progress: Callable[[str, float], object] | None = None,
        **options: Any,
    ) -> RabitqIndex:
        """``options`` are the given build options (snake_case); the JS SDK fills in the core's
        defaults for the others."""
        del threads  # the wasm module is single-threaded
        _, cols = _shape(vectors)
        values: dict[str, Any] = {_camel(name): value for name, value in options.items()}
        if "seed" in values:
            values["seed"] = js.BigInt(str(values["seed"]))
        if ids is not None:
            values["ids"] = _u64(ids)
        # A Python callable crosses as a proxy the JS side calls as (stage, fraction); an exception it
        # raises abandons the build and comes back here as itself.
        callback = create_proxy(progress) if progress is not None else None
        if callback is not None:
            values["progress"] = callback
        try:
            handle = _call(_sdk.RabitqIndex.build, _f32(vectors), cols, _options(**values))
        finally:
            if callback is not None:
                callback.destroy()
        return RabitqIndex(handle)

    def search(
        self,
        queries: Any,
        k: int,
        nprobe: int = 0,
        rerank_factor: float = 0.0,
        threads: int = 0,
        target_recall: float | None = None,
    ) -> tuple[Any, Any]:
        del threads
        options = _options(nprobe=nprobe, rerankFactor=float(rerank_factor), targetRecall=target_recall)
        return self._search(queries, k, options)

    def calibration_json(self) -> str:
        """The SDK's calibration table as the native ``calibration_json()`` spells it."""
        entries = _call(lambda: self._js.calibration).to_py()
        return json.dumps([{_snake(str(key)): value for key, value in entry.items()} for entry in entries])

    def serialize(self) -> bytes:
        return bytes(_call(self._js.serialize).to_bytes())

    @staticmethod
    def deserialize(data: bytes) -> RabitqIndex:
        return RabitqIndex(_call(_sdk.RabitqIndex.deserialize, _u8(data)))

    def save(self, path: str) -> None:
        _write_atomic(path, self.serialize())

    @staticmethod
    def load(path: str, mmap: bool = False) -> RabitqIndex:
        del mmap  # no memory mapping in Pyodide: the file is read
        return RabitqIndex.deserialize(_read_file(path))

    @property
    def bits(self) -> int:
        return int(_call(lambda: self._js.bits))

    @property
    def store(self) -> str:
        return str(_call(lambda: self._js.store))

    @property
    def nlist(self) -> int:
        return int(_call(lambda: self._js.nlist))

    @property
    def nprobe(self) -> int:
        return int(_call(lambda: self._js.nprobe))

    @property
    def rerank_factor(self) -> float:
        return float(_call(lambda: self._js.rerankFactor))

    @property
    def seed(self) -> int:
        return int(str(_call(lambda: self._js.seed)))

    @property
    def rotation(self) -> str:
        return str(_call(lambda: self._js.rotation))

    @property
    def mapped_bytes(self) -> int:
        return int(_call(lambda: self._js.mappedBytes))  # 0: no mapping in wasm, load(mmap=True) reads

    @property
    def code_bytes_per_vector(self) -> int:
        return int(_call(lambda: self._js.codeBytesPerVector))


@contextlib.contextmanager
def _embed_progress(progress: Callable[..., object] | None, bar: bool) -> Iterator[Any]:
    """The JS proxy the SDK calls as ``progress(done, total, stage, fraction)`` from the core's steps,
    for the time of the call (an exception it raises cancels the call and comes back as itself): a
    user's callback gets ``(done, total)``, a bar (``bar``) ``(stage, fraction)``, as the native
    binding calls them."""
    if progress is None:
        yield None
        return

    def call(done: int, total: int, stage: str, fraction: float) -> object:
        return progress(stage, fraction) if bar else progress(done, total)

    proxy = create_proxy(call)
    try:
        yield proxy
    finally:
        proxy.destroy()


class TextEncoder(_Owner):
    """``_core.TextEncoder`` over the SDK's ``TextEncoder`` (the core's, in wasm). ``load`` reads the
    model directory from the Pyodide file system and hands the files to the core, which picks what
    it needs (the Pooling module's config.json among the sub-directories' ones). ``progress`` is
    called by the core after each batch, through the JS SDK's ``progress(done, total)``."""

    __slots__ = ()

    @staticmethod
    def load(path: str, quantize: str | None = None) -> TextEncoder:
        if not os.path.isdir(path):
            raise error_class("EmbedError")(f"model directory '{path}' does not exist or is not a directory")
        files: dict[str, Any] = {}
        names = [n for n in os.listdir(path) if os.path.isfile(os.path.join(path, n))]
        names += [f"{d}/config.json" for d in os.listdir(path) if os.path.isfile(os.path.join(path, d, "config.json"))]
        for name in names:
            if name.endswith((".json", ".txt", ".safetensors")):
                files[name] = _u8(_read_file(os.path.join(path, name)))
        if "model.safetensors" not in files:
            raise error_class("EmbedError")(
                f"no model.safetensors in '{path}' (pytorch_model.bin and ONNX files are not supported)"
            )
        return TextEncoder(_call(_sdk.TextEncoder.fromFiles, _options(**files), _options(quantize=quantize)))

    def embed(
        self,
        texts: list[str],
        batch_size: int | None = None,
        progress: Callable[..., object] | None = None,
        bar: bool = False,
        prompt_name: str = "",
    ) -> Any:
        """``batch_size`` None: the JS SDK takes the core's default."""
        given: dict[str, Any] = {} if batch_size is None else {"batchSize": batch_size}
        given["promptName"] = prompt_name
        with _embed_progress(progress, bar) as callback:
            if callback is not None:
                given["progress"] = callback
            out = _call(self._js.embed, to_js(texts), _options(**given))
        return _result(out, len(texts), self.dim, "float32")

    def tokenize(self, text: str, prompt_name: str = "") -> list[int]:
        ids = _call(self._js.tokenize, text, _options(promptName=prompt_name))
        return [int(i) for i in ids.to_memoryview().tolist()]

    @property
    def prompts(self) -> dict[str, str]:
        return {str(k): str(v) for k, v in _call(lambda: self._js.prompts).to_py().items()}

    @property
    def default_prompt_name(self) -> str:
        return str(_call(lambda: self._js.defaultPromptName) or "")

    @property
    def dim(self) -> int:
        return int(_call(lambda: self._js.dim))

    @property
    def quantize(self) -> str:
        return str(_call(lambda: self._js.quantize))

    @property
    def max_seq_length(self) -> int:
        return int(_call(lambda: self._js.maxSeqLength))

    @property
    def pooling(self) -> str:
        return str(_call(lambda: self._js.pooling))

    @property
    def normalize(self) -> bool:
        return bool(_call(lambda: self._js.normalize))


class ImageEncoder:
    """``_core.ImageEncoder`` over the SDK's ``ImageEncoder`` (the core's, in wasm): images go over as
    ``{data, height, width, channels}`` copies. ``progress`` is called by the core after each image,
    through the JS SDK's ``progress(done, total)``."""

    __slots__ = ("__weakref__", "_js")

    def __init__(self, handle: Any) -> None:
        self._js = handle

    @staticmethod
    def load(path: str) -> ImageEncoder:
        if not os.path.isfile(path):
            raise error_class("EmbedError")(f"model file '{path}' does not exist or is not a file")
        return ImageEncoder(_call(_sdk.ImageEncoder.fromBytes, _u8(_read_file(path)), _options(name=path)))

    def _run(
        self,
        call: Callable[..., Any],
        images: list[Any],
        progress: Callable[..., object] | None,
        bar: bool,
        **options: Any,
    ) -> Any:
        pixels = []
        for image in images:
            view = memoryview(image)
            height, width, channels = view.shape  # type: ignore[misc]
            pixels.append(_options(data=_u8(view), height=height, width=width, channels=channels))
        with _embed_progress(progress, bar) as callback:
            given = options if callback is None else {**options, "progress": callback}
            return _call(call, to_js(pixels), _options(**given))

    def embed(self, images: list[Any], progress: Callable[..., object] | None = None, bar: bool = False) -> Any:
        return _result(self._run(self._js.embed, images, progress, bar), len(images), self.dim, "float32")

    def logits(self, images: list[Any], progress: Callable[..., object] | None = None, bar: bool = False) -> Any:
        return _result(self._run(self._js.logits, images, progress, bar), len(images), self.num_classes, "float32")

    def calibrate(
        self, images: list[Any], method: str, percentile: float, progress: Callable[..., object] | None = None
    ) -> str:
        return str(self._run(self._js.calibrate, images, progress, False, method=method, percentile=percentile))

    def quantized(self, calibration_json: str) -> ImageEncoder:
        return ImageEncoder(_call(self._js.quantize, None, _options(calibration=calibration_json)))

    @property
    def calibration(self) -> str | None:
        json = _call(lambda: self._js.calibration)
        return None if _is_null(json) else str(json)

    @property
    def dim(self) -> int:
        return int(_call(lambda: self._js.dim))

    @property
    def num_classes(self) -> int:
        return int(_call(lambda: self._js.numClasses))

    @property
    def input_size(self) -> int:
        return int(_call(lambda: self._js.inputSize))

    def __del__(self) -> None:
        handle = getattr(self, "_js", None)
        if handle is not None:
            with contextlib.suppress(Exception):  # never raise from a finalizer (e.g. at interpreter exit)
                handle.dispose()


class _DefaultThreshold:
    """``Collection.default_rabitq_threshold``: the core's default, read from the SDK when asked."""

    def __get__(self, obj: object, owner: type | None = None) -> int:
        return int(_sdk.Collection.defaultRabitqThreshold)


def _rows_to_js(rows: Any) -> Any:
    """A Float32Array of a caller's embedder output (a 2-D memoryview or numpy array from f32_matrix)."""
    return _f32(rows)


def _flat(values: Any, fmt: str) -> array.array[Any]:
    """Nested lists, a memoryview or a numpy array as one flat array.array of ``fmt``."""
    if hasattr(values, "tolist"):
        values = values.tolist()
    out: array.array[Any] = array.array(fmt)
    for row in values:
        if isinstance(row, (list, tuple)):
            out.extend(row)
        else:
            out.append(row)
    return out


class _CollectionCallbacks:
    """A caller's embedder function and index factory as the JS objects the SDK's Collection takes;
    owns the proxies it made (destroyed with the collection)."""

    def __init__(self) -> None:
        self.proxies: list[Any] = []

    def proxy(self, fn: Callable[..., Any]) -> Any:
        made = create_proxy(fn)
        self.proxies.append(made)
        return made

    def embedder(self, dim: int, embed: Callable[[list[str]], Any]) -> Any:
        def call(texts: Any) -> Any:
            return _rows_to_js(embed(list(texts.to_py())))

        return _options(dim=dim, embed=self.proxy(call))

    def index_factory(self, factory: Callable[[Any, Any, str], Any], dim: int) -> Any:
        def matrix(vectors: Any) -> list[list[float]]:
            # Nested lists: what Python code without numpy takes (a 2-D memoryview has no row views).
            flat = vectors.to_memoryview().tolist()
            return [flat[i : i + dim] for i in range(0, len(flat), dim)]

        def build(vectors: Any, options: Any) -> Any:
            index = factory(matrix(vectors), options.ids.to_memoryview().tolist(), str(options.metric))

            def search(queries: Any, k: int) -> Any:
                ids, distances = index.search(matrix(queries), int(k))
                id_list = _flat(ids, "Q")
                rows = len(ids)
                cols = len(id_list) // rows if rows else 0
                return _options(ids=_u64(id_list), distances=_f32(_flat(distances, "f")), k=cols)

            def size() -> int:
                return len(index)

            return _options(
                add=self.proxy(lambda v, i: index.add(matrix(v), i.to_memoryview().tolist())),
                remove=self.proxy(lambda i: int(index.remove(list(i.to_memoryview())))),
                search=self.proxy(search),
                size=self.proxy(size),
            )

        return self.proxy(build)

    def destroy(self) -> None:
        for made in self.proxies:
            made.destroy()
        self.proxies.clear()


class Collection(_Owner):
    """``_core.Collection`` over the SDK's ``Collection`` (the core's). A caller's embedder or index
    is reached through JS proxies; ``save``/``load`` use the Pyodide file system."""

    __slots__ = ("_callbacks",)
    default_rabitq_threshold = _DefaultThreshold()

    def __init__(
        self, encoder: Any, metric: str, rabitq_threshold: int, index_factory: Any, _bytes: bytes | None = None
    ) -> None:
        self._callbacks = _CollectionCallbacks()
        if isinstance(encoder, (HashEmbedder, TextEncoder)):
            embedder, dim = encoder._js, encoder.dim
        elif isinstance(encoder, tuple):
            dim = int(encoder[0])
            embedder = self._callbacks.embedder(dim, encoder[1])
        else:
            raise InvalidInput(f"this encoder is not available in Pyodide: {type(encoder).__name__}")
        options: dict[str, Any] = {"embedder": embedder, "metric": metric, "rabitqThreshold": rabitq_threshold}
        if index_factory is not None:
            options["indexFactory"] = self._callbacks.index_factory(index_factory, dim)
        try:
            if _bytes is None:
                self._js = _call(_sdk.Collection.new, _options(**options))
            else:
                del options["metric"]
                self._js = _call(_sdk.Collection.deserialize, _u8(_bytes), _options(**options))
        except BaseException:
            self._callbacks.destroy()
            raise

    def add(self, texts: list[str], ids: list[int], metas: list[str]) -> list[int]:
        options = _options(
            ids=_u64(array.array("Q", ids)) if ids else None,
            metas=to_js([json.loads(m) if m else None for m in metas], dict_converter=js.Object.fromEntries)
            if metas
            else None,
        )
        return list(_call(self._js.add, to_js(texts), options).to_memoryview())

    def remove(self, ids: list[int]) -> int:
        return int(_call(self._js.remove, _u64(array.array("Q", ids))))

    def ids(self, filter: str) -> list[int]:
        return [int(str(i)) for i in _call(self._js.ids, _options(filter=filter or None))]

    def get(self, ids: list[int]) -> list[tuple[int, float, str, str]]:
        hits = _call(self._js.get, _u64(array.array("Q", ids)))
        return [
            (int(str(h.id)), 0.0, str(h.text), "" if h.meta is None else str(js.JSON.stringify(h.meta))) for h in hits
        ]

    def query(self, texts: list[str], k: int, filter: str) -> list[list[tuple[int, float, str, str]]]:
        rows = _call(self._js.query, to_js(texts), k, _options(filter=filter or None))
        return [
            [
                (int(str(h.id)), float(h.score), str(h.text), "" if h.meta is None else str(js.JSON.stringify(h.meta)))
                for h in row
            ]
            for row in rows
        ]

    def serialize(self) -> bytes:
        return _py_bytes(_call(self._js.serialize))

    @staticmethod
    def deserialize(data: bytes, encoder: Any, rabitq_threshold: int, index_factory: Any) -> Collection:
        return Collection(encoder, "cosine", rabitq_threshold, index_factory, _bytes=bytes(data))

    def save(self, path: str) -> None:
        _write_atomic(path, self.serialize())

    @staticmethod
    def load(path: str, encoder: Any, rabitq_threshold: int, index_factory: Any) -> Collection:
        return Collection.deserialize(_read_file(path), encoder, rabitq_threshold, index_factory)

    def __len__(self) -> int:
        return int(_call(lambda: self._js.size))

    def contains(self, id: int) -> bool:
        return bool(_call(self._js.has, js.BigInt(str(id))))

    @property
    def dim(self) -> int:
        return int(_call(lambda: self._js.dim))

    @property
    def metric(self) -> str:
        return str(_call(lambda: self._js.metric))

    @property
    def rabitq_threshold(self) -> int:
        return int(_call(lambda: self._js.rabitqThreshold))

    @property
    def index_kind(self) -> str:
        kind = _call(lambda: self._js.indexKind)
        return "" if kind is None else str(kind)

    def __del__(self) -> None:
        super().__del__()
        callbacks = getattr(self, "_callbacks", None)
        if callbacks is not None:
            with contextlib.suppress(Exception):
                callbacks.destroy()


def distances(a: Any, b: Any, metric: str, threads: int = 0) -> Any:
    del threads
    (rows_a, dim), (rows_b, cols_b) = _shape(a), _shape(b)
    _check_dim(dim, cols_b)
    options = to_js({"metric": metric}, dict_converter=js.Object.fromEntries)
    out = _call(_sdk.distances, _f32(a), _f32(b), dim, options)
    return _result(out, rows_a, rows_b, "float32")


def hamming(a: Any, b: Any, threads: int = 0) -> Any:
    del threads
    (rows_a, nbytes), (rows_b, cols_b) = _shape(a), _shape(b)
    _check_dim(nbytes, cols_b, "bytes")
    out = _call(_sdk.hamming, _u8(a), _u8(b), nbytes)
    return _result(out, rows_a, rows_b, "uint32")


def version() -> str:
    return str(_call(_sdk.version))


def cpu_features() -> dict[str, Any]:
    features: dict[str, Any] = dict(_call(_sdk.cpuFeatures).to_py())
    return features


__all__ = [
    "Collection",
    "FlatIndex",
    "HashEmbedder",
    "RabitqIndex",
    "TextEncoder",
    "cpu_features",
    "distances",
    "hamming",
    "version",
]

# ---- A2A: the client core's classes over the Embind handles -------------------------------------------
from ._pyodide_a2a import (  # noqa: E402 (grouped with the section it belongs to)
    A2ACall,
    A2ACardCache,
    A2ACardDiscovery,
    A2AClientCore,
    A2AEvent,
    A2AStream,
    a2a_verify_card,
)

__all__ += ["A2ACall", "A2ACardCache", "A2ACardDiscovery", "A2AClientCore", "A2AEvent", "A2AStream", "a2a_verify_card"]


# ---- witness: the _core witness functions over the SDK's `witness` namespace ----------------------


def _js_bytes(data: bytes) -> Any:
    return to_js(memoryview(bytes(data)))  # a fresh Uint8Array copy


def _js_hashes(hashes: list[bytes]) -> Any:
    return to_js([_js_bytes(h) for h in hashes])


def _py_bytes(u8: Any) -> bytes:
    return bytes(u8.to_bytes())


def shake256(data: bytes, length: int) -> bytes:
    return _py_bytes(_call(_sdk.witness.shake256, _js_bytes(data), length))


def bundle_witness_preimage(data_ref: str, dim: int, rotation_seed: int, rerank_factor: int, generation: Any) -> bytes:
    return _py_bytes(_call(_sdk.witness.bundleWitnessPreimage, data_ref, dim, rotation_seed, rerank_factor, generation))


def bundle_witness(data_ref: str, dim: int, rotation_seed: int, rerank_factor: int, generation: Any) -> str:
    return str(_call(_sdk.witness.bundleWitness, data_ref, dim, rotation_seed, rerank_factor, generation))


def content_witness(
    ids: Any,
    rows: Any,
    metric: str,
    rotation_kind: str,
    rotation_seed: int,
    bits: int,
    generation: Any,
    threads: int = 0,
) -> tuple[bytes, bytes, int, bytes]:
    del threads  # the wasm module is single-threaded
    _, dim = _shape(rows)
    options = to_js(
        {
            "metric": metric,
            "rotationKind": rotation_kind,
            "rotationSeed": rotation_seed,
            "bits": bits,
            "generation": generation,
        },
        dict_converter=js.Object.fromEntries,
    )
    w = _call(_sdk.witness.contentWitness, _u64(ids), _f32(rows), dim, options)
    return _py_bytes(w.paramsHash), _py_bytes(w.dataRoot), int(w.count), _py_bytes(w.root)


def leaf_hash(data: bytes) -> bytes:
    return _py_bytes(_call(_sdk.witness.leafHash, _js_bytes(data)))


def merkle_root(leaves: list[bytes]) -> bytes:
    return _py_bytes(_call(_sdk.witness.merkleRoot, _js_hashes(leaves)))


def inclusion_proof(leaves: list[bytes], index: int, size: int) -> list[bytes]:
    return [_py_bytes(h) for h in _call(_sdk.witness.inclusionProof, _js_hashes(leaves), index, size)]


def consistency_proof(leaves: list[bytes], size1: int, size2: int) -> list[bytes]:
    return [_py_bytes(h) for h in _call(_sdk.witness.consistencyProof, _js_hashes(leaves), size1, size2)]


def verify_inclusion(leaf: bytes, index: int, size: int, proof: list[bytes], root: bytes) -> None:
    _call(_sdk.witness.verifyInclusion, _js_bytes(leaf), index, size, _js_hashes(proof), _js_bytes(root))


def verify_consistency(size1: int, size2: int, proof: list[bytes], root1: bytes, root2: bytes) -> None:
    _call(_sdk.witness.verifyConsistency, size1, size2, _js_hashes(proof), _js_bytes(root1), _js_bytes(root2))


def generate_signer_key(name: str) -> str:
    return str(_call(_sdk.witness.generateSignerKey, name))


def verifier_key(signer_key: str) -> str:
    return str(_call(_sdk.witness.verifierKey, signer_key))


def sign_checkpoint(signer_key: str, origin: str, size: int, root: bytes, extensions: list[str]) -> str:
    return str(_call(_sdk.witness.signCheckpoint, signer_key, origin, size, _js_bytes(root), to_js(extensions)))


def verify_checkpoint(note: str, keys: list[str]) -> tuple[str, int, bytes, list[str]]:
    c = _call(_sdk.witness.verifyCheckpoint, note, to_js(keys))
    return str(c.origin), int(c.size), _py_bytes(c.root), [str(e) for e in c.extensions]


def _is_null(value: Any) -> bool:
    """JS null crosses as None or, in newer Pyodide, as ``pyodide.ffi.jsnull``."""
    return value is None or type(value).__name__ == "JsNull"


def _bundle_info(info: Any) -> dict[str, Any]:
    """The JS SDK's readBundle record as the dict ``_core.read_bundle`` returns."""
    cw = info.contentWitness
    cp = info.checkpoint
    checkpoint = None
    if not _is_null(cp):
        checkpoint = (str(cp.origin), int(str(cp.size)), _py_bytes(cp.root), [str(e) for e in cp.extensions])
    generation = info.generation
    return {
        "data_ref": str(info.dataRef),
        "dim": int(info.dim),
        "rotation_seed": int(str(info.rotationSeed)),
        "rerank_factor": int(str(info.rerankFactor)),
        "generation": generation if isinstance(generation, str) else int(str(generation)),
        "rvf_witness": str(info.rvfWitness),
        "metric": str(info.metric),
        "rotation_kind": str(info.rotationKind),
        "bits": int(info.bits),
        "content_witness": (_py_bytes(cw.paramsHash), _py_bytes(cw.dataRoot), int(str(cw.count)), _py_bytes(cw.root)),
        "index_bytes": int(str(info.indexBytes)),
        "index_root": _py_bytes(info.indexRoot),
        "log_index": None if _is_null(info.logIndex) else int(str(info.logIndex)),
        "checkpoint": checkpoint,
    }


def read_bundle(directory: str, threads: int) -> dict[str, Any]:
    del threads  # the wasm module is single-threaded
    _share_files()
    return _bundle_info(_call(_files.readBundleDir, directory))


def verify_bundle(directory: str, keys: list[str], threads: int) -> dict[str, Any]:
    del threads
    _share_files()
    return _bundle_info(_call(_files.verifyBundleDir, directory, to_js(list(keys))))


class TransparencyLog(_Owner):
    """``_core.TransparencyLog``: the core's log in a directory of Pyodide's files."""

    def __init__(self, dir: str) -> None:
        _share_files()
        super().__init__(_call(_files.TransparencyLog.new, dir))

    @property
    def size(self) -> int:
        return int(str(self._js.size))

    @property
    def root(self) -> bytes:
        return _py_bytes(self._js.root)

    @property
    def dir(self) -> str:
        return str(self._js.dir)

    def append(self, entry: bytes) -> int:
        _share_files()
        return int(str(_call(self._js.append, _js_bytes(entry))))

    def leaf_hash_at(self, index: int) -> bytes:
        return _py_bytes(_call(self._js.leafHashAt, str(index)))

    def inclusion_proof(self, index: int, size: int) -> list[bytes]:
        return [_py_bytes(h) for h in _call(self._js.inclusionProof, str(index), str(size))]

    def consistency_proof(self, size1: int, size2: int) -> list[bytes]:
        return [_py_bytes(h) for h in _call(self._js.consistencyProof, str(size1), str(size2))]

    def write_checkpoint(self, origin: str, signer_key: str) -> str:
        _share_files()
        return str(_call(self._js.writeCheckpoint, origin, signer_key))

    def read_checkpoint(self) -> str | None:
        _share_files()
        note = _call(self._js.readCheckpoint)
        return None if _is_null(note) else str(note)


# ---- lake: the _core Lake and LocalBackend over the SDK's Lake (the core's lake, through Embind) ---
# Backends written in Python (rv.Backend subclasses) cross as JS adapter objects whose methods call
# back into Python synchronously; the JS Lake asks the core what each operation needs and stages it.


def _js_generation(generation: Any) -> Any:
    if isinstance(generation, str):
        return generation
    if isinstance(generation, int) and not isinstance(generation, bool):
        return js.BigInt(str(generation))  # the JS side checks the u64 range with the core's message
    raise InvalidInput(f"a generation must be an int in [0, 2**64) or a str, got {generation!r}")


def _generation(g: Any) -> int | str:
    """A generation from the SDK: a string, or a counter as a BigInt (a JsProxy or an int)."""
    return g if isinstance(g, str) else int(str(g))


class _RowsBackend(_Owner):
    """The calls both core backends that hold rows answer, over the SDK's handle of either."""

    _on_files = False  # FsBackend: every call reads or writes Pyodide's files

    def _files_ready(self) -> None:
        if self._on_files:
            _share_files()

    @property
    def id(self) -> str:
        return str(self._js.id)

    def put_collection(self, collection: str, vectors: Any, ids: Any) -> None:
        _, cols = _shape(vectors)
        self._files_ready()
        _call(self._js.putCollection, collection, _f32(vectors), cols, _u64(ids))

    def append(self, collection: str, vectors: Any, ids: Any) -> None:
        self._files_ready()
        _call(self._js.append, collection, _f32(vectors), _u64(ids))

    def delete(self, collection: str, ids: Any) -> int:
        self._files_ready()
        return int(_call(self._js.delete, collection, _u64(ids)))

    def list_collections(self) -> list[str]:
        self._files_ready()
        return [str(c) for c in _call(self._js.listCollections)]

    def generation(self, collection: str) -> int | str:
        self._files_ready()
        return _generation(_call(self._js.generation, collection))

    def data_ref(self, collection: str) -> str:
        self._files_ready()
        return str(_call(self._js.dataRef, collection))

    def pull(self, collection: str) -> tuple[Any, Any, int | str]:
        self._files_ready()
        got = _call(self._js.pull, collection)
        n, dim = int(got.ids.length), int(got.dim)
        return _result(got.ids, 1, n, "uint64"), _result(got.vectors, n, dim, "float32"), _generation(got.generation)


class LocalBackend(_RowsBackend):
    """``_core.LocalBackend`` over the SDK's ``LocalBackend``."""

    def __init__(self, id: str) -> None:
        super().__init__(_call(_sdk.LocalBackend.new, id))

    def drop_collection(self, collection: str) -> bool:
        return bool(_call(self._js.dropCollection, collection))


class FsBackend(_RowsBackend):
    """``_core.FsBackend``: the core's directory backend on Pyodide's files."""

    _on_files = True

    def __init__(self, id: str, root: str) -> None:
        _share_files()
        super().__init__(_call(_files.FsBackend.new, id, root))

    @property
    def root(self) -> str:
        return str(self._js.root)


class _PythonAdapter:
    """A Python backend as the JS adapter object the SDK's Lake takes; owns the proxies it made."""

    def __init__(self, impl: Any) -> None:
        def generation(collection: str) -> Any:
            return _js_generation(impl.generation(collection))

        def pull(collection: str) -> Any:
            ids, vectors, gen = impl._native_pull(collection)
            _, cols = _shape(vectors)
            return _options(ids=_u64(ids), vectors=_f32(vectors), dim=cols, generation=_js_generation(gen))

        def dim(collection: str) -> int:
            got = impl._native_dim(collection)
            return 0 if got is None else int(got)  # 0: unknown, the core learns it from a pull

        def data_ref(collection: str) -> str:
            return str(impl._native_data_ref(collection) or "")

        self.proxies = [create_proxy(f) for f in (generation, pull, dim, data_ref)]
        g, p, d, r = self.proxies
        self.js = _options(id=str(impl.id), generation=g, pull=p, dim=d, dataRef=r)

    def destroy(self) -> None:
        for proxy in self.proxies:
            proxy.destroy()


class ShardMap:
    """``_core.ShardMap`` over the SDK's ``ShardMap`` (the core's routing, compiled to wasm)."""

    __slots__ = ("_js",)

    def __init__(self, handle: Any) -> None:
        self._js = handle

    @staticmethod
    def over(rule: str, ids: Any, shards: int) -> ShardMap:
        return ShardMap(_call(_sdk.ShardMap.new, rule, shards, _u64(ids)))

    @staticmethod
    def range_from_bounds(bounds: list[int]) -> ShardMap:
        return ShardMap(_call(_sdk.ShardMap.fromBounds, to_js([js.BigInt(str(b)) for b in bounds])))

    @property
    def rule(self) -> str:
        return str(self._js.rule)

    @property
    def shards(self) -> int:
        return int(self._js.shards)

    @property
    def bounds(self) -> list[int]:
        return [int(str(b)) for b in self._js.bounds]

    def assign(self, ids: Any) -> Any:
        homes = _call(self._js.assign, _u64(ids))
        return _result(homes, 1, int(homes.length), "uint32")


class Lake:
    """``_core.Lake`` over the SDK's ``Lake``. Bundle directories, the transparency log and FsBackend
    are the core's file code running on Pyodide's files (``_share_files``)."""

    __slots__ = ("__weakref__", "_adapters", "_files", "_js")

    def __init__(
        self,
        consistency: str | None = None,
        ttl_ms: int | None = None,
        rerank_factor: int | None = None,
        rotation_seed: int | None = None,
        metric: str | None = None,
        bits: int | None = None,
        store: str | None = None,
        max_entries: int | None = None,
        max_bytes: int | None = None,
        threads: int | None = None,
    ) -> None:
        """Options left None are left out, and the JS SDK fills in the core's defaults for them."""
        del threads  # the wasm module is single-threaded
        given: dict[str, Any] = {
            "consistency": _options(ttlMs=ttl_ms or 0) if consistency == "eventual" else consistency,
            "rerankFactor": rerank_factor,
            "rotationSeed": None if rotation_seed is None else js.BigInt(str(rotation_seed)),
            "metric": metric,
            "bits": bits,
            "store": store,
            "maxEntries": max_entries,
            "maxBytes": max_bytes,
        }
        options = _options(**{name: value for name, value in given.items() if value is not None})
        self._js = _call(_sdk.Lake.new, options)
        self._adapters: list[_PythonAdapter] = []
        self._files = False  # whether an FsBackend is registered: its reads need Pyodide's files

    @staticmethod
    def defaults_json() -> str:
        """The core's lake defaults as the native ``defaults_json()`` spells them (snake_case keys)."""
        return _snake_json(_sdk.Lake.defaults())

    def options_json(self) -> str:
        return _snake_json(self._js.options)

    def __del__(self) -> None:
        for adapter in getattr(self, "_adapters", []):
            adapter.destroy()

    def register(self, backend: LocalBackend | FsBackend) -> None:
        if isinstance(backend, FsBackend):
            _call(_files.registerFsBackend, self._js, backend._js)
            self._files = True
            return
        _call(self._js.register, backend._js)

    def _backend_files(self) -> None:
        """Before an operation that may ask a backend: an FsBackend reads Pyodide's files then."""
        if self._files:
            _share_files()

    def register_python(self, impl: Any) -> None:
        bundle_config = getattr(impl, "_bundle_config", None)
        if bundle_config is not None:
            # An HttpBundleBackend: the SDK's own (fetch), so its Promises are awaited by the JS Lake.
            urls, max_index, max_sidecar, keys = bundle_config()
            options = _options(maxIndexBytes=max_index, maxSidecarBytes=max_sidecar, trustedKeys=to_js(keys))
            _call(self._js.register, _call(_sdk.HttpBundleBackend.new, impl.id, _options(**urls), options))
            return
        adapter = _PythonAdapter(impl)
        try:
            _call(self._js.register, adapter.js)
        except BaseException:
            adapter.destroy()
            raise
        self._adapters.append(adapter)

    def backend_ids(self) -> list[str]:
        return [str(b) for b in self._js.backendIds]

    def search(
        self, backend: str, collection: str, queries: Any, k: int, nprobe: int, rerank_factor: float
    ) -> tuple[Any, Any]:
        options = _options(nprobe=nprobe, rerankFactor=float(rerank_factor), width=_width(queries))
        self._backend_files()
        r = _call(self._js.search, backend, collection, _f32(queries), k, options)
        m, kk = int(r.queries), int(r.k)
        return _result(r.ids, m, kk, "uint64"), _result(r.distances, m, kk, "float32")

    def search_federated(
        self, targets: list[tuple[str, str]], queries: Any, k: int, nprobe: int, rerank_factor: float
    ) -> tuple[Any, Any, Any]:
        options = _options(nprobe=nprobe, rerankFactor=float(rerank_factor), width=_width(queries))
        pairs = to_js([[b, c] for b, c in targets])
        self._backend_files()
        r = _call(self._js.searchFederated, pairs, _f32(queries), k, options)
        m, kk = int(r.queries), int(r.k)
        return (
            _result(r.ids, m, kk, "uint64"),
            _result(r.distances, m, kk, "float32"),
            _result(r.shards, m, kk, "uint32"),
        )

    def prime(self, backend: str, collection: str) -> None:
        self._backend_files()
        _call(self._js.prime, backend, collection)

    # The asynchronous siblings await the JS Lake's Promises: an HttpBundleBackend fetches there.
    async def search_async(
        self, backend: str, collection: str, queries: Any, k: int, nprobe: int, rerank_factor: float
    ) -> tuple[Any, Any]:
        options = _options(nprobe=nprobe, rerankFactor=float(rerank_factor), width=_width(queries))
        self._backend_files()
        r = await _await(self._js.searchAsync, backend, collection, _f32(queries), k, options)
        m, kk = int(r.queries), int(r.k)
        return _result(r.ids, m, kk, "uint64"), _result(r.distances, m, kk, "float32")

    async def prime_async(self, backend: str, collection: str) -> None:
        self._backend_files()
        await _await(self._js.primeAsync, backend, collection)

    async def refresh_async(self, backend: str, collection: str) -> bool:
        self._backend_files()
        return bool(await _await(self._js.refreshAsync, backend, collection))

    def refresh(self, backend: str, collection: str) -> bool:
        self._backend_files()
        return bool(_call(self._js.refresh, backend, collection))

    def invalidate(self, backend: str, collection: str) -> bool:
        return bool(_call(self._js.invalidate, backend, collection))

    def warm_from_dir(self, backend: str, collection: str, dir: str, trusted_keys: Sequence[str] = ()) -> int:
        _share_files()
        return int(_call(_files.warmFromDir, self._js, backend, collection, dir, to_js(list(trusted_keys))))

    def publish_bundle(
        self, backend: str, collection: str, dir: str, signer_key: str | None = None, log_dir: str = ""
    ) -> str:
        _share_files()
        return str(_call(_files.publishBundle, self._js, backend, collection, dir, signer_key or "", log_dir))

    def save_cache_to_dir(self, backend: str, collection: str, dir: str) -> str:
        _share_files()
        return str(_call(_files.saveCacheToDir, self._js, backend, collection, dir))

    def pin(self, backend: str, collection: str, pinned: bool) -> None:
        _call(self._js.pin, backend, collection, pinned)

    def set_consistency(self, backend: str, collection: str, mode: str, ttl_ms: int) -> None:
        consistency = _options(ttlMs=ttl_ms) if mode == "eventual" else mode
        _call(self._js.setConsistency, backend, collection, consistency)

    def consistency_of(self, backend: str, collection: str) -> tuple[str, int]:
        got = _call(self._js.consistencyOf, backend, collection)
        return (str(got), 0) if isinstance(got, str) else ("eventual", int(got.ttlMs))

    @staticmethod
    def _stats(js_stats: Any) -> dict[str, float]:
        return {_snake(str(key)): value for key, value in js_stats.to_py().items()}

    def stats(self) -> dict[str, float]:
        return self._stats(_call(self._js.stats))

    def stats_by_backend(self) -> dict[str, dict[str, float]]:
        by_backend = _call(self._js.statsByBackend)
        return {str(b): self._stats(getattr(by_backend, str(b))) for b in js.Object.keys(by_backend)}

    def stats_by_collection(self) -> dict[tuple[str, str], dict[str, float]]:
        return {(str(row[0]), str(row[1])): self._stats(row[2]) for row in _call(self._js.statsByCollection)}

    def refcount_of(self, witness: str) -> int:
        return int(_call(self._js.refcountOf, witness))

    @property
    def cache_bytes(self) -> int:
        return int(self._js.cacheBytes)

    def witness_of(self, backend: str, collection: str) -> str | None:
        witness = _call(self._js.witnessOf, backend, collection)
        return None if _is_null(witness) else str(witness)

    @property
    def entry_count(self) -> int:
        return int(self._js.entryCount)

    def refresh_from_bundle_dir(self, backend: str, collection: str, dir: str) -> str:
        _share_files()
        return str(_call(_files.refreshFromBundleDir, self._js, backend, collection, dir))

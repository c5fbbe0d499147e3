"""The JS modules the Pyodide backend talks to, all registered by ``loadRuvector()`` of
``@ruvector/sdk/pyodide``: the JS SDK (``_ruvector_js``), its wasm module (``_ruvector_wasm``,
whose Embind handles the A2A client core uses directly) and the SDK's decoders of the wasm
module's records (``_ruvector_decoders``), so that JS and Pyodide read them with one decoder, and the core's
directory code on Pyodide's own files (``_ruvector_files``: FsBackend, bundle directories, the log)."""

from __future__ import annotations

import importlib
from types import ModuleType


def _registered(name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError as exc:  # pragma: no cover - depends on how Pyodide was set up
        raise ImportError(
            f"ruvector in Pyodide needs the JS module '{name}': load the package with "
            "loadRuvector(pyodide, {wheel}) from '@ruvector/sdk/pyodide', which registers it"
        ) from exc


sdk = _registered("_ruvector_js")
wasm = _registered("_ruvector_wasm")
decoders = _registered("_ruvector_decoders")
files = _registered("_ruvector_files")

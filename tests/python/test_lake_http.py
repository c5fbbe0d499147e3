"""HttpBundleBackend: bundles published to a static HTTP server (python -m http.server's handler in a
thread), fetched by the native transport, checked and installed by the core without a rebuild."""

from __future__ import annotations

import functools
import json
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import ruvector as rv

FIXTURE = Path(__file__).parents[1] / "data" / "lake_bundle"


class _Server:
    def __init__(self, root: Path) -> None:
        self.requests: list[str] = []
        log = self.requests

        class Handler(SimpleHTTPRequestHandler):
            def do_GET(self) -> None:
                log.append(self.path)
                super().do_GET()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[_Server, Path]]:
    shutil.copytree(FIXTURE, tmp_path / "bundles" / "docs")
    server = _Server(tmp_path)
    yield server, tmp_path
    server.httpd.shutdown()
    server.httpd.server_close()


def _expected() -> dict[str, Any]:
    return json.loads((FIXTURE / "expected.json").read_text())  # type: ignore[no-any-return]


def test_a_published_bundle_is_verified_installed_unbuilt_and_answers_as_natively(
    served: tuple[_Server, Path],
) -> None:
    server, _ = served
    expected = _expected()
    backend = rv.HttpBundleBackend("remote", f"{server.base}/bundles/docs")
    assert backend.list_collections() == ["docs"]
    lake = rv.Lake("fresh")
    lake.register(backend)
    queries = np.asarray(expected["queries"], dtype=np.float32)
    ids, _ = lake.search("remote", "docs", queries, k=expected["k"])
    assert [[str(i) for i in row] for row in ids] == expected["ids"]
    assert lake.witness_of("remote", "docs") == expected["witness"]
    stats = lake.stats()
    assert stats["primes"] == 0
    assert stats["warm_installs"] == 1

    lake.search("remote", "docs", queries, k=3)  # fresh: the sidecar is checked again, not the index
    assert server.requests == [
        "/bundles/docs/table.rulake.json",
        "/bundles/docs/index.rvq",
        "/bundles/docs/table.rulake.json",
        "/bundles/docs/table.rulake.json",
    ]
    assert lake.stats()["hits"] == 1


def test_a_republished_bundle_is_installed_on_the_next_check(served: tuple[_Server, Path]) -> None:
    server, root = served
    publisher_backend = rv.LocalBackend("other-publisher")
    vectors = np.random.default_rng(3).standard_normal((300, 16)).astype(np.float32)
    publisher_backend.put_collection("docs", vectors, np.arange(300, dtype=np.uint64))
    publisher = rv.Lake()
    publisher.register(publisher_backend)

    lake = rv.Lake(rv.Eventual(ttl_ms=0))
    lake.register(rv.HttpBundleBackend("remote", {"docs": f"{server.base}/bundles/docs"}))
    lake.search("remote", "docs", vectors[:1], k=1)
    before = lake.witness_of("remote", "docs")
    # publish_bundle replaces only bundle directories: the fixture's expected.json is not a bundle file.
    (root / "bundles" / "docs" / "expected.json").unlink()
    publisher.publish_bundle(("other-publisher", "docs"), root / "bundles" / "docs")
    ids, _ = lake.search("remote", "docs", vectors[7], k=1)
    assert int(ids[0, 0]) == 7  # served from the new bundle
    assert lake.witness_of("remote", "docs") != before
    assert lake.stats()["warm_installs"] == 2
    assert lake.entry_count == 1


def test_refusals_name_the_cause(served: tuple[_Server, Path]) -> None:
    server, root = served
    forged = root / "bundles" / "forged"
    shutil.copytree(FIXTURE, forged)
    sidecar = forged / "table.rulake.json"
    sidecar.write_text(sidecar.read_text().replace('"generation": 1', '"generation": 2'))
    lake = rv.Lake()
    q = np.zeros(16, dtype=np.float32)
    lake.register(rv.HttpBundleBackend("forged", f"{server.base}/bundles/forged"))
    with pytest.raises(rv.WitnessMismatch):
        lake.search("forged", "forged", q, k=1)
    lake.register(rv.HttpBundleBackend("small", {"docs": f"{server.base}/bundles/docs"}, max_index_bytes=1000))
    with pytest.raises(rv.PersistError, match=r"index\.rvq: the index exceeds the limit of 1000 bytes"):
        lake.search("small", "docs", q, k=1)
    lake.register(rv.HttpBundleBackend("missing", {"docs": f"{server.base}/bundles/none"}))
    with pytest.raises(rv.PersistError, match=r"HTTP 404 \(the sidecar\)"):
        lake.search("missing", "docs", q, k=1)
    lake.register(rv.HttpBundleBackend("down", {"docs": "http://127.0.0.1:9/bundles/docs"}, timeout=5))
    with pytest.raises(rv.TransportError):
        lake.search("down", "docs", q, k=1)
    other = rv.Lake(rerank_factor=5)
    other.register(rv.HttpBundleBackend("remote", f"{server.base}/bundles/docs"))
    with pytest.raises(rv.InvalidInput) as info:
        other.search("remote", "docs", q, k=1)
    assert str(info.value) == f"bundle '{server.base}/bundles/docs' has rerank_factor 20, this lake uses 5"
    assert lake.entry_count == 0
    with pytest.raises(rv.InvalidInput, match="serves published bundles, not rows"):
        rv.HttpBundleBackend("x", f"{server.base}/bundles/docs").pull("docs")


def test_the_shared_lake_checks_pass_natively() -> None:
    """tests/pyodide/lake_check.py: the same script Pyodide runs (node and Chromium)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("lake_check", Path(__file__).parents[1] / "pyodide" / "lake_check.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(str(FIXTURE)) == "7 passed, 0 failed"

"""HttpBundleBackend: bundles published to a static HTTP server (python -m http.server's handler in a
thread), fetched by the native transport, checked and installed by the core without a rebuild; with
trusted keys, only if signed; a republish between two requests is fetched again."""

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
    # The check's sidecar, then the bundle in the reverse of the publisher's write order.
    assert server.requests == [
        "/bundles/docs/table.rulake.json",
        "/bundles/docs/table.rulake.json",
        "/bundles/docs/bundle.witness.json",
        "/bundles/docs/index.rvq",
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
    assert module.main(str(FIXTURE)) == "15 passed, 0 failed"


def test_the_shared_http_lake_checks_pass_natively(served: tuple[_Server, Path]) -> None:
    """lake_check.http_main: what Pyodide runs with the SDK's fetch-based backend."""
    import asyncio
    import importlib.util

    server, root = served
    spec = importlib.util.spec_from_file_location("lake_check", Path(__file__).parents[1] / "pyodide" / "lake_check.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    summary = asyncio.run(module.http_main(f"{server.base}/bundles/docs", str(root / "bundles" / "docs")))
    assert summary == "2 passed, 0 failed"


def _trusted_key() -> str:
    return str(_expected()["verifier"])


def _publish(
    directory: Path, seed: int, *, signer: str | None = None, generations: int = 1, data_seed: int | None = None
) -> np.ndarray:
    """Publishes 600 x 16 rows (ids 0..599) to ``directory``; returns them. The data_ref names the
    seed: bundles with equal sidecar fields would share one cache entry."""
    vectors = np.random.default_rng(seed if data_seed is None else data_seed).standard_normal((600, 16))
    vectors = vectors.astype(np.float32)
    backend = rv.LocalBackend(f"publisher-{seed}")
    for _ in range(generations):
        backend.put_collection("docs", vectors, np.arange(600, dtype=np.uint64))
    lake = rv.Lake(threads=1)
    lake.register(backend)
    lake.publish_bundle((f"publisher-{seed}", "docs"), directory, signer=signer)
    return vectors


def test_trusted_keys_serve_only_a_bundle_their_signer_published(served: tuple[_Server, Path]) -> None:
    server, root = served
    expected = _expected()
    queries = np.asarray(expected["queries"], dtype=np.float32)
    lake = rv.Lake()
    lake.register(rv.HttpBundleBackend("signed", f"{server.base}/bundles/docs", trusted_keys=_trusted_key()))
    ids, _ = lake.search("signed", "docs", queries, k=expected["k"])
    assert [[str(i) for i in row] for row in ids] == expected["ids"]

    _publish(root / "bundles" / "unsigned", 1)
    lake.register(rv.HttpBundleBackend("unsigned", f"{server.base}/bundles/unsigned", trusted_keys=[_trusted_key()]))
    with pytest.raises(rv.WitnessMismatch) as info:
        lake.search("unsigned", "unsigned", queries, k=1)
    assert str(info.value) == (
        "bundle witness mismatch: the bundle carries no transparency-log proof (it was published without a signer)"
    )
    # Another key signed it (a forger who republished the data with a key of the same name).
    stranger = rv.witness.generate_signer_key("ruvector.test/lake-bundle")
    _publish(root / "bundles" / "forged", 2, signer=stranger)
    lake.register(rv.HttpBundleBackend("forged", f"{server.base}/bundles/forged", trusted_keys=[_trusted_key()]))
    with pytest.raises(rv.WitnessMismatch, match=r"ruvector\.test/lake-bundle"):
        lake.search("forged", "forged", queries, k=1)
    # One flipped bit in the served index: its bytes are not the ones the witness describes. (A fresh
    # lake: this one holds the fixture's verified entry, which the same sidecar would share.)
    lake = rv.Lake()
    tampered = root / "bundles" / "tampered"
    shutil.copytree(FIXTURE, tampered)
    data = bytearray((tampered / "index.rvq").read_bytes())
    data[len(data) // 2] ^= 1
    (tampered / "index.rvq").write_bytes(bytes(data))
    lake.register(rv.HttpBundleBackend("tampered", f"{server.base}/bundles/tampered", trusted_keys=[_trusted_key()]))
    with pytest.raises(
        rv.WitnessMismatch, match=r"its files disagree in 2 fetches .*index\.rvq has \d+ bytes with root"
    ):
        lake.search("tampered", "tampered", queries, k=1)
    # Without trusted keys an unsigned bundle still serves; a malformed key is refused at once.
    lake.register(rv.HttpBundleBackend("open", f"{server.base}/bundles/unsigned"))
    assert lake.search("open", "unsigned", queries, k=1)[0].shape == (4, 1)
    with pytest.raises(rv.InvalidInput):
        lake.register(rv.HttpBundleBackend("badkey", f"{server.base}/bundles/docs", trusted_keys=["nope"]))
    assert lake.stats()["warm_installs"] == 1


class _Forger(rv.Backend):
    """Rows of its own under the fixture's sidecar fields (data_ref, dim, generation): a bundle it
    publishes has the fixture's bundle witness over other vectors."""

    def list_collections(self) -> list[str]:
        return ["docs"]

    def pull(self, collection: str) -> tuple[Any, Any, int]:
        ids = [int(i) for row in _expected()["ids"] for i in row]
        vectors = np.random.default_rng(7).standard_normal((len(ids), 16)).astype(np.float32)
        return np.asarray(ids, dtype=np.uint64), vectors, 1

    def generation(self, collection: str) -> int:
        return 1

    def data_ref(self, collection: str) -> str:
        return "local://publisher/docs"


def test_an_entry_warmed_unchecked_never_serves_a_backend_with_trusted_keys(served: tuple[_Server, Path]) -> None:
    server, root = served
    expected = _expected()
    queries = np.asarray(expected["queries"], dtype=np.float32)
    forger = rv.Lake(threads=1)
    forger.register(_Forger("forger"))
    forger.publish_bundle(("forger", "docs"), root / "forged")
    assert json.loads((root / "forged" / "table.rulake.json").read_text())["rvf_witness"] == expected["witness"]

    lake = rv.Lake()
    lake.warm_from_dir(("cache", "docs"), root / "forged")  # no keys: the forged rows, as asked
    lake.register(rv.HttpBundleBackend("signed", f"{server.base}/bundles/docs", trusted_keys=_trusted_key()))
    ids, _ = lake.search("signed", "docs", queries, k=expected["k"])
    assert [[str(i) for i in row] for row in ids] == expected["ids"]
    stats = lake.stats()
    assert (stats["shared_hits"], stats["warm_installs"]) == (0, 2)
    # A key warmed without keys through a backend that trusts keys is checked by the backend's.
    other = rv.Lake()
    other.register(rv.HttpBundleBackend("signed", f"{server.base}/bundles/docs", trusted_keys=_trusted_key()))
    with pytest.raises(rv.WitnessMismatch, match="no transparency-log proof"):
        other.warm_from_dir(("signed", "docs"), root / "forged")


class _Republisher:
    """Serves bundle directory A until request number ``after``, then republishes B (every ``every``
    requests flips between A and B when set): a publisher racing the reader."""

    def __init__(self, a: Path, b: Path, after: int, every: int = 0) -> None:
        self.files = {"a": a, "b": b}
        self.after, self.every = after, every
        self.requests: list[str] = []
        outer = self

        class Handler(SimpleHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.requests.append(self.path.rsplit("/", 1)[-1])
                n = len(outer.requests)
                which = "a" if n <= outer.after else "b"
                if outer.every and n > outer.after:
                    which = "ab"[((n - outer.after - 1) // outer.every) % 2 ^ 1]
                body = (outer.files[which] / self.path.rsplit("/", 1)[-1]).read_bytes()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/bundles/docs"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def test_a_republish_between_requests_is_fetched_again_never_mixed(tmp_path: Path) -> None:
    a_rows = _publish(tmp_path / "a", 11)
    b_rows = _publish(tmp_path / "b", 11, data_seed=12, generations=2)  # other rows, generation 2, same size
    assert (tmp_path / "a" / "index.rvq").stat().st_size == (tmp_path / "b" / "index.rvq").stat().st_size
    b_witness = json.loads((tmp_path / "b" / "table.rulake.json").read_text())["rvf_witness"]
    # Requests: 1 the check's sidecar (A), 2 the bundle's sidecar (A), then B is published: the
    # witness and index are B's, which the sidecar does not name -> all three again, from B.
    server = _Republisher(tmp_path / "a", tmp_path / "b", after=2)
    try:
        lake = rv.Lake("frozen")
        lake.register(rv.HttpBundleBackend("remote", server.url))
        ids, dists = lake.search("remote", "docs", b_rows[5], k=1)
        assert int(ids[0, 0]) == 5
        assert float(dists[0, 0]) == pytest.approx(0.0, abs=1e-4)
        assert lake.witness_of("remote", "docs") == b_witness
        assert server.requests == ["table.rulake.json"] + ["table.rulake.json", "bundle.witness.json", "index.rvq"] * 2
        assert not np.allclose(a_rows[5], b_rows[5])
    finally:
        server.close()

    # A publisher that never stops: every file differs from the one before it.
    server = _Republisher(tmp_path / "a", tmp_path / "b", after=0, every=1)
    try:
        lake = rv.Lake("frozen")
        lake.register(rv.HttpBundleBackend("remote", server.url))
        with pytest.raises(rv.WitnessMismatch) as info:
            lake.search("remote", "docs", b_rows[5], k=1)
        assert str(info.value).startswith(
            f"bundle '{server.url}': its files disagree in 2 fetches (republished while being read, or not one "
            "bundle): bundle.witness.json is for bundle witness "
        )
        assert lake.entry_count == 0
    finally:
        server.close()

"""rv.Lake through the public API, written once for every Python target: Pyodide runs it (in Node
and in a Chromium worker; the bundle files are copied next to this script) and so does CPython
(tests/python/test_lake_http.py). ``main`` checks the lake, publishing and the signed bundle
directory (rv.witness.read_bundle / verify_bundle); ``http_main`` (async) loads the same bundle from
a URL with HttpBundleBackend and its trusted key. Each returns a summary line and raises on the
first failure."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from typing import Any

import ruvector as rv

HERE = os.path.dirname(os.path.abspath(__file__))


def _rows(n: int, dim: int, seed: int) -> list[list[float]]:
    state = seed
    rows = []
    for _ in range(n):
        row = []
        for _ in range(dim):
            state = (state * 6364136223846793005 + 1442695040888963407) % 2**64
            row.append((state >> 11) / 2**53 - 0.5)
        rows.append(row)
    return rows


def _ids(matrix: Any) -> list[list[int]]:
    return [[int(i) for i in row] for row in matrix]


class ListBackend(rv.Backend):
    """A user adapter in Python: the core calls it back (natively from its threads, in Pyodide
    through the JS Lake's adapter staging)."""

    def __init__(self, id: str, rows: list[list[float]], ids: list[int]) -> None:
        super().__init__(id)
        self.rows, self.ids, self.gen, self.pulls, self.checks = rows, ids, 1, 0, 0

    def list_collections(self) -> list[str]:
        return ["c"]

    def pull(self, collection: str) -> tuple[Any, Any, int]:
        self.pulls += 1
        return self.ids, self.rows, self.gen

    def generation(self, collection: str) -> int:
        self.checks += 1
        return self.gen

    def dim(self, collection: str) -> int:
        return len(self.rows[0])


def check_defaults(rows: list[list[float]], ids: list[int]) -> None:
    """The lake's defaults are the core's: ``Lake.defaults()`` is what a lake built without options
    reports and builds its indexes with (the index's own build defaults); given options pass through."""
    defaults = rv.Lake.defaults()
    index_defaults = rv.RabitqIndex.defaults()
    for lake_key, index_key in [
        ("rotation_seed", "seed"),
        ("rerank_factor", "rerank_factor"),
        ("bits", "bits"),
        ("metric", "metric"),
        ("store", "store"),
    ]:
        assert defaults[lake_key] == index_defaults[index_key], (lake_key, defaults, index_defaults)
    assert defaults["consistency"] == "fresh", defaults
    plain = rv.Lake()
    assert plain.options == defaults, (plain.options, defaults)
    given = {"rerank_factor": 7, "rotation_seed": 2**64 - 15, "metric": "ip", "bits": 3, "store": "f16",
             "max_entries": 3, "max_bytes": 1 << 20}  # fmt: skip
    chosen = rv.Lake(rv.Eventual(ttl_ms=250), **given)  # type: ignore[arg-type]
    assert chosen.options == dict(defaults, consistency="eventual", ttl_ms=250, **given), chosen.options

    backend = rv.LocalBackend("defaults")
    backend.put_collection("docs", rows, ids)
    plain.register(backend)
    with tempfile.TemporaryDirectory() as tmp:
        plain.publish_bundle(("defaults", "docs"), tmp)
        index = rv.RabitqIndex.load(os.path.join(tmp, "index.rvq"))
    used = {"rotation_seed": index.seed, "rerank_factor": index.rerank_factor, "bits": index.bits,
            "metric": index.metric, "store": index.store}  # fmt: skip
    assert used == {key: defaults[key] for key in used}, (used, defaults)


def main(bundle_dir: str | None = None) -> str:
    checks = 0
    dim = 8
    rows = _rows(60, dim, 5)
    big = [2**64 - 1 - 7 * i for i in range(60)]

    local = rv.LocalBackend("mem")
    local.put_collection("docs", rows, big)
    mine = ListBackend("py", rows, big)
    lake = rv.Lake("fresh")
    lake.register(local)
    lake.register(mine)
    query = [rows[9], rows[31]]
    via_local, _ = lake.search("mem", "docs", query, k=3)
    via_python, _ = lake.search("py", "c", query, k=3)
    assert _ids(via_local) == _ids(via_python), (_ids(via_local), _ids(via_python))
    assert _ids(via_local)[0][0] == big[9]
    assert _ids(via_local)[1][0] == big[31]
    checks += 1

    lake.search("py", "c", query, k=3)  # fresh: checked again, not pulled
    assert (mine.checks, mine.pulls) == (2, 1), (mine.checks, mine.pulls)
    mine.gen = 2
    lake.search("py", "c", query, k=3)
    assert mine.pulls == 2
    stats = lake.stats()
    assert stats["primes"] == 3, stats
    assert stats["hits"] == 1, stats
    checks += 1

    ids, _, shard = lake.search_federated([("mem", "docs"), ("py", "c")], rows[4], k=2)
    assert _ids(ids)[0] == [big[4], big[4]]
    assert sorted(int(s) for s in next(iter(shard))) == [0, 1]
    checks += 1

    local.append("docs", [[9.0] * dim], [5])  # a write re-primes on the next (fresh) search
    got, _ = lake.search("mem", "docs", [9.0] * dim, k=1)
    assert _ids(got) == [[5]]
    try:
        lake.search("mem", "docs", [1.0, 2.0], k=1)
        raise AssertionError("a query of the wrong width was accepted")
    except rv.DimensionMismatch:
        pass
    checks += 1

    check_defaults(rows, big)
    checks += 1

    frozen = rv.Lake("frozen")
    watched = ListBackend("w", rows, big)
    frozen.register(watched)
    for _ in range(3):
        frozen.search("w", "c", rows[0], k=1)
    assert watched.checks == 1
    assert frozen.refresh("w", "c") is False
    assert watched.checks == 2
    checks += 1

    # Publishing (to the Pyodide file system there) and per-collection settings and counters.
    with tempfile.TemporaryDirectory() as tmp:
        sidecar = lake.publish_bundle(("mem", "docs"), tmp)
        assert sidecar == os.path.join(tmp, "table.rulake.json")
        copy = rv.Lake("frozen")
        copy.register(rv.LocalBackend("copy"))
        assert copy.warm_from_dir(("copy", "docs"), tmp) == 61
        got, _ = copy.search("copy", "docs", query, k=3)
        assert _ids(got) == _ids(lake.search("mem", "docs", query, k=3)[0])
        assert copy.witness_of("copy", "docs") == lake.witness_of("mem", "docs")
    assert local.list_collections() == ["docs"]
    assert local.generation("docs") == 2
    assert local.data_ref("docs") == "local://mem/docs"
    lake.set_consistency("mem", "docs", rv.Eventual(ttl_ms=500))
    assert lake.consistency_of("mem", "docs") == rv.Eventual(500)
    assert lake.consistency_of("py", "c") == "fresh"
    lake.pin("mem", "docs")
    witness = lake.witness_of("mem", "docs")
    assert witness is not None
    assert lake.refcount_of(witness) == 1
    assert lake.cache_bytes > 0
    assert sorted(lake.backend_ids) == ["mem", "py"]
    assert lake.stats_by_backend()["py"]["primes"] == 2
    assert lake.stats_by_collection()[("py", "c")]["hits"] == 2  # the federated search hit it too
    ids, _ = lake.search("mem", "docs", query, k=3, nprobe=1, rerank_factor=2.0)
    assert len(_ids(ids)) == 2
    assert local.drop_collection("docs") is True
    checks += 1

    if bundle_dir is not None:
        with open(os.path.join(bundle_dir, "expected.json")) as f:
            expected = json.load(f)
        warm = rv.Lake("frozen")
        warm.register(rv.LocalBackend("remote"))
        assert warm.warm_from_dir(("remote", "docs"), bundle_dir) == 600
        got, _ = warm.search("remote", "docs", expected["queries"], k=expected["k"])
        assert [[str(i) for i in row] for row in _ids(got)] == expected["ids"]
        assert warm.witness_of("remote", "docs") == expected["witness"]
        assert warm.stats()["warm_installs"] == 1
        checks += 1

        # The bundle was published with a signer: the same checks and answers as natively.
        info = rv.witness.read_bundle(bundle_dir)
        assert info.rvf_witness == expected["witness"]
        assert info.content_witness.count == 600
        assert info.checkpoint is None  # read_bundle checks no signature
        verified = rv.witness.verify_bundle(bundle_dir, [expected["verifier"]])
        assert verified.checkpoint is not None
        assert verified.checkpoint.origin == expected["verifier"].split("+")[0]
        assert verified.checkpoint.size >= 1
        assert verified.log_index is not None
        assert verified.log_index < verified.checkpoint.size
        stranger = rv.witness.verifier_key(rv.witness.generate_signer_key(verified.checkpoint.origin))
        try:
            rv.witness.verify_bundle(bundle_dir, [stranger])
            raise AssertionError("a bundle verified with a key that did not sign it")
        except rv.WitnessMismatch:
            pass
        checks += 1

    # ParquetBackend needs pyarrow. Pyodide distributes it but does not preload it, and this test
    # runs offline: there the error must say how to load it (CPython: tests/python/test_lake_parquet.py).
    if sys.platform == "emscripten":
        message = ""
        try:
            rv.ParquetBackend("pq", tempfile.gettempdir())
        except rv.InvalidInput as exc:
            message = str(exc)
        assert "pyodide.loadPackage('pyarrow')" in message, message
        checks += 1
    return f"{checks} passed, 0 failed"


def _expected(bundle_dir: str) -> dict[str, Any]:
    with open(os.path.join(bundle_dir, "expected.json")) as f:
        return json.load(f)  # type: ignore[no-any-return]


async def http_main(bundle_url: str, bundle_dir: str) -> str:
    """The published bundle from ``bundle_url`` through HttpBundleBackend with its trusted key (the
    SDK's fetch-based backend under Pyodide, the native transport in CPython)."""
    expected = _expected(bundle_dir)
    lake = rv.Lake("frozen")
    lake.register(rv.HttpBundleBackend("remote", {"docs": bundle_url}, trusted_keys=[expected["verifier"]]))
    got, _ = await lake.search_async("remote", "docs", expected["queries"], k=expected["k"])
    assert [[str(i) for i in row] for row in _ids(got)] == expected["ids"]
    assert lake.witness_of("remote", "docs") == expected["witness"]
    assert lake.stats()["warm_installs"] == 1
    assert await lake.refresh_async("remote", "docs") is False
    checks = 1

    origin = expected["verifier"].split("+")[0]
    stranger = rv.witness.verifier_key(rv.witness.generate_signer_key(origin))
    other = rv.Lake("frozen")
    other.register(rv.HttpBundleBackend("strange", {"docs": bundle_url}, trusted_keys=stranger))
    message = ""
    try:
        await other.prime_async("strange", "docs")
    except rv.WitnessMismatch as exc:
        message = str(exc)
    assert origin in message, f"a bundle served with a key that did not sign it: {message!r}"
    assert other.entry_count == 0
    checks += 1
    return f"{checks} passed, 0 failed"


if __name__ == "__main__":
    print(main(os.path.join(HERE, "..", "data", "lake_bundle")))

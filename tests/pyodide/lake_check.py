"""rv.Lake through the public API, written once for every Python target: Pyodide runs it (in Node
and in a Chromium worker; the bundle files are copied next to this script) and so does CPython
(tests/python/test_lake_http.py). ``main`` checks the lake, publishing and the signed bundle
directory (rv.witness.read_bundle / verify_bundle), and ``check_files`` the file-backed API (FsBackend,
signed publishing with the transparency log, snapshots): under Pyodide it is the core's file code on
Pyodide's own files, held to the native pytest cases' expectations; ``http_main`` (async) loads the same bundle from
a URL with HttpBundleBackend and its trusted key. Each returns a summary line and raises on the
first failure."""

from __future__ import annotations

import array
import json
import os
import shutil
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


def _f32(rows: list[list[float]]) -> list[list[float]]:
    """The rows as float32 values (what a backend stores), as Python floats."""
    return [array.array("f", row).tolist() for row in rows]


def _raises(error: type[Exception], call: Any, match: str = "") -> str:
    """The message of the ``error`` that ``call()`` raises (no pytest under Pyodide)."""
    message = None
    try:
        call()
    except error as exc:
        message = str(exc)
    if message is None:
        raise AssertionError(f"expected {error.__name__}")
    if match not in message:
        raise AssertionError(f"{error.__name__} without {match!r}: {message}")
    return message


def _flip_middle_byte(path: str) -> bytes:
    """Flips a bit in the middle of the file; returns its original bytes."""
    with open(path, "rb") as f:
        original = f.read()
    damaged = bytearray(original)
    damaged[len(original) // 2] ^= 0x10
    with open(path, "wb") as f:
        f.write(bytes(damaged))
    return original


def check_files() -> int:
    """FsBackend, signed publishing, the transparency log, snapshots and refresh from a bundle
    directory, as tests/python/test_lake.py and test_lake_bundles.py expect them natively."""
    checks = 0
    with tempfile.TemporaryDirectory() as tmp:
        # FsBackend: external u64 ids survive; every write bumps the manifest's generation counter.
        fs = rv.FsBackend("disk", os.path.join(tmp, "lake"))
        vectors = _rows(20, 8, 2)
        ids = [2**64 - 1, 2**63, *range(18)]
        fs.put_collection("articles", vectors, ids)
        got_ids, got_vectors, generation = fs.pull("articles")
        assert [int(i) for i in got_ids] == ids
        assert [[float(x) for x in row] for row in got_vectors] == _f32(vectors)
        fs.append("articles", vectors[:1], [99])
        fs.delete("articles", [99])
        assert fs.generation("articles") == int(generation) + 2  # two writes, two generations
        assert fs.list_collections() == ["articles"]
        assert fs.data_ref("articles").startswith("file://" + os.path.join(tmp, "lake", "articles") + "#")
        lake = rv.Lake()
        lake.register(fs)
        found, _ = lake.search("disk", "articles", vectors[:2], k=1)
        assert [int(row[0]) for row in found] == [2**64 - 1, 2**63]
        fs.append("articles", [[9.0] * 8], [1000])  # a write: the next Fresh search re-primes
        found, _ = lake.search("disk", "articles", [[9.0] * 8], k=1)
        assert int(found[0][0]) == 1000
        assert lake.stats()["primes"] == 2, lake.stats()
        _raises(rv.InvalidInput, lambda: fs.put_collection("../x", vectors, ids), "path separator")
        with open(os.path.join(tmp, "lake", "articles", "MANIFEST"), "wb") as f:
            f.write(b"RVLKMAN1 not really")
        _raises(rv.PersistError, lambda: fs.pull("articles"))
        checks += 1

        # Signed publishing: the entry goes to the log beside the bundles, the checkpoint is signed.
        signer = rv.witness.generate_signer_key("lake.example/bundles")
        verifier = rv.witness.verifier_key(signer)
        mem = rv.LocalBackend("mem")
        mem.put_collection("docs", _rows(300, 16, 1), [2**63 + i for i in range(300)])
        pub = rv.Lake()
        pub.register(mem)
        bundle = os.path.join(tmp, "b", "docs")
        assert pub.publish_bundle(("mem", "docs"), bundle, signer=signer) == os.path.join(bundle, "table.rulake.json")
        info = rv.witness.verify_bundle(bundle, [verifier])
        assert info.checkpoint is not None
        assert (info.checkpoint.size, info.checkpoint.origin, info.log_index) == (1, "lake.example/bundles", 0)
        assert info.content_witness.count == 300
        assert (info.dim, info.metric, info.bits, info.rotation_seed) == (16, "l2", 1, 42)
        assert info.rvf_witness == pub.witness_of("mem", "docs")
        log = rv.witness.TransparencyLog(os.path.join(tmp, "b", "transparency-log"))
        assert log.size == 1
        note = log.read_checkpoint()
        assert note is not None
        head = rv.witness.verify_checkpoint(note, [verifier])
        assert (head.size, head.root) == (1, log.root)
        rv.witness.verify_inclusion(log.leaf_hash_at(0), 0, 1, log.inclusion_proof(0), head.root)
        assert rv.witness.read_bundle(bundle).checkpoint is None  # read_bundle checks no signature
        stranger = rv.witness.verifier_key(rv.witness.generate_signer_key("lake.example/bundles"))
        _raises(rv.WitnessMismatch, lambda: rv.witness.verify_bundle(bundle, [stranger]))

        mem.append("docs", [[1.0] * 16], [7])
        pub.publish_bundle(("mem", "docs"), bundle, signer=signer)
        second = rv.witness.verify_bundle(bundle, verifier)
        assert second.checkpoint is not None
        assert second.checkpoint.size == 2
        log = rv.witness.TransparencyLog(os.path.join(tmp, "b", "transparency-log"))
        proof = log.consistency_proof(1, 2)
        rv.witness.verify_consistency(1, 2, proof, info.checkpoint.root, second.checkpoint.root)
        warm = rv.Lake("frozen")
        assert warm.warm_from_dir(("mem", "docs"), bundle, trusted_keys=[verifier]) == 301
        untrusting = rv.Lake("frozen")
        _raises(rv.WitnessMismatch, lambda: untrusting.warm_from_dir(("mem", "docs"), bundle, trusted_keys=[stranger]))
        unsigned = os.path.join(tmp, "plain")
        pub.save_cache_to_dir(("mem", "docs"), unsigned)
        _raises(rv.WitnessMismatch, lambda: rv.witness.verify_bundle(unsigned, [verifier]), "no transparency-log proof")
        # Python removes what the core wrote, then the core creates the same directories again (under
        # Pyodide the wasm module must not trust a cached view of directories Python changed: a stale
        # node made mkdir fail with EEXIST).
        shutil.rmtree(os.path.join(tmp, "b"))
        pub.publish_bundle(("mem", "docs"), bundle, signer=signer)
        fresh_log = rv.witness.verify_bundle(bundle, [verifier]).checkpoint
        assert fresh_log is not None
        assert fresh_log.size == 1  # a new log
        checks += 1

        # Snapshots: ids near 2**64 survive a warm restart; refresh_from_bundle_dir's four answers.
        big = [2**64 - 1 - 2 * i for i in range(200)]
        rows = _rows(200, 16, 13)
        local = rv.LocalBackend("mem")
        local.put_collection("docs", rows, big)
        cold = rv.Lake()
        cold.register(local)
        queries = _rows(5, 16, 14)
        before_ids, before_dists = cold.search("mem", "docs", queries, k=5)
        snap = os.path.join(tmp, "snap")
        assert cold.save_cache_to_dir(("mem", "docs"), snap).endswith("table.rulake.json")
        restarted = rv.Lake("frozen")
        assert restarted.warm_from_dir(("mem", "docs"), snap) == 200
        after_ids, after_dists = restarted.search("mem", "docs", queries, k=5)
        assert _ids(after_ids) == _ids(before_ids)
        assert [list(map(float, r)) for r in after_dists] == [list(map(float, r)) for r in before_dists]
        assert (restarted.stats()["primes"], restarted.stats()["warm_installs"]) == (0, 1)
        other_seed = rv.Lake(rotation_seed=1)
        _raises(rv.InvalidInput, lambda: other_seed.warm_from_dir(("mem", "docs"), snap), "rotation_seed 42")
        assert restarted.refresh_from_bundle_dir(("mem", "docs"), os.path.join(tmp, "nothing")) == "BUNDLE_MISSING"
        assert restarted.refresh_from_bundle_dir(("mem", "docs"), snap) == "UP_TO_DATE"
        assert rv.Lake().refresh_from_bundle_dir(("mem", "docs"), snap) == "NOT_CACHED"
        local.append("docs", rows[:1], [5])
        cold.publish_bundle(("mem", "docs"), os.path.join(tmp, "v2"))
        assert restarted.refresh_from_bundle_dir(("mem", "docs"), os.path.join(tmp, "v2")) == "INVALIDATED"
        assert restarted.witness_of("mem", "docs") is None
        checks += 1

        # A corrupt file: a flipped index byte is a WitnessMismatch for read_bundle and warm_from_dir,
        # and reads again once repaired; a missing file is a PersistError naming it.
        index = os.path.join(snap, "index.rvq")
        original = _flip_middle_byte(index)
        _raises(rv.WitnessMismatch, lambda: rv.witness.read_bundle(snap))
        _raises(rv.WitnessMismatch, lambda: rv.Lake().warm_from_dir(("mem", "docs"), snap))
        with open(index, "wb") as f:
            f.write(original)
        assert rv.witness.read_bundle(snap).content_witness.count == 200
        os.unlink(index)
        _raises(rv.PersistError, lambda: rv.witness.read_bundle(snap), "index.rvq")
        checks += 1
    return checks


def check_published_bundle(bundle_dir: str) -> int:
    """A signed bundle directory and its expected.json (the publisher's verifier key, queries, and the
    ids the publisher's lake returned): warm load, search, read_bundle and verify_bundle give the same
    answers here, and a key that did not sign it is refused. The committed tests/data/lake_bundle is
    signed natively; ``publish_signed_bundle`` writes one from whichever target runs it."""
    expected = _expected(bundle_dir)
    warm = rv.Lake("frozen")
    warm.register(rv.LocalBackend("remote"))
    assert warm.warm_from_dir(("remote", "docs"), bundle_dir, trusted_keys=[expected["verifier"]]) == expected["count"]
    got, _ = warm.search("remote", "docs", expected["queries"], k=expected["k"])
    assert [[str(i) for i in row] for row in _ids(got)] == expected["ids"]
    assert warm.witness_of("remote", "docs") == expected["witness"]
    assert warm.stats()["warm_installs"] == 1

    # The bundle was published with a signer: the same checks and answers as where it was signed.
    info = rv.witness.read_bundle(bundle_dir)
    assert info.rvf_witness == expected["witness"]
    assert info.content_witness.count == expected["count"]
    assert info.checkpoint is None  # read_bundle checks no signature
    verified = rv.witness.verify_bundle(bundle_dir, [expected["verifier"]])
    assert verified.checkpoint is not None
    assert verified.checkpoint.origin == expected["verifier"].split("+")[0]
    assert verified.checkpoint.size >= 1
    assert verified.log_index is not None
    assert verified.log_index < verified.checkpoint.size
    stranger = rv.witness.verifier_key(rv.witness.generate_signer_key(verified.checkpoint.origin))
    _raises(rv.WitnessMismatch, lambda: rv.witness.verify_bundle(bundle_dir, [stranger]))
    return 2


def publish_signed_bundle(out_dir: str) -> str:
    """Publishes a signed bundle (ids near 2^64, a fresh signer) to ``out_dir`` with an expected.json
    as tests/data/make_lake_bundle.py writes it, for ``check_published_bundle`` on another target
    (tests/pyodide/node.test.mjs: signed in Pyodide, checked natively). Returns the verifier key."""
    rows, dim, k = 240, 16, 4
    ids = [2**64 - 1 - 13 * i for i in range(rows)]
    backend = rv.LocalBackend("publisher")
    backend.put_collection("docs", _rows(rows, dim, 21), ids)
    lake = rv.Lake("fresh")
    lake.register(backend)
    signer = rv.witness.generate_signer_key("ruvector.test/pyodide-bundle")
    lake.publish_bundle(("publisher", "docs"), out_dir, signer=signer)
    queries = _f32(_rows(3, dim, 22))
    got, _ = lake.search("publisher", "docs", queries, k=k)
    verifier = rv.witness.verifier_key(signer)
    expected = {
        "k": k,
        "dim": dim,
        "count": rows,
        "witness": lake.witness_of("publisher", "docs"),
        "verifier": verifier,
        "queries": queries,
        "ids": [[str(i) for i in row] for row in _ids(got)],
    }
    with open(os.path.join(out_dir, "expected.json"), "w") as f:
        json.dump(expected, f)
    assert check_published_bundle(out_dir) == 2  # and where it was signed, first
    return verifier


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

    # The rows a LocalBackend holds, as the lake pulls them: u64 ids near 2^64 and float32 values.
    pulled_ids, pulled_rows, pulled_generation = local.pull("docs")
    assert [int(i) for i in pulled_ids] == big
    assert [[float(x) for x in row] for row in pulled_rows] == _f32(rows)
    assert int(pulled_generation) == int(local.generation("docs")) == 1
    checks += 1

    # Per-search budgets reach every target of a federated search: the lake's own rerank factor is 1
    # (only the estimator's top k get an exact distance); rerank_factor=n reranks every row exactly.
    n_fed = 200
    fed_rows, fed_ids = _f32(_rows(n_fed, dim, 31)), [2**64 - 1 - 3 * i for i in range(n_fed)]
    parts = rv.LocalBackend("parts")
    parts.put_collection("even", fed_rows[0::2], fed_ids[0::2])
    parts.put_collection("odd", fed_rows[1::2], fed_ids[1::2])
    thin = rv.Lake("fresh", rerank_factor=1)
    thin.register(parts)
    targets = [("parts", "even"), ("parts", "odd")]
    fed_queries = _f32(_rows(4, dim, 32))

    def nearest(q: list[float]) -> list[int]:
        squared = [sum((a - b) ** 2 for a, b in zip(row, q, strict=True)) for row in fed_rows]
        return [fed_ids[j] for j in sorted(range(n_fed), key=squared.__getitem__)[:5]]

    truth = [nearest(q) for q in fed_queries]
    exact, _, _ = thin.search_federated(targets, fed_queries, k=5, nprobe=64, rerank_factor=float(n_fed))
    assert _ids(exact) == truth, (_ids(exact), truth)
    _raises(
        rv.InvalidInput, lambda: thin.search_federated(targets, fed_queries, k=5, rerank_factor=0.5), "rerank_factor"
    )
    _raises(rv.InvalidInput, lambda: thin.search_federated(targets, fed_queries, k=5, nprobe=-2), "nprobe")
    checks += 1

    local.append("docs", [[9.0] * dim], [5])  # a write re-primes on the next (fresh) search
    got, _ = lake.search("mem", "docs", [9.0] * dim, k=1)
    assert _ids(got) == [[5]]
    try:
        lake.search("mem", "docs", [1.0, 2.0], k=1)
        raise AssertionError("a query of the wrong width was accepted")
    except rv.DimensionMismatch:
        pass
    half = [[1.0] * (dim // 2)] * 2  # as many floats as one row: refused by their width, not re-cut
    _raises(rv.DimensionMismatch, lambda: lake.search("mem", "docs", half, k=1), f"expected dim {dim}, got {dim // 2}")
    _raises(rv.DimensionMismatch, lambda: lake.search_federated([("mem", "docs")], half, k=1), f"got {dim // 2}")
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
        checks += check_published_bundle(bundle_dir)

    checks += check_files()

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

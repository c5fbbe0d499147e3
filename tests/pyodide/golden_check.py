"""The cross-target golden vectors (tests/data/golden_flat.json, and golden_embed.json and
golden_rabitq.json, which must sit next to it) checked through the `ruvector` Python package, without
numpy: it runs INSIDE Pyodide (tests/pyodide/node.test.mjs, browser.test.mjs), where numpy cannot be
loaded offline. It mirrors tests/python/test_golden.py case for case, and checks RabitqIndex's
Pyodide backend (same index bytes as native for the same seed, persistence on the Pyodide file
system, search_async without threads, Collection over a RabitqIndex).

Inside Pyodide:   import golden_check; golden_check.main("/path/golden_flat.json")  -> "N passed, 0 failed"
Natively (same checks through the native extension, ISA not checked):
    .venv/bin/python tests/pyodide/golden_check.py [tests/data/golden_flat.json]

main() returns the summary and raises AssertionError listing every failed check.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import sys
import tempfile
import zlib
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import ruvector as rv

try:
    import numpy as np
except ImportError:  # Pyodide offline: the case this script is for
    np = None  # type: ignore[assignment]

IN_PYODIDE = sys.platform == "emscripten"
TOLERANCE = 1e-4  # |got - want| <= 1e-4 * max(1, |want|), as in the golden file


def to_float(v: Any) -> float:
    """Golden JSON writes NaN/Inf as the strings "NaN"/"Infinity"/"-Infinity"; float() parses them."""
    return float(v)


def floats(rows: Any) -> Any:
    """A nested list of floats from a golden 1-D or 2-D value."""
    if rows and isinstance(rows[0], list):
        return [[to_float(v) for v in row] for row in rows]
    return [to_float(v) for v in rows]


def reshape(values: Any, dim: int) -> list[list[float]]:
    """The golden value as rows of `dim` floats (numpy's reshape(-1, dim) in the native test)."""
    flat: list[float] = []
    for item in values:
        flat.extend(floats(item) if isinstance(item, list) else [to_float(item)])
    return [flat[i : i + dim] for i in range(0, len(flat), dim)]


def as_lists(x: Any) -> Any:
    """Results are lists without numpy and numpy arrays with it (natively): compare them as lists."""
    return x.tolist() if hasattr(x, "tolist") else x


def check_close(got: Any, want: list[list[float]], what: str) -> None:
    got = as_lists(got)
    if not isinstance(got, list) or len(got) != len(want):
        rows = len(got) if isinstance(got, list) else type(got).__name__
        raise AssertionError(f"{what}: got {rows} rows, want {len(want)}")
    for r, (grow, wrow) in enumerate(zip(got, want, strict=True)):
        if len(grow) != len(wrow):
            raise AssertionError(f"{what}: row {r} has {len(grow)} columns, want {len(wrow)}")
        for c, (g, w) in enumerate(zip(grow, wrow, strict=True)):
            if not (abs(float(g) - w) <= TOLERANCE * max(1.0, abs(w))):
                raise AssertionError(f"{what}: [{r}][{c}] = {g}, want {w}")


def check_types(x: Any, kind: type, what: str) -> None:
    """Without numpy the backend returns list[list[int | float]]."""
    if hasattr(x, "tolist"):
        return  # numpy arrays (native run, or Pyodide with numpy loaded)
    if not isinstance(x, list) or not all(isinstance(row, list) for row in x):
        raise AssertionError(f"{what}: expected a list of lists, got {type(x).__name__}")
    bad = [v for row in x for v in row if type(v) is not kind]
    if bad:
        raise AssertionError(f"{what}: expected {kind.__name__} values, got {type(bad[0]).__name__}")


class Checker:
    def __init__(self) -> None:
        self.passed = 0
        self.failures: list[str] = []

    def check(self, name: str, fn: Callable[[], None]) -> None:
        try:
            fn()
        except Exception as exc:  # every failure is collected and reported at the end
            self.failures.append(f"{name}: {type(exc).__name__}: {exc}")
        else:
            self.passed += 1


def flat_case(case: dict[str, Any]) -> None:
    name = case["name"]
    vectors, queries = floats(case["vectors"]), floats(case["queries"])
    matrix = rv.distances(queries, vectors, case["metric"])
    check_types(matrix, float, f"{name} distances")
    check_close(matrix, case["distance_matrix"], f"{name} distances")

    index = rv.FlatIndex.build(vectors, ids=case["ids"], metric=case["metric"])
    ids, dists = index.search(queries, case["k"])
    check_types(ids, int, f"{name} ids")
    check_types(dists, float, f"{name} search distances")
    if as_lists(ids) != case["expected_ids"]:
        raise AssertionError(f"{name}: ids {as_lists(ids)}, want {case['expected_ids']}")
    check_close(dists, case["expected_distances"], f"{name} search distances")


def hamming_case(case: dict[str, Any]) -> None:
    got = rv.distances(case["a"], case["b"], "hamming")
    check_types(got, int, "hamming")
    if as_lists(got) != case["expected"]:
        raise AssertionError(f"hamming ({case['bytes']} bytes): got {as_lists(got)}, want {case['expected']}")


def run_error_case(case: dict[str, Any]) -> None:
    """The operation of tests/python/test_golden.py::_run_error_case, with lists instead of numpy."""
    index = rv.FlatIndex(case["dim"], case["metric"])
    op = case["op"]
    if op == "search":
        index.add([[0.5] * case["dim"]])
    if op in ("search", "search_empty"):
        index.search(floats(case["query"]), case.get("k", 1))
    elif op == "add":
        rows = reshape(case["vectors"], case["dim"])
        # numpy's reshape(-1, dim) keeps the width of an empty input; a list cannot, so natively (where
        # numpy is there) the empty case gets the (0, dim) array the native test passes.
        index.add(rows if rows or np is None else np.zeros((0, case["dim"]), dtype=np.float32))
    elif op == "add_ids":
        index.add(floats(case["vectors"]), ids=case["ids"])


def error_case(case: dict[str, Any]) -> None:
    try:
        run_error_case(case)
    except rv.RuVectorError as exc:
        if type(exc).__name__ != case["error"]:
            raise AssertionError(f"raised {type(exc).__name__}({exc}), want {case['error']}") from exc
        if not isinstance(exc, getattr(rv, case["error"])):
            raise AssertionError(f"{type(exc)} is not ruvector.{case['error']}") from exc
        if case["message_contains"] not in str(exc):
            raise AssertionError(f"message {str(exc)!r} lacks {case['message_contains']!r}") from exc
        return
    raise AssertionError(f"no error raised, want {case['error']}")


def isa_case() -> None:
    features = rv.cpu_features()
    want = "simd128" if IN_PYODIDE else features["isa"]
    if features["isa"] != want or not isinstance(features.get("available"), list):
        raise AssertionError(f"cpu_features() = {features}, want isa {want!r}")
    # The same keys on every target (the core's CpuFeatures::named(); the node suite checks JS's).
    flags = {"popcnt", "fma", "avx2", "avx512f", "avx512bw", "avx512vpopcntdq", "simd128"}
    if set(features) != {"isa", "available"} | flags or not all(isinstance(features[f], bool) for f in flags):
        raise AssertionError(f"cpu_features() keys {sorted(features)}, want isa, available and {sorted(flags)}")


def list_input_case() -> None:
    index = rv.FlatIndex.build([[0.0, 0.0], [1.0, 1.0]])
    ids, dists = index.search([0.9, 0.9], k=1)
    if as_lists(ids) != [[1]] or not math.isclose(as_lists(dists)[0][0], 0.02, rel_tol=1e-5):
        raise AssertionError(f"search of a list: ids {as_lists(ids)}, distances {as_lists(dists)}")


def index_api_case() -> None:
    """Ids above 2^53 survive the BigUint64Array round trip; remove/len/dim/metric/memory_bytes/repr."""
    big = 2**62 + 5  # > 2^53 (not a safe JS number), < 2^63 (numpy's list conversion natively)
    index = rv.FlatIndex(3, "ip")
    index.add([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]], ids=[10, 20, big])
    index.add([[1.0, 1.0, 1.0]])  # auto id continues after the largest
    ids, _ = index.search([0.0, 0.0, 1.0], k=2)
    assert as_lists(ids)[0][0] == big, as_lists(ids)
    auto, _ = index.search([1.0, 1.0, 1.0], k=1)
    assert as_lists(auto) == [[big + 1]], as_lists(auto)
    assert (len(index), index.dim, index.metric) == (4, 3, "ip"), (len(index), index.dim, index.metric)
    assert index.memory_bytes >= 4 * 3 * 4, index.memory_bytes
    assert index.remove([big + 1, 999]) == 1
    assert repr(index) == "FlatIndex(dim=3, metric='ip', size=3)", repr(index)


def expect_error(cls: type[Exception], fn: Callable[[], object], contains: str = "") -> None:
    try:
        fn()
    except cls as exc:
        if contains not in str(exc):
            raise AssertionError(f"{type(exc).__name__}({exc}) lacks {contains!r}") from exc
        return
    raise AssertionError(f"no {cls.__name__} raised")


def shape_errors_case() -> None:
    """A row of 2*dim values is a DimensionMismatch (not two rows); input errors are ValueErrors too."""
    index = rv.FlatIndex.build([[0.0, 1.0], [1.0, 0.0]])
    expect_error(rv.DimensionMismatch, lambda: index.search([[1.0, 2.0, 3.0, 4.0]], k=1), "expected dim 2, got 4")
    expect_error(rv.DimensionMismatch, lambda: index.search([1.0, 2.0, 3.0], k=1), "expected dim 2, got 3")
    expect_error(ValueError, lambda: index.search([1.0, 2.0], k=0), "k must be >= 1, got 0")
    expect_error(rv.InvalidInput, lambda: index.search([1.0, 2.0], k=0))
    expect_error(rv.DimensionMismatch, lambda: rv.distances([[1.0, 2.0]], [[1.0, 2.0, 3.0]]), "expected dim 2, got 3")
    expect_error(rv.InvalidInput, lambda: index.add([[1.0, 2.0]], ids=[-1]), "ids must be >= 0")
    assert len(index) == 2, len(index)


def embed_case(golden_path: str | Path) -> None:
    """HashEmbedder gives the bit-exact vectors of the independent reference (tests/data/
    make_golden_embed.py; inline here, plus golden_embed.json, which must sit next to the flat file),
    refuses a lone surrogate with the shared message, and Collection works without numpy."""
    inline = [
        (
            rv.HashEmbedder(16),
            "naïve café 🙂",
            [
                0.16222141683101654,
                -0.4866642653942108,
                -0.16222141683101654,
                0.0,
                0.16222141683101654,
                -0.4866642653942108,
                0.3244428336620331,
                0.16222141683101654,
                -0.16222141683101654,
                0.0,
                0.0,
                0.16222141683101654,
                -0.3244428336620331,
                -0.3244428336620331,
                -0.16222141683101654,
                -0.16222141683101654,
            ],
        ),
        (
            rv.HashEmbedder(8, ngram_range=(0, 0), seed=2**64 - 1),
            "Hello, World! hello",
            [0.0, 0.0, 0.4472135901451111, 0.8944271802902222, 0.0, 0.0, 0.0, 0.0],
        ),
    ]
    path = Path(golden_path).with_name("golden_embed.json")
    if not path.exists():
        raise AssertionError(f"{path} is missing: copy it next to golden_flat.json")
    for case in json.loads(path.read_text(encoding="utf-8"))["cases"]:
        ngrams = (case["ngram_min"], case["ngram_max"])
        inline.append(
            (rv.HashEmbedder(case["dim"], ngram_range=ngrams, seed=int(case["seed"])), case["text"], case["vector"])
        )
    for embedder, text, want in inline:
        got = as_lists(embedder.embed([text, "x"]))
        if len(got) != 2 or [float(v) for v in got[0]] != want:
            raise AssertionError(f"{embedder!r}.embed({text!r}) = {got[0]}, want exactly {want}")
    expect_error(
        rv.InvalidInput,
        lambda: rv.HashEmbedder().embed(["ok", "a\ud800b"]),
        "texts[1] is not valid UTF-8 (byte 0xED at offset 1)",
    )
    expect_error(rv.InvalidInput, lambda: rv.HashEmbedder(0), "dim must be between 1 and 1048576, got 0")

    col = rv.Collection()
    col.add(
        ["the cat sat on the mat", "stock markets fell sharply", "a recipe for apple pie"],
        metas=[{"kind": "pets"}, None, None],
    )
    hits = col.query("where did the cat sit", k=2)
    assert [h.id for h in hits] == [0, 1], hits
    assert hits[0].meta == {"kind": "pets"}, hits
    assert 1.0 >= hits[0].score > hits[1].score, hits
    batch = col.query(["apple pie", "markets"], k=1)
    assert [[h.id for h in row] for row in batch] == [[2], [1]], batch
    assert len(col) == 3, len(col)


def rabitq_case(golden: dict[str, Any], case: dict[str, Any]) -> None:
    """tests/cpp/test_golden_rabitq.cpp: the same seed gives the same index bytes (the CRC-32 trailer of
    serialize()) and ids; distances to 1e-5 relative, exactly for store 'none'."""
    name = case["name"]
    index = rv.RabitqIndex.build(
        floats(golden["vectors"]),
        metric=case["metric"],
        bits=case["bits"],
        store=case["store"],
        nlist=case["nlist"] or None,
        seed=golden["seed"],
        threads=1,
    )
    if index.nlist != case["nlist_built"]:
        raise AssertionError(f"{name}: nlist {index.nlist}, want {case['nlist_built']}")
    data = index.serialize()
    crc = int.from_bytes(data[-4:], "little")
    if crc != case["crc32"] or zlib.crc32(data[:-4]) != crc:
        raise AssertionError(f"{name}: index bytes differ: CRC-32 {crc}, want {case['crc32']}")
    ids, dists = index.search(floats(golden["queries"]), golden["k"])
    check_types(ids, int, f"{name} ids")
    check_types(dists, float, f"{name} distances")
    if as_lists(ids) != case["expected_ids"]:
        raise AssertionError(f"{name}: ids {as_lists(ids)}, want {case['expected_ids']}")
    exact = case["store"] == "none"
    for r, (grow, wrow) in enumerate(zip(as_lists(dists), case["expected_distances"], strict=True)):
        for c, (g, w) in enumerate(zip(grow, wrow, strict=True)):
            if not (float(g) == w if exact else abs(float(g) - w) <= 1e-5 * abs(w)):
                raise AssertionError(f"{name}: distances[{r}][{c}] = {g}, want {w}{' exactly' if exact else ''}")
    if rv.RabitqIndex.deserialize(data).serialize() != data:
        raise AssertionError(f"{name}: deserialize(serialize()) gives other bytes")


def rabitq_api_case(golden: dict[str, Any]) -> None:
    """RabitqIndex beyond the golden values: persistence, errors, progress, search_async, Collection."""
    vectors, queries = floats(golden["vectors"]), floats(golden["queries"])
    index = rv.RabitqIndex.build(vectors[:500], nlist=4, store="f16", bits=2, ids=[i * 2 for i in range(500)])
    assert (len(index), index.dim, index.metric, index.bits, index.store, index.nlist) == (500, 20, "l2", 2, "f16", 4)
    assert index.memory_bytes > 0, index.memory_bytes
    assert index.mapped_bytes == 0, index.mapped_bytes  # the core's figure: no mapping in wasm
    assert index.code_bytes_per_vector > 0, index.code_bytes_per_vector
    assert repr(index).startswith("RabitqIndex(dim=20, metric='l2', size=500, bits=2, nlist=4"), repr(index)

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "index.rvq")
        index.save(path)
        if os.listdir(tmp) != ["index.rvq"]:
            raise AssertionError(f"save left {os.listdir(tmp)}")
        for mmap in (False, True):
            loaded = rv.RabitqIndex.load(path, mmap=mmap)
            assert loaded.serialize() == index.serialize(), f"load(mmap={mmap}) gives other bytes"
            assert len(loaded) == 500, len(loaded)
        # The rules of the core's write_file_atomic (file_io.hpp): natively the core's own; in Pyodide,
        # whose file system the core cannot reach, the ring's writer keeps them.
        os.chmod(path, 0o600)
        index.save(path)
        assert os.stat(path).st_mode & 0o7777 == 0o600, oct(os.stat(path).st_mode)
        link = os.path.join(tmp, "current.rvq")
        os.symlink("index.rvq", link)
        small = rv.RabitqIndex.build(vectors[:30])
        small.save(link)
        assert os.path.islink(link), "save replaced the symlink instead of its target"
        assert len(rv.RabitqIndex.load(path)) == 30, "the file behind the link was not replaced"
        assert os.stat(path).st_mode & 0o7777 == 0o600, oct(os.stat(path).st_mode)
        assert sorted(os.listdir(tmp)) == ["current.rvq", "index.rvq"], os.listdir(tmp)
        dangling = os.path.join(tmp, "dangling.rvq")
        os.symlink("nowhere.rvq", dangling)
        expect_error(rv.PersistError, lambda: small.save(dangling), f"cannot follow the symlink '{dangling}': ")
        os.unlink(dangling)
        expect_error(rv.PersistError, lambda: rv.RabitqIndex.load(os.path.join(tmp, "missing")), "cannot open '")
        expect_error(rv.PersistError, lambda: index.save(os.path.join(tmp, "no", "dir", "x")), "cannot create '")
        with open(os.path.join(tmp, "junk"), "wb") as f:
            f.write(b"not an index")
        expect_error(rv.PersistError, lambda: rv.RabitqIndex.load(os.path.join(tmp, "junk")), "bad magic")
    data = index.serialize()
    expect_error(rv.PersistError, lambda: rv.RabitqIndex.deserialize(data[:-7]))
    expect_error(rv.PersistError, lambda: rv.RabitqIndex.deserialize(data[:8] + b"\x03" + data[9:]), "version 3")

    defaults = rv.RabitqIndex.defaults()  # the core's, through the JS SDK
    assert defaults["bits_range"] == [1, 8], defaults
    assert defaults["stores"] == ["f32", "f16", "none"], defaults
    plain = rv.RabitqIndex.build(vectors[:50])
    built = [plain.metric, plain.bits, plain.rerank_factor, plain.seed, plain.store]
    assert built == [defaults[name] for name in ("metric", "bits", "rerank_factor", "seed", "store")], built

    index.add([vectors[600]], ids=[1])
    index.add([vectors[601]])  # auto id after the largest (1000)
    ids, _ = index.search([vectors[601], vectors[600]], k=1, nprobe=4, rerank_factor=50)
    assert as_lists(ids) == [[999], [1]], as_lists(ids)
    assert index.remove([1, 999, 12345]) == 2
    expect_error(rv.DimensionMismatch, lambda: index.search([1.0, 2.0, 3.0], k=1), "expected dim 20, got 3")
    expect_error(ValueError, lambda: index.search(queries, k=0), "k must be >= 1, got 0")
    expect_error(rv.InvalidInput, lambda: index.search(queries, k=1, nprobe=-1), "nprobe must be in [1, 16777216]")
    expect_error(
        rv.InvalidInput,
        lambda: index.search(queries, k=10, rerank_factor=1e19),
        "rerank_factor must be in [1, 1000000] (or 0 for the index default), got 1e+19",
    )
    expect_error(rv.InvalidInput, lambda: index.add([vectors[0]], ids=[2]), "duplicate id 2")
    expect_error(rv.InvalidInput, lambda: rv.RabitqIndex.build(vectors, bits=9), "bits must be 1 (RaBitQ) or 2..8")
    expect_error(rv.InvalidInput, lambda: rv.RabitqIndex.build([[1.0, float("nan")]]), "NaN at row 0, column 1")
    expect_error(rv.InvalidInput, lambda: rv.RabitqIndex.build([]), "dim must be >= 1, got 0")  # a list has no width
    small = rv.RabitqIndex.build([[0.0, 1.0]])
    small.remove([0])
    expect_error(rv.EmptyIndex, lambda: small.search([0.0, 1.0], k=1), "search on an empty index")

    seen: list[tuple[str, float]] = []
    rv.RabitqIndex.build(vectors, nlist=300, progress=lambda stage, f: seen.append((stage, f)))
    assert {"train", "encode"} <= {stage for stage, _ in seen}, seen
    assert seen[-1] == ("encode", 1.0), seen

    class Stop(Exception):
        pass

    def stop(stage: str, fraction: float) -> None:
        raise Stop(stage)

    expect_error(Stop, lambda: rv.RabitqIndex.build(vectors, nlist=8, progress=stop))

    want = index.search(queries, k=3)
    if IN_PYODIDE:
        # No threads in Pyodide: the coroutine must finish without ever waiting.
        coro = index.search_async(queries, k=3)
        try:
            coro.send(None)
        except StopIteration as done:
            got = done.value
        else:
            coro.close()
            raise AssertionError("search_async awaited something in Pyodide")
    else:
        got = asyncio.run(index.search_async(queries, k=3))
    assert as_lists(got[0]) == as_lists(want[0]), (got, want)

    col = rv.Collection(index_factory=rv.RabitqIndex.build)
    col.add(["the cat sat on the mat", "stock markets fell sharply", "a recipe for apple pie"])
    col.add(["cats and mats"], ids=[10])
    hits = col.query("where did the cat sit", k=2)
    assert [h.id for h in hits][:1] == [0], hits
    assert len(hits) == 2, hits
    assert [h.id for h in col.query("apple pie recipe", k=1)] == [2]
    assert col.remove([10]) == 1
    assert len(col) == 3, len(col)


def rabitq_target_recall_case() -> None:
    """Calibration and target_recall (docs/calibration.md): the same table keys, defaults and error
    texts on every target."""
    defaults = rv.RabitqIndex.defaults()
    calibration_defaults = (defaults["target_recall"], defaults["calibrate"], defaults["calibrate_from"])
    assert calibration_defaults == (0.95, True, 20000), defaults
    small = rv.RabitqIndex.build([[float(i % 7), float(i % 11), float(i % 13)] for i in range(300)])
    assert small.calibration == [], small.calibration
    query = [[1.0, 2.0, 3.0]]
    expect_error(
        rv.InvalidInput, lambda: small.search(query, 3, target_recall=1.5), "target_recall must be in (0, 1], got 1.5"
    )
    expect_error(
        rv.InvalidInput,
        lambda: small.search(query, 3, target_recall=0.9),
        "target_recall needs the index's calibration table, and this index has none",
    )
    expect_error(
        rv.InvalidInput,
        lambda: rv.RabitqIndex.build(query, target_recall=0.0),
        "target_recall must be in (0, 1], got 0",
    )
    # 20,000 rows in 25 clusters of a 4-d grid: calibrated at build.
    rows = [
        [float(i % 5) * 4 + (i % 97) / 97, float(i // 5 % 5) * 4 + (i % 89) / 89, (i % 83) / 83, (i % 79) / 79]
        for i in range(20000)
    ]
    index = rv.RabitqIndex.build(rows)
    table = index.calibration
    assert table, "a build of 20,000 rows is calibrated"
    keys = {"nprobe", "rerank_factor", "recall", "recall_lower", "codes_scanned", "rows_reranked", "cost"}
    assert set(table[0]) == keys, table[0]
    reaching = [e for e in table if e["recall_lower"] >= 0.95]
    cheapest = min(reaching, key=lambda e: e["cost"])
    assert (index.nprobe, index.rerank_factor) == (cheapest["nprobe"], cheapest["rerank_factor"]), (
        index.nprobe,
        cheapest,
    )
    ids, _ = index.search(rows[:5], 10, target_recall=0.99)
    assert len(as_lists(ids)) == 5
    assert rv.RabitqIndex.deserialize(index.serialize()).calibration == table
    plain = rv.RabitqIndex.build(rows, calibrate=False)
    assert plain.calibration == [], plain.calibration
    assert (plain.nlist, plain.rerank_factor) == (index.nlist, defaults["rerank_factor"]), plain.rerank_factor


def main(golden_path: str | Path) -> str:
    golden = json.loads(Path(golden_path).read_text(encoding="utf-8"))
    checker = Checker()
    for case in golden["flat"]:
        checker.check(f"flat {case['name']}", partial(flat_case, case))
    for i, case in enumerate(golden["hamming"]):
        checker.check(f"hamming #{i} ({case['bytes']} bytes)", partial(hamming_case, case))
    for i, case in enumerate(golden["errors"]):
        checker.check(f"error #{i} {case['op']} -> {case['error']}", partial(error_case, case))
    checker.check("cpu_features isa", isa_case)
    checker.check("list input", list_input_case)
    checker.check("index api", index_api_case)
    checker.check("shape errors", shape_errors_case)
    checker.check("hash embedder and collection", partial(embed_case, golden_path))
    rabitq_path = Path(golden_path).with_name("golden_rabitq.json")
    if rabitq_path.exists():
        rabitq = json.loads(rabitq_path.read_text(encoding="utf-8"))
        for case in rabitq["cases"]:
            checker.check(f"rabitq {case['name']}", partial(rabitq_case, rabitq, case))
        checker.check("rabitq api", partial(rabitq_api_case, rabitq))
        checker.check("rabitq target_recall", rabitq_target_recall_case)
    else:
        checker.failures.append(f"{rabitq_path} is missing: copy it next to golden_flat.json")
    summary = f"{checker.passed} passed, {len(checker.failures)} failed"
    if checker.failures:
        raise AssertionError(summary + "\n" + "\n".join(checker.failures))
    return summary


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[1] / "data" / "golden_flat.json"
    print(main(sys.argv[1] if len(sys.argv) > 1 else default))

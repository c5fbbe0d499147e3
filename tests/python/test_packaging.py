"""Packaging basics: one version source (package.json) that the wheel's metadata,
``ruvector.__version__`` (compiled into the core) and the HTTP user agent (test_http_transport.py)
all report; the licence files and third-party notices travel inside the wheel."""

from __future__ import annotations

import importlib.metadata
import json
import shutil
import subprocess
from pathlib import Path

import ruvector

ROOT = Path(__file__).resolve().parents[2]


def test_every_artefact_reports_the_package_json_version() -> None:
    expected = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["version"]
    assert ruvector.__version__ == expected
    assert importlib.metadata.version("ruvector") == expected


def test_the_wheel_carries_the_licences_and_notices() -> None:
    dist = importlib.metadata.distribution("ruvector")
    names = {Path(str(f)).name for f in dist.files or [] if ".dist-info" in str(f)}
    assert {"LICENSE", "LICENSE-MIT", "LICENSE-APACHE", "THIRD_PARTY_NOTICES.md"} <= names
    assert dist.metadata["License-Expression"] == "MIT OR Apache-2.0"


def test_the_notices_name_every_vendored_source() -> None:
    # Every source package committed under vendor/ (and compiled by CMake) has a section.
    lines = (ROOT / "vendor" / "VERSIONS").read_text(encoding="utf-8").splitlines()
    vendored = {line.split()[0] for line in lines if line and not line.startswith("#")}
    assert {"libsodium", "mbedtls", "utf8proc"} <= vendored
    notices = (ROOT / "THIRD_PARTY_NOTICES.md").read_text(encoding="utf-8").lower()
    headings = [line for line in notices.splitlines() if line.startswith("## ")]
    for name in vendored:
        spelled = {"mbedtls": "mbed tls"}.get(name, name)
        assert any(spelled in h for h in headings), f"THIRD_PARTY_NOTICES.md has no section for {name}"


def test_the_ray_extra_installs_the_ray_the_tests_run_against() -> None:
    # `pip install ruvector[ray]` must bring the Ray that test_ray_sharded_lake.py ran against: the
    # wheel's extra, the pin scripts/bootstrap installs (requirements-dev.txt) and this venv agree.
    from packaging.requirements import Requirement

    requires = [Requirement(r) for r in importlib.metadata.requires("ruvector") or []]
    ray_extra = [r for r in requires if r.name == "ray" and r.marker and r.marker.evaluate({"extra": "ray"})]
    assert len(ray_extra) == 1, f"the wheel declares no single ray extra: {requires}"
    dev_pins = [
        line.strip()
        for line in (ROOT / "requirements-dev.txt").read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("ray==")
    ]
    assert dev_pins == [f"ray{ray_extra[0].specifier}"]
    assert importlib.metadata.version("ray") in ray_extra[0].specifier


def test_the_extensions_export_only_their_python_entry_points() -> None:
    # libc++, Boost and nanobind are linked into each module; exported, they could bind to another
    # extension's copies in the same process (native/python/extension.map keeps them private).
    nm = shutil.which("nm")
    assert nm is not None, "binutils' nm is needed to read the extensions' dynamic symbols"
    modules = sorted(Path(ruvector.__file__).parent.glob("_*.so"))
    assert modules, "no compiled extension next to ruvector/__init__.py"
    for module in modules:
        listing = subprocess.run(
            [nm, "-D", "--defined-only", str(module)], check=True, capture_output=True, text=True
        ).stdout
        exported = [line.split()[-1] for line in listing.splitlines() if line.strip()]
        assert exported, f"{module.name}: nm listed no symbols"
        assert all(name.startswith("PyInit_") for name in exported), (
            f"{module.name} exports {len(exported)} symbols, e.g. "
            f"{[n for n in exported if not n.startswith('PyInit_')][:5]}"
        )

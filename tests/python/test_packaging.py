"""Packaging basics: one version source (package.json) that the wheel's metadata,
``ruvector.__version__`` (compiled into the core) and the HTTP user agent (test_http_transport.py)
all report; the licence files and third-party notices travel inside the wheel."""

from __future__ import annotations

import importlib.metadata
import json
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

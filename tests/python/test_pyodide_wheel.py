"""The Pyodide wheel (scripts/build_pyodide_wheel.py) is tagged for Pyodide's ABI, so pip on any other
platform never installs it in place of the native wheel, and the tag matches the Pyodide the project
pins (npm ``pyodide``, whose pyodide-lock.json states its ABI)."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

from packaging.tags import sys_tags
from packaging.utils import parse_wheel_filename

ROOT = Path(__file__).resolve().parents[2]


def build(out_dir: Path) -> Path:
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_pyodide_wheel.py"), "--out-dir", str(out_dir)],
        check=True,
        capture_output=True,
    )
    (wheel,) = out_dir.glob("*.whl")
    return wheel


def test_the_tag_is_the_pinned_pyodide_abi_and_never_any(tmp_path: Path) -> None:
    wheel = build(tmp_path)
    name, version, _build, tags = parse_wheel_filename(wheel.name)
    lock = json.loads((ROOT / "node_modules" / "pyodide" / "pyodide-lock.json").read_text(encoding="utf-8"))
    assert lock["info"]["arch"] == "wasm32"
    assert {t.platform for t in tags} == {f"pyodide_{lock['info']['abi_version']}_wasm32"}
    assert str(name) == "ruvector"
    assert str(version) == json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["version"]
    with zipfile.ZipFile(wheel) as zf:
        wheel_file = zf.read(f"ruvector-{version}.dist-info/WHEEL").decode()
    assert f"Tag: {next(iter(tags))}" in wheel_file.splitlines()


def test_pip_on_this_platform_cannot_pick_it(tmp_path: Path) -> None:
    wheel = build(tmp_path)
    _name, _version, _build, tags = parse_wheel_filename(wheel.name)
    assert not tags & set(sys_tags())
    refused = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--no-deps", "--no-index", str(wheel)],
        capture_output=True,
        text=True,
    )
    assert refused.returncode != 0
    assert "is not a supported wheel on this platform" in refused.stderr

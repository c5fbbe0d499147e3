"""Builds ruvector's wheel for Pyodide: web/pyodide/ruvector-<version>-py3-none-pyodide_2026_0_wasm32.whl.

In Pyodide the package calls the wasm module of the JS SDK (ruvector/_pyodide_backend.py) instead of
the native extension, so the wheel holds only the package's .py/.pyi files and py.typed. It ships
inside the npm package (next to web/pyodide/loader.mjs, which installs it offline with
``pyodide.unpackArchive``). numpy is an optional extra: Pyodide can only load it from its CDN.

The platform tag is Pyodide's ABI (PEP 783: ``pyodide_<abi_version>_wasm32``), never ``any``: the files
are pure Python, but they only work against the SDK's wasm module, so pip on any other platform must
never pick this wheel instead of the native one. ``2026_0`` is the ``abi_version`` of the Pyodide the
project pins (npm ``pyodide`` 314.0.x, CPython 3.14; see its pyodide-lock.json); the tests check that
the two agree.

Stdlib only. The output is byte-for-byte reproducible: sorted entries, fixed timestamps and modes.

Run: .venv/bin/python scripts/build_pyodide_wheel.py [--out-dir web/pyodide] [--package-dir native/python/ruvector]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "ruvector"
PYODIDE_ABI = "2026_0"
TAG = f"py3-none-pyodide_{PYODIDE_ABI}_wasm32"
# 1980-01-01, the earliest time a zip entry can hold: the wheel does not depend on file mtimes.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
INCLUDE_SUFFIXES = (".py", ".pyi")
INCLUDE_NAMES = ("py.typed",)


def read_project(pyproject: Path) -> dict[str, Any]:
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    project: dict[str, Any] = data["project"]
    if project.get("name") != PACKAGE:
        raise SystemExit(f"{pyproject}: expected project name {PACKAGE!r}, got {project.get('name')!r}")
    return project


def package_files(package_dir: Path) -> list[Path]:
    """The package's source files, sorted; compiled extensions (_core*.so) and caches are left out."""
    files = [
        p
        for p in package_dir.rglob("*")
        if p.is_file()
        and "__pycache__" not in p.relative_to(package_dir).parts
        and (p.suffix in INCLUDE_SUFFIXES or p.name in INCLUDE_NAMES)
    ]
    if not (package_dir / "__init__.py").is_file() or not (package_dir / "_pyodide_backend.py").is_file():
        raise SystemExit(f"{package_dir}: not the ruvector package (need __init__.py and _pyodide_backend.py)")
    return sorted(files, key=lambda p: p.relative_to(package_dir).as_posix())


def package_version(package_json: Path) -> str:
    """The one version source of every artefact (see src/ruvector/core/version.hpp)."""
    version = json.loads(package_json.read_text(encoding="utf-8")).get("version")
    if not isinstance(version, str) or not version:
        raise SystemExit(f"{package_json}: no version")
    return version


def metadata(project: dict[str, Any], readme: Path | None) -> bytes:
    lines = [
        "Metadata-Version: 2.4",
        f"Name: {project['name']}",
        f"Version: {project['version']}",
    ]
    if "description" in project:
        lines.append(f"Summary: {project['description']}")
    if "license" in project and isinstance(project["license"], str):
        lines.append(f"License-Expression: {project['license']}")
    lines += [f"Classifier: {c}" for c in project.get("classifiers", [])]
    if "requires-python" in project:
        lines.append(f"Requires-Python: {project['requires-python']}")
    # numpy is optional in Pyodide (results are lists without it), so it is an extra, not a requirement.
    lines.append("Provides-Extra: numpy")
    lines += [f'Requires-Dist: {dep}; extra == "numpy"' for dep in project.get("dependencies", [])]
    text = "\n".join(lines) + "\n"
    if readme is not None and readme.is_file():
        text += "Description-Content-Type: text/markdown\n\n" + readme.read_text(encoding="utf-8")
    return text.encode("utf-8")


def wheel_file() -> bytes:
    return (
        f"Wheel-Version: 1.0\nGenerator: ruvector scripts/build_pyodide_wheel.py\nRoot-Is-Purelib: true\nTag: {TAG}\n"
    ).encode()


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
    return f"{name},sha256={digest},{len(data)}"


def write_entry(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (0o100644 & 0xFFFF) << 16  # regular file, rw-r--r--
    info.create_system = 3  # Unix, so the mode above is honoured
    zf.writestr(info, data, compresslevel=9)


def build(package_dir: Path, out_dir: Path, pyproject: Path) -> Path:
    project = read_project(pyproject)
    name, version = str(project["name"]), package_version(pyproject.parent / "package.json")
    project = {**project, "version": version}
    readme_name = project.get("readme")
    readme = pyproject.parent / readme_name if isinstance(readme_name, str) else None

    entries: list[tuple[str, bytes]] = [
        (f"{PACKAGE}/{p.relative_to(package_dir).as_posix()}", p.read_bytes()) for p in package_files(package_dir)
    ]
    dist_info = f"{name}-{version}.dist-info"
    entries.append((f"{dist_info}/METADATA", metadata(project, readme)))
    entries.append((f"{dist_info}/WHEEL", wheel_file()))
    record = "".join(record_line(n, d) + "\n" for n, d in entries) + f"{dist_info}/RECORD,,\n"
    entries.append((f"{dist_info}/RECORD", record.encode()))

    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{name}-{version}-{TAG}.whl"
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")  # concurrent builds do not collide
    with zipfile.ZipFile(partial, "w") as zf:
        for entry_name, data in entries:
            write_entry(zf, entry_name, data)
    partial.replace(target)  # never leave a truncated wheel under the final name
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=ROOT / "web" / "pyodide",
        help="where to write the wheel (default: web/pyodide, the copy the npm package ships)",
    )
    parser.add_argument(
        "--package-dir", type=Path, default=ROOT / "native" / "python" / PACKAGE, help="the ruvector package sources"
    )
    parser.add_argument(
        "--pyproject",
        type=Path,
        default=ROOT / "pyproject.toml",
        help="name source (the version is read from package.json beside it)",
    )
    args = parser.parse_args(argv)
    target = build(args.package_dir.resolve(), args.out_dir.resolve(), args.pyproject.resolve())
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    print(f"wrote {target} ({target.stat().st_size} bytes, sha256 {digest})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Runs clang-tidy on files, skipping those whose clean result is cached (scripts/lint).

clang-tidy takes minutes on src/ and says the same thing as long as nothing it reads changes. A clean
result (exit 0) is remembered under a key that covers everything the result depends on:

  - clang-tidy's version (its own headers and checks come with it) and these options;
  - every .clang-tidy from the file's directory up to the checkout root (their content);
  - the file's path in the checkout and its compile flags (checkout paths made relative);
  - the path and content of every file the compiler reads for it (its `-M` dependency list: the
    file, our headers, Boost, libstdc++, libc ...), listed afresh on each run.

Any change to one of them is a miss and the file is analysed again; a failing result is never
cached. The cache lives outside the checkout ($RUVECTOR_TIDY_CACHE, else ~/.cache/ruvector-clang-tidy)
like ccache's, so clones and worktrees share it.

  clang_tidy_cached.py --clang-tidy BIN -p BUILD_DIR [--extra-arg A]... FILE...
  clang_tidy_cached.py --clang-tidy BIN --deps-compiler CXX FILE... -- FLAGS...   (no database)
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import json
import os
import shlex
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def content_hash(path: str, memo: dict[str, str], lock: threading.Lock) -> str:
    with lock:
        if path in memo:
            return memo[path]
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    with lock:
        memo[path] = digest
    return digest


def relative(text: str) -> str:
    """A checkout path as a path relative to the checkout (so clones share cache entries)."""
    return text.replace(str(ROOT) + "/", "").replace(str(ROOT), ".")


def compile_flags(entry: dict[str, str]) -> list[str]:
    """The flags of a compile database entry, without compiler, source, output and depfile."""
    args = shlex.split(entry["command"]) if "command" in entry else list(entry["arguments"])
    flags, skip = [], False
    for arg in args[1:]:
        if skip:
            skip = False
        elif arg in ("-o", "-MT", "-MF", "-MQ"):
            skip = True
        elif arg not in ("-c", "-MD", "-MMD") and arg != entry["file"]:
            flags.append(arg)
    return flags


def dependencies(compiler: str, flags: list[str], source: str, cwd: str) -> list[str]:
    """Every file the compiler reads for `source` (make-style `-M` output, parsed)."""
    out = subprocess.run([compiler, *flags, "-M", source], cwd=cwd, check=True, capture_output=True, text=True).stdout
    tokens = out.replace("\\\n", " ").split()
    return list({os.path.normpath(os.path.join(cwd, t)) for t in tokens[1:]})  # [0] is "x.o:"


def configs(source: Path) -> list[str]:
    found, directory = [], source.parent
    while True:
        candidate = directory / ".clang-tidy"
        if candidate.is_file():
            found.append(f"{relative(str(candidate))}:{hashlib.sha256(candidate.read_bytes()).hexdigest()}")
        if directory == ROOT or directory == directory.parent:
            return found
        directory = directory.parent


def main() -> int:
    argv = sys.argv[1:]
    explicit = argv[argv.index("--") + 1 :] if "--" in argv else None
    if explicit is not None:
        argv = argv[: argv.index("--")]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clang-tidy", required=True)
    parser.add_argument("-p", dest="build_dir")
    parser.add_argument("--deps-compiler", default="clang++-14")
    parser.add_argument("--extra-arg", action="append", default=[])
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    if (args.build_dir is None) == (explicit is None):
        parser.error("give either -p BUILD_DIR or -- FLAGS")

    cache = Path(
        os.environ.get("RUVECTOR_TIDY_CACHE")
        or Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "ruvector-clang-tidy"
    )
    cache.mkdir(parents=True, exist_ok=True)
    version = subprocess.run([args.clang_tidy, "--version"], check=True, capture_output=True, text=True).stdout
    database: dict[str, dict[str, str]] = {}
    if args.build_dir:
        for entry in json.loads((Path(args.build_dir) / "compile_commands.json").read_text()):
            database[os.path.normpath(os.path.join(entry["directory"], entry["file"]))] = entry
    options = ["--quiet", *(f"--extra-arg={a}" for a in args.extra_arg)]
    memo: dict[str, str] = {}
    lock = threading.Lock()

    def check(name: str) -> tuple[str, bool, bool, str]:
        source = Path(name).resolve()
        if explicit is not None:
            compiler, flags, cwd = args.deps_compiler, explicit, str(ROOT)
            command = [args.clang_tidy, *options, name, "--", *explicit]
        else:
            entry = database[str(source)]
            compiler = (shlex.split(entry["command"]) if "command" in entry else entry["arguments"])[0]
            flags, cwd = compile_flags(entry), entry["directory"]
            command = [args.clang_tidy, *options, "-p", args.build_dir, name]
        try:
            deps = dependencies(compiler, flags, str(source), cwd)
        except subprocess.CalledProcessError:  # no key without the list: analyse, cache nothing
            result = subprocess.run(command, capture_output=True, text=True)
            return name, result.returncode == 0, False, result.stdout + result.stderr
        key = hashlib.sha256(
            json.dumps(
                {
                    "version": version,
                    "options": options,
                    "mode": "explicit" if explicit else "database",
                    "configs": configs(source),
                    "file": relative(str(source)),
                    "flags": [relative(f) for f in flags],
                    "compiler": Path(compiler).name,
                    "deps": sorted(
                        (relative(d), content_hash(d, memo, lock)) for d in deps
                    ),  # relative paths sort alike in every checkout
                }
            ).encode()
        ).hexdigest()
        entry_path = cache / key[:2] / key
        if entry_path.is_file():
            return name, True, True, entry_path.read_text()
        result = subprocess.run(command, capture_output=True, text=True)
        output = result.stdout + result.stderr
        if result.returncode == 0:
            entry_path.parent.mkdir(exist_ok=True)
            temporary = entry_path.with_suffix(f".{os.getpid()}.{threading.get_ident()}")
            temporary.write_text(output)
            temporary.replace(entry_path)
        return name, result.returncode == 0, False, output

    failed, cached = [], 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for name, ok, hit, output in pool.map(check, args.files):
            sys.stdout.write(output)
            cached += hit
            if not ok:
                failed.append(name)
    print(
        f"clang-tidy: {len(args.files)} files, {cached} clean by cache ({cache}), "
        f"{len(args.files) - cached} analysed, {len(failed)} failed{': ' if failed else ''}{' '.join(failed)}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

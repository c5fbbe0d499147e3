"""The text encoder's CPU time per stage at batch 1 and 32, fp32 and INT8, as a Markdown table
(bench/results/text-encoder-profile.{json,md}), from the developer tool bench/text_encoder_profile.cpp.

    .venv/bin/python bench/text_encoder_profile.py --driver /tmp/text_encoder_profile [-n 256] [--passes 5]

Texts: the first n short Debian package descriptions (bench/debian_corpus.py), the same texts as
bench/embed_bench.py. Each configuration runs in its own process pinned to one thread; the figures are
the best pass's CPU time per text (a loaded machine inflates CPU time less than wall time).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
from pathlib import Path

from debian_corpus import minilm_dir, short_descriptions


def run(driver: Path, texts: Path, fmt: str, batch: int, passes: int) -> dict[str, float]:
    out = subprocess.run(
        [str(driver), str(minilm_dir()), str(texts), fmt, str(batch), str(passes)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {name: float(ms) for name, ms in (line.split("\t") for line in out.splitlines())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--driver", type=Path, required=True, help="built bench/text_encoder_profile.cpp")
    parser.add_argument("-n", type=int, default=256, help="number of texts")
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results"))
    parser.add_argument(
        "--baseline",
        type=Path,
        help="the same tool built with -DRV_TOTAL_ONLY against an older core: its totals, run interleaved, as A/B",
    )
    parser.add_argument("--baseline-name", default="baseline", help="what the baseline build is (for the table)")
    args = parser.parse_args()
    items = short_descriptions(args.n)
    with tempfile.TemporaryDirectory() as tmp:
        texts = Path(tmp) / "texts.txt"
        texts.write_text("".join(t.replace("\n", " ") + "\n" for t in items))
        configs = [(fmt, batch) for fmt in ("fp32", "int8") for batch in (1, 32)]
        runs: dict[str, dict[str, float]] = {}
        baseline: dict[str, float] = {}
        for fmt, batch in configs:
            key = f"{fmt} batch {batch}"
            # Interleaved rounds (baseline, this build, baseline, this build): load drifts hit both.
            for _ in range(2 if args.baseline else 1):
                if args.baseline:
                    total = run(args.baseline, texts, fmt, batch, args.passes)["total"]
                    baseline[key] = min(baseline.get(key, total), total)
                r = run(args.driver, texts, fmt, batch, args.passes)
                if key not in runs or r["total"] < runs[key]["total"]:
                    runs[key] = r
    load = os.getloadavg()[0]
    result = {
        "texts": len(items),
        "passes": args.passes,
        "load_average": load,
        "ms_per_text": runs,
        "baseline": {"name": args.baseline_name, "total_ms_per_text": baseline} if baseline else None,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "text-encoder-profile.json").write_text(json.dumps(result, indent=2) + "\n")
    names = [n for n in next(iter(runs.values())) if n != "total"]
    head = "| stage | " + " | ".join(f"{k} ms/text | %" for k in runs) + " |"
    lines = [
        "# Text encoder: CPU time per stage",
        "",
        f"all-MiniLM-L6-v2, the first {len(items)} short Debian descriptions, one thread, best of "
        f"{args.passes} passes, CPU time per text (`clock()` laps inside TextEncoder::embed / BertModel::forward, "
        f"summed over the 6 layers). Load average after the run: {load:.1f} on {os.cpu_count()} CPUs.",
        "Command: build bench/text_encoder_profile.cpp (see its header), then "
        f"`.venv/bin/python bench/text_encoder_profile.py --driver /tmp/text_encoder_profile -n {len(items)}"
        + (" --baseline <older build>" if baseline else "")
        + "`.",
        "",
        head,
        "|---|" + "---|---|" * len(runs),
    ]
    for name in [*names, "total"]:
        cells = []
        for r in runs.values():
            share = 100 * r[name] / r["total"]
            cells.append(f"{r[name]:.3f} | {share:.1f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    if baseline:
        lines += [
            "",
            f"A/B against {args.baseline_name} (same texts, runs interleaved, best of each):",
            "",
            "| configuration | before ms/text | after ms/text | speed-up |",
            "|---|---|---|---|",
        ]
        for key, before in baseline.items():
            after = runs[key]["total"]
            lines.append(f"| {key} | {before:.3f} | {after:.3f} | {before / after:.2f}x |")
    (args.out / "text-encoder-profile.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

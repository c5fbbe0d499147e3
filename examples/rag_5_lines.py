"""RAG retrieval over 1,000,000 vectors in four lines of user code (the block marked below).

Run: .venv/bin/python examples/rag_5_lines.py [n]    (n defaults to 1,000,000; the tests use 20,000)
"""

from __future__ import annotations

import sys
import time

import numpy as np

import ruvector as rv

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
rng = np.random.default_rng(0)  # stand-in for document embeddings: 1,000 topics, 384 dims
topics = rng.normal(0, 1, (1000, 384)).astype(np.float32)
embeddings = topics[rng.integers(0, 1000, n)] + rng.normal(0, 0.5, (n, 384)).astype(np.float32)
question = embeddings[:3] + np.float32(0.05)

t0 = time.perf_counter()
# ---- user code --------------------------------------------------------------------------------
index = rv.RabitqIndex.build(embeddings, metric="cosine", progress=True)
t1 = time.perf_counter()
ids, distances = index.search(question, k=5)
print(f"build {t1 - t0:.1f} s, query {(time.perf_counter() - t1) * 1e3:.2f} ms for 3 questions: {ids.tolist()}")
# -----------------------------------------------------------------------------------------------
assert all(int(ids[q, 0]) == q for q in range(3)), "each question should retrieve its own document first"

"""Run by scripts/sdist_check inside the fresh venv where the sdist was installed with the system's
Boost, libsodium and libcurl headers hidden: what a search-only user gets must work, with each
vendored library exercised (Ed25519 = libsodium, P-256 = mbedtls, tokenizer = utf8proc, JSON =
Boost), and the HTTP transport, built from the vendored libcurl and Mbed TLS, must fetch from a
local server.

argv: the repository root (for tests/data) and the all-MiniLM-L6-v2 model directory."""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

import numpy as np

import ruvector as rv


def check_search() -> None:
    rng = np.random.default_rng(7)
    data = rng.normal(size=(2000, 64)).astype(np.float32)
    queries = data[:50] + 0.01 * rng.normal(size=(50, 64)).astype(np.float32)
    ids, _ = rv.RabitqIndex.build(data).search(queries, k=1)
    hits = int((ids[:, 0] == np.arange(50)).sum())
    assert hits >= 48, f"RabitqIndex found {hits}/50 near-duplicates"
    flat_ids, _ = rv.FlatIndex.build(data).search(queries, k=1)
    assert flat_ids[:, 0].tolist() == list(range(50))


def check_signatures(root: Path) -> None:
    manifest = json.loads((root / "tests/data/a2a_cards/manifest.json").read_text(encoding="utf-8"))
    algs = set()
    for case in manifest["cases"]:
        card = (root / "tests/data/a2a_cards" / case["file"]).read_text(encoding="utf-8")
        if case["expect"] == "ok":
            result = rv.verify_card(card, case["keys"], require_signature=case["require_signature"])
            assert (result["verified"], result["kid"], result["alg"]) == (case["verified"], case["kid"], case["alg"])
            algs.add(result["alg"])
        else:
            try:
                rv.verify_card(card, case["keys"], require_signature=case["require_signature"])
            except rv.RuVectorError:
                continue
            raise AssertionError(f"card case {case['name']} verified but must not")
    assert {"EdDSA", "ES256"} <= algs, algs
    key = rv.witness.generate_signer_key("sdist-check")
    note = rv.witness.sign_checkpoint(key, "sdist-check", 1, bytes(32))
    assert rv.witness.verify_checkpoint(note, [rv.witness.verifier_key(key)]).size == 1


def check_tokenizer(root: Path, model_dir: Path) -> None:
    golden = json.loads((root / "tests/data/golden_embed_minilm.json").read_text(encoding="utf-8"))
    encoder = rv.TextEncoder.load(model_dir)
    for case in golden["cases"]:
        assert encoder.tokenize(case["text"]) == case["ids"], case["text"]


def check_http() -> None:
    """The sdist carries libcurl: the transport is built although the system's headers were hidden."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from ruvector._transport import HttpTransport

    class Hello(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"hello from " + self.path.encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hello)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        response = HttpTransport().request_sync("GET", f"http://127.0.0.1:{server.server_port}/sdist")
    finally:
        server.shutdown()
    assert (response.status, response.body) == (200, b"hello from /sdist"), response
    print("  HTTP transport (vendored libcurl): GET ok")


def main() -> int:
    root, model_dir = Path(sys.argv[1]), Path(sys.argv[2])
    assert not Path(rv.__file__).is_relative_to(root), f"imported the checkout, not the install: {rv.__file__}"
    check_search()
    check_signatures(root)
    check_tokenizer(root, model_dir)
    check_http()
    print(f"  installed ruvector {rv.__version__} ({rv.cpu_features()['isa']}): search, signatures, tokenizer ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Stream a task from an Agent2Agent (A2A) agent: discover its card, check the card's signature if
you pass trusted keys, send a message and print the task's updates as they arrive.

Run against any A2A agent (protocol 1.0 or 0.3):
    .venv/bin/python examples/a2a_stream.py http://127.0.0.1:8000 "count 5"
    .venv/bin/python examples/a2a_stream.py http://127.0.0.1:8000 "count 5" --jwks agent-keys.json

A local test agent: `node tests/a2a_peers/js_peer.mjs` prints its URL (and `--sign ed25519 --jwks-out
keys.json` signs its card).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

import ruvector as rv


async def main(url: str, text: str, keys: dict[str, object] | None) -> int:
    async with rv.A2AClient.connect(url, trusted_keys=keys, require_signature=keys is not None) as client:
        trust = f"signed by {client.card_key_id}" if client.card_verified else "card not signature-checked"
        print(f"agent {client.name!r} speaks A2A {client.protocol_version} at {client.endpoint} ({trust})")
        started = time.perf_counter()
        count = 0
        async for event in client.stream(text):
            count += 1
            elapsed_ms = (time.perf_counter() - started) * 1000
            state = f" [{event.state}]" if event.state else ""
            print(f"{elapsed_ms:8.1f} ms  {event.kind:<16}{state} {event.text}")
            if event.final:
                print(f"task {event.task_id} ended {event.state or 'with a message'} after {count} events")
        return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url", help="the agent's base URL (its card is at /.well-known/agent-card.json)")
    parser.add_argument("text", nargs="?", default="count 5", help="the message to send")
    parser.add_argument("--jwks", help="a JWKS file with the keys the card must be signed with")
    args = parser.parse_args()
    keys = json.loads(Path(args.jwks).read_text()) if args.jwks else None
    sys.exit(asyncio.run(main(args.url, args.text, keys)))

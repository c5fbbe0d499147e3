"""The native HTTP transport is a build option (RUVECTOR_HTTP, on by default): a copy compiled
without it (no ruvector._http) still imports, searches and embeds, and A2AClient / HttpBundleBackend
say how to get the transport back instead of failing on import. Simulated in a fresh interpreter by
making ``ruvector._http`` unimportable, which is what a RUVECTOR_HTTP=OFF build leaves out."""

from __future__ import annotations

import subprocess
import sys

WITHOUT_HTTP = """
import sys
sys.modules["ruvector._http"] = None  # import ruvector._http raises ImportError, as without the option
import asyncio
import ruvector as rv

index = rv.RabitqIndex.build([[float(i), float(i % 7)] for i in range(300)])
assert index.search([3.0, 3.0], k=1)[0][0, 0] == 3
assert rv.HashEmbedder(dim=16).embed(["text"]).shape == (1, 16)
async def connect() -> None:
    await rv.A2AClient.connect("http://127.0.0.1:9/")

try:
    asyncio.run(connect())
except rv.TransportError as exc:
    print(exc)
else:
    raise AssertionError("A2AClient.connect worked without the HTTP transport")
"""


def test_without_the_http_transport_search_works_and_a2a_says_how_to_enable_it() -> None:
    run = subprocess.run([sys.executable, "-c", WITHOUT_HTTP], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    message = run.stdout.strip()
    assert "built without its native HTTP transport (ruvector._http)" in message
    assert "RUVECTOR_HTTP=OFF" in message
    assert "pip install ." in message

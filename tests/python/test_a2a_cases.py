"""The shared hostile-peer cases, Python side: tests/a2a_peers/trust_cases.json (issue 9 item 5: the
recorder, a second origin in hostile.py, shows whether a credential ever left) and
hostile_cases.json (issue 13 item 1: every misbehaviour), the same lists the JS tests run, against
hostile.py under asyncio and uvloop: the same error class and whole message on every target."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import socket
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvloop
from launch import PEERS_DIR, run_peer

import ruvector as rv

CASES: list[dict[str, Any]] = [
    case
    for name in ("trust_cases.json", "hostile_cases.json")
    for case in json.loads((PEERS_DIR / name).read_text())["cases"]
]
SECRETS = ("s3cret-token", "s3cret-key", "s3cret-header")
KEYWORDS = {
    "bearerToken": "bearer_token",
    "apiKey": "api_key",
    "headers": "headers",
    "trustedKeys": "trusted_keys",
    "requireSignature": "require_signature",
    "credentialOrigins": "credential_origins",
    "maxResubscribes": "max_resubscribes",
    "readTimeoutMs": "read_timeout",
}


def stats(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{url}/_stats", timeout=5) as response:
        result: dict[str, Any] = json.loads(response.read())
    return result


@pytest.fixture(scope="module")
def jwks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("trust") / "jwks.json"


@pytest.fixture(scope="module")
def peers(jwks: Path) -> Iterator[dict[str, str]]:
    """One hostile.py per mode, started once for the module (each writes the same JWKS)."""
    with contextlib.ExitStack() as stack:
        modes = sorted({c["mode"] for c in CASES} - {"closed-port"})
        urls = {m: stack.enter_context(run_peer("hostile", "--mode", m, "--jwks-out", str(jwks))) for m in modes}
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            urls["closed-port"] = f"http://127.0.0.1:{s.getsockname()[1]}"  # closed when the block ends
        yield urls


def keywords(options: dict[str, Any], url: str, jwks: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in options.items():
        if value == "$JWKS":
            value = jwks.read_text()
        elif isinstance(value, list):
            recorder = stats(url).get("recorder", "")
            value = [recorder.replace("http://", "https://") if v == "$RECORDER_HTTPS" else v for v in value]
        out[KEYWORDS[key]] = value / 1000 if key.endswith("Ms") else value  # Python takes seconds
    return out


async def run_case(case: dict[str, Any], url: str, kwargs: dict[str, Any]) -> None:
    async with rv.A2AClient.connect(url, **kwargs) as client:
        if case["op"] == "send":
            reply = await client.send("echo trust")
            assert reply.text == "trust"
        elif case["op"] == "stream":
            async for _ in client.stream("count 2"):
                pass


@pytest.mark.parametrize("loop", ["asyncio", "uvloop"])
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_trust_case(case: dict[str, Any], loop: str, peers: dict[str, str], jwks: Path) -> None:
    url = peers[case["mode"]]
    before = stats(url).get("recorded", []) if case["mode"] != "closed-port" else []
    kwargs = keywords(case["options"], url, jwks)
    runner = asyncio.run if loop == "asyncio" else uvloop.run
    if case["error"] is None:
        runner(run_case(case, url, kwargs))
    else:
        name, pattern = case["error"]
        with pytest.raises(getattr(rv, name)) as info:
            runner(run_case(case, url, kwargs))
        assert type(info.value).__name__ == name
        assert re.fullmatch(pattern, str(info.value)), str(info.value)
    recorded = stats(url).get("recorded", [])[len(before) :] if case["mode"] != "closed-port" else []
    limits = case.get("recorded", {})
    assert len(recorded) <= limits.get("max", len(recorded)), recorded
    assert len(recorded) >= limits.get("min", 0), recorded
    for request in recorded:  # whatever reached the other origin carried no secret
        assert not any(s in json.dumps(request) for s in SECRETS), request

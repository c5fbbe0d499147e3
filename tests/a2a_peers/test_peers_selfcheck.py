"""Proves the A2A test peers behave as documented, with plain http.client (not our client): the
real SDK peers (js_peer.mjs, py_peer.py) in both protocol versions, their signed cards (verified
with joserfc against the JWKS they write), and every hostile.py mode."""

from __future__ import annotations

import base64
import http.client
import json
import os
import shutil
import socket
import subprocess
import time
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import rfc8785
from joserfc import jws
from joserfc.errors import BadSignatureError
from joserfc.jwk import KeySet
from launch import PEERS_DIR, PeerStartError, peer_command, run_peer

TOKEN = "tok-123"
API_KEY = "key-456"
AUTH = {"Authorization": f"Bearer {TOKEN}", "X-API-Key": API_KEY}
CARD_PATH = "/.well-known/agent-card.json"


# ---- HTTP helpers -------------------------------------------------------------------------------


def connect(url: str, timeout: float = 10.0) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    assert parts.hostname is not None
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)


def get(url: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = connect(url)
    try:
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def rpc_path(card: dict[str, Any]) -> str:
    url: str = card["url"] if "url" in card else card["supportedInterfaces"][0]["url"]
    return urlsplit(url).path


def post(
    url: str, path: str, body: dict[str, Any], headers: dict[str, str] | None = None, timeout: float = 10.0
) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
    conn = connect(url, timeout)
    hdrs = {"Content-Type": "application/json", **(headers or {})}
    conn.request("POST", path, body=json.dumps(body).encode(), headers=hdrs)
    return conn, conn.getresponse()


def sse_events(resp: http.client.HTTPResponse) -> Iterator[str]:
    """The data of each SSE event (data lines joined by newlines)."""
    data: list[str] = []
    while True:
        line = resp.readline()
        if not line:
            return
        text = line.decode("utf-8").rstrip("\r\n")
        if text == "":
            if data:
                yield "\n".join(data)
            data = []
        elif text.startswith("data:"):
            data.append(text[5:].removeprefix(" "))


def request(version: str, rid: int | str, verb: str, params: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """A JSON-RPC request body and headers; verb is the v1.0 method name."""
    v03 = {
        "SendMessage": "message/send",
        "SendStreamingMessage": "message/stream",
        "GetTask": "tasks/get",
        "CancelTask": "tasks/cancel",
    }
    method = verb if version == "1.0" else v03[verb]
    headers = {"A2A-Version": version}
    return {"jsonrpc": "2.0", "id": rid, "method": method, "params": params}, headers


def user_message(version: str, text: str) -> dict[str, Any]:
    if version == "1.0":
        return {"messageId": str(uuid.uuid4()), "role": "ROLE_USER", "parts": [{"text": text}]}
    return {
        "kind": "message",
        "messageId": str(uuid.uuid4()),
        "role": "user",
        "parts": [{"kind": "text", "text": text}],
    }


def normalize(result: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """(kind, object) of a v1.0 StreamResponse or a v0.3 event with "kind"."""
    if "kind" in result:
        kinds = {
            "task": "task",
            "message": "message",
            "status-update": "statusUpdate",
            "artifact-update": "artifactUpdate",
        }
        return kinds[result["kind"]], result
    (kind,) = result.keys()
    return kind, result[kind]


def state_name(state: str) -> str:
    """ "TASK_STATE_INPUT_REQUIRED" and "input-required" -> "input-required"."""
    return state.removeprefix("TASK_STATE_").lower().replace("_", "-")


def texts(parts: list[dict[str, Any]]) -> list[str]:
    return [p["text"] for p in parts if "text" in p]


def stream(url: str, card: dict[str, Any], version: str, text: str, headers: dict[str, str]) -> list[dict[str, Any]]:
    body, hdrs = request(version, 41, "SendStreamingMessage", {"message": user_message(version, text)})
    conn, resp = post(url, rpc_path(card), body, {**hdrs, **headers})
    try:
        assert resp.status == 200, resp.read()
        assert resp.getheader("Content-Type", "").startswith("text/event-stream")
        events = [json.loads(d) for d in sse_events(resp)]
    finally:
        conn.close()
    assert all(e["jsonrpc"] == "2.0" and e["id"] == 41 for e in events), events
    return [e["result"] for e in events]


def call(
    url: str, card: dict[str, Any], version: str, verb: str, params: dict[str, Any], headers: dict[str, str]
) -> Any:
    body, hdrs = request(version, "c1", verb, params)
    conn, resp = post(url, rpc_path(card), body, {**hdrs, **headers})
    try:
        assert resp.status == 200
        reply = json.loads(resp.read())
    finally:
        conn.close()
    assert reply["id"] == "c1", reply
    assert "error" not in reply, reply
    return reply["result"]


def task_of(result: dict[str, Any]) -> dict[str, Any]:
    """The task of a SendMessage / GetTask / CancelTask result in either version."""
    inner = result.get("task", result)
    assert isinstance(inner, dict)
    return inner


# ---- card signatures ----------------------------------------------------------------------------


def b64url_json(text: str) -> Any:
    return json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


def verify_card(card: dict[str, Any], jwks_path: Path) -> dict[str, Any]:
    """Verifies the card's single signature with joserfc; returns its protected header."""
    keys = KeySet.import_key_set(json.loads(jwks_path.read_text()))
    (sig,) = card["signatures"]
    header = b64url_json(sig["protected"])
    assert header["typ"] == "JOSE"
    assert header["kid"] in [k.kid for k in keys.keys]
    payload = rfc8785.dumps({k: v for k, v in card.items() if k != "signatures"})
    detached = f"{sig['protected']}..{sig['signature']}"
    with warnings.catch_warnings():
        # joserfc flags "EdDSA" as superseded by "Ed25519" (RFC 9864); A2A peers still send EdDSA.
        warnings.filterwarnings("ignore", message="EdDSA is deprecated")
        jws.deserialize_compact(detached, keys, algorithms=[header["alg"]], payload=payload)
    assert isinstance(header, dict)
    return header


# ---- real SDK peers -----------------------------------------------------------------------------

# (kind, protocol, extra flags): every peer is signed; AUTH_PEERS also need a token and an API key
# (the v1.0 ones stay open so that the SDK verifier check below can use them, see README "Trap").
PEER_CONFIGS = {
    "js-1.0": ("js", "1.0", ["--sign", "ed25519", "--card-cache-control", "max-age=60"]),
    "js-0.3": ("js", "0.3", ["--sign", "es256"]),
    "py-0.3": ("py", "0.3", ["--sign", "ed25519", "--card-cache-control", "no-cache"]),
    "py-1.0": ("py", "1.0", ["--sign", "es256"]),
}
AUTH_PEERS = ("js-0.3", "py-0.3")


class Peer:
    def __init__(self, url: str, protocol: str, jwks: Path, headers: dict[str, str], args: list[str]) -> None:
        self.url, self.protocol, self.jwks, self.headers, self.args = url, protocol, jwks, headers, args
        status, self.card_headers, body = get(url, CARD_PATH)
        assert status == 200, body
        self.card: dict[str, Any] = json.loads(body)


@pytest.fixture(scope="module", params=list(PEER_CONFIGS))
def peer(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Peer]:
    kind, protocol, flags = PEER_CONFIGS[request.param]
    jwks = tmp_path_factory.mktemp(request.param) / "jwks.json"
    auth = ["--token", TOKEN, "--api-key", API_KEY] if request.param in AUTH_PEERS else []
    args = ["--protocol", protocol, *flags, "--jwks-out", str(jwks), *auth]
    with run_peer(kind, *args) as url:
        yield Peer(url, protocol, jwks, AUTH if auth else {}, args)


def test_card_layout_matches_protocol(peer: Peer) -> None:
    card = peer.card
    assert card["capabilities"]["streaming"] is True
    if peer.protocol == "1.0":
        (iface,) = card["supportedInterfaces"]
        assert iface["protocolBinding"] == "JSONRPC"
        assert iface["protocolVersion"] == "1.0"
        assert iface["url"].startswith(peer.url + "/")
    else:
        assert card["protocolVersion"] == "0.3.0"
        assert card["preferredTransport"] == "JSONRPC"
        assert card["url"].startswith(peer.url + "/")
    # The older discovery path serves the same card.
    status, _, body = get(peer.url, "/.well-known/agent.json")
    assert status == 200
    assert json.loads(body) == card


def test_card_signature_verifies(peer: Peer) -> None:
    header = verify_card(peer.card, peer.jwks)
    assert header["alg"] == ("EdDSA" if "ed25519" in peer.args else "ES256")
    # One changed member breaks it.
    forged = {**peer.card, "name": peer.card["name"] + "!"}
    with pytest.raises(BadSignatureError):
        verify_card(forged, peer.jwks)


def test_card_caching_headers(peer: Peer) -> None:
    etag = peer.card_headers["etag"]
    if "--card-cache-control" in peer.args:
        assert peer.card_headers["cache-control"] == peer.args[peer.args.index("--card-cache-control") + 1]
    else:
        assert "cache-control" not in peer.card_headers
    status, headers, body = get(peer.url, CARD_PATH, {"If-None-Match": etag})
    assert (status, body, headers["etag"]) == (304, b"", etag)


def test_count_stream(peer: Peer) -> None:
    results = [normalize(r) for r in stream(peer.url, peer.card, peer.protocol, "count 3", peer.headers)]
    kinds = [k for k, _ in results]
    assert kinds == ["task", "statusUpdate", "artifactUpdate", "artifactUpdate", "artifactUpdate", "statusUpdate"]
    task = results[0][1]
    assert state_name(task["status"]["state"]) == "submitted"
    assert state_name(results[1][1]["status"]["state"]) == "working"
    assert state_name(results[-1][1]["status"]["state"]) == "completed"
    chunks = [r for k, r in results if k == "artifactUpdate"]
    assert [texts(c["artifact"]["parts"]) for c in chunks] == [["chunk 1"], ["chunk 2"], ["chunk 3"]]
    assert [bool(c.get("append")) for c in chunks] == [False, True, True]
    assert [bool(c.get("lastChunk")) for c in chunks] == [False, False, True]
    assert {c["artifact"]["artifactId"] for c in chunks} == {chunks[0]["artifact"]["artifactId"]}
    assert {r["taskId"] for k, r in results[1:]} == {task["id"]}


def test_echo_other_slow_cancel(peer: Peer) -> None:
    v, h = peer.protocol, peer.headers
    reply = call(peer.url, peer.card, v, "SendMessage", {"message": user_message(v, "echo hello there")}, h)
    kind, message = normalize(reply)
    assert kind == "message"
    assert texts(message["parts"]) == ["hello there"]

    done = task_of(call(peer.url, peer.card, v, "SendMessage", {"message": user_message(v, "what is this")}, h))
    assert state_name(done["status"]["state"]) == "completed"
    assert [texts(a["parts"]) for a in done["artifacts"]] == [["what is this"]]

    # "slow" would block a blocking send: ask for an immediate return instead.
    config = {"returnImmediately": True} if v == "1.0" else {"blocking": False}
    params = {"message": user_message(v, "slow"), "configuration": config}
    slow = task_of(call(peer.url, peer.card, v, "SendMessage", params, h))
    assert state_name(slow["status"]["state"]) in ("submitted", "working")
    canceled = task_of(call(peer.url, peer.card, v, "CancelTask", {"id": slow["id"]}, h))
    assert state_name(canceled["status"]["state"]) == "canceled"
    again = task_of(call(peer.url, peer.card, v, "GetTask", {"id": slow["id"]}, h))
    assert state_name(again["status"]["state"]) == "canceled"


def test_stream_ends_on_cancel(peer: Peer) -> None:
    v = peer.protocol
    body, hdrs = request(v, 8, "SendStreamingMessage", {"message": user_message(v, "slow")})
    conn, resp = post(peer.url, rpc_path(peer.card), body, {**hdrs, **peer.headers})
    try:
        events = sse_events(resp)
        kind, task = normalize(json.loads(next(events))["result"])
        assert kind == "task"
        kind, working = normalize(json.loads(next(events))["result"])
        assert (kind, state_name(working["status"]["state"])) == ("statusUpdate", "working")
        call(peer.url, peer.card, v, "CancelTask", {"id": task["id"]}, peer.headers)
        rest = [normalize(json.loads(e)["result"]) for e in events]  # ends: the stream closes
    finally:
        conn.close()
    assert [k for k, _ in rest] == ["statusUpdate"]
    final = rest[0][1]
    assert state_name(final["status"]["state"]) == "canceled"
    assert (final["taskId"], final["contextId"]) == (task["id"], task["contextId"])


def test_auth_is_enforced(peer: Peer) -> None:
    body, hdrs = request(peer.protocol, 1, "GetTask", {"id": "nope"})
    if not peer.headers:  # started without --token / --api-key: open to everyone
        conn, resp = post(peer.url, rpc_path(peer.card), body, hdrs)
        assert resp.status == 200
        assert json.loads(resp.read())["error"]["code"] == -32001
        conn.close()
        return
    for headers in ({}, {"Authorization": f"Bearer {TOKEN}"}, {"X-API-Key": API_KEY}, {**AUTH, "X-API-Key": "bad"}):
        conn, resp = post(peer.url, rpc_path(peer.card), body, {**hdrs, **headers})
        assert resp.status == 401, headers
        conn.close()
    conn, resp = post(peer.url, rpc_path(peer.card), body, {**hdrs, **AUTH})
    assert resp.status == 200
    assert json.loads(resp.read())["error"]["code"] == -32001  # TaskNotFoundError: auth passed
    conn.close()


def test_v1_call_without_version_header_is_refused(peer: Peer) -> None:
    """Both SDKs read a missing A2A-Version header as 0.3: a v1.0 call must send the header."""
    if peer.protocol != "1.0":
        # The v0.3 compat endpoint is what answers header-less calls; test_echo_other_slow_cancel
        # already drives it with "A2A-Version: 0.3", so here: no header at all works too.
        body = {
            "jsonrpc": "2.0",
            "id": 3,
            "method": "message/send",
            "params": {"message": user_message("0.3", "echo a")},
        }
        conn, resp = post(peer.url, rpc_path(peer.card), body, peer.headers)
        assert normalize(json.loads(resp.read())["result"])[0] == "message"
        conn.close()
        return
    body = {"jsonrpc": "2.0", "id": 3, "method": "SendMessage", "params": {"message": user_message("1.0", "echo a")}}
    conn, resp = post(peer.url, rpc_path(peer.card), body, peer.headers)
    reply = json.loads(resp.read())
    conn.close()
    assert reply["error"]["code"] == -32009  # VersionNotSupportedError


@pytest.mark.parametrize("kind", ["js", "py"])
def test_tampered_card_fails_verification(kind: str, tmp_path: Path) -> None:
    jwks = tmp_path / "jwks.json"
    with run_peer(kind, "--sign", "ed25519", "--tamper", "--jwks-out", str(jwks)) as url:
        card = json.loads(get(url, CARD_PATH)[2])
    assert "tampered" in card["description"]
    with pytest.raises(BadSignatureError):
        verify_card(card, jwks)


# ---- hostile.py ---------------------------------------------------------------------------------


def stats(url: str) -> dict[str, int]:
    status, _, body = get(url, "/_stats")
    assert status == 200
    value: dict[str, int] = json.loads(body)
    return value


def wait_open_connections(url: str, expected: int, timeout: float = 3.0) -> None:
    deadline = time.monotonic() + timeout
    while (n := stats(url)["open_connections"]) != expected:
        assert time.monotonic() < deadline, f"open_connections stayed {n}, expected {expected}"
        time.sleep(0.02)


def hostile_post(
    url: str, method: str = "SendStreamingMessage", text: str = "count 2", timeout: float = 10.0, rid: int = 5
) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
    body = {"jsonrpc": "2.0", "id": rid, "method": method, "params": {"message": user_message("1.0", text)}}
    return post(url, "/a2a/jsonrpc", body, {"A2A-Version": "1.0"}, timeout)


def test_hostile_card_and_good_mode() -> None:
    with run_peer("hostile", "--mode", "good") as url:
        card = json.loads(get(url, CARD_PATH)[2])
        assert card["supportedInterfaces"] == [
            {"url": url + "/a2a/jsonrpc", "protocolBinding": "JSONRPC", "protocolVersion": "1.0"}
        ]
        assert card["capabilities"]["streaming"] is True
        assert "signatures" not in card
        results = [normalize(r) for r in stream(url, card, "1.0", "count 3", {})]
        assert [k for k, _ in results] == ["task", "statusUpdate", *["artifactUpdate"] * 3, "statusUpdate"]
        assert state_name(results[-1][1]["status"]["state"]) == "completed"
        task_id = results[0][1]["id"]
        got = task_of(call(url, card, "1.0", "GetTask", {"id": task_id}, {}))
        assert [texts(a["parts"]) for a in got["artifacts"]] == [["chunk 1", "chunk 2", "chunk 3"]]
        slow = task_of(call(url, card, "1.0", "SendMessage", {"message": user_message("1.0", "slow")}, {}))
        assert state_name(slow["status"]["state"]) == "working"
        canceled = task_of(call(url, card, "1.0", "CancelTask", {"id": slow["id"]}, {}))
        assert state_name(canceled["status"]["state"]) == "canceled"
        listed = call(url, card, "1.0", "ListTasks", {}, {})
        assert [t["id"] for t in listed["tasks"]] == [slow["id"], task_id]
        echo = call(url, card, "1.0", "SendMessage", {"message": user_message("1.0", "echo hi")}, {})
        assert texts(echo["message"]["parts"]) == ["hi"]
        assert stats(url) == {"open_connections": 0, "requests": 7}


def test_hostile_malformed_json() -> None:
    with run_peer("hostile", "--mode", "malformed-json") as url:
        conn, resp = hostile_post(url, "SendMessage")
        with pytest.raises(json.JSONDecodeError):
            json.loads(resp.read())
        conn.close()
        conn, resp = hostile_post(url)
        (data,) = list(sse_events(resp))
        with pytest.raises(json.JSONDecodeError):
            json.loads(data)
        conn.close()


def test_hostile_wrong_id() -> None:
    with run_peer("hostile", "--mode", "wrong-id") as url:
        conn, resp = hostile_post(url, "SendMessage", "echo x", rid=5)
        reply = json.loads(resp.read())
        assert reply["id"] != 5
        assert reply["result"]["message"]["parts"][0]["text"] == "x"
        conn.close()
        conn, resp = hostile_post(url, rid=5)
        ids = {json.loads(d)["id"] for d in sse_events(resp)}
        assert ids
        assert 5 not in ids
        conn.close()


def test_hostile_oversized_event() -> None:
    with run_peer("hostile", "--mode", "oversized-event") as url:
        conn, resp = hostile_post(url)
        (data,) = list(sse_events(resp))
        assert len(data) > 32 << 20
        assert json.loads(data)["id"] == 5
        conn.close()


def test_hostile_silent_holds_and_releases_the_connection() -> None:
    with run_peer("hostile", "--mode", "silent") as url:
        conn = connect(url, timeout=0.3)
        conn.request("POST", "/a2a/jsonrpc", body=b'{"jsonrpc":"2.0","id":1,"method":"GetTask","params":{}}')
        with pytest.raises(TimeoutError):
            conn.getresponse()
        wait_open_connections(url, 1)
        conn.close()
        wait_open_connections(url, 0)
        assert stats(url)["requests"] == 1


def test_hostile_silent_stream() -> None:
    with run_peer("hostile", "--mode", "silent-stream") as url:
        conn, resp = hostile_post(url, timeout=0.3)
        assert resp.status == 200
        assert resp.getheader("Content-Type") == "text/event-stream"
        with pytest.raises(TimeoutError):
            resp.readline()
        assert stats(url)["open_connections"] == 1
        resp.close()  # the response holds the socket too
        conn.close()
        wait_open_connections(url, 0)


def raw_exchange(url: str, body: bytes) -> tuple[str, bytes]:
    """POSTs `body` over a bare socket and reads until the server closes: (head, raw body bytes)."""
    parts = urlsplit(url)
    assert parts.hostname is not None
    assert parts.port is not None
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        head = f"POST /a2a/jsonrpc HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: application/json\r\n"
        sock.sendall(f"{head}Content-Length: {len(body)}\r\n\r\n".encode() + body)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head_bytes, _, rest = data.partition(b"\r\n\r\n")
    return head_bytes.decode("latin-1"), rest


def dechunk(body: bytes) -> tuple[bytes, bool]:
    """Decodes as much chunked framing as there is: (data, whether the final 0-size chunk came)."""
    out = b""
    while body:
        size_line, sep, body = body.partition(b"\r\n")
        if not sep:
            break
        size = int(size_line, 16)
        if size == 0:
            return out, True
        out += body[:size]
        body = body[size + 2 :]
    return out, False


@pytest.mark.parametrize("framing", ["chunked", "close"])
def test_hostile_cut_stream(framing: str) -> None:
    with run_peer("hostile", "--mode", "cut-stream", "--framing", framing) as url:
        body = {"jsonrpc": "2.0", "id": 5, "method": "SendStreamingMessage", "params": {"message": {}}}
        head, raw = raw_exchange(url, json.dumps(body).encode())
    assert head.startswith("HTTP/1.1 200")
    assert "text/event-stream" in head
    if framing == "chunked":
        assert "Transfer-Encoding: chunked" in head
        data, terminated = dechunk(raw)
        assert not terminated
    else:
        data = raw
    *complete, partial = data.decode().split("\n\n")
    kinds = [normalize(json.loads(e.removeprefix("data: "))["result"])[0] for e in complete]
    assert kinds == ["task", "statusUpdate"]
    assert partial.startswith('data: {"jsonrpc":"2.0","id":5')
    with pytest.raises(json.JSONDecodeError):
        json.loads(partial.removeprefix("data: "))


def test_hostile_bad_signature(tmp_path: Path) -> None:
    jwks = tmp_path / "jwks.json"
    with run_peer("hostile", "--mode", "bad-signature", "--jwks-out", str(jwks)) as url:
        card = json.loads(get(url, CARD_PATH)[2])
    header = b64url_json(card["signatures"][0]["protected"])
    assert header == {"alg": "EdDSA", "typ": "JOSE", "kid": "hostile-ed25519"}
    with pytest.raises(BadSignatureError):
        verify_card(card, jwks)


def test_hostile_jsonrpc_error_and_http_500() -> None:
    with run_peer("hostile", "--mode", "jsonrpc-error") as url:
        conn, resp = hostile_post(url, "GetTask")
        reply = json.loads(resp.read())
        assert reply["id"] == 5
        assert reply["error"]["code"] == -32001
        conn.close()
    with run_peer("hostile", "--mode", "http-500") as url:
        conn, resp = hostile_post(url)
        assert resp.status == 500
        conn.close()


def test_hostile_drip() -> None:
    with run_peer("hostile", "--mode", "drip") as url:
        conn, resp = hostile_post(url)
        assert resp.getheader("Content-Type") == "text/event-stream"
        start = time.monotonic()
        first = resp.read(6)
        elapsed = time.monotonic() - start
        assert first == b"data: "
        assert elapsed >= 0.2, f"6 bytes arrived in {elapsed:.3f} s; expected one per 50 ms"
        resp.close()
        conn.close()
        wait_open_connections(url, 0)


def test_hostile_stream_n() -> None:
    with run_peer("hostile", "--mode", "stream-n", "--events", "1000") as url:
        conn, resp = hostile_post(url)
        results = [normalize(json.loads(d)["result"]) for d in sse_events(resp)]
        conn.close()
    assert len(results) == 1002
    assert results[0][0] == "task"
    assert {k for k, _ in results[1:-1]} == {"statusUpdate", "artifactUpdate"}
    assert state_name(results[-1][1]["status"]["state"]) == "completed"
    chunks = [r for k, r in results if k == "artifactUpdate"]
    assert len(chunks) == 500
    assert [bool(c.get("lastChunk")) for c in chunks] == [False] * 499 + [True]


# ---- lifecycle ----------------------------------------------------------------------------------


def test_start_failure_reports_stderr() -> None:
    with pytest.raises(PeerStartError, match="invalid choice: 'nope'"), run_peer("hostile", "--mode", "nope"):
        pass


@pytest.mark.parametrize("kind", ["js", "py", "hostile"])
def test_peer_exits_when_stdin_closes(kind: str) -> None:
    proc = subprocess.Popen(
        [*peer_command(kind)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith(b"READY http://127.0.0.1:")
        assert proc.stdin is not None
        proc.stdin.close()
        assert proc.wait(timeout=5) == 0  # exited by itself, not by a signal
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        assert proc.stdout is not None
        proc.stdout.close()


def test_launch_mjs_starts_and_stops_peers() -> None:
    """The Node launcher: READY parsing, a served card, stop() ending the whole process group, and
    a failed start reporting the child's stderr."""
    node = shutil.which("node")
    assert node is not None, "node is needed for the js peer and launch.mjs"
    script = f"""
import {{ startPeer }} from {json.dumps((PEERS_DIR / "launch.mjs").as_uri())};
const out = {{ peers: [], error: null }};
for (const kind of ['js', 'hostile']) {{
  const peer = await startPeer(kind, []);
  const card = await (await fetch(peer.url + '/.well-known/agent-card.json')).json();
  out.peers.push({{ kind, url: peer.url, name: card.name, pid: peer.process.pid }});
  await peer.stop();
}}
try {{ await startPeer('js', ['--sign', 'rsa']); }} catch (e) {{ out.error = e.message; }}
console.log(JSON.stringify(out));
"""
    done = subprocess.run(
        [node, "--input-type=module", "-e", script], capture_output=True, text=True, timeout=60, check=True
    )
    out = json.loads(done.stdout)
    assert [(p["kind"], p["name"]) for p in out["peers"]] == [
        ("js", "ruvector-test-peer-js"),
        ("hostile", "ruvector-hostile-peer"),
    ]
    assert all(p["url"].startswith("http://127.0.0.1:") for p in out["peers"])
    assert not any(_alive(p["pid"]) for p in out["peers"])
    assert 'js_peer: --sign must be ed25519, es256 or none, got "rsa"' in out["error"]


def test_js_sdk_verifier(peer: Peer) -> None:
    """Interop beyond joserfc: @a2a-js/sdk's own verifyAgentCardSignature accepts the v1.0 cards of
    both real peers (it hashes its normalized AgentCard, which equals the served JSON there). It
    cannot verify a v0.3-layout card: the normalization drops the v0.3 members before hashing."""
    node = shutil.which("node")
    assert node is not None
    script = """
import { verifyAgentCardSignature } from '@a2a-js/sdk';
const { card, jwks } = JSON.parse(process.argv[1]);
const verify = verifyAgentCardSignature(async (kid) => jwks.keys.find((k) => k.kid === kid));
const forged = { ...card, version: card.version + '.1' };
const results = [];
results.push(await verify(card).then(() => 'ok', () => 'rejected'));
results.push(await verify(forged).then(() => 'ok', () => 'rejected'));
console.log(JSON.stringify(results));
"""
    arg = json.dumps({"card": peer.card, "jwks": json.loads(peer.jwks.read_text())})
    done = subprocess.run(
        [node, "--input-type=module", "-e", script, arg],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
        cwd=PEERS_DIR,
    )
    expected = ["ok", "rejected"] if peer.protocol == "1.0" else ["rejected", "rejected"]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == expected


def test_peer_exits_when_reparented(tmp_path: Path) -> None:
    """A peer whose parent dies without closing a pipe (stdin is /dev/null) notices the re-parenting."""
    pid_file = tmp_path / "pid"
    out_file = tmp_path / "out"
    # The shell outlives the peer's start-up (READY: the parent is recorded by then), then exits.
    peer = " ".join(f'"{a}"' for a in peer_command("hostile"))
    script = (
        f'{peer} </dev/null >"{out_file}" 2>&1 & echo $! > "{pid_file}"; '
        f'while ! grep -q READY "{out_file}"; do sleep 0.02; done'
    )
    subprocess.run(["sh", "-c", script], check=True, timeout=10)
    pid = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while _alive(pid):
        assert time.monotonic() < deadline, f"peer {pid} survived its parent"
        time.sleep(0.05)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by init) counts as gone.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False

"""The Python A2A client against real peers on 127.0.0.1 (tests/a2a_peers): the official JS SDK
(@a2a-js/sdk, protocol 1.0), the official Python SDK (a2a-sdk, protocol 0.3) and a hostile server.
Runs under asyncio and uvloop."""

from __future__ import annotations

import asyncio
import json
import time
import urllib.request
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import uvloop
from launch import run_peer

import ruvector as rv


def stats(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{url}/_stats", timeout=5) as response:
        result: dict[str, Any] = json.loads(response.read())
    return result


async def collect(events: AsyncIterator[rv.Event]) -> list[rv.Event]:
    return [e async for e in events]


async def connections_closed(url: str, within: float = 5.0) -> bool:
    """Whether the peer sees no open connection within `within` seconds (polls its /_stats)."""
    deadline = time.monotonic() + within
    while stats(url)["open_connections"]:  # the state lives in the peer process
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.02)
    return True


@pytest.fixture(scope="module")
def good() -> Iterator[str]:
    with run_peer("hostile", "--mode", "good") as url:
        yield url


@pytest.fixture(scope="module")
def js_peer() -> Iterator[str]:
    with run_peer("js") as url:
        yield url


@pytest.fixture(scope="module")
def py_peer() -> Iterator[str]:
    with run_peer("py") as url:
        yield url


def check_count_stream(events: list[rv.Event], n: int) -> None:
    chunks = [e for e in events if e.kind == "artifact-update"]
    assert [c.text for c in chunks] == [f"chunk {i}" for i in range(1, n + 1)]
    assert events[-1].final
    assert events[-1].state == "completed"
    assert not any(e.final for e in events[:-1])
    assert len({e.task_id for e in events}) == 1
    assert events[0].task_id


# ---- well-behaved peers ------------------------------------------------------------------------------


async def test_js_sdk_peer_speaks_1_0(js_peer: str) -> None:
    async with rv.A2AClient.connect(js_peer) as client:
        assert client.protocol_version == "1.0"
        assert client.supports_streaming
        assert not client.card_verified  # unsigned card, no keys: nothing to verify
        reply = await client.send("echo hello")
        assert reply.kind == "message"
        assert reply.text == "hello"
        events = await collect(client.stream("count 5"))
        check_count_stream(events, 5)
        task = await client.get_task(events[-1].task_id or "")
        assert task.kind == "task"
        assert task.state == "completed"
        assert "chunk 4" in task.text


async def test_py_sdk_peer_speaks_0_3(py_peer: str) -> None:
    async with rv.A2AClient.connect(py_peer) as client:
        assert client.protocol_version == "0.3"
        events = await collect(client.stream("count 3"))
        check_count_stream(events, 3)
        done = await client.send("what is this")
        assert done.kind == "task"
        assert done.state == "completed"
        with pytest.raises(rv.ProtocolError, match=r"0\.3"):
            await client.list_tasks()


async def test_good_server_tasks_list_and_cancel(good: str) -> None:
    async with rv.A2AClient.connect(good) as client:
        stream = client.stream("slow")
        first = await anext(stream)
        assert first.task_id
        canceled = await client.cancel_task(first.task_id)
        assert canceled.state == "canceled"
        rest = await collect(stream)
        assert rest == [] or rest[-1].state == "canceled"
        page = await client.list_tasks()
        assert first.task_id in [t.task_id for t in page.tasks]


async def test_events_are_read_only_objects_built_by_the_core(js_peer: str) -> None:
    # Issue 13 item 4: the binding builds each event once (no JSON text per event); `value`, the
    # 1.0 form, is made on first access and then kept.
    async with rv.A2AClient.connect(js_peer) as client:
        events = await collect(client.stream("count 2"))
        chunk = next(e for e in events if e.kind == "artifact-update")
        value = chunk.value
        assert value["artifact"]["parts"][0]["text"] == "chunk 1"
        assert value["taskId"] == chunk.task_id
        assert chunk.value is value
        assert repr(chunk).startswith("Event(kind='artifact-update', task_id=")
        assert "value" not in repr(chunk)
        with pytest.raises(AttributeError):
            chunk.text = "changed"  # type: ignore[misc]
        assert events[-1].value["status"]["state"] == "TASK_STATE_COMPLETED"
        # Any method by name answers what the typed call answers: an Event, a TaskList.
        by_name = await client.call("GetTask", {"id": chunk.task_id})
        assert isinstance(by_name, rv.Event)
        assert by_name.state == "completed"
        page = await client.call("ListTasks", {})
        assert isinstance(page, rv.TaskList)
        assert chunk.task_id in [t.task_id for t in page.tasks]


async def test_cancelling_the_consumer_aborts_the_http_stream() -> None:
    with run_peer("hostile", "--mode", "stream-n", "--events", "100000", "--interval-ms", "5") as url:
        async with rv.A2AClient.connect(url) as client:
            received = 0
            flowing = asyncio.Event()

            async def consume() -> None:
                nonlocal received
                async for _ in client.stream("count"):
                    received += 1
                    if received == 5:
                        flowing.set()

            task = asyncio.create_task(consume())
            await asyncio.wait_for(flowing.wait(), 10)
            assert stats(url)["open_connections"] == 1
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            assert await connections_closed(url)  # the transfer was aborted, not left running


def test_stream_under_uvloop(js_peer: str) -> None:
    async def run() -> list[rv.Event]:
        async with rv.A2AClient.connect(js_peer) as client:
            return await collect(client.stream("count 4"))

    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        check_count_stream(runner.run(run()), 4)


def test_sync_client(js_peer: str) -> None:
    with rv.SyncA2AClient.connect(js_peer) as client:
        assert client.send("echo sync").text == "sync"
        check_count_stream(list(client.stream("count 3")), 3)
        # Leaving a stream early closes it.
        for event in client.stream("count 50"):
            if event.kind == "artifact-update":
                break


# ---- signed cards --------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["js", "py"])
@pytest.mark.parametrize("alg", ["ed25519", "es256"])
async def test_signed_card_verifies_and_tampered_card_is_rejected(kind: str, alg: str, tmp_path: Path) -> None:
    jwks_path = tmp_path / "jwks.json"
    with run_peer(kind, "--sign", alg, "--jwks-out", str(jwks_path)) as url:
        keys = json.loads(jwks_path.read_text())
        async with rv.A2AClient.connect(url, trusted_keys=keys, require_signature=True) as client:
            assert client.card_verified
            assert client.card_key_id == keys["keys"][0]["kid"]
            assert (await client.send("echo signed")).text == "signed"
    tampered_jwks = tmp_path / "jwks2.json"
    with (
        run_peer(kind, "--sign", alg, "--jwks-out", str(tampered_jwks), "--tamper") as url,
        pytest.raises(rv.CardSignatureInvalid, match="does not verify"),
    ):
        await rv.A2AClient.connect(url, trusted_keys=json.loads(tampered_jwks.read_text()))


async def test_require_signature_refuses_an_unsigned_card(js_peer: str) -> None:
    with pytest.raises(rv.CardSignatureInvalid):
        await rv.A2AClient.connect(js_peer, require_signature=True)


async def test_bad_signature_is_rejected(tmp_path: Path) -> None:
    jwks_path = tmp_path / "jwks.json"
    with (
        run_peer("hostile", "--mode", "bad-signature", "--jwks-out", str(jwks_path)) as url,
        pytest.raises(rv.CardSignatureInvalid, match="hostile-ed25519"),
    ):
        await rv.A2AClient.connect(url, trusted_keys=json.loads(jwks_path.read_text()))


async def test_bearer_token_and_api_key() -> None:
    with run_peer("js", "--token", "s3cret") as url:
        async with rv.A2AClient.connect(url) as client:
            with pytest.raises(rv.TransportError, match="401"):
                await client.send("echo no token")
        async with rv.A2AClient.connect(url, bearer_token="s3cret") as client:
            assert (await client.send("echo token")).text == "token"
    with run_peer("js", "--api-key", "k1") as url:
        async with rv.A2AClient.connect(url, api_key="k1") as client:
            assert (await client.send("echo key")).text == "key"


# ---- hostile servers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "error", "match"),
    [
        ("malformed-json", rv.ProtocolError, "JSON"),
        ("wrong-id", rv.ProtocolError, "id"),
        ("jsonrpc-error", rv.ProtocolError, "-32001"),
        ("http-500", rv.TransportError, "HTTP 500"),
        ("silent", rv.TransportError, "timeout"),
    ],
)
async def test_hostile_send(mode: str, error: type[Exception], match: str) -> None:
    with run_peer("hostile", "--mode", mode) as url:
        async with rv.A2AClient.connect(url, read_timeout=1.0) as client:
            started = time.monotonic()
            with pytest.raises(error, match=match):
                await client.send("echo x")
            assert time.monotonic() - started < 10
        assert await connections_closed(url)


@pytest.mark.parametrize(
    ("mode", "error", "match"),
    [
        ("malformed-json", rv.ProtocolError, "stream event 1"),
        ("wrong-id", rv.ProtocolError, "id"),
        ("oversized-event", rv.ProtocolError, "longer than max_line_bytes"),
        ("silent-stream", rv.TransportError, "timeout"),
        ("cut-stream", rv.TransportError, "ended early"),
        ("jsonrpc-error", rv.ProtocolError, "-32001"),
    ],
)
async def test_hostile_stream(mode: str, error: type[Exception], match: str) -> None:
    with run_peer("hostile", "--mode", mode) as url:
        async with rv.A2AClient.connect(url, read_timeout=1.0, max_resubscribes=2) as client:
            started = time.monotonic()
            with pytest.raises(error, match=match):
                await collect(client.stream("count 3"))
            assert time.monotonic() - started < 15
        assert await connections_closed(url)


async def test_unreachable_agent() -> None:
    with pytest.raises(rv.TransportError, match=r"127\.0\.0\.1:9"):
        await rv.A2AClient.connect("http://127.0.0.1:9", connect_timeout=2.0)


# ---- the gate: a stream keeps flowing while searches run ------------------------------------------------


async def test_events_keep_arriving_while_searches_run() -> None:
    rng = np.random.default_rng(7)
    data = rng.normal(size=(40_000, 64)).astype(np.float32)
    # Not calibrated: isotropic Gaussian rows make the calibration walk far (seconds) for nothing tested here.
    index = rv.RabitqIndex.build(data, threads=1, calibrate=False)
    queries = rng.normal(size=(3000, 64)).astype(np.float32)
    with run_peer("hostile", "--mode", "stream-n", "--events", "400", "--interval-ms", "2") as url:
        async with rv.A2AClient.connect(url) as client:
            arrivals: list[float] = []
            first = asyncio.Event()

            async def consume() -> None:
                async for _ in client.stream("count"):
                    arrivals.append(time.monotonic())
                    first.set()

            async def search() -> tuple[float, float]:
                start = time.monotonic()
                await index.search_async(queries, k=10, nprobe=64, rerank_factor=40, threads=1)
                return start, time.monotonic()

            stream_task = asyncio.create_task(consume())
            await asyncio.wait_for(first.wait(), 10)
            windows = await asyncio.gather(search(), search())
            await stream_task
    start, end = min(w[0] for w in windows), max(w[1] for w in windows)
    during = [t for t in arrivals if start <= t <= end]
    assert end - start > 0.05, "the searches were too short to say anything"
    # Events were delivered all through the searches: no gap longer than a fraction of the window.
    assert len(during) >= 5
    gaps = np.diff([start, *during, end])
    assert gaps.max() < max(0.5 * (end - start), 0.1)

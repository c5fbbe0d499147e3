"""The native HTTP transport (ruvector._transport over the libcurl engine in ruvector._http) against
local servers started here: requests, concurrency, streaming, timeouts, cancellation, size caps,
TLS verification, no leaks, lazy loading of libcurl. Async scenarios also run under uvloop."""

from __future__ import annotations

import asyncio
import http.server
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import textwrap
import threading
import time
import urllib.parse
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest
import uvloop

import ruvector
from ruvector import InvalidInput, TransportError, _http, _transport

HttpTransport = _transport.HttpTransport

# ---- local test server ---------------------------------------------------------------------------


class Server:
    """Per-test-module state shared with the handler threads."""

    def __init__(self) -> None:
        self.disconnected: dict[str, threading.Event] = {}
        self.gates: dict[str, list[threading.Event]] = {}
        self.lock = threading.Lock()

    def event(self, key: str) -> threading.Event:
        with self.lock:
            return self.disconnected.setdefault(key, threading.Event())

    def gate(self, key: str, n: int) -> list[threading.Event]:
        with self.lock:
            return self.gates.setdefault(key, [threading.Event() for _ in range(n)])


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms delayed-ACK stall
    state: Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, content_type: str = "application/octet-stream") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Multi", "one")
        self.send_header("X-Multi", "two")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _start_chunked(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.flush()

    def _wait_for_disconnect(self, key: str, limit: float = 10.0) -> None:
        self.connection.settimeout(0.02)
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            try:
                if self.connection.recv(1) == b"":
                    self.state.event(key).set()
                    return
            except TimeoutError:
                continue
            except OSError:
                self.state.event(key).set()
                return

    def _route(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if url.path == "/echo":
            time.sleep(float(query.get("delay", 0)))
            echo = {
                "method": self.command,
                "path": self.path,
                "headers": dict(self.headers.items()),
                "body": body.hex(),
            }
            self._send(int(query.get("status", 200)), json.dumps(echo).encode(), "application/json")
        elif url.path == "/bytes":
            self._send(200, b"x" * int(query["n"]))
        elif url.path == "/gated":  # chunk i+1 is sent only once the client has seen chunk i
            gates = self.state.gate(query["id"], 5)
            self._start_chunked()
            for i, gate in enumerate(gates):
                time.sleep(0.05)
                self._chunk(f"chunk-{i};".encode())
                if not gate.wait(5):
                    return
            self._chunk(b"")
        elif url.path == "/forever":  # chunks until the client goes away
            self._start_chunked()
            try:
                for _ in range(1000):
                    self._chunk(b"tick;")
                    time.sleep(0.02)
            except OSError:
                self.state.event(query["id"]).set()
        elif url.path == "/drip":  # a byte every 50 ms: never silent, never finished (within 10 s)
            self._start_chunked()
            try:
                for _ in range(200):
                    self._chunk(b".")
                    time.sleep(0.05)
            except OSError:
                return
        elif url.path == "/silent":  # reads the request, answers nothing
            self._wait_for_disconnect(query["id"])
            self.close_connection = True
        else:
            self._send(404, b"no such path")

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = _route


class Backlogged(http.server.ThreadingHTTPServer):
    request_queue_size = 128  # the default (5) drops SYNs of 50 simultaneous connects: 1 s retries


def serve(state: Server, tls: ssl.SSLContext | None = None) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = type("BoundHandler", (Handler,), {"state": state})
    server = Backlogged(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    scheme = "https" if tls else "http"
    return server, f"{scheme}://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def state() -> Server:
    return Server()


@pytest.fixture(scope="module")
def base(state: Server) -> Iterator[str]:
    server, url = serve(state)
    yield url
    server.shutdown()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ---- scenarios (run under asyncio by pytest-asyncio and again under uvloop) -------------------------


async def scenario_concurrent(base: str, state: Server) -> None:
    transport = HttpTransport()
    start = time.monotonic()
    responses = await asyncio.gather(
        *[transport.request("GET", f"{base}/echo?delay=0.3&i={i}", headers=[("X-I", str(i))]) for i in range(50)]
    )
    elapsed = time.monotonic() - start
    assert [json.loads(r.body)["headers"]["X-I"] for r in responses] == [str(i) for i in range(50)]
    assert elapsed < 5.0, f"50 requests of 0.3 s each took {elapsed:.1f} s: not concurrent"  # serial: 15 s


async def scenario_gated_stream(base: str, state: Server) -> None:
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.005)
            ticks += 1

    tick_task = asyncio.create_task(ticker())
    key = f"gated-{id(asyncio.get_running_loop())}"
    gates = state.gate(key, 5)
    chunks: list[bytes] = []
    async with HttpTransport().stream("GET", f"{base}/gated?id={key}") as s:
        assert s.status == 200
        assert s.header("Content-Type") == "text/event-stream"
        async for chunk in s:
            chunks.append(chunk)
            gates[len(chunks) - 1].set()  # the server sends the next chunk only now
    tick_task.cancel()
    assert chunks == [f"chunk-{i};".encode() for i in range(5)]
    assert ticks >= 10, f"the loop ticked only {ticks} times during a >= 0.25 s stream"


async def scenario_cancel_stream(base: str, state: Server) -> None:
    key = f"forever-{id(asyncio.get_running_loop())}"
    start = time.monotonic()
    async with HttpTransport().stream("GET", f"{base}/forever?id={key}") as s:
        async for chunk in s:
            assert chunk.startswith(b"tick;")
            break
    assert await asyncio.to_thread(state.event(key).wait, 3.0), "the server never saw the stream close"
    assert time.monotonic() - start < 3.0
    assert _http.active() == 0


async def scenario_cancel_task(base: str, state: Server) -> None:
    key = f"silent-task-{id(asyncio.get_running_loop())}"
    task = asyncio.create_task(HttpTransport().request("GET", f"{base}/silent?id={key}"))
    await asyncio.sleep(0.2)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await asyncio.to_thread(state.event(key).wait, 3.0), "cancelling the task did not close the connection"


SCENARIOS: dict[str, Callable[[str, Server], Coroutine[Any, Any, None]]] = {
    "concurrent": scenario_concurrent,
    "gated_stream": scenario_gated_stream,
    "cancel_stream": scenario_cancel_stream,
    "cancel_task": scenario_cancel_task,
}


@pytest.mark.parametrize("name", SCENARIOS)
async def test_scenario_asyncio(name: str, base: str, state: Server) -> None:
    await SCENARIOS[name](base, state)


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario_uvloop(name: str, base: str, state: Server) -> None:
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(SCENARIOS[name](base, state))


# ---- requests ----------------------------------------------------------------------------------


async def test_get_and_post_carry_headers_and_body(base: str) -> None:
    transport = HttpTransport()
    get = await transport.request("GET", f"{base}/echo?q=1", headers={"X-Token": "abc", "Accept": "text/plain"})
    echo = json.loads(get.body)
    assert (get.status, echo["method"], echo["path"]) == (200, "GET", "/echo?q=1")
    assert echo["headers"]["X-Token"] == "abc"
    # The user agent carries the one version (package.json's, compiled into the core).
    assert echo["headers"]["User-Agent"] == f"ruvector/{ruvector.__version__}"
    assert echo["headers"]["Accept"] == "text/plain"
    assert get.header("content-type") == get.header("CONTENT-TYPE") == "application/json"
    assert [v for k, v in get.headers if k == "x-multi"] == ["one", "two"]  # repeated headers kept, in order
    assert all(k == k.lower() for k, _ in get.headers)

    payload = bytes(range(256)) * 40  # binary, > 1 KiB: no "Expect: 100-continue" detour
    post = await transport.request("POST", f"{base}/echo", headers=[("Content-Type", "application/json")], body=payload)
    echo = json.loads(post.body)
    assert echo["method"] == "POST"
    assert bytes.fromhex(echo["body"]) == payload
    assert echo["headers"]["Content-Type"] == "application/json"
    assert "Expect" not in echo["headers"]

    put = await transport.request("PUT", f"{base}/echo", body=b"raw")
    echo = json.loads(put.body)
    assert (echo["method"], bytes.fromhex(echo["body"])) == ("PUT", b"raw")
    assert "Content-Type" not in echo["headers"]  # no invented form content type

    head = await transport.request("HEAD", f"{base}/bytes?n=10")
    assert (head.status, head.header("content-length"), head.body) == (200, "10", b"")


async def test_error_statuses_are_responses(base: str) -> None:
    response = await HttpTransport().request("GET", f"{base}/echo?status=503")
    assert response.status == 503
    assert json.loads(response.body)["method"] == "GET"
    missing = await HttpTransport().request("DELETE", f"{base}/nowhere")
    assert (missing.status, missing.body) == (404, b"no such path")


async def test_connect_refused_names_url_and_cause() -> None:
    url = f"http://127.0.0.1:{free_port()}/"
    with pytest.raises(TransportError, match=rf"^connect to {url} failed: Connection refused$"):
        await HttpTransport().request("GET", url)


async def test_read_timeout_on_a_silent_server(base: str) -> None:
    url = f"{base}/silent?id=read-timeout"
    start = time.monotonic()
    with pytest.raises(TransportError, match=r"no data from .*/silent\?id=read-timeout for 0.4 s \(read timeout\)"):
        await HttpTransport(read_timeout=0.4).request("GET", url)
    assert 0.35 < time.monotonic() - start < 4.0


async def test_total_timeout_on_a_dripping_server(base: str) -> None:
    start = time.monotonic()
    with pytest.raises(TransportError, match=r"did not finish within 0.5 s \(total timeout\)"):
        await HttpTransport(read_timeout=2.0).request("GET", f"{base}/drip", timeout=0.5)
    assert 0.45 < time.monotonic() - start < 4.0


async def test_read_timeout_ends_a_stream_after_its_chunks(base: str) -> None:
    key = "stream-read-timeout"  # /gated waits for a gate nobody opens: the stream stalls after chunk 0
    chunks: list[bytes] = []

    async def read_all() -> None:
        async with HttpTransport(read_timeout=0.3).stream("GET", f"{base}/gated?id={key}") as s:
            async for chunk in s:
                chunks.append(chunk)  # what arrived before the error stays

    with pytest.raises(TransportError, match="read timeout"):
        await read_all()
    assert chunks == [b"chunk-0;"]


async def test_max_response_bytes(base: str) -> None:
    transport = HttpTransport(max_response_bytes=1000)
    assert len((await transport.request("GET", f"{base}/bytes?n=1000")).body) == 1000
    with pytest.raises(TransportError, match=r"response from .*/bytes\?n=5000 exceeds max_response_bytes \(1000\)"):
        await transport.request("GET", f"{base}/bytes?n=5000")


async def test_unread_stream_bytes_are_bounded(base: str) -> None:
    # A stream nobody reads may buffer up to max_response_bytes, then it fails instead of growing.
    async with HttpTransport(max_response_bytes=200).stream("GET", f"{base}/forever?id=unread") as s:
        await asyncio.sleep(1.0)  # ~50 chunks of 5 bytes arrive meanwhile
        with pytest.raises(TransportError, match=r"more than max_response_bytes \(200\) .* too slow"):
            async for _ in s:
                pass


def test_overflow_before_the_handle_is_known_stops_the_download(base: str, state: Server) -> None:
    # Issue 9 item 6. The engine may deliver the first chunks before start() has returned the
    # handle to Python; a consumer that overflows then must still stop the transfer. Here the
    # handle is never stored at all (the losing side of that race, made certain): before the fix,
    # on_data called _http.cancel(0), which does nothing, and the endless download went on.
    transfer = _transport._Transfer(None, f"{base}/forever?id=race", unread_limit=10)
    assert transfer.handle == 0
    _http.start(
        "GET", f"{base}/forever?id=race", [], None, 5000, 5000, 0, True, "", 0,
        transfer.on_head, transfer.on_data, transfer.on_done,
    )  # fmt: skip
    started = time.monotonic()
    with transfer.cond:
        assert transfer.cond.wait_for(lambda: transfer.done, timeout=5), "the download continued after the overflow"
    assert time.monotonic() - started < 2
    assert transfer.error is not None
    assert "more than max_response_bytes (10)" in transfer.error
    assert state.event("race").wait(5), "the server never saw the connection close"


def test_sync_siblings(base: str) -> None:
    transport = HttpTransport()
    response = transport.request_sync("POST", f"{base}/echo", body=b"sync", headers={"X-Sync": "1"})
    echo = json.loads(response.body)
    assert (response.status, bytes.fromhex(echo["body"]), echo["headers"]["X-Sync"]) == (200, b"sync", "1")

    chunks = []
    with transport.stream_sync("GET", f"{base}/forever?id=sync") as s:
        assert s.status == 200
        for chunk in s:
            chunks.append(chunk)
            if len(chunks) == 3:
                break
    assert chunks == [b"tick;"] * 3
    with pytest.raises(TransportError, match=r"connect to .* failed"):
        transport.request_sync("GET", f"http://127.0.0.1:{free_port()}/")


async def test_bad_input_is_refused_before_sending(base: str) -> None:
    transport = HttpTransport()
    with pytest.raises(InvalidInput, match="value of header 'X-Evil' contains CR, LF or NUL"):
        await transport.request("GET", f"{base}/echo", headers={"X-Evil": "a\r\nInjected: 1"})
    with pytest.raises(InvalidInput, match="scheme 'ftp'; expected http or https"):
        await transport.request("GET", "ftp://127.0.0.1/")
    with pytest.raises(InvalidInput, match="HTTP method 'G T' is not a token"):
        await transport.request("G T", f"{base}/echo")
    with pytest.raises(InvalidInput, match="url must be a str, got None"):
        await transport.request("GET", None)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="body must be bytes or None, got str"):
        await transport.request("POST", f"{base}/echo", body="text")  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="connect_timeout must be a positive number of seconds, got -1"):
        HttpTransport(connect_timeout=-1)
    assert _http.active() == 0


def test_credentials_are_not_echoed_in_errors() -> None:
    url = f"http://user:secret@127.0.0.1:{free_port()}/"
    with pytest.raises(TransportError) as info:
        HttpTransport().request_sync("GET", url)
    assert "secret" not in str(info.value)
    assert "***@127.0.0.1" in str(info.value)


# ---- TLS -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tls_base(state: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command (Debian package openssl) is needed to make a test certificate")
    d = tmp_path_factory.mktemp("tls")
    cert, key = d / "cert.pem", d / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server, url = serve(state, context)
    # By name: Mbed TLS 2.28 (the TLS library of our libcurl) matches DNS names only, not IP SANs.
    yield url.replace("//127.0.0.1:", "//localhost:"), cert
    server.shutdown()


async def test_tls_verification(tls_base: tuple[str, Path]) -> None:
    url, cert = tls_base
    with pytest.raises(TransportError, match=rf"^TLS certificate verify failed for {url}/echo: .*NOT_TRUSTED"):
        await HttpTransport().request("GET", f"{url}/echo")
    trusted = await HttpTransport(ca_file=str(cert)).request("GET", f"{url}/echo", body=None)
    assert (trusted.status, json.loads(trusted.body)["method"]) == (200, "GET")
    unverified = await HttpTransport(verify_tls=False).request("GET", f"{url}/echo")
    assert unverified.status == 200
    with pytest.raises(TransportError, match=r"cannot use CA file '/nonexistent\.pem'"):
        await HttpTransport(ca_file="/nonexistent.pem").request("GET", f"{url}/echo")


async def test_ca_from_ssl_cert_file_and_dir(
    tls_base: tuple[str, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url, cert = tls_base
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # read per request: no restart needed
    assert (await HttpTransport().request("GET", f"{url}/echo")).status == 200
    monkeypatch.delenv("SSL_CERT_FILE")
    cas = tmp_path / "cas"
    cas.mkdir()
    shutil.copy(cert, cas / "test-ca.pem")
    monkeypatch.setenv("SSL_CERT_DIR", str(cas))
    assert (await HttpTransport().request("GET", f"{url}/echo")).status == 200
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "missing.pem"))  # set: used, never skipped
    with pytest.raises(
        TransportError, match=r"^SSL_CERT_FILE is set to '.*missing\.pem', which is not a readable file"
    ):
        await HttpTransport().request("GET", f"{url}/echo")


_NO_SYSTEM_CAS = ["/etc/ssl", "/etc/pki", "/var/lib/ca-certificates", "/usr/local/share/certs"]


def _run_without_system_cas(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Python in a private mount namespace where the system's CA locations are empty directories."""
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.skip("needs root and unshare (util-linux) to hide the system's CA certificates")
    hide = " ".join(f"if [ -d {d} ]; then mount -t tmpfs none {d}; fi;" for d in _NO_SYSTEM_CAS)
    script = f'{hide} exec "$0" -c "$1" "${{@:2}}"'
    return subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "bash", "-c", script, sys.executable,
         textwrap.dedent(code), *args],
        capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin"},
    )  # fmt: skip


def test_ca_certifi_fallback_and_the_not_found_message(tls_base: tuple[str, Path]) -> None:
    url, cert = tls_base
    # certifi (here a stand-in whose where() is the test CA) is used when the system has no CAs.
    with_certifi = _run_without_system_cas(
        """
        import sys, types
        sys.modules["certifi"] = types.SimpleNamespace(where=lambda: sys.argv[2])
        from ruvector._transport import HttpTransport
        print(HttpTransport().request_sync("GET", sys.argv[1] + "/echo").status)
        """,
        url, str(cert),
    )  # fmt: skip
    assert with_certifi.returncode == 0, with_certifi.stderr
    assert with_certifi.stdout.strip() == "200"
    without = _run_without_system_cas(
        """
        import sys
        sys.modules["certifi"] = None  # not installed
        from ruvector._transport import HttpTransport
        HttpTransport().request_sync("GET", sys.argv[1] + "/echo")
        """,
        url,
    )  # fmt: skip
    assert without.returncode != 0
    error = without.stderr.strip().splitlines()[-1]
    assert error.startswith("ruvector.errors.TransportError: no CA certificates found to verify TLS peers"), error
    for tried in (
        "SSL_CERT_FILE and SSL_CERT_DIR are unset",
        "/etc/ssl/certs/ca-certificates.crt",
        "/etc/pki/tls/certs/ca-bundle.crt",
        "certifi is not installed",
        f"(request to {url}/echo)",
    ):
        assert tried in error, (tried, error)


# ---- resources and process lifetime --------------------------------------------------------------


def _run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=30)


def test_import_ruvector_does_not_load_libcurl() -> None:
    out = _run_python("""
        import ruvector
        def curl_loaded():  # libcurl is linked into ruvector/_http (statically), never a system libcurl
            maps = open("/proc/self/maps").read()
            assert "libcurl" not in maps, "a system libcurl was loaded"
            return "/ruvector/_http." in maps
        before = curl_loaded()
        from ruvector._transport import HttpTransport
        print(before, curl_loaded())
    """)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "True"]  # the check does see libcurl once it is loaded


def test_sequential_requests_do_not_leak_fds_or_threads(base: str) -> None:
    # In a fresh process, so that /proc/self counts only the client's fds and threads.
    out = _run_python(f"""
        import asyncio, json, os
        from ruvector import _http
        from ruvector._transport import HttpTransport
        transport = HttpTransport()
        url = "{base}/bytes?n=100"

        async def run(n):
            for _ in range(n):
                assert len((await transport.request("GET", url)).body) == 100

        def counts():
            return len(os.listdir("/proc/self/fd")), len(os.listdir("/proc/self/task"))

        asyncio.run(run(20))  # warm up: the engine thread and the connection cache
        before = counts()
        asyncio.run(run(200))
        for _ in range(200):
            transport.request_sync("GET", url)
        print(json.dumps({{"before": before, "after": counts(), "active": _http.active()}}))
    """)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    (fds_before, threads_before), (fds_after, threads_after) = result["before"], result["after"]
    assert fds_after <= fds_before + 2, result  # a reconnect may briefly hold one more socket
    assert threads_after == threads_before, result
    assert result["active"] == 0


def test_interpreter_exits_cleanly_with_transfers_running(base: str, state: Server) -> None:
    out = _run_python(f"""
        import threading
        from ruvector._transport import HttpTransport
        from ruvector.errors import TransportError
        t = HttpTransport()

        def blocked():
            try:
                t.request_sync("GET", "{base}/silent?id=exit-sync")
            except TransportError:
                pass

        threading.Thread(target=blocked, daemon=True).start()
        stream = t.stream_sync("GET", "{base}/forever?id=exit-stream")
        stream.__enter__()
        print(next(iter(stream)))  # and exit with both transfers running
    """)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "b'tick;'"
    assert out.stderr == ""
    assert state.event("exit-stream").wait(3), "the stream's connection outlived the interpreter"


def test_a_forked_child_gets_a_working_engine(base: str) -> None:
    out = _run_python(f"""
        import os, time, warnings
        from ruvector._transport import HttpTransport
        warnings.simplefilter("ignore", DeprecationWarning)  # "multi-threaded process forks": that is the point
        t = HttpTransport()
        url = "{base}/bytes?n=3"
        print(t.request_sync("GET", url).body)
        pid = os.fork()
        if pid == 0:
            os._exit(0 if t.request_sync("GET", url, timeout=5).body == b"xxx" else 1)
        deadline = time.monotonic() + 10
        while (done := os.waitpid(pid, os.WNOHANG))[0] == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        if done[0] == 0:
            os.kill(pid, 9)
            print("child hung")
        else:
            print("child exit", os.waitstatus_to_exitcode(done[1]))
        print(t.request_sync("GET", url).body)
    """)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["b'xxx'", "child exit 0", "b'xxx'"]

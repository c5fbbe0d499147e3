# Stubs of the native extension ruvector._http (nanobind, libcurl). Use ruvector._transport instead.
from collections.abc import Callable

def start(
    method: str,
    url: str,
    headers: list[tuple[str, str]],
    body: bytes | None,
    connect_timeout_ms: int,
    read_timeout_ms: int,
    total_timeout_ms: int,
    verify_tls: bool,
    ca_file: str,
    max_response_bytes: int,
    on_head: Callable[[int, list[tuple[str, str]]], None],
    on_data: Callable[[bytes], bool | None],
    on_done: Callable[[str | None, str | None], None],
) -> int: ...
def set_fallback_ca_bundle(path: str) -> None: ...
def cancel(handle: int) -> None: ...
def shutdown() -> None: ...
def active() -> int: ...

"""A lake backend over bundles published to a static HTTP server (the native libcurl transport).

>>> lake.register(rv.HttpBundleBackend("remote", "http://cdn.example/bundles/articles"))
>>> ids, dists = lake.search("remote", "articles", q, k=10)

Each collection is a bundle directory as ``Lake.publish_bundle`` writes it: ``table.rulake.json``,
``bundle.witness.json`` and ``index.rvq``. This class only fetches bytes, with size limits. The core
parses and checks the sidecar on each coherence check (when the lake's consistency mode says), says
which file to fetch next and checks that the three are one bundle (refetching once if a republish
came in between), and installs the index without a rebuild after checking its content witness,
index bytes and parameters, and with ``trusted_keys`` its signed checkpoint and log inclusion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from ._backend import backend as _native
from .errors import InvalidInput, PersistError
from .lake import Backend, Generation

if TYPE_CHECKING:
    from ._transport import HttpTransport

SIDECAR = "table.rulake.json"
INDEX = "index.rvq"
WITNESS = "bundle.witness.json"


_WHAT = {SIDECAR: "the sidecar", WITNESS: "the witness file", INDEX: "the index"}


def _bundle_urls(bundles: str | Mapping[str, str]) -> dict[str, str]:
    if isinstance(bundles, str):
        name = [part for part in urlsplit(bundles).path.split("/") if part]
        if not name:
            raise InvalidInput(f"cannot name a collection after the URL '{bundles}': pass {{collection: url}}")
        return {name[-1]: bundles}
    if isinstance(bundles, Mapping):
        return {str(name): str(url) for name, url in bundles.items()}
    raise InvalidInput(f"bundles must be a URL or a mapping {{collection: url}}, got {type(bundles).__name__}")


class HttpBundleBackend(Backend):
    """Bundles on a static server as lake collections: ``bundles`` is a bundle directory's URL (the
    collection is named after its last path segment) or ``{collection: url}``. With ``trusted_keys``
    (verifier keys, :func:`ruvector.witness.verifier_key`; read when the backend is registered, a
    malformed one is InvalidInput there) a bundle is served only if one of them signed its checkpoint
    and its entry is in the log under it (WitnessMismatch otherwise), and never from a cache entry
    another backend installed unchecked under the same bundle witness.
    Under Pyodide the lake uses the JS SDK's HttpBundleBackend (fetch) with these settings: search it
    with ``search_async`` / ``prime_async`` / ``refresh_async``, which await the fetches."""

    def __init__(
        self,
        id: str,
        bundles: str | Mapping[str, str],
        *,
        max_index_bytes: int = 1 << 30,
        max_sidecar_bytes: int = 64 << 10,
        timeout: float = 60.0,
        verify_tls: bool = True,
        ca_file: str | None = None,
        trusted_keys: Sequence[str] | str = (),
    ) -> None:
        super().__init__(id)
        self._urls = _bundle_urls(bundles)
        self.trusted_keys = [trusted_keys] if isinstance(trusted_keys, str) else [str(k) for k in trusted_keys]
        self.max_index_bytes = max_index_bytes
        self.max_sidecar_bytes = max_sidecar_bytes
        self._settings: dict[str, Any] = {"read_timeout": timeout, "verify_tls": verify_tls, "ca_file": ca_file}
        self._transports: dict[int, HttpTransport] = {}

    def list_collections(self) -> list[str]:
        return list(self._urls)

    def url(self, collection: str) -> str:
        """The bundle directory's URL of ``collection``."""
        if collection not in self._urls:
            raise InvalidInput(f"unknown collection '{collection}' in backend '{self.id}'")
        return self._urls[collection]

    def _get(self, url: str, limit: int, what: str) -> bytes:
        from ._transport import HttpTransport, TransferFailed  # loads libcurl on first use

        transport = self._transports.get(limit)
        if transport is None:
            transport = HttpTransport(max_response_bytes=limit, **self._settings)
            self._transports[limit] = transport
        try:
            response = transport.request_sync("GET", url)
        except TransferFailed as exc:
            if exc.kind == "too-large":
                raise PersistError(f"GET {url}: {what} exceeds the limit of {limit} bytes") from exc
            raise
        if response.status != 200:
            raise PersistError(f"GET {url}: HTTP {response.status} ({what})")
        return response.body

    def _file(self, collection: str, name: str) -> str:
        directory = self.url(collection)
        return urljoin(directory if directory.endswith("/") else directory + "/", name)

    def sidecar(self, collection: str) -> bytes:
        """The bundle's sidecar, as published."""
        return self._get(self._file(collection, SIDECAR), self.max_sidecar_bytes, "the sidecar")

    def fetch_bundle(self, collection: str) -> Any:
        """The bundle's three files, in the order the core asks for them and checked by it to be one
        bundle (fetched twice at most): a ``_core.BundleFetch`` that the lake installs from."""
        fetch = _native.BundleFetch(self.url(collection), self.trusted_keys)
        while (name := fetch.next_file()) is not None:
            limit = self.max_index_bytes if name == INDEX else self.max_sidecar_bytes
            fetch.put(self._get(self._file(collection, name), limit, _WHAT[name]))
        return fetch

    def pull(self, collection: str) -> tuple[Any, Any, Generation]:
        raise InvalidInput(f"backend '{self.id}' serves published bundles, not rows: register it with a Lake")

    def generation(self, collection: str) -> Generation:
        raise InvalidInput(f"backend '{self.id}' serves published bundles: the lake reads generations from sidecars")

    def _native_sidecar(self, collection: str) -> bytes | None:
        return self.sidecar(collection)

    def _native_pull_bundle(self, collection: str) -> Any:
        return self.fetch_bundle(collection)

    def _native_trusted_keys(self) -> list[str]:
        return list(self.trusted_keys)

    def _bundle_config(self) -> tuple[dict[str, str], int, int, list[str]]:
        """What Pyodide's lake needs to fetch these bundles with the SDK's HttpBundleBackend."""
        return dict(self._urls), self.max_index_bytes, self.max_sidecar_bytes, list(self.trusted_keys)


__all__ = ["HttpBundleBackend"]

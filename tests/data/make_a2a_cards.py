"""Generates tests/data/a2a_cards/: signed A2A Agent Cards and manifest.json, the expected outcome of
verifying each one. The C++ core (tests/cpp/test_card_verify.cpp) reads the manifest; the Python and
JS bindings are meant to check the same file.

Signing uses implementations independent of ruvector: joserfc (JWS, on top of pyca/cryptography) and
rfc8785 (JCS). What a card signature is (A2A v1.0 section 8.4, v0.3 AgentCard.signatures):
  payload  = RFC 8785 canonical JSON of the card without its "signatures" member,
  JWS      = RFC 7515 with that payload base64url-encoded (no "b64": false) and then detached,
  entry    = {"protected": <JWS protected header>, "signature": <JWS signature>, "header"?: {...}}.

Each manifest case is self-describing:
  {"name", "description", "file" (under a2a_cards/), "keys" (a JWKS / JWK object, or null for none),
   "require_signature", "expect": "ok" | "error",
   ok:    "verified" (bool), "kid", "alg"  (what the verifier reports; "" when unverified),
   error: "error" (the error class name shared by every language), "error_contains" (a substring
          of the message)}

Run: .venv/bin/python tests/data/make_a2a_cards.py  (needs joserfc and rfc8785 from
requirements-dev.txt; Ed25519 signatures are deterministic, ES256 ones are not, so re-running
rewrites the ES256 cards with new but equally valid signatures; the output is committed)
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import warnings
from pathlib import Path
from typing import Any

import rfc8785
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from joserfc import jws
from joserfc.jwk import ECKey, OKPKey

OUT = Path(__file__).resolve().parent / "a2a_cards"
ALGORITHMS = ["EdDSA", "ES256"]

Json = dict[str, Any]


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def seed(label: str) -> bytes:
    return hashlib.sha256(("ruvector a2a card test key: " + label).encode()).digest()


def ed25519_key(label: str, kid: str) -> OKPKey:
    # RFC 8037 private OKP JWK: d is the 32-byte seed, x the public key derived from it.
    private = Ed25519PrivateKey.from_private_bytes(seed(label))
    x = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return OKPKey.import_key({"kty": "OKP", "crv": "Ed25519", "d": b64url(seed(label)), "x": b64url(x), "kid": kid})


def p256_key(label: str, kid: str) -> ECKey:
    n = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
    private = ec.derive_private_key(int.from_bytes(seed(label), "big") % (n - 1) + 1, ec.SECP256R1())
    numbers = private.private_numbers()
    return ECKey.import_key(
        {
            "kty": "EC",
            "crv": "P-256",
            "kid": kid,
            "d": b64url(numbers.private_value.to_bytes(32, "big")),
            "x": b64url(numbers.public_numbers.x.to_bytes(32, "big")),
            "y": b64url(numbers.public_numbers.y.to_bytes(32, "big")),
        }
    )


def public_jwk(key: OKPKey | ECKey, alg: str | None = None) -> Json:
    out: Json = dict(key.as_dict(private=False))
    if alg is not None:
        out["alg"] = alg
    out["use"] = "sig"
    return out


ED = ed25519_key("ed-1", "ed-1")
ES = p256_key("es-1", "es-1")
OTHER_ED = ed25519_key("someone else", "ed-1")  # same kid, different key: a forger's signature
TRUSTED: Json = {"keys": [public_jwk(ED, "EdDSA"), public_jwk(ES, "ES256")]}


def canonical_payload(card: Json) -> bytes:
    body = {k: v for k, v in card.items() if k != "signatures"}
    return rfc8785.dumps(body)


def sign(card: Json, key: OKPKey | ECKey, protected: Json, header: Json | None = None) -> Json:
    """Returns an AgentCardSignature over `card` (its current "signatures" excluded)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # joserfc flags "EdDSA" as deprecated by RFC 9864
        compact = jws.serialize_compact(protected, canonical_payload(card), key, algorithms=ALGORITHMS)
        # Independent round trip: joserfc itself accepts the signature over the re-attached payload.
        jws.deserialize_compact(compact, key, algorithms=ALGORITHMS)
    protected_b64, _, signature_b64 = compact.split(".")
    entry: Json = {"protected": protected_b64, "signature": signature_b64}
    if header is not None:
        entry["header"] = header
    return entry


def with_signatures(card: Json, *entries: Json) -> Json:
    out = copy.deepcopy(card)
    out["signatures"] = list(entries)
    return out


def raw_signature_entry(protected: Json, signature: bytes) -> Json:
    header = json.dumps(protected, separators=(",", ":")).encode()
    return {"protected": b64url(header), "signature": b64url(signature)}


# ---- the cards ---------------------------------------------------------------------------------

CARD_V1: Json = {
    "name": "Recipe Agent",
    "description": "Finds recipes and plans meals.",
    "supportedInterfaces": [
        {"url": "https://agents.example.com/a2a/v1", "protocolBinding": "JSONRPC", "protocolVersion": "1.0"}
    ],
    "provider": {"organization": "Example Foods", "url": "https://example.com"},
    "version": "1.2.0",
    "capabilities": {"streaming": True, "pushNotifications": False},
    "defaultInputModes": ["text/plain"],
    "defaultOutputModes": ["text/plain", "application/json"],
    "skills": [
        {
            "id": "find-recipe",
            "name": "Find recipe",
            "description": "Finds a recipe for the ingredients at hand.",
            "tags": ["cooking", "search"],
            "examples": ["What can I cook with eggs and spinach?"],
        }
    ],
}

CARD_V03: Json = {
    "protocolVersion": "0.3.0",
    "name": "Recipe Agent",
    "description": "Finds recipes and plans meals.",
    "url": "https://agents.example.com/a2a/v1",
    "preferredTransport": "JSONRPC",
    "additionalInterfaces": [{"url": "https://agents.example.com/a2a/v1", "transport": "JSONRPC"}],
    "version": "1.2.0",
    "capabilities": {"streaming": True},
    "defaultInputModes": ["text/plain"],
    "defaultOutputModes": ["text/plain"],
    "skills": [{"id": "find-recipe", "name": "Find recipe", "description": "Finds a recipe.", "tags": ["cooking"]}],
}

CARD_UNICODE: Json = {
    **CARD_V1,
    "name": "Agent \u2603 caf\u00e9 \U0001d11e \u65e5\u672c",
    "description": 'Quotes " and \\ and a tab\t, a bell \u0007, U+2028 \u2028, DEL \u007f and \U0001f600.',
    # Member names that sort differently by UTF-16 code units than by code points or bytes.
    "capabilities": {"extensions": [{"uri": "urn:x", "params": {"\ue000": 1, "\U0001f600": 2, "\u20ac": 3, "a": 4}}]},
}

# Number spellings whose canonical form differs from the text. Written by hand (not json.dumps)
# so the file holds exactly these spellings; Python's float() and ours must read the same doubles.
NUMBERS_TEXT = (
    '{"big": 1E21, "below_big": 1E20, "sum": 0.30000000000000004, "tiny": 1e-7, '
    '"small": 0.000001, "neg_zero": -0, "trailing": 4.50, "exp": 12e-1, "max": 1.7976931348623157e308, '
    '"min": 5e-324, "ulp": 333333333.33333329, "int": 9007199254740991, "frac": 0.1}'
)


def numbers_card() -> tuple[Json, str]:
    params = json.loads(NUMBERS_TEXT)
    card = copy.deepcopy(CARD_V1)
    card["capabilities"] = {"extensions": [{"uri": "urn:example:numbers", "params": params}]}
    return card, NUMBERS_TEXT


PROTECTED_ED: Json = {"alg": "EdDSA", "kid": "ed-1", "typ": "JOSE"}
PROTECTED_ES: Json = {"alg": "ES256", "kid": "es-1", "typ": "JOSE", "jku": "https://example.com/.well-known/jwks.json"}


def write_card(name: str, card: Json, numbers_text: str | None = None) -> str:
    if numbers_text is None:
        text = json.dumps(card, indent=2, ensure_ascii=False)
    else:
        # The hand-written number spellings go in verbatim, in place of json.dumps' own.
        shell = copy.deepcopy(card)
        shell["capabilities"]["extensions"][0]["params"] = "@@NUMBERS@@"
        text = json.dumps(shell, indent=2, ensure_ascii=False).replace('"@@NUMBERS@@"', numbers_text)
        assert json.loads(text) == card
    (OUT / name).write_text(text + "\n", encoding="utf-8")
    return name


def main() -> None:
    OUT.mkdir(exist_ok=True)
    cases: list[Json] = []

    def ok(name: str, description: str, file: str, kid: str, alg: str, keys: Json | None = TRUSTED) -> None:
        cases.append(
            {
                "name": name,
                "description": description,
                "file": file,
                "keys": keys,
                "require_signature": True,
                "expect": "ok",
                "verified": True,
                "kid": kid,
                "alg": alg,
            }
        )

    def error(
        name: str,
        description: str,
        file: str,
        contains: str,
        keys: Json | None = TRUSTED,
        require: bool = True,
        error_class: str = "CardSignatureInvalid",
    ) -> None:
        cases.append(
            {
                "name": name,
                "description": description,
                "file": file,
                "keys": keys,
                "require_signature": require,
                "expect": "error",
                "error": error_class,
                "error_contains": contains,
            }
        )

    def unverified(name: str, description: str, file: str, keys: Json | None) -> None:
        cases.append(
            {
                "name": name,
                "description": description,
                "file": file,
                "keys": keys,
                "require_signature": False,
                "expect": "ok",
                "verified": False,
                "kid": "",
                "alg": "",
            }
        )

    ed_v1 = with_signatures(CARD_V1, sign(CARD_V1, ED, PROTECTED_ED))
    ok("ed25519_v1", "v1.0 card signed with EdDSA", write_card("ed25519_v1.json", ed_v1), "ed-1", "EdDSA")
    es_v1 = with_signatures(CARD_V1, sign(CARD_V1, ES, PROTECTED_ES))
    ok(
        "es256_v1",
        "v1.0 card signed with ES256 (jku is not followed)",
        write_card("es256_v1.json", es_v1),
        "es-1",
        "ES256",
    )
    ed_v03 = with_signatures(CARD_V03, sign(CARD_V03, ED, PROTECTED_ED))
    ok("ed25519_v03", "v0.3 card signed with EdDSA", write_card("ed25519_v03.json", ed_v03), "ed-1", "EdDSA")
    es_v03 = with_signatures(CARD_V03, sign(CARD_V03, ES, {"alg": "ES256", "kid": "es-1"}))
    ok("es256_v03", "v0.3 card signed with ES256", write_card("es256_v03.json", es_v03), "es-1", "ES256")
    ok(
        "single_jwk",
        "keys given as one JWK instead of a set",
        "ed25519_v1.json",
        "ed-1",
        "EdDSA",
        keys=public_jwk(ED),
    )
    kid_in_header = with_signatures(CARD_V1, sign(CARD_V1, ED, {"alg": "EdDSA"}, header={"kid": "ed-1"}))
    ok(
        "kid_unprotected",
        "kid in the unprotected header",
        write_card("kid_unprotected.json", kid_in_header),
        "ed-1",
        "EdDSA",
    )
    no_kid = with_signatures(CARD_V1, sign(CARD_V1, ES, {"alg": "ES256"}))
    ok("no_kid", "no kid: every trusted ES256 key is tried", write_card("no_kid.json", no_kid), "es-1", "ES256")
    two = with_signatures(
        CARD_V1,
        sign(CARD_V1, ed25519_key("unknown", "ed-9"), {"alg": "EdDSA", "kid": "ed-9"}),
        sign(CARD_V1, ES, PROTECTED_ES),
    )
    ok(
        "second_signature",
        "first signature by an unknown kid, second valid",
        write_card("two.json", two),
        "es-1",
        "ES256",
    )
    num_card, num_text = numbers_card()
    ok(
        "numbers",
        "numbers whose canonical form differs from their text (1E21, -0, 4.50, 5e-324, 333333333.33333329)",
        write_card("numbers.json", with_signatures(num_card, sign(num_card, ED, PROTECTED_ED)), num_text),
        "ed-1",
        "EdDSA",
    )
    uni = with_signatures(CARD_UNICODE, sign(CARD_UNICODE, ES, PROTECTED_ES))
    ok(
        "unicode",
        "non-ASCII text, escapes, astral-plane member names",
        write_card("unicode.json", uni),
        "es-1",
        "ES256",
    )

    tampered = copy.deepcopy(ed_v1)
    tampered["skills"][0]["name"] = "Find recipe!"
    error("tampered", "one field changed after signing", write_card("tampered.json", tampered), "does not verify")
    num_tampered_text = (OUT / "numbers.json").read_text(encoding="utf-8").replace("4.50", "4.5000001")
    (OUT / "numbers_tampered.json").write_text(num_tampered_text, encoding="utf-8")
    error("numbers_tampered", "one number changed after signing", "numbers_tampered.json", "does not verify")
    error(
        "other_key",
        "signed by another key under the trusted kid",
        write_card("other_key.json", with_signatures(CARD_V1, sign(CARD_V1, OTHER_ED, PROTECTED_ED))),
        "does not verify",
    )
    error(
        "wrong_kid",
        "kid not among the trusted keys",
        write_card(
            "wrong_kid.json",
            with_signatures(CARD_V1, sign(CARD_V1, ed25519_key("unknown", "ed-9"), {"alg": "EdDSA", "kid": "ed-9"})),
        ),
        "unknown kid",
    )
    error(
        "alg_none",
        'alg "none" with an empty signature',
        write_card("alg_none.json", with_signatures(CARD_V1, raw_signature_entry({"alg": "none", "kid": "ed-1"}, b""))),
        "unsupported alg 'none'",
    )
    hs256 = raw_signature_entry({"alg": "HS256", "kid": "ed-1"}, hashlib.sha256(b"not a key").digest())
    error(
        "alg_hs256",
        "alg HS256 (symmetric)",
        write_card("alg_hs256.json", with_signatures(CARD_V1, hs256)),
        "unsupported alg",
    )
    der_protected: Json = {"alg": "ES256", "kid": "es-1"}
    der_entry = raw_signature_entry(der_protected, b"")
    signing_input = (der_entry["protected"] + "." + b64url(canonical_payload(CARD_V1))).encode()
    es_private = ES.private_key
    assert es_private is not None
    der_entry["signature"] = b64url(es_private.sign(signing_input, ec.ECDSA(hashes.SHA256())))  # DER, not r||s
    error(
        "es256_der",
        "ES256 signature in DER instead of r||s",
        write_card("es256_der.json", with_signatures(CARD_V1, der_entry)),
        "must be 64 bytes",
    )
    # joserfc refuses to sign with an unknown "crit" parameter; sign the JWS input with cryptography.
    crit_entry = raw_signature_entry({"alg": "EdDSA", "kid": "ed-1", "crit": ["exp"], "exp": 1}, b"")
    crit_input = (crit_entry["protected"] + "." + b64url(canonical_payload(CARD_V1))).encode()
    crit_entry["signature"] = b64url(Ed25519PrivateKey.from_private_bytes(seed("ed-1")).sign(crit_input))
    crit = with_signatures(CARD_V1, crit_entry)
    error("crit", "an unknown critical header parameter", write_card("crit.json", crit), "critical")
    alg_unprotected = copy.deepcopy(kid_in_header)
    alg_unprotected["signatures"][0]["protected"] = b64url(b'{"kid":"ed-1"}')
    alg_unprotected["signatures"][0]["header"] = {"alg": "EdDSA"}
    error(
        "alg_unprotected",
        "alg only in the unprotected header",
        write_card("alg_unprotected.json", alg_unprotected),
        'no "alg"',
    )
    padded = copy.deepcopy(ed_v1)
    padded["signatures"][0]["signature"] += "=="
    error("padded_signature", "base64 padding on the signature", write_card("padded_signature.json", padded), "padding")
    error(
        "duplicate_member",
        "a card with a duplicate member name (parsers disagree on which one counts)",
        "duplicate_member.json",
        "duplicate",
        error_class="ProtocolError",
    )
    dup_text = (OUT / "ed25519_v1.json").read_text(encoding="utf-8")
    dup_text = dup_text.replace('"name": "Recipe Agent",', '"name": "Recipe Agent",\n  "name": "Evil Agent",', 1)
    (OUT / "duplicate_member.json").write_text(dup_text, encoding="utf-8")

    stripped = copy.deepcopy(ed_v1)
    del stripped["signatures"]
    write_card("stripped.json", stripped)
    error("stripped_required", "signature removed, signature required", "stripped.json", "unsigned")
    unverified("stripped_optional", "signature removed, signature optional", "stripped.json", TRUSTED)
    unverified("signed_no_keys_optional", "signed card, no trusted keys, signature optional", "ed25519_v1.json", None)
    error(
        "signed_no_keys_required",
        "signed card, no trusted keys, signature required",
        "ed25519_v1.json",
        "no trusted keys",
        keys=None,
    )
    error(
        "unsupported_key",
        "an RSA key among the trusted keys",
        "ed25519_v1.json",
        "unsupported key type",
        keys={"keys": [public_jwk(ED), {"kty": "RSA", "kid": "rsa-1", "n": "AQAB", "e": "AQAB"}]},
        error_class="InvalidInput",
    )
    error(
        "x25519_key",
        "an X25519 (encryption) curve in an OKP key",
        "ed25519_v1.json",
        "unsupported OKP curve 'X25519'",
        keys={"kty": "OKP", "crv": "X25519", "x": public_jwk(ED)["x"]},
        error_class="InvalidInput",
    )

    manifest = {
        "description": __doc__.split("\n\n")[0].replace("\n", " ") if __doc__ else "",
        "generator": "tests/data/make_a2a_cards.py (joserfc + rfc8785)",
        "cases": cases,
    }
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()

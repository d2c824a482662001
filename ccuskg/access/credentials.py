"""Endpoint credentials from the environment: bearer, HTTP basic, or HTTP digest when the server asks.

Virtuoso's authenticated endpoints (``/sparql-graph-crud-auth``, ``/sparql-auth``) accept only
digest. Basic is sent up front (Fuseki, GraphDB and most proxies want it); a ``401`` carrying a
``Digest`` challenge is answered, and the challenge is kept per host so later requests go out with
digest straight away (a large PUT body is not sent twice, and no more basic goes to that host).
Secrets never appear in messages: :func:`scrub` removes them from anything a server echoes back.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import secrets
import threading
import urllib.request
from urllib.parse import urlsplit

USER_ENV, PASSWORD_ENV, TOKEN_ENV = "CCUSKG_ENDPOINT_USER", "CCUSKG_ENDPOINT_PASSWORD", "CCUSKG_ENDPOINT_TOKEN"
_HASHES = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256, "MD5-SESS": hashlib.md5, "SHA-256-SESS": hashlib.sha256}
_CHALLENGES: dict[str, dict] = {}  # netloc -> the digest challenge last received from it
_LOCK = threading.Lock()


def _user_password() -> tuple[str, str] | None:
    user = os.environ.get(USER_ENV)
    return (user, os.environ.get(PASSWORD_ENV, "")) if user else None


def headers_for(method: str, url: str) -> dict[str, str]:
    """The Authorization header to send first: bearer, digest (if the host asked before), basic, or none."""
    token = os.environ.get(TOKEN_ENV)
    if token:
        return {"Authorization": f"Bearer {token}"}
    pair = _user_password()
    if not pair:
        return {}
    challenge = _CHALLENGES.get(urlsplit(url).netloc)
    if challenge:
        return {"Authorization": _digest(challenge, method, url, *pair)}
    return {"Authorization": "Basic " + base64.b64encode(f"{pair[0]}:{pair[1]}".encode()).decode("ascii")}


def answer_challenge(method: str, url: str, www_authenticate: str | None) -> dict[str, str] | None:
    """Headers for a retry after a 401 with a digest challenge we can answer, else None (give up)."""
    pair = _user_password()
    if not pair or os.environ.get(TOKEN_ENV) or not www_authenticate:
        return None
    scheme, _, rest = www_authenticate.strip().partition(" ")
    if scheme.lower() != "digest":
        return None
    challenge = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))
    if challenge.get("algorithm", "MD5").upper() not in _HASHES or "nonce" not in challenge:
        return None
    challenge["nc"] = 0
    with _LOCK:
        _CHALLENGES[urlsplit(url).netloc] = challenge
    return {"Authorization": _digest(challenge, method, url, *pair)}


def forget_challenge(url: str) -> None:
    """Drop the cached digest challenge of a host (its nonce went stale or the server restarted)."""
    with _LOCK:
        _CHALLENGES.pop(urlsplit(url).netloc, None)


def _digest(challenge: dict, method: str, url: str, user: str, password: str) -> str:
    """RFC 7616 digest response (qop=auth, or the RFC 2069 form when the server offers no qop)."""
    algorithm = challenge.get("algorithm", "MD5").upper()
    h = lambda text: _HASHES[algorithm](text.encode("utf-8")).hexdigest()  # noqa: E731
    parts = urlsplit(url)
    uri = parts.path + (f"?{parts.query}" if parts.query else "")
    realm, nonce = challenge.get("realm", ""), challenge["nonce"]
    with _LOCK:
        challenge["nc"] += 1
        nc = f"{challenge['nc']:08x}"
    cnonce = secrets.token_hex(8)
    ha1 = h(f"{user}:{realm}:{password}")
    if algorithm.endswith("-SESS"):
        ha1 = h(f"{ha1}:{nonce}:{cnonce}")
    ha2 = h(f"{method}:{uri}")
    qop = "auth" if "auth" in [q.strip() for q in challenge.get("qop", "").split(",")] else None
    response = h(f"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}") if qop else h(f"{ha1}:{nonce}:{ha2}")
    fields = [f'username="{user}"', f'realm="{realm}"', f'nonce="{nonce}"', f'uri="{uri}"',
              f'response="{response}"', f"algorithm={challenge.get('algorithm', 'MD5')}"]
    if qop:
        fields += [f"qop={qop}", f"nc={nc}", f'cnonce="{cnonce}"']
    if "opaque" in challenge:
        fields.append(f'opaque="{challenge["opaque"]}"')
    return "Digest " + ", ".join(fields)


_SCHEME_VALUE = re.compile(r"(?i)\b(bearer|basic|token)(\s+|=|:\s*)[A-Za-z0-9._~+/=-]{4,}")
_DIGEST_VALUE = re.compile(r'(?i)\b(response|cnonce|nonce|username)\s*=\s*"[^"]*"')


def scrub(text: str) -> str:
    """``text`` with every credential ccuskg holds, and anything shaped like one, replaced by ``***``."""
    known = [os.environ.get(TOKEN_ENV), os.environ.get(PASSWORD_ENV)]
    pair = _user_password()
    if pair:
        known.append(base64.b64encode(f"{pair[0]}:{pair[1]}".encode()).decode("ascii"))
    for secret in sorted(filter(None, known), key=len, reverse=True):
        text = text.replace(secret, "***")
    text = _SCHEME_VALUE.sub(lambda m: m.group(1) + m.group(2) + "***", text)
    text = _DIGEST_VALUE.sub(lambda m: m.group(1) + '="***"', text)
    if pair and len(pair[0]) >= 3:
        text = re.sub(rf"\b{re.escape(pair[0])}\b", "***", text)
    return text

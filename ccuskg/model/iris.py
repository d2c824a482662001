"""Deterministic, readable IRIs for the things records describe.

Ids are checked against a strict pattern (unsafe ones are rejected when the record is read); free
text such as a cluster name becomes a slug of letters, digits and '-', so no record value can
inject characters that break an IRI.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import urlsplit

from ccuskg.core.errors import UserError
from ccuskg.core.namespaces import DEFAULT_BASE
from ccuskg.ingest.records import ID_PATTERN

_SLUG_DROP = re.compile(r"[^\w]+", re.UNICODE)
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]')


class BaseIRIError(UserError, ValueError):
    pass


def check_base(base: str | None) -> str:
    """A usable base IRI: absolute http(s), ending in '/' or '#'."""
    base = (base or DEFAULT_BASE).strip()
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.hostname or _IRI_FORBIDDEN.search(base):
        raise BaseIRIError(f"base IRI must be an absolute http(s) IRI, got {base!r}")
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number from 0 to 65535
    except ValueError:
        raise BaseIRIError(f"base IRI has an invalid port: {base!r}") from None
    if "?" in base or parts.username is not None:
        raise BaseIRIError(f"base IRI must be a namespace without '?query' or 'user@' parts, got {base!r}")
    if not base.endswith(("/", "#")):
        base += "/"
    return base


def is_safe_id(value: str) -> bool:
    return isinstance(value, str) and bool(ID_PATTERN.fullmatch(value))


def slug(text: str) -> str:
    """Lower-case words joined by '-'; Han characters are kept (they are valid in IRIs)."""
    words = _SLUG_DROP.split(unicodedata.normalize("NFKC", text).casefold())
    result = "-".join(w for w in (w.strip("_") for w in words) if w)
    if not result:
        result = "h-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return result[:120]


def is_http_iri(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not _IRI_FORBIDDEN.search(value)


class Minter:
    """Mints every data IRI under one base."""

    def __init__(self, base: str | None = None):
        self.base = check_base(base)

    def policy(self, policy_id: str) -> str:
        return f"{self.base}policy/{policy_id}"

    def assessment(self, policy_id: str, dimension: str) -> str:
        return f"{self.base}policy/{policy_id}/assessment/{dimension}"

    def record(self, lang: str, policy_id: str) -> str:
        return f"{self.base}record/{lang}/{policy_id}"

    def graph(self, lang: str, policy_id: str) -> str:
        return f"{self.base}graph/{lang}/{policy_id}"

    def cluster(self, name: str) -> str:
        return f"{self.base}cluster/{slug(name)}"

    def agent(self, name: str) -> str:
        return f"{self.base}agent/{slug(name)}"

    def facility(self, facility_id: str) -> str:
        return f"{self.base}facility/{facility_id}"

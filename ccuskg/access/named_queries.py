"""The library of named SPARQL queries shipped in ccuskg/queries/.

Each ``NAME.rq`` starts with a ``# description`` line; ``# param: NAME`` lines declare parameters,
which are bound as literals through Oxigraph's substitutions, never pasted into the query text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ccuskg.core.errors import UserError
from ccuskg.access.query import bind_literals
from ccuskg.core.package_data import queries_dir

_PARAM = re.compile(r"^#\s*param:\s*([A-Za-z_][A-Za-z0-9_]*)\s*$", re.MULTILINE)


class NamedQueryError(UserError, ValueError):
    pass


class MissingParameter(NamedQueryError):
    """A named query was run without a value for one of its parameters (``.query``, ``.param``)."""

    def __init__(self, query: str, param: str):
        super().__init__(f"query {query!r} needs a value for its parameter {param!r}")
        self.query, self.param = query, param


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    text: str
    params: tuple[str, ...]

    def substitutions(self, values: dict[str, str]) -> dict[ox.Variable, ox.Literal]:
        unknown = sorted(set(values) - set(self.params))
        if unknown:
            raise NamedQueryError(f"query {self.name!r} takes no parameter {', '.join(unknown)}"
                                  + (f" (it takes: {', '.join(self.params)})" if self.params else ""))
        missing = [p for p in self.params if p not in values]
        if missing:
            raise MissingParameter(self.name, missing[0])
        return bind_literals(values) or {}


def _load(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0] if text else ""
    description = first.lstrip("#").strip() if first.startswith("#") else ""
    return NamedQuery(path.stem, description, text, tuple(_PARAM.findall(text)))


def all_queries() -> list[NamedQuery]:
    return [_load(p) for p in sorted(queries_dir().glob("*.rq"))]


def get(name: str) -> NamedQuery:
    path = queries_dir() / f"{name}.rq"
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name) or not path.is_file():
        names = ", ".join(q.name for q in all_queries())
        raise NamedQueryError(f"no named query {name!r}; available: {names}")
    return _load(path)


def parse_params(pairs) -> dict[str, str]:
    values = {}
    for pair in pairs:
        if "=" not in pair:
            raise NamedQueryError(f"--param takes NAME=VALUE, got {pair!r}")
        key, value = pair.split("=", 1)
        key = key.strip()
        if not key:
            raise NamedQueryError(f"--param takes NAME=VALUE, got {pair!r} (no NAME)")
        if key in values:  # the last one would win silently
            raise NamedQueryError(f"--param {key} is given twice ({values[key]!r} and {value!r})")
        values[key] = value
    return values

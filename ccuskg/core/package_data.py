"""Find the ontology/ and shapes/ folders, whether installed from a wheel or run from a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def _find(name: str) -> Path:
    # In a wheel the folders are copied into the package; in a checkout they sit beside it.
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"ccuskg is installed without its {name}/ folder (looked in {_PACKAGE})")


def ontology_dir() -> Path:
    return _find("ontology")


def shapes_dir() -> Path:
    return _find("shapes")


def queries_dir() -> Path:
    return _PACKAGE / "queries"

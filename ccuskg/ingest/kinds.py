"""Which kind of record a file holds: a policy, a country profile or a facility.

The public corpus keeps the three side by side (``policies/``, ``countries/``, ``facilities/``), so a
build of the whole folder must tell them apart. The fields decide first (a ``title`` is a policy,
``coordinates`` or ``relatedPolicies`` a facility, ``regulatory`` without a title a profile); a file
whose fields say nothing clear takes the kind of the folder it sits in.
"""

from __future__ import annotations

import re
from pathlib import PurePath

POLICY, PROFILE, FACILITY = "policy", "profile", "facility"
KINDS = (POLICY, PROFILE, FACILITY)
FOLDERS = {"policies": POLICY, "countries": PROFILE, "facilities": FACILITY}

_FACILITY_FIELDS = frozenset({"coordinates", "relatedPolicies", "announcedCapacityMin", "announcedCapacityMax",
                              "estimatedCapacity", "fateOfCarbon", "captureTechnology", "operator"})
_PROFILE_FIELDS = frozenset({"regulatory", "summary"})
# A profile's id is the jurisdiction's name ("United States"): IRIs are minted from its slug, not from it.
PROFILE_ID = re.compile(r"\w[\w .,'()&-]{0,119}")


def record_kind(data: dict, relative: str = "", path: PurePath | None = None) -> str | None:
    """The kind of the record ``data``, or None when it is none of the three."""
    if "title" in data or "name" not in data:
        return POLICY  # a policy without a title is still a policy, reported by its shapes
    keys = data.keys()
    if _FACILITY_FIELDS & keys:
        return FACILITY
    if _PROFILE_FIELDS & keys:
        return PROFILE
    return folder_kind(relative, path)


def folder_kind(relative: str = "", path: PurePath | None = None) -> str | None:
    """The kind named by the nearest ``policies``/``countries``/``facilities`` folder above the file."""
    parts = list(PurePath(relative).parts[:-1]) if relative else []
    if path is not None:
        parts = list(PurePath(path).parts[:-1]) + parts
    for part in reversed(parts):
        if part.lower() in FOLDERS:
            return FOLDERS[part.lower()]
    return None

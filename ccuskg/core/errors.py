"""The two roots of every ccuskg exception, so callers can tell "you can fix this" from "ccuskg failed".

``except CcuskgError`` catches every failure ccuskg raises on purpose. ``UserError`` marks the ones
the user can correct (a bad option, a missing store, an unsafe path, invalid SPARQL): the command
line prints them as one line and exits 2, without a traceback. The concrete classes keep their
older standard bases too (``ValueError``, ``FileNotFoundError``...), so existing handlers still work.
"""

from __future__ import annotations


class CcuskgError(Exception):
    """Base of every exception ccuskg raises on purpose."""


class UserError(CcuskgError):
    """A problem the user can correct: shown as one line (exit status 2 on the command line)."""


__all__ = ["CcuskgError", "UserError"]

"""The ``ccuskg`` command: parses options, calls the library, renders what it returns.

One module per command group (``build``, ``query``, ``validate``, ``export``, ``access``); ``app`` holds
the click group and translates the library's errors into exit codes in one place.
"""

from ccuskg.cli.app import main

__all__ = ["main"]

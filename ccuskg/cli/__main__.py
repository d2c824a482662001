"""``python -m ccuskg.cli``: the same command as ``ccuskg``."""

from ccuskg.cli import main

main()

"""Writing output files: the one place publish writes bytes, so every format and the per-resource
files share the same rules.

* A regular file (or a new path) is replaced atomically: the bytes go to a temporary file created
  exclusively beside it (``O_EXCL``, so a planted ``*.part`` symlink is never written through) and
  are renamed over it, so a reader never sees half a file.
* Anything else that exists — a FIFO, a character device, a terminal — is written to, never
  replaced: ``-o /dev/stdout`` or a named pipe behaves as the user meant, and ``mknod ./full``
  stays a device.
* A folder is never a file target (the caller names a file inside it).
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_atomic(output: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``output`` by the rules above; returns the path written."""
    return write_atomic_stream(output, lambda stream: stream.write(data))


def write_atomic_stream(output: Path | str, fill: Callable[[BinaryIO], object]) -> Path:
    """``fill`` writes into a binary stream that becomes ``output`` by the rules above (the whole
    content is never held in memory); returns the path written."""
    output = Path(output)
    try:
        mode = os.stat(output).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(21, "is a folder, not a file", str(output))
    if mode is not None and not stat.S_ISREG(mode):
        with open(output, "wb") as stream:  # a pipe or device: the data goes into it
            fill(stream)
        return output
    output.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".part")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            fill(stream)
        os.chmod(temporary, 0o666 & ~_umask())  # as open() would have made it
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return output


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current

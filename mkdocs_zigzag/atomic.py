"""Atomic file writes, and the pruning grace, for everything the plugin keeps in its cache dir (no MkDocs
imports).

A reader — another build sharing the cache, ``mkdocs serve`` rebuilding — sees the old file or the new one,
never a half-written one: the bytes go to a temporary file in the same folder, then ``os.replace``.
"""

from __future__ import annotations

import contextlib
import os
import uuid

PRUNE_GRACE_SECONDS = 600.0
"""A cache entry is pruned only if no build used it in this many seconds (builds may share a cache dir)."""


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write *data* to *path* through a temporary file in the same folder and ``os.replace``."""
    path = os.fspath(path)
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    temp = os.path.join(folder, f".{os.path.basename(path)}.{uuid.uuid4().hex}.tmp")
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(temp)
        raise

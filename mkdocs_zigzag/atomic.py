"""Atomic file writes, and the pruning grace, for everything the plugin keeps in its cache dir (no MkDocs
imports).

A reader — another build sharing the cache, ``mkdocs serve`` rebuilding — sees the old file or the new one,
never a half-written one: the bytes go to a temporary file in the same folder, then ``os.replace``.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import uuid

PRUNE_GRACE_SECONDS = 600.0
"""A cache entry is pruned only if no build used it in this many seconds (builds may share a cache dir)."""

DIGEST_NAME = re.compile(r"[0-9a-f]{64}")
"""A sha256 hex digest: the name of every cache entry (pruning deletes nothing else of the cache's)."""
TEMPORARY_NAME = re.compile(r"\.(?P<target>.+)\.[0-9a-f]{32}\.tmp")
"""The name :func:`write_atomic` gives its temporary file (left behind only by a killed build)."""


def is_real_folder(path: str) -> bool:
    """Whether *path* is a folder itself, not a symbolic link to one."""
    return os.path.isdir(path) and not os.path.islink(path)


def prunable_since(path: str, kind: int, limit: float) -> bool:
    """Whether *path* is of *kind* (``stat.S_IFDIR`` or ``stat.S_IFREG``) itself, not through a symbolic
    link, and was last modified (used) before *limit*: the only entries pruning may delete."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_IFMT(info.st_mode) == kind and info.st_mtime <= limit


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


def link_into_place(source: str, target: str) -> bool:
    """Hard-link *source* at *target* (replacing a file there atomically); False when the file system
    refuses links (another device, FAT), and the caller copies instead.

    A file already at *target* is replaced through a temporary link and ``os.replace``. When that file is
    already a link to the same inode (a dirty build, or another build linking the same cache file at the
    same moment), POSIX ``rename`` does nothing and leaves the temporary link: it is removed whatever
    happened, so no ``*.zigzag-*`` file is ever published.
    """
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.link(source, target)
        return True
    except FileExistsError:
        pass
    except OSError:
        return False
    temporary = f"{target}.zigzag-{os.getpid()}-{uuid.uuid4().hex[:12]}"
    try:
        os.link(source, temporary)
        os.replace(temporary, target)
        return True
    except OSError:
        return False
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def publish_cached_file(source: str, target: str) -> str | None:
    """Put the cache's file *source* at *target* in the site: a hard link, else a copy.

    Returns None when done, or a warning when *source* vanished during the build (the cache folder
    was deleted meanwhile): the site then lacks that one file, and the next build makes it again.
    """
    try:
        if not link_into_place(source, target):
            shutil.copyfile(source, target)
    except FileNotFoundError:
        if os.path.exists(source):
            raise
        return (
            f"the cache file {source} vanished during the build (was the cache folder deleted?), so "
            f"{target} is missing from the site. Build again: the cache makes it again."
        )
    return None

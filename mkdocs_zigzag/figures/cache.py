"""The figure cache: one folder per figure, keyed by a digest of everything that shapes its bytes.

Layout under ``<cache_dir>/figures/``::

    <key>/entry.json        manifest, written last: file digests, sizes, display size, dependencies
    <key>/light.svg ...     the rendered files (names listed in the manifest)
    .staging-<key>-<uuid>/  a render in progress (renamed to <key>/ when complete: atomic)
    failed/<key>/           placeholders for figures that could not be drawn (never a cache hit)

An entry is trusted only when its manifest parses and every file it lists has the recorded sha256, and every
dependency (another source file the generator imported from its own folder) still has the recorded digest;
anything else is a miss and the figure is drawn again. Entries are never keyed on mtime; mtime only records
last use, so that pruning spares entries another build used recently. Pruning removes only folders named
as above (64-hex keys, staging and discard folders), never through a symbolic link: the cache folder is
claimed with a ``CACHEDIR.TAG`` (``mkdocs_zigzag.cachedir``), and anything else in it is left alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import re
import shutil
import stat
import time
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mkdocs_zigzag.atomic import (
    DIGEST_NAME,
    PRUNE_GRACE_SECONDS,
    is_real_folder,
    prunable_since,
    write_atomic,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

MANIFEST = "entry.json"
SUMMARY_FILE = "summary.json"
FAILED = "failed"


def raster_file_name(raster_format: str) -> str:
    """The name of an entry's raster: ``raster.jpg`` for JPEG, ``raster.png`` otherwise."""
    return "raster." + ("jpg" if raster_format == "jpeg" else "png")


NON_FINITE = "summary_non_finite"
"""Manifest ``info`` entry: where the summary held NaN or Infinity (written as null), for a warning."""


def summary_json(summary: Any, default: Callable[[Any], Any]) -> tuple[str, list[str]]:
    """*summary* as the JSON text of a figure's summary file, and where it held NaN or Infinity.

    Python writes those as ``NaN``/``Infinity``, which is not JSON: browsers and every strict parser
    reject the whole file. They are written as ``null`` instead; the places (``loss[3]``, ``stats.ratio``)
    are returned so the build can say so. *default* converts what JSON does not know (numpy values).
    """
    loose = json.loads(json.dumps(summary, default=default))  # numpy values become plain numbers first
    found: list[str] = []

    def finite(value: Any, where: str) -> Any:
        if isinstance(value, float) and not math.isfinite(value):
            found.append(where or "the summary itself")
            return None
        if isinstance(value, dict):
            return {key: finite(item, f"{where}.{key}" if where else key) for key, item in value.items()}
        if isinstance(value, list):
            return [finite(item, f"{where}[{index}]") for index, item in enumerate(value)]
        return value

    strict = finite(loose, "")
    return json.dumps(strict, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n", found


def digest_of(material: Mapping[str, Any]) -> str:
    """sha256 of a JSON-able mapping, canonically serialized (sorted keys, no whitespace variance)."""
    text = json.dumps(material, sort_keys=True, ensure_ascii=True, separators=(",", ":"), default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_digest(path: str) -> str | None:
    """sha256 of a file's bytes, or None when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return None


@dataclass(frozen=True)
class CachedFigure:
    """A valid cache entry: where its files are and how large the figure is shown."""

    key: str
    folder: str
    files: Mapping[str, str]
    """Role (``raster``, ``light.svg``, ``dark.svg``, ``summary``, ``light.png``…) → absolute path."""
    width: int
    """Display width in CSS pixels (figsize × 100)."""
    height: int
    non_finite: tuple[str, ...] = ()
    """Where the summary held NaN or Infinity, written as null (see :func:`summary_json`)."""

    def path(self, role: str) -> str | None:
        """Absolute path of the file for *role*, if the entry has one."""
        return self.files.get(role)


class FigureCache:
    """Lookup, atomic commit and pruning of rendered figures under one folder."""

    def __init__(self, root: str) -> None:
        self.root = root

    def entry_folder(self, key: str) -> str:
        """Folder of the entry for *key* (which may not exist)."""
        return os.path.join(self.root, key)

    def failed_folder(self, key: str) -> str:
        """Folder where the placeholder for a failed *key* is written (a file of that name, which only a
        damaged cache holds, is removed first: the placeholder must be written)."""
        folder = os.path.join(self.root, FAILED, key)
        if os.path.lexists(folder) and not os.path.isdir(folder):
            with contextlib.suppress(OSError):
                os.unlink(folder)
        return folder

    def lookup(self, key: str) -> CachedFigure | None:
        """The entry for *key* if it is complete and intact (and its dependencies unchanged), else None."""
        folder = self.entry_folder(key)
        manifest = read_manifest(folder)
        if manifest is None:
            return None
        files: dict[str, str] = {}
        for role, record in manifest["files"].items():
            path = os.path.join(folder, record["name"])
            try:
                info = os.lstat(path)  # a file of the entry itself: never a link to something else
            except OSError:
                return None
            if not stat.S_ISREG(info.st_mode) or info.st_size != record["size"]:
                return None
            if file_digest(path) != record["sha256"]:
                return None
            files[role] = path
        for path, digest in manifest.get("deps", {}).items():
            if file_digest(path) != digest:
                return None
        with contextlib.suppress(OSError):
            os.utime(folder)  # records last use, for pruning; never part of the key
        notes = manifest.get("info")
        places: object = notes.get(NON_FINITE) if isinstance(notes, dict) else None
        non_finite = tuple(p for p in places if isinstance(p, str)) if isinstance(places, list) else ()
        return CachedFigure(key, folder, files, manifest["width"], manifest["height"], non_finite)

    def staging_folder(self, key: str) -> str:
        """A fresh private folder beside the entries, to render *key* into."""
        folder = os.path.join(self.root, f".staging-{key}-{uuid.uuid4().hex}")
        os.makedirs(folder)
        return folder

    def commit(
        self,
        key: str,
        staging: str,
        files: Mapping[str, str],
        *,
        width: int,
        height: int,
        deps: Mapping[str, str],
        info: Mapping[str, Any],
    ) -> None:
        """Seal *staging* (files named by role) with a manifest and move it into place atomically.

        If another build committed the same key meanwhile, its (identical) entry is kept. A corrupt
        entry in the way is moved aside first.
        """
        manifest = {
            "files": {
                role: {
                    "name": name,
                    "size": os.path.getsize(os.path.join(staging, name)),
                    "sha256": file_digest(os.path.join(staging, name)),
                }
                for role, name in sorted(files.items())
            },
            "width": width,
            "height": height,
            "deps": dict(sorted(deps.items())),
            "info": dict(info),
        }
        write_atomic(os.path.join(staging, MANIFEST), json.dumps(manifest, indent=1, sort_keys=True).encode())
        target = self.entry_folder(key)
        for _attempt in range(3):
            try:
                os.rename(staging, target)
                return
            except OSError:
                if self.lookup(key) is not None:  # a concurrent build got there first
                    shutil.rmtree(staging, ignore_errors=True)
                    return
                discard = os.path.join(self.root, f".discard-{key}-{uuid.uuid4().hex}")
                with contextlib.suppress(OSError):
                    os.rename(target, discard)
                shutil.rmtree(discard, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)
        raise OSError(f"could not move a rendered figure into the cache at {target}")

    def prune(self, keep: Iterable[str], *, now: float | None = None) -> list[str]:
        """Remove entries not in *keep* and not used in the last :data:`PRUNE_GRACE_SECONDS`; returns them.

        Only folders named as the cache names them (a 64-hex key, a staging or discard folder of one) are
        ever removed, never through a symbolic link: whatever else is in the folder is someone else's.
        """
        keep = set(keep)
        limit = (time.time() if now is None else now) - PRUNE_GRACE_SECONDS
        removed = []
        for parent, names_made in ((self.root, _ROOT_ENTRY), (os.path.join(self.root, FAILED), DIGEST_NAME)):
            if not is_real_folder(parent):
                continue
            try:
                names = os.listdir(parent)
            except OSError:
                continue
            for name in names:
                path = os.path.join(parent, name)
                if name in keep or not names_made.fullmatch(name):
                    continue
                if not prunable_since(path, stat.S_IFDIR, limit):
                    continue
                shutil.rmtree(path, ignore_errors=True)
                removed.append(name)
        return removed


_ROOT_ENTRY = re.compile(r"[0-9a-f]{64}|\.(?:staging|discard)-[0-9a-f]{64}-[0-9a-f]{32}")
"""Names of the folders the cache makes beside its ``failed/`` folder (see the module's docstring)."""


MAX_DISPLAY_SIDE = 20_000
"""Largest width or height, in CSS pixels, a manifest may record (figsize 200 inches): beyond it, corrupt."""

_DIGEST = re.compile(r"[0-9a-f]{64}")


def read_manifest(folder: str) -> dict[str, Any] | None:
    """The manifest of an entry folder, or None when missing, truncated or of any other shape than
    :meth:`FigureCache.commit` writes (a damaged or hand-edited cache is a miss, never an error)."""
    try:
        with open(os.path.join(folder, MANIFEST), encoding="utf-8") as handle:
            manifest = json.load(handle)
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(manifest, dict):
        return None
    files, deps = manifest.get("files"), manifest.get("deps", {})
    if not (isinstance(files, dict) and isinstance(deps, dict)):
        return None
    if not all(_valid_file_record(record) for record in files.values()):
        return None
    # The roles the engine publishes: a raster and both themes of every variant format.
    roles = set(files)
    formats = {role.split(".", 1)[1] for role in roles if role.startswith(("light.", "dark."))}
    themed = {f"{theme}.{fmt}" for theme in ("light", "dark") for fmt in formats}
    if "raster" not in roles or not formats or not themed <= roles:
        return None
    valid_deps = (isinstance(p, str) and os.path.isabs(p) and isinstance(d, str) for p, d in deps.items())
    if not all(valid_deps):
        return None  # a dependency is an absolute path and its digest (never an int: open(5) reads fd 5)
    if not all(_valid_side(manifest.get(side)) for side in ("width", "height")):
        return None
    return manifest


def _valid_file_record(record: object) -> bool:
    """A ``files`` record as commit writes it: a plain file name in the entry, its size and sha256."""
    if not isinstance(record, dict):
        return False
    name, size, digest = record.get("name"), record.get("size"), record.get("sha256")
    return (
        isinstance(name, str)
        and name not in ("", ".", "..")
        and os.path.basename(name) == name
        and "/" not in name
        and type(size) is int
        and size >= 0
        and isinstance(digest, str)
        and _DIGEST.fullmatch(digest) is not None
    )


def _valid_side(value: object) -> bool:
    """A display width or height: a positive int within :data:`MAX_DISPLAY_SIDE` (not 1e300, NaN, "12")."""
    return type(value) is int and 0 < value <= MAX_DISPLAY_SIDE

"""Rendered formulas kept in memory (across ``mkdocs serve`` rebuilds) and on disk (across builds).

A formula's key is a digest of its TeX, its display mode, the options digest and KaTeX's version.
In memory only the most recently used formulas are kept (:data:`MEMORY_ENTRIES`): holding every formula
of a 2,000-post site for the whole build cost ~140 MB; a page's own file brings its formulas back.
On disk there is one small JSON file per page (named by a digest of the page's path), holding the
results of exactly the formulas that page used last time: reading 20 formulas costs one file read,
and a page's stale formulas disappear when the page is written again. Writes are atomic. The files of
pages no build has used for a while (deleted or renamed pages) are pruned at the end of a build (only files
named as this cache names them). A damaged or odd-shaped file is a miss; a timeout is never stored.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import time
from collections import OrderedDict
from hashlib import sha256
from typing import TYPE_CHECKING

from mkdocs_zigzag.atomic import (
    DIGEST_NAME,
    PRUNE_GRACE_SECONDS,
    TEMPORARY_NAME,
    is_real_folder,
    prunable_since,
    write_atomic,
)
from mkdocs_zigzag.katex.engine import TIMEOUT_ERROR, Formula, Rendered

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from pathlib import Path

_FORMAT = 1

MEMORY_ENTRIES = 4096
"""Formulas kept in memory, least recently used dropped first: a few hundred pages' worth, enough for a
formula repeated across nearby pages and for a post converted again for its excerpt (~15 MB of markup)."""


def formula_key(formula: Formula, options_digest: str, katex_version: str) -> str:
    """The cache key of *formula* under the given options and KaTeX version.

    A formula that uses the page's own macros is keyed with their definitions too: when one changes, the
    formula is typeset again. (Without a preamble the key is what it always was.)
    """
    parts = [katex_version, options_digest, "D" if formula.display else "I", formula.tex]
    if formula.preamble:
        parts.append(formula.preamble)
    text = "\x00".join(parts)
    return sha256(text.encode("utf-8")).hexdigest()


class FormulaCache:
    """Formula results by key: the recently used ones in memory, backed by per-page JSON files under
    *directory* (without one, memory is the only store and keeps everything)."""

    def __init__(self, directory: Path | None, memory_entries: int = MEMORY_ENTRIES) -> None:
        self.directory = directory
        self.memory_entries = memory_entries
        self._memory: OrderedDict[str, Rendered] = OrderedDict()
        self._on_disk: dict[str, frozenset[str]] = {}
        """The keys each page's file holds (not their results: those are in the file)."""
        self._used: set[str] = set()
        """Page files (by name) this build read or wrote: kept by :meth:`prune`."""
        self.write_error: str | None = None
        """The last page file that could not be written, and why (the formulas stay in memory)."""

    def begin_build(self) -> None:
        """Start counting the page files a build uses (``mkdocs serve`` keeps one cache across builds)."""
        self._used = set()

    def use_directory(self, directory: Path | None) -> None:
        """Keep pages' files in *directory* from now on (the memory stays: keys do not depend on it)."""
        if directory != self.directory:
            self.directory = directory
            self._on_disk.clear()

    def _page_file(self, page_id: str) -> Path | None:
        if self.directory is None:
            return None
        digest = sha256(page_id.encode("utf-8")).hexdigest()
        return self.directory / digest[:2] / f"{digest}.json"

    def load_page(self, page_id: str) -> None:
        """Bring the formulas *page_id* used last build into memory (a missing or bad file is a miss)."""
        path = self._page_file(page_id)
        if path is None:
            return
        self._used.add(path.name)
        known = self._on_disk.get(page_id)
        if known is not None and all(key in self._memory for key in known):
            return
        with contextlib.suppress(OSError):
            os.utime(path)  # records last use, for pruning by other builds sharing the folder
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # missing, unreadable, not UTF-8, not JSON
            data = None
        keys: list[str] = []
        stored = data.get("formulas") if isinstance(data, dict) and data.get("format") == _FORMAT else None
        if isinstance(stored, dict):
            for key, value in stored.items():
                rendered = rendered_from_disk(value)
                if rendered is not None:  # a bad entry is a miss (and the file is rewritten without it)
                    keys.append(key)
                    if key in self._memory:
                        self._memory.move_to_end(key)
                    else:
                        self.put(key, rendered)
        self._on_disk[page_id] = frozenset(keys)

    def get(self, key: str) -> Rendered | None:
        """The cached result for *key*, if any."""
        rendered = self._memory.get(key)
        if rendered is not None:
            self._memory.move_to_end(key)
        return rendered

    def put(self, key: str, rendered: Rendered) -> None:
        """Remember *rendered* in memory (forgetting the least recently used formula beyond the limit)."""
        self._memory[key] = rendered
        self._memory.move_to_end(key)
        if self.directory is not None:  # without a folder, memory is the only copy: keep everything
            while len(self._memory) > self.memory_entries:
                self._memory.popitem(last=False)

    def save_page(
        self, page_id: str, keys: Iterable[str], results: Mapping[str, Rendered] | None = None
    ) -> None:
        """Write the results of *keys* (from *results*, else memory) as *page_id*'s file, unless it already
        holds them."""
        path = self._page_file(page_id)
        if path is None:
            return
        self._used.add(path.name)
        source: Mapping[str, Rendered] = self._memory if results is None else results
        formulas = {key: source[key].to_json() for key in dict.fromkeys(keys) if key in source}
        # A key's result never changes (the key digests everything that shapes it): same keys, same file.
        if self._on_disk.get(page_id) == frozenset(formulas):
            return
        data = {"format": _FORMAT, "page": page_id, "formulas": formulas}
        try:
            write_atomic(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        except OSError as error:  # a read-only cache, or a file where its folder should be: memory only
            self.write_error = f"{path}: {error.strerror or error}"
            return
        self._on_disk[page_id] = frozenset(formulas)

    def prune(self, *, now: float | None = None) -> list[str]:
        """Remove page files this build did not use and no build touched lately; returns their names.

        Only files named as this cache names them (``<2 hex>/<64 hex>.json`` with matching prefixes, and
        their temporaries left by a killed build) are removed, never through a symbolic link.
        """
        if self.directory is None or not is_real_folder(str(self.directory)):
            return []
        limit = (time.time() if now is None else now) - PRUNE_GRACE_SECONDS
        removed = []
        try:
            prefixes = sorted(n for n in os.listdir(self.directory) if _PREFIX.fullmatch(n))
        except OSError:
            return []
        for prefix in prefixes:
            folder = os.path.join(self.directory, prefix)
            if not is_real_folder(folder):
                continue
            try:
                names = os.listdir(folder)
            except OSError:
                continue
            for name in names:
                temporary = TEMPORARY_NAME.fullmatch(name)
                page_file = temporary.group("target") if temporary else name
                stem, dot, extension = page_file.partition(".")
                made_here = DIGEST_NAME.fullmatch(stem) and stem[:2] == prefix and dot + extension == ".json"
                if not made_here or (page_file in self._used and not temporary):
                    continue
                path = os.path.join(folder, name)
                if not prunable_since(path, stat.S_IFREG, limit):
                    continue
                try:
                    os.unlink(path)
                except OSError:
                    continue
                removed.append(name)
        return removed


_PREFIX = re.compile(r"[0-9a-f]{2}")


def rendered_from_disk(value: object) -> Rendered | None:
    """A formula's result as a page file holds it, or None when the entry is not of the shape
    :meth:`Rendered.to_json` writes (or is a timeout an older version cached)."""
    if not isinstance(value, dict):
        return None
    html, error = value.get("html"), value.get("error")
    if not (isinstance(html, str) or (html is None and isinstance(error, str))):
        return None
    if isinstance(error, str) and html is None and error.startswith(TIMEOUT_ERROR):
        return None
    lists = [value.get(name, []) for name in ("untrusted", "strict")]
    if not all(isinstance(items, list) and all(isinstance(i, str) for i in items) for items in lists):
        return None
    return Rendered.from_json(value)

"""Rendered formulas kept in memory (across ``mkdocs serve`` rebuilds) and on disk (across builds).

A formula's key is a digest of its TeX, its display mode, the options digest and KaTeX's version.
On disk there is one small JSON file per page (named by a digest of the page's path), holding the
results of exactly the formulas that page used last time: reading 20 formulas costs one file read,
and a page's stale formulas disappear when the page is written again. Writes are atomic. The files of
pages no build has used for a while (deleted or renamed pages) are pruned at the end of a build.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from hashlib import sha256
from typing import TYPE_CHECKING, Any

from mkdocs_zigzag.atomic import PRUNE_GRACE_SECONDS, write_atomic
from mkdocs_zigzag.katex.engine import Formula, Rendered

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

_FORMAT = 1


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
    """Formula results by key: a dict in memory, backed by per-page JSON files under *directory*."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self._memory: dict[str, Rendered] = {}
        self._on_disk: dict[str, dict[str, Any]] = {}
        self._used: set[str] = set()
        """Page files (by name) this build read or wrote: kept by :meth:`prune`."""

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
        if page_id in self._on_disk:
            return
        with contextlib.suppress(OSError):
            os.utime(path)  # records last use, for pruning by other builds sharing the folder
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            formulas = data["formulas"] if data.get("format") == _FORMAT else {}
        except (OSError, ValueError, KeyError, AttributeError):
            formulas = {}
        self._on_disk[page_id] = formulas
        for key, value in formulas.items():
            self._memory.setdefault(key, Rendered.from_json(value))

    def get(self, key: str) -> Rendered | None:
        """The cached result for *key*, if any."""
        return self._memory.get(key)

    def put(self, key: str, rendered: Rendered) -> None:
        """Remember *rendered* in memory."""
        self._memory[key] = rendered

    def save_page(self, page_id: str, keys: Iterable[str]) -> None:
        """Write the results of *keys* (all in memory) as *page_id*'s file, unless it already holds them."""
        path = self._page_file(page_id)
        if path is None:
            return
        self._used.add(path.name)
        formulas = {key: self._memory[key].to_json() for key in dict.fromkeys(keys) if key in self._memory}
        if self._on_disk.get(page_id) == formulas:
            return
        data = {"format": _FORMAT, "page": page_id, "formulas": formulas}
        write_atomic(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        self._on_disk[page_id] = formulas

    def prune(self, *, now: float | None = None) -> list[str]:
        """Remove page files this build did not use and no build touched lately; returns their names."""
        if self.directory is None:
            return []
        limit = (time.time() if now is None else now) - PRUNE_GRACE_SECONDS
        removed = []
        for path in self.directory.glob("??/*.json"):
            if path.name in self._used:
                continue
            try:
                if path.stat().st_mtime > limit:
                    continue
                path.unlink()
            except OSError:
                continue
            removed.append(path.name)
        return removed

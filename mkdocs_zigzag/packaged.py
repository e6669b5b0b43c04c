"""Browser files the build hook (hatch_build.py) copies into the package from npm: KaTeX's and mermaid's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


@dataclass(frozen=True)
class PackagedFiles:
    """One npm package's files in the package's ``dist`` folder *root*, stamped with their version."""

    root: Path

    @property
    def version(self) -> str:
        """The npm package's version, stamped by the build hook in ``VERSION``."""
        return (self.root / "VERSION").read_text(encoding="utf-8").strip()

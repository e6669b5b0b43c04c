"""Where KaTeX's files live inside the installed package (copied there by ``hatch_build.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs_zigzag.packaged import PackagedFiles

DIST_DIR = Path(__file__).resolve().parent / "dist"


class KatexUnavailable(RuntimeError):
    """KaTeX cannot run here; the message says why and what to do (the plugin shows it, no traceback)."""


class KatexAssetsMissing(KatexUnavailable):
    """KaTeX's files are not in the package: it was not built by its build hook."""


REINSTALL = (
    "reinstall mkdocs-zigzag the way it was installed (from a checkout: `pip install --force-reinstall .`)"
)
"""The fix for KaTeX files that are there but damaged."""


@dataclass(frozen=True)
class KatexAssets(PackagedFiles):
    """KaTeX's browser files, as the build hook copied them into ``mkdocs_zigzag/katex/dist``."""

    @property
    def script(self) -> Path:
        """``katex.min.js``: run at build time only, never shipped to the site."""
        return self.root / "katex.min.js"

    def stylesheet_files(self) -> list[tuple[str, Path]]:
        """The files a browser needs to show rendered math: ``(path under the assets dir, file)`` pairs."""
        files = [("katex.min.css", self.root / "katex.min.css")]
        files += [(f"fonts/{font.name}", font) for font in sorted((self.root / "fonts").glob("*.woff2"))]
        return files


def locate_katex_assets(root: Path = DIST_DIR) -> KatexAssets:
    """KaTeX's files in *root*, or :class:`KatexAssetsMissing` saying how to get them."""
    assets = KatexAssets(root)
    needed = [root / "VERSION", assets.script, root / "katex.min.css"]
    if not all(path.is_file() for path in needed) or not any((root / "fonts").glob("*.woff2")):
        raise KatexAssetsMissing(
            f"KaTeX's files are missing from {root}: mkdocs-zigzag was installed without its build step. "
            "Reinstall it from a checkout (`pip install .` or `pip install -e .`; `python hatch_build.py` "
            "fetches only KaTeX's files), or from its sdist or wheel."
        )
    return assets

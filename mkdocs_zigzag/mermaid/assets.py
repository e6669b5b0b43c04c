"""Mermaid's script, shipped with the site and linked only from pages that hold a diagram.

Material draws every ``<pre class="mermaid">`` with ``window.mermaid``; when that global is missing its
bundle loads mermaid from ``https://unpkg.com/mermaid@11/dist/mermaid.min.js`` (``function as()`` in
``material/templates/assets/javascripts/bundle.*.min.js``: ``typeof mermaid=="undefined"||mermaid
instanceof Element ? load-from-unpkg : of(undefined)``). So a page with a diagram gets a plain
``<script src=".../assets/mermaid/mermaid.min.js">`` just before Material's bundle: it runs first, defines
``window.mermaid``, and the bundle uses it and asks no other host. Pages without a diagram get nothing,
so they do not pay for mermaid's 3.5 MB.

The adapter publishes :meth:`MermaidAssets.site_files` as generated files and passes each page's output
HTML through :func:`add_mermaid_script`.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

DIST_DIR = Path(__file__).resolve().parent / "dist"
SITE_SCRIPT = "assets/mermaid/mermaid.min.js"
"""Where the script is published, relative to the site's root."""

# Material's own <script> for its bundle (base.html, block scripts): markup of the theme's template, so a
# pattern is enough. The last match is taken: the template's tag comes after the page's content.
_MATERIAL_BUNDLE = re.compile(r'<script src="[^"<>]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"></script>')


class MermaidAssetsMissing(RuntimeError):
    """Mermaid's files are not in the package: it was not built by its build hook."""


@dataclass(frozen=True)
class MermaidAssets:
    """Mermaid's browser file, as the build hook copied it into ``mkdocs_zigzag/mermaid/dist``."""

    root: Path

    @property
    def version(self) -> str:
        """The mermaid version stamped by the build hook."""
        return (self.root / "VERSION").read_text(encoding="utf-8").strip()

    @property
    def script(self) -> Path:
        """``mermaid.min.js``: the single-file build that defines ``window.mermaid``."""
        return self.root / "mermaid.min.js"

    def site_files(self) -> list[tuple[str, Path]]:
        """What the site publishes: ``(path under the site's root, file)`` pairs."""
        return [(SITE_SCRIPT, self.script)]


def locate_mermaid_assets(root: Path = DIST_DIR) -> MermaidAssets:
    """Mermaid's files in *root*, or :class:`MermaidAssetsMissing` saying how to get them."""
    assets = MermaidAssets(root)
    if not (root / "VERSION").is_file() or not assets.script.is_file():
        raise MermaidAssetsMissing(
            f"mermaid's files are missing from {root}: mkdocs-zigzag was installed without its build step. "
            "Reinstall it from a checkout (`pip install .` or `pip install -e .`; `python hatch_build.py` "
            "fetches only the shipped browser files), or from its sdist or wheel."
        )
    return assets


class _DiagramFinder(HTMLParser):
    """Finds an element Material draws as a diagram: ``<pre>`` with the class ``mermaid``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre" and not self.found:
            classes = " ".join(value or "" for name, value in attrs if name == "class")
            self.found = "mermaid" in classes.split()


def has_diagram(page_html: str) -> bool:
    """Whether Material will draw a mermaid diagram on this page (a ``<pre class="mermaid">``).

    Text that merely mentions one (in code, where it is escaped, or in a comment) does not count.
    """
    if "mermaid" not in page_html:  # the common case costs one substring search
        return False
    finder = _DiagramFinder()
    finder.feed(page_html)
    finder.close()
    return finder.found


def add_mermaid_script(page_html: str, url_for: Callable[[str], str]) -> str:
    """*page_html* with mermaid's script linked before Material's bundle when the page holds a diagram.

    *url_for* maps a path under the site's root (:data:`SITE_SCRIPT`) to the URL the page uses for it
    (relative to the page). A page without a diagram is returned unchanged. Without Material's bundle
    (another theme) the script goes before ``</body>``: mermaid then draws ``.mermaid`` by itself.
    """
    if not has_diagram(page_html):
        return page_html
    tag = f'<script src="{html_lib.escape(url_for(SITE_SCRIPT), quote=True)}"></script>'
    bundles = list(_MATERIAL_BUNDLE.finditer(page_html))
    if bundles:
        at = bundles[-1].start()
    else:
        end = page_html.rfind("</body>")
        at = end if end != -1 else len(page_html)
    return page_html[:at] + tag + page_html[at:]

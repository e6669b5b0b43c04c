"""Mermaid's script, shipped with the site and linked only from pages that hold a diagram.

Material draws every ``<pre class="mermaid">`` with ``window.mermaid``; when that global is missing its
bundle loads mermaid from ``https://unpkg.com/mermaid@11/dist/mermaid.min.js`` (``function as()`` in
``material/templates/assets/javascripts/bundle.*.min.js``: ``typeof mermaid=="undefined"||mermaid
instanceof Element ? load-from-unpkg : of(undefined)``). So a page with a diagram gets
``<script defer src=".../assets/mermaid/mermaid.min.js">`` as the last thing inside Material's
``<div class="md-container" data-md-component="container">``, which makes ``window.mermaid`` defined
before Material looks for it, on both ways a page arrives:

* a full load: a deferred script runs once the page is parsed and before ``DOMContentLoaded``, and
  Material mounts its components (diagrams included) on ``DOMContentLoaded``; being deferred, the 3.5 MB
  script does not hold up the page's first paint;
* ``navigation.instant``: Material swaps in the new page's container and re-creates the scripts inside
  it (``function bs`` in the bundle), but it waits only for the *last* one's ``load`` before mounting the
  new page (it maps them with ``switchMap``, which drops the wait for each earlier one). A script outside
  the container never runs there, and one before Material's own inline scripts is not waited for: in
  both cases Material fetches unpkg's mermaid (the browser tests saw it).

Pages without a diagram get nothing, so they do not pay for mermaid.

Instant navigation re-runs the script on every visit to a page with a diagram. Run again, mermaid's
build would replace ``window.mermaid`` with a new, uninitialised instance, and Material, which configures
mermaid once (its theme and palette colours), would draw the next diagrams in mermaid's default theme
(dark arrows on the dark palette). So the site's copy is guarded: it defines mermaid only when it is not
defined yet (:meth:`MermaidAssets.site_files`), which also spares the reader re-evaluating 3.5 MB.

The adapter publishes the guarded copy, written once into the plugin's cache (:func:`cached_site_script`,
so a build links 3.5 MB rather than reading and writing it), and passes each page's output HTML through
:func:`add_mermaid_script`.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs_zigzag.atomic import write_atomic
from mkdocs_zigzag.packaged import PackagedFiles

if TYPE_CHECKING:
    from collections.abc import Callable

DIST_DIR = Path(__file__).resolve().parent / "dist"
SITE_SCRIPT = "assets/mermaid/mermaid.min.js"
"""Where the script is published, relative to the site's root."""

# The end of Material's container: base.html closes it right before its dialog. Markup of the theme's
# template, so a pattern is enough; the last match is taken, as the page's content, which could imitate it,
# comes before the template's.
_STRICT = b'"use strict";'
# Inside the guard the build still runs in strict mode (the directive stays the script's first statement)
# and its only top-level declaration, a `var`, is still global: a block does not scope `var`.
_GUARD_OPEN = b'if (typeof globalThis.mermaid === "undefined" || globalThis.mermaid instanceof Element) {\n'
_GUARD_CLOSE = b"\n}\n"

_MATERIAL_CONTAINER_END = re.compile(r'</div>\s*<div class="md-dialog" data-md-component="dialog">')


class MermaidAssetsMissing(RuntimeError):
    """Mermaid's files are not in the package: it was not built by its build hook."""


@dataclass(frozen=True)
class MermaidAssets(PackagedFiles):
    """Mermaid's browser file, as the build hook copied it into ``mkdocs_zigzag/mermaid/dist``."""

    @property
    def script(self) -> Path:
        """``mermaid.min.js``: the single-file build that defines ``window.mermaid``."""
        return self.root / "mermaid.min.js"

    def site_files(self) -> list[tuple[str, bytes]]:
        """What the site publishes: ``(path under the site's root, contents)`` pairs.

        The script is mermaid's build, run only where ``window.mermaid`` is not defined yet (the test
        Material's bundle makes too). esbuild's single-file build starts with ``"use strict";`` followed
        by one ``var`` and expressions; a build shaped otherwise is published as it is.
        """
        source = self.script.read_bytes()
        if source.startswith(_STRICT):
            source = _STRICT + _GUARD_OPEN + source[len(_STRICT) :] + _GUARD_CLOSE
        return [(SITE_SCRIPT, source)]


def cached_site_script(assets: MermaidAssets, cache_dir: str | Path) -> Path:
    """The site's (guarded) copy of the script, written once per mermaid version into *cache_dir*."""
    target = Path(cache_dir) / "mermaid" / assets.version / Path(SITE_SCRIPT).name
    if not target.is_file():
        ((_, content),) = assets.site_files()
        write_atomic(target, content)
    return target


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
    """*page_html* with mermaid's script closing Material's container when the page holds a diagram.

    *url_for* maps a path under the site's root (:data:`SITE_SCRIPT`) to the URL the page uses for it
    (relative to the page). A page without a diagram is returned unchanged. Without Material's container
    (another theme) the script goes before ``</body>``: mermaid then draws ``.mermaid`` by itself.
    """
    if not has_diagram(page_html):
        return page_html
    tag = f'<script defer src="{html_lib.escape(url_for(SITE_SCRIPT), quote=True)}"></script>'
    ends = list(_MATERIAL_CONTAINER_END.finditer(page_html))
    if ends:
        at = ends[-1].start()
    else:
        end = page_html.rfind("</body>")
        at = end if end != -1 else len(page_html)
    return page_html[:at] + tag + page_html[at:]

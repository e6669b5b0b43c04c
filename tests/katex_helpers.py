"""Helpers shared by the KaTeX tests: convert Markdown through the extension, read the result's structure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import markdown

from mkdocs_zigzag.katex.engine import KatexOptions
from mkdocs_zigzag.katex.extension import KatexExtension, PageContext

if TYPE_CHECKING:
    from pathlib import Path

    from mkdocs_zigzag.diagnostics import Diagnostic
    from mkdocs_zigzag.katex.renderer import MathRenderer

EXTENSIONS = ["tables", "toc", "admonition", "md_in_html", "pymdownx.superfences"]


@dataclass
class MathStructure:
    """What an HTML fragment holds, as an HTML parser sees it."""

    katex: int = 0
    display: int = 0
    errors: int = 0
    annotations: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    error_texts: list[str] = field(default_factory=list)
    scripts: int = 0


class _StructureParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = MathStructure()
        self._in_annotation = False
        self._in_error = 0
        self._depth_stack: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if "katex" in classes:
            self.found.katex += 1
        if "katex-display" in classes:
            self.found.display += 1
        if "katex-error" in classes:
            self.found.errors += 1
            self.found.error_texts.append("")
        if tag == "span":
            self._depth_stack.append("katex-error" in classes)
        if tag == "annotation":
            self._in_annotation = True
            self.found.annotations.append("")
        if tag == "a":
            self.found.links.append(attributes.get("href") or "")
        if tag == "script":
            self.found.scripts += 1
        if attributes.get("id"):
            self.found.ids.append(attributes["id"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "annotation":
            self._in_annotation = False
        if tag == "span" and self._depth_stack:
            self._depth_stack.pop()

    def handle_data(self, data: str) -> None:
        if self._in_annotation:
            self.found.annotations[-1] += data
        if self._depth_stack and self._depth_stack[-1]:
            self.found.error_texts[-1] += data


def structure(html: str) -> MathStructure:
    """Count ``.katex``, ``.katex-display`` and ``.katex-error`` in *html*; collect annotations and links."""
    parser = _StructureParser()
    parser.feed(html)
    parser.close()
    return parser.found


_TAG = re.compile(r'<span class="mord text"><span class="mord">\(</span>(.*?)<span class="mord">\)</span>')
_MARKUP = re.compile(r"<[^>]*>")


def equation_tags(html: str) -> list[str]:
    """The visible equation numbers and tags (``(1)``, ``(T)``) KaTeX drew in *html*, in order."""
    return [f"({_MARKUP.sub('', m.group(1))})" for m in _TAG.finditer(html)]


def convert(
    renderer: MathRenderer,
    text: str,
    *,
    options: KatexOptions | None = None,
    page: PageContext | None = None,
    dialect: str = "auto",
    numbering: str = "auto",
) -> tuple[str, list[Diagnostic], KatexExtension]:
    """HTML and diagnostics of *text* converted with the KaTeX extension (and MkDocs' usual extensions)."""
    extension = KatexExtension(renderer, options or KatexOptions(), dialect=dialect, numbering=numbering)
    extension.set_page(page)
    md = markdown.Markdown(extensions=[extension, *EXTENSIONS])
    html = md.convert(text)
    return html, extension.diagnostics, extension


def make_renderer(cache_dir: Path | None = None) -> MathRenderer:
    """A renderer over the packaged KaTeX (V8 started on its first cache miss)."""
    from mkdocs_zigzag.katex.assets import locate_katex_assets
    from mkdocs_zigzag.katex.engine import KatexEngine
    from mkdocs_zigzag.katex.renderer import MathRenderer

    assets = locate_katex_assets()
    return MathRenderer(assets.version, lambda: KatexEngine(assets), cache_dir)

"""Hexo tags as a Python-Markdown extension: a preprocessor that renders ``{% … %}`` before Markdown parses.

Shaped like ``pymdownx.snippets``: one line-level preprocessor, registered after whitespace normalization
(which would strip the stash placeholders) and ahead of fenced code and raw-HTML blocks, so that tags in
``<p align="center">…</p>`` work and fenced code is still intact for the tag scanner to leave alone.
Inline tags' HTML goes to ``md.htmlStash`` so Markdown does not parse it again.

The extension is created once per build by the plugin and registered as an *instance* (the way
mkdocstrings-autorefs does it): MkDocs and Material's blog excerpts each build their own ``Markdown``
from the same extension list, so every converter gets a preprocessor that asks the plugin for the
context of the page being converted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from markdown import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from mkdocs_zigzag.diagnostics import Diagnostic
from mkdocs_zigzag.hexo.marked import MARKED_ESCAPES, dedent_fences
from mkdocs_zigzag.hexo.raw_html import register_raw_html_assets
from mkdocs_zigzag.hexo.render import TagError, post_asset_image_src
from mkdocs_zigzag.hexo.tag_pass import render_tags

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from markdown import Markdown

    from mkdocs_zigzag.hexo.render import PageContext

ContextProvider = Callable[[str, str], "PageContext | None"]
"""``(src_uri, page_url) -> PageContext``: what the plugin knows about the page being converted."""

Reporter = Callable[[str, "list[Diagnostic]"], None]
"""``(src_uri, diagnostics)``: where located problems go (lines count from the converted text)."""

PRIORITY = 29
"""After ``normalize_whitespace`` (30), before ``fenced_code_block`` (25) and ``html_block`` (20)."""

POST_ASSET_PRIORITY = 5
"""After the inline patterns made ``<img>`` elements (20), before MkDocs resolves relative links (0)."""


ConvertedFile = Callable[["Markdown"], "tuple[str, str] | None"]
"""``md -> (src_uri, url)`` of the file *md* converts, as the site's converter knows it (None: unknown)."""


def page_being_converted(
    md: Markdown, fallback: tuple[str, str] | None, converted_file: ConvertedFile | None = None
) -> tuple[str, str] | None:
    """``(src_uri, url)`` of the file *md* is converting, else *fallback* (the plugin's current page).

    A blog excerpt is converted by its own Markdown instance while another page is current: the adapter's
    *converted_file* tells which file that instance converts.
    """
    found = converted_file(md) if converted_file is not None else None
    return found if found is not None else fallback


def markdown_features(md: Markdown) -> frozenset[str]:
    """Which Markdown extensions the block tags can render to are active on *md*."""
    blocks = md.parser.blockprocessors
    features = {name for name in ("admonition", "details", "tabbed") if name in blocks}
    if "markdown_block" in blocks:
        features.add("md_in_html")
    if any(type(ext).__module__ == "pymdownx.superfences" for ext in md.registeredExtensions):
        features.add("superfences")
    return frozenset(features)


class HexoTagPreprocessor(Preprocessor):  # type: ignore[misc]  # markdown ships no types
    """Renders the Hexo tags of the page being converted."""

    def __init__(self, md: Markdown, extension: HexoTagExtension, images: HexoPostAssetTreeprocessor) -> None:
        super().__init__(md)
        self.extension = extension
        self.images = images

    def run(self, lines: list[str]) -> list[str]:
        """Return *lines* with every tag rendered (the line count is kept where the syntax allows)."""
        text = dedent_fences("\n".join(lines))
        self.images.source = text
        if "{%" not in text:
            return text.split("\n")
        page = self.extension.page_being_converted(self.md)
        context = self.extension.context_for(*page) if page is not None else None
        if context is None:
            return lines
        context = replace(context, features=markdown_features(self.md))
        rendered = render_tags(text, context, self.md.htmlStash.store)
        if rendered.diagnostics:
            self.extension.report(context.src_uri, rendered.diagnostics)
        return rendered.text.split("\n")


class HexoPostAssetTreeprocessor(Treeprocessor):  # type: ignore[misc]  # markdown ships no types
    """Point Markdown images that name a file of the post's asset folder at it (Hexo's ``postAsset``)."""

    def __init__(self, md: Markdown, extension: HexoTagExtension) -> None:
        super().__init__(md)
        self.extension = extension
        self.source = ""
        """The text the preprocessor saw (to give a refused image its line)."""

    def run(self, root: Element) -> None:
        """Rewrite the ``src`` of each such ``<img>`` to the asset's path from the page's Markdown file."""
        context = None
        problems: list[Diagnostic] = []
        for image in root.iter("img"):
            src = image.get("src", "")
            if context is None:
                page = self.extension.page_being_converted(self.md)
                context = self.extension.context_for(*page) if page is not None else None
                if context is None:
                    return
            try:
                resolved = post_asset_image_src(context, src)
            except TagError as problem:
                problems.append(
                    Diagnostic(self._line_of(src), f"Image '{src}': {problem.message}", problem.fix)
                )
                continue
            if resolved is not None:
                image.set("src", resolved)
        if problems and context is not None:
            self.extension.report(context.src_uri, problems)

    def _line_of(self, src: str) -> int:
        """1-based line of the first ``(src`` in the converted text (1 when not found)."""
        at = self.source.find("(" + src)
        return self.source.count("\n", 0, at) + 1 if at >= 0 else 1


class HexoTagExtension(Extension):  # type: ignore[misc]  # markdown ships no types
    """Hexo tag plugins (``asset_img``, ``post_link``, ``note``, ``tabs``, …) for Python-Markdown."""

    def __init__(
        self,
        context_for: ContextProvider | None = None,
        report: Reporter | None = None,
        converted_file: ConvertedFile | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        self.context_for: ContextProvider = context_for or (lambda _src_uri, _url: None)
        self.report: Reporter = report or (lambda _src_uri, _diagnostics: None)
        self.converted_file = converted_file
        self.current_page: tuple[str, str] | None = None
        """``(src_uri, url)`` of the page MkDocs is converting, set by the plugin's ``on_page_markdown``."""

    def set_page(self, src_uri: str, url: str) -> None:
        """Record the page about to be converted (used when the converter does not name its file)."""
        self.current_page = (src_uri, url)

    def page_being_converted(self, md: Markdown) -> tuple[str, str] | None:
        """``(src_uri, url)`` of the page *md* converts (see :func:`page_being_converted`)."""
        return page_being_converted(md, self.current_page, self.converted_file)

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the tag preprocessor on *md*, and marked's backslash escapes."""
        md.registerExtension(self)
        # marked (Hexo's renderer) drops the backslash of "10\%"; Python-Markdown would show it.
        md.ESCAPED_CHARS = [*md.ESCAPED_CHARS, *(c for c in MARKED_ESCAPES if c not in md.ESCAPED_CHARS)]
        images = HexoPostAssetTreeprocessor(md, self)
        md.preprocessors.register(HexoTagPreprocessor(md, self, images), "hexo_tags", PRIORITY)
        md.treeprocessors.register(images, "hexo_post_asset", POST_ASSET_PRIORITY)
        register_raw_html_assets(md, self)  # hexo/raw_html.py: <img src="asset.png"> in raw HTML


def makeExtension(**kwargs: object) -> HexoTagExtension:
    """Create the extension (without a page context it leaves tags as they are)."""
    return HexoTagExtension(**kwargs)  # type: ignore[arg-type]

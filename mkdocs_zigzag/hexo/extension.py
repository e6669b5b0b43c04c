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

from mkdocs_zigzag.hexo.raw_html import register_raw_html_assets
from mkdocs_zigzag.hexo.render import post_asset_image_src, render_tags

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from markdown import Markdown

    from mkdocs_zigzag.diagnostics import Diagnostic
    from mkdocs_zigzag.hexo.render import PageContext

ContextProvider = Callable[[str, str], "PageContext | None"]
"""``(src_uri, page_url) -> PageContext``: what the plugin knows about the page being converted."""

Reporter = Callable[[str, "list[Diagnostic]"], None]
"""``(src_uri, diagnostics)``: where located problems go (lines count from the converted text)."""

PRIORITY = 29
"""After ``normalize_whitespace`` (30), before ``fenced_code_block`` (25) and ``html_block`` (20)."""

POST_ASSET_PRIORITY = 5
"""After the inline patterns made ``<img>`` elements (20), before MkDocs resolves relative links (0)."""


def page_being_converted(md: Markdown, fallback: tuple[str, str] | None) -> tuple[str, str] | None:
    """``(src_uri, url)`` of the file *md* is converting, else *fallback* (the plugin's current page)."""
    # MkDocs pages and Material's blog excerpts both register MkDocs' relative-path processor with
    # the file being converted (an excerpt's copy carries the URL of the view it is shown on).
    if "relpath" in md.treeprocessors:
        file = getattr(md.treeprocessors["relpath"], "file", None)
        if file is not None:
            return file.src_uri, file.url
    return fallback


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

    def __init__(self, md: Markdown, extension: HexoTagExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        """Return *lines* with every tag rendered (the line count is kept where the syntax allows)."""
        text = "\n".join(lines)
        if "{%" not in text:
            return lines
        page = page_being_converted(self.md, self.extension.current_page)
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

    def run(self, root: Element) -> None:
        """Rewrite the ``src`` of each such ``<img>`` to the asset's path from the page's Markdown file."""
        context = None
        for image in root.iter("img"):
            src = image.get("src", "")
            if context is None:
                page = page_being_converted(self.md, self.extension.current_page)
                context = self.extension.context_for(*page) if page is not None else None
                if context is None:
                    return
            resolved = post_asset_image_src(context, src)
            if resolved is not None:
                image.set("src", resolved)


class HexoTagExtension(Extension):  # type: ignore[misc]  # markdown ships no types
    """Hexo tag plugins (``asset_img``, ``post_link``, ``note``, ``tabs``, …) for Python-Markdown."""

    def __init__(
        self,
        context_for: ContextProvider | None = None,
        report: Reporter | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        self.context_for: ContextProvider = context_for or (lambda _src_uri, _url: None)
        self.report: Reporter = report or (lambda _src_uri, _diagnostics: None)
        self.current_page: tuple[str, str] | None = None
        """``(src_uri, url)`` of the page MkDocs is converting, set by the plugin's ``on_page_markdown``."""

    def set_page(self, src_uri: str, url: str) -> None:
        """Record the page about to be converted (used when the converter does not name its file)."""
        self.current_page = (src_uri, url)

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the tag preprocessor on *md*."""
        md.registerExtension(self)
        md.preprocessors.register(HexoTagPreprocessor(md, self), "hexo_tags", PRIORITY)
        md.treeprocessors.register(
            HexoPostAssetTreeprocessor(md, self), "hexo_post_asset", POST_ASSET_PRIORITY
        )
        register_raw_html_assets(md, self)  # hexo/raw_html.py: <img src="asset.png"> in raw HTML


def makeExtension(**kwargs: object) -> HexoTagExtension:
    """Create the extension (without a page context it leaves tags as they are)."""
    return HexoTagExtension(**kwargs)  # type: ignore[arg-type]

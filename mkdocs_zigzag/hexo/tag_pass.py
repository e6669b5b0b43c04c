"""The tag pass over a page's Markdown: Hexo's own tags and the themes' tags, rendered for one page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs_zigzag.hexo.render import RenderedMarkdown, TagRenderer
from mkdocs_zigzag.hexo.tags import parse_tags
from mkdocs_zigzag.hexo.theme_tags import BLOCKS, INLINE

if TYPE_CHECKING:
    from collections.abc import Callable

    from mkdocs_zigzag.hexo.render import PageContext


def render_tags(markdown: str, context: PageContext, stash: Callable[[str], str] = str) -> RenderedMarkdown:
    """Render every Hexo tag of *markdown* for the page *context*; HTML goes through *stash*."""
    parsed = parse_tags(markdown)
    renderer = TagRenderer(context, stash, inline_tags=INLINE, block_tags=BLOCKS)
    text = renderer.render_nodes(markdown, parsed.nodes)
    diagnostics = sorted(parsed.diagnostics + renderer.diagnostics, key=lambda d: d.line)
    return RenderedMarkdown(text, diagnostics)

"""The MkDocs adapter: builds the cores in ``on_config`` and delegates to them from each hook.

Nothing but wiring lives here; every behaviour has a name in ``hexo/``, ``katex/`` or ``figures/``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from mkdocs_zigzag.config import ZigzagConfig

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

    from mkdocs_zigzag.blog import HexoPosts
    from mkdocs_zigzag.diagnostics import Diagnostic

log = get_plugin_logger(__name__)


class ZigzagPlugin(BasePlugin[ZigzagConfig]):
    """Hexo posts, build-time KaTeX and build-time figures for MkDocs Material."""

    supports_multiple_instances = False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Resolve the cache dir against mkdocs.yml's folder."""
        if not self.config.enabled:
            return None
        self.cache_dir = os.path.join(os.path.dirname(config.config_file_path), self.config.cache_dir)
        from mkdocs_zigzag.blog import HexoPosts
        from mkdocs_zigzag.hexo.frontmatter import resolve_time_zone

        self.hexo_time_zone = resolve_time_zone(self.config.hexo_timezone)
        self.hexo_posts: HexoPosts = HexoPosts()
        return None

    # Before Material's blog (-50) reads the posts: it must find normalized front matter.
    @event_priority(0)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Read blog posts with Hexo's rules; point the blog at normalized copies in the cache."""
        if not (self.config.enabled and self.config.hexo_front_matter):
            return None
        from mkdocs_zigzag.blog import normalize_blog_posts

        self.hexo_posts, reports = normalize_blog_posts(files, config, self.cache_dir, self.hexo_time_zone)
        for src_path, diagnostics in reports:
            self._warn(src_path, diagnostics, config)
        return None

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        """Material's blog has read the normalized copies: posts are the author's files again."""
        if self.config.enabled:
            self.hexo_posts.restore_source_paths(files)
        return None

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """Pages outside the blog: hand MkDocs their Hexo front matter normalized."""
        if not (self.config.enabled and self.config.hexo_front_matter):
            return None
        from mkdocs_zigzag.blog import page_source

        source, diagnostics = page_source(page, self.hexo_time_zone)
        self._warn(page.file.src_path, diagnostics, config)
        return source

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Blog posts: the front-matter title heads the post, the front-matter excerpt is its summary.

        Runs after Material's blog made the post's excerpt (``on_page_markdown``) and before any index
        page renders it (``on_page_context``).
        """
        post = self.hexo_posts.posts.get(page.file.src_uri) if self.config.enabled else None
        if post is None:
            return None
        from mkdocs_zigzag.blog import front_matter_title_heading, use_front_matter_excerpt

        use_front_matter_excerpt(page, post, config, files)
        return front_matter_title_heading(html, page, post)

    def _warn(self, src_path: str, diagnostics: list[Diagnostic], config: MkDocsConfig) -> None:
        """Log each diagnostic as ``docs/<src_path>:<line>: …`` (a warning, so --strict fails)."""
        shown = os.path.relpath(os.path.join(config.docs_dir, src_path))
        for diagnostic in diagnostics:
            log.warning(diagnostic.format(shown))

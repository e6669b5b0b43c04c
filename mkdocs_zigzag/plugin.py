"""The MkDocs adapter: builds the cores in ``on_config`` and delegates to them from each hook.

Nothing but wiring lives here; every behaviour has a name in ``hexo/``, ``katex/`` or ``figures/``.
"""

from __future__ import annotations

import os
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

from mkdocs_zigzag.config import ZigzagConfig
from mkdocs_zigzag.diagnostics import body_line_offset
from mkdocs_zigzag.hexo.extension import HexoTagExtension
from mkdocs_zigzag.hexo.site import SiteFile, TagSite

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    from mkdocs_zigzag.diagnostics import Diagnostic
    from mkdocs_zigzag.hexo.render import PageContext

log = get_plugin_logger(__name__)


def _front_matter(file: File) -> dict[str, Any]:
    """A page's front matter, read with MkDocs' own reader (for post_link titles)."""
    return get_data(file.content_string)[1]


class ZigzagPlugin(BasePlugin[ZigzagConfig]):
    """Hexo posts, build-time KaTeX and build-time figures for MkDocs Material."""

    supports_multiple_instances = False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Resolve the cache dir against mkdocs.yml's folder."""
        if not self.config.enabled:
            return None
        self.cache_dir = os.path.join(os.path.dirname(config.config_file_path), self.config.cache_dir)
        self._hexo_setup(config)
        return None

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Tell the Hexo tag extension which page comes next, and where its body starts in the file."""
        if self.config.enabled and self.config.hexo_tags:
            self._hexo_page(markdown, page, config, files)
        return None

    # --- Hexo tags: the extension asks for a page's context; the cores never see MkDocs objects ---

    def _hexo_setup(self, config: MkDocsConfig) -> None:
        """Register the tag extension as an instance (autorefs' pattern); reset per-build state."""
        self._config = config
        self._hexo_files: Files | None = None
        self._hexo_site: TagSite | None = None
        self._hexo_offsets: dict[str, int] = {}
        self._hexo_reported: set[tuple[str, str]] = set()
        if self.config.hexo_tags:
            self.hexo_tags = HexoTagExtension(self._hexo_context, self._hexo_report)
            config.markdown_extensions.append(self.hexo_tags)

    def _hexo_page(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> None:
        self._hexo_files = files
        self.hexo_tags.set_page(page.file.src_uri, page.file.url)
        # The author's file, even when another hook hands MkDocs a normalized copy of it.
        original = os.path.join(config.docs_dir, page.file.src_uri)
        try:
            with open(original, encoding="utf-8-sig") as handle:
                source = handle.read()
        except OSError:
            source = markdown
        self._hexo_offsets[page.file.src_uri] = body_line_offset(source, markdown)

    def _hexo_context(self, src_uri: str, page_url: str) -> PageContext | None:
        """The tag renderers' view of the page *src_uri* shown at *page_url*."""
        files = self._hexo_files
        if files is None:
            return None
        if self._hexo_site is None:
            # Built on first use: every on_files hook (generated figures included) has run by then.
            self._hexo_site = TagSite(
                (
                    SiteFile(
                        file.src_uri,
                        file.url,
                        None if file.generated_by else file.abs_src_path,
                        partial(_front_matter, file) if file.is_documentation_page() else None,
                    )
                    for file in files
                ),
                relative_url=get_relative_url,
                docs_dir=self._config.docs_dir,
                alt_from_title=self.config.hexo_alt_from_title,
            )
        return self._hexo_site.context(src_uri, page_url)

    def _hexo_report(self, src_uri: str, diagnostics: list[Diagnostic]) -> None:
        """Log each problem once per build (a post is converted again for each blog excerpt)."""
        offset = self._hexo_offsets.get(src_uri, 0)
        fresh = []
        for diagnostic in diagnostics:
            key = (src_uri, diagnostic.message)
            if key not in self._hexo_reported:
                self._hexo_reported.add(key)
                fresh.append(replace(diagnostic, line=diagnostic.line + offset))
        self._warn(src_uri, fresh, self._config)

    def _warn(self, src_path: str, diagnostics: list[Diagnostic], config: MkDocsConfig) -> None:
        """Log each diagnostic as ``docs/<src_path>:<line>: …`` (a warning, so --strict fails)."""
        shown = os.path.relpath(os.path.join(config.docs_dir, src_path))
        for diagnostic in diagnostics:
            log.warning(diagnostic.format(shown))

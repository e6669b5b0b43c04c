"""The MkDocs adapter: builds the cores in ``on_config`` and delegates to them from each hook.

Nothing but wiring lives here; every behaviour has a name in ``hexo/``, ``katex/`` or ``figures/``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from mkdocs_zigzag.config import ZigzagConfig
from mkdocs_zigzag.diagnostics import body_line_offset
from mkdocs_zigzag.katex.assets import KatexAssetsMissing, locate_katex_assets
from mkdocs_zigzag.katex.engine import KatexEngine, KatexOptions
from mkdocs_zigzag.katex.extension import KatexExtension, PageContext
from mkdocs_zigzag.katex.renderer import MathRenderer

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from mkdocs_zigzag.diagnostics import Diagnostic

log = get_plugin_logger(__name__)


class ZigzagPlugin(BasePlugin[ZigzagConfig]):
    """Hexo posts, build-time KaTeX and build-time figures for MkDocs Material."""

    supports_multiple_instances = False

    KATEX_ASSETS_DIR = "assets/katex"
    """Where KaTeX's CSS and fonts go in the site."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Create what survives ``mkdocs serve`` rebuilds: the formula cache and (once started) V8."""
        self.math_renderer: MathRenderer | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Resolve the cache dir against mkdocs.yml's folder; register the KaTeX Markdown extension."""
        if not self.config.enabled:
            return None
        self.cache_dir = os.path.join(os.path.dirname(config.config_file_path), self.config.cache_dir)
        try:
            self.katex_assets = locate_katex_assets()
        except KatexAssetsMissing as error:
            raise PluginError(str(error)) from None
        assets = self.katex_assets
        if getattr(self, "math_renderer", None) is None:
            self.math_renderer = MathRenderer(assets.version, lambda: KatexEngine(assets))
        assert self.math_renderer is not None
        self.math_renderer.cache.use_directory(Path(self.cache_dir) / "katex")
        self.katex = KatexExtension(self.math_renderer, _katex_options(self.config))
        config.markdown_extensions.append(self.katex)
        return None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Add KaTeX's CSS and woff2 fonts to the site (copied once, served by ``mkdocs serve``)."""
        if not self.config.enabled:
            return None
        for rel, path in self.katex_assets.stylesheet_files():
            files.append(File.generated(config, f"{self.KATEX_ASSETS_DIR}/{rel}", abs_src_path=str(path)))
        return files

    @event_priority(50)  # before plugins that rewrite the body, so the front matter's length is still known
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Tell the KaTeX extension which page (file, line offset) it is about to convert."""
        if self.config.enabled:
            offset = body_line_offset(page.file.content_string, markdown)
            self.katex.set_page(PageContext(page.file.src_path, offset))
        return None

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Log the math errors of the page just converted."""
        if self.config.enabled:
            self._warn(page.file.src_path, self.katex.diagnostics, config)
            self.katex.diagnostics = []
        return None

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """Link KaTeX's stylesheet from pages showing math (a post, or a blog index showing its excerpt)."""
        if not self.config.enabled or 'class="katex' not in output:
            return None
        href = get_relative_url(f"{self.KATEX_ASSETS_DIR}/katex.min.css", page.url)
        return output.replace("</head>", f'<link rel="stylesheet" href="{href}">\n</head>', 1)

    def on_shutdown(self) -> None:
        """Stop V8, if a build started it."""
        if getattr(self, "math_renderer", None) is not None:
            self.math_renderer.close()  # type: ignore[union-attr]

    def _warn(self, src_path: str, diagnostics: list[Diagnostic], config: MkDocsConfig) -> None:
        """Log each diagnostic as ``docs/<src_path>:<line>: …`` (a warning, so --strict fails)."""
        shown = os.path.relpath(os.path.join(config.docs_dir, src_path))
        for diagnostic in diagnostics:
            log.warning(diagnostic.format(shown))


def _katex_options(config: ZigzagConfig) -> KatexOptions:
    """The ``katex_*`` options as the engine takes them."""
    return KatexOptions.build(
        macros=config.katex_macros,
        trust=config.katex_trust,
        max_size=float(config.katex_max_size),
        max_expand=int(config.katex_max_expand),
        output=config.katex_output,
        strict=config.katex_strict,
        fleqn=config.katex_fleqn,
        leqno=config.katex_leqno,
        min_rule_thickness=config.katex_min_rule_thickness,
        timeout=float(config.katex_timeout),
    )

"""The MkDocs adapter: builds the cores in ``on_config`` and delegates to them from each hook.

Nothing but wiring lives here; every behaviour has a name in ``hexo/``, ``katex/`` or ``figures/``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from mkdocs.plugins import BasePlugin, get_plugin_logger

from mkdocs_zigzag.config import ZigzagConfig

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

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
        return None

    def _warn(self, src_path: str, diagnostics: list[Diagnostic], config: MkDocsConfig) -> None:
        """Log each diagnostic as ``docs/<src_path>:<line>: …`` (a warning, so --strict fails)."""
        shown = os.path.relpath(os.path.join(config.docs_dir, src_path))
        for diagnostic in diagnostics:
            log.warning(diagnostic.format(shown))

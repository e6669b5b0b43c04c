"""What outlives a rebuild under ``mkdocs serve``: made once per ``mkdocs build`` or ``serve`` process."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

from mkdocs_zigzag.katex.assets import KatexUnavailable
from mkdocs_zigzag.katex.engine import KatexEngine
from mkdocs_zigzag.katex.renderer import MathRenderer
from mkdocs_zigzag.quiet_logs import quiet_third_party_logs

if TYPE_CHECKING:
    from mkdocs_zigzag.figures.engine import FailureMemory
    from mkdocs_zigzag.katex.assets import KatexAssets


class Session:
    """The math renderer (formula memory cache, and V8 once started), the figures that failed (not
    retried until their generator's folder changes), and whether builds are ``--dirty``."""

    def __init__(self, *, dirty: bool = False, serving: bool = False) -> None:
        # Other libraries' chatter (jieba's "Building prefix dict …") follows MkDocs' verbosity.
        quiet_third_party_logs(logging.getLogger("mkdocs"))
        self.dirty = dirty
        self.serving = serving
        """``mkdocs serve``: Material's blog shows draft posts, so their figures are drawn too."""
        """``--dirty`` converts only changed pages: the others' cache entries are not "unused"."""
        self.math_renderer: MathRenderer | None = None
        """Made by the first build that needs it; V8 starts on its first cache miss."""
        self.figure_failures: FailureMemory = {}
        self.math_setup_logged = ""
        """The Hexo math-setup line last logged: said once per ``serve`` session, again only if it changes."""

    def math_renderer_for(self, assets: KatexAssets) -> MathRenderer:
        """The session's math renderer, made on first use with the KaTeX of *assets*."""
        if self.math_renderer is None:
            self.math_renderer = MathRenderer(assets.version, lambda: _started_katex(assets))
        return self.math_renderer

    def close(self) -> None:
        """Stop V8, if a build started it."""
        if self.math_renderer is not None:
            self.math_renderer.close()


def _started_katex(assets: KatexAssets) -> KatexEngine:
    """KaTeX's engine, started on the first formula not cached: if it cannot run (a damaged
    katex.min.js, an address-space limit), the build stops with that message alone, no traceback."""
    try:
        return KatexEngine(assets).start()
    except KatexUnavailable as error:
        raise PluginError(str(error)) from None

"""The plugin's options: one flat typed class, grouped by prefix (``hexo_``, ``katex_``, ``figures_``)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class ZigzagConfig(Config):
    """Options of the ``zigzag`` plugin in ``mkdocs.yml``."""

    enabled = c.Type(bool, default=True)
    """Turn the whole plugin off (pages are then built as plain Markdown)."""

    cache_dir = c.Type(str, default=".cache/zigzag")
    """Where rendered formulas, figures and normalized posts are kept, relative to mkdocs.yml."""

    # --- Hexo dialect -------------------------------------------------------------------------
    # (options added by the Hexo dialect)
    hexo_tags = c.Type(bool, default=True)
    """Render Hexo tag plugins (``{% asset_img … %}``, ``{% post_link … %}``, ``{% note %}``, …) in pages."""

    hexo_alt_from_title = c.Type(bool, default=True)
    """Use an image tag's title as its ``alt`` text when the tag gives no alt (Hexo writes none)."""

    # --- KaTeX --------------------------------------------------------------------------------
    # (options added by the math engine)

    # --- Figures ------------------------------------------------------------------------------
    # (options added by the figure engine)

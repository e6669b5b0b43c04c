"""The plugin's options: one flat typed class, grouped by prefix (``hexo_``, ``katex_``, ``figures_``)."""

from __future__ import annotations

from zoneinfo import ZoneInfoNotFoundError

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError


class _TimeZoneName(c.Type[str]):
    """An IANA time zone name such as ``Asia/Shanghai``, or ``""`` for none."""

    def __init__(self) -> None:
        super().__init__(str, default="")

    def run_validation(self, value: object) -> str:
        name = super().run_validation(value)
        if name:
            from mkdocs_zigzag.hexo.frontmatter import resolve_time_zone

            try:
                resolve_time_zone(name)
            except (ZoneInfoNotFoundError, ValueError) as error:
                raise ValidationError(
                    f"unknown time zone {name!r}: use an IANA name such as 'Asia/Shanghai' ({error})"
                ) from error
        return name


class ZigzagConfig(Config):
    """Options of the ``zigzag`` plugin in ``mkdocs.yml``."""

    enabled = c.Type(bool, default=True)
    """Turn the whole plugin off (pages are then built as plain Markdown)."""

    cache_dir = c.Type(str, default=".cache/zigzag")
    """Where rendered formulas, figures and normalized posts are kept, relative to mkdocs.yml."""

    # --- Hexo dialect -------------------------------------------------------------------------
    # (options added by the Hexo dialect)
    hexo_front_matter = c.Type(bool, default=True)
    """Read front matter as Hexo does (dates, tags, categories, excerpt, ``published``) and hand blog posts
    to Material's blog as a normalized copy kept in ``cache_dir`` (the post file is never rewritten)."""

    hexo_timezone = _TimeZoneName()
    """Hexo's ``timezone``: the IANA zone in which front-matter dates are written (``""``: UTC). The date
    shown and the post URL keep the wall clock as written; only the instant (sorting, feeds) moves."""

    hexo_tags = c.Type(bool, default=True)
    """Render Hexo tag plugins (``{% asset_img … %}``, ``{% post_link … %}``, ``{% note %}``, …) in pages."""

    hexo_alt_from_title = c.Type(bool, default=True)
    """Use an image tag's title as its ``alt`` text when the tag gives no alt (Hexo writes none)."""

    # --- KaTeX --------------------------------------------------------------------------------
    # (options added by the math engine)

    # --- Figures ------------------------------------------------------------------------------
    # (options added by the figure engine)

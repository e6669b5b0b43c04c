"""The plugin's options: one flat typed class, grouped by prefix (``hexo_``, ``katex_``, ``figures_``)."""

from __future__ import annotations

import math
from typing import Any
from zoneinfo import ZoneInfoNotFoundError

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError


class _Bounded(c.Type):  # type: ignore[type-arg]
    """A number between *low* and *high* (inclusive)."""

    def __init__(
        self, kind: type | tuple[type, ...], low: float, high: float, default: float | None = None
    ) -> None:
        super().__init__(kind, default=default)
        self.low, self.high = low, high

    def run_validation(self, value: object) -> Any:
        value = super().run_validation(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValidationError(f"must be a number, not {value!r}")
        if not math.isfinite(value) or not self.low <= value <= self.high:
            raise ValidationError(f"must be a number from {self.low:g} to {self.high:g}, not {value!r}")
        return value


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
    katex_macros = c.DictOfItems(c.Type(str), default={})
    """Site-wide TeX macros, e.g. ``{"\\RR": "\\mathbb{R}"}``; every formula of every page sees them."""

    katex_trust = c.Type(bool, default=False)
    """Allow ``\\href``, ``\\url``, ``\\includegraphics``, ``\\htmlClass`` & co. Off: they render as red
    text and a warning names them. Turn on only if every author of the site is trusted."""

    katex_max_size = _Bounded((int, float), 0, 1000, default=500)
    """Largest size, in em, a formula may ask for (``\\rule``, ``\\kern``…); larger ones are capped."""

    katex_max_expand = _Bounded(int, 0, 100000, default=1000)
    """Most macro expansions one formula may make (stops runaway ``\\def`` recursion)."""

    katex_timeout = _Bounded((int, float), 0.01, 600, default=5.0)
    """Seconds KaTeX may spend on one page's formulas before the slow formula is reported as an error."""

    katex_output = c.Choice(("htmlAndMathml", "html", "mathml"), default="htmlAndMathml")
    """KaTeX's ``output``: ``htmlAndMathml`` keeps the TeX in a MathML annotation for screen readers and
    copy-paste."""

    katex_strict = c.Choice(("ignore", "warn", "error"), default="ignore")
    """KaTeX's ``strict`` (LaTeX-compatibility checks, such as CJK text in math mode): ``warn`` logs each one
    as a located warning, ``error`` makes it a formula error."""

    katex_fleqn = c.Type(bool, default=False)
    """Display math flush left instead of centered."""

    katex_leqno = c.Type(bool, default=False)
    """Equation numbers (``\\tag``) on the left."""

    katex_min_rule_thickness = c.Optional(_Bounded((int, float), 0, 1))
    """Thinnest rule (fraction bars…) in em; unset: KaTeX's font default."""

    # --- Figures ------------------------------------------------------------------------------
    # (options added by the figure engine)

"""The plugin's options: one flat typed class, grouped by prefix (``hexo_``, ``katex_``, ``figures_``)."""

from __future__ import annotations

import math
import posixpath
import re
from typing import Any
from zoneinfo import ZoneInfoNotFoundError

from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, Config, ValidationError


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


_DOTTED_NAME = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")
"""A module (``package.module``) or an attribute inside one (``Class.method``)."""


class _Globs(BaseConfigOption[list[str]]):
    """One docs-relative path or glob, or a list of them (``*``, ``?``, ``[...]``, ``**`` for any depth)."""

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what
        self.required = True

    def run_validation(self, value: object) -> list[str]:
        if value is None:
            raise ValidationError(f"'{self.what}' is required (a path or glob, or a list of them)")
        items = [value] if isinstance(value, str) else value
        if not (isinstance(items, list) and items and all(isinstance(i, str) and i.strip() for i in items)):
            raise ValidationError(
                f"expected {self.what} as a string or a list of strings (globs allowed), got {value!r}"
            )
        normalized = []
        for item in items:
            path = item.strip().replace("\\", "/")
            if path.startswith("/") or ".." in path.split("/"):
                raise ValidationError(
                    f"{self.what} {item!r} must be relative to the folder it lives in, without '/' at the "
                    "start or '..'"
                )
            normalized.append(posixpath.normpath(path))
        return normalized


class _GeneratorRef(BaseConfigOption[str]):
    """``package.module:function`` or ``path/to/file.py:function`` (relative to mkdocs.yml)."""

    def __init__(self) -> None:
        super().__init__()
        self.required = True

    def run_validation(self, value: object) -> str:
        if value is None:
            raise ValidationError("'generator' is required ('package.module:function' or 'file.py:function')")
        hint = (
            "Write 'package.module:function' for an importable module or 'path/to/file.py:function' for "
            "a file relative to mkdocs.yml, e.g. 'mkdocs_zigzag.figures.builtin.activations:sigmoid'."
        )
        if not isinstance(value, str) or value.count(":") < 1:
            raise ValidationError(f"generator {value!r} names no function. {hint}")
        target, _, attribute = value.strip().rpartition(":")
        is_file = target.endswith(".py")
        if not (is_file or _DOTTED_NAME.match(target)) or not _DOTTED_NAME.match(attribute):
            raise ValidationError(f"generator {value!r} is not a valid reference. {hint}")
        return f"{target}:{attribute}"


class FigureBinding(Config):  # type: ignore[no-untyped-call]  # MkDocs hook is untyped
    """One entry of ``figures``: which assets of which posts a generator draws, with which parameters."""

    post = _Globs("post")
    """The post(s), as paths under docs/ (``blog/posts/foo.md``) or globs (``blog/posts/*.md``)."""
    asset = _Globs("asset")
    """Image name(s) in the post's asset folder (``cell.jpg``, or a glob such as ``*-gradient.png``).
    Hexo's rule: the post ``blog/posts/foo.md`` owns the folder ``blog/posts/foo/``."""
    generator = _GeneratorRef()
    """``package.module:function`` or ``path/to/file.py:function`` relative to mkdocs.yml."""
    params = c.Type(dict, default={})
    """Keyword parameters passed to the generator (checked against its defaults and bounds)."""


class _Bindings(c.ListOfItems[FigureBinding]):
    """The ``figures`` list; a bad entry is reported with its index, ``figures[2]: …``."""

    def run_validation(self, value: object) -> list[FigureBinding]:
        if not isinstance(value, list):
            return super().run_validation(value)
        bindings: list[FigureBinding] = []
        for index, item in enumerate(value):
            try:
                bindings.extend(super().run_validation([item]))
            except ValidationError as error:
                raise ValidationError(f"figures[{index}]: {error}") from None
        return bindings


class ZigzagConfig(Config):  # type: ignore[no-untyped-call]  # MkDocs hook is untyped
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

    hexo_generate_timezone = _TimeZoneName()
    """The IANA zone of the machine that ran ``hexo generate`` for the published blog (a Hexo blog folder
    only). Hexo formats the date parts of post and archive URLs in that machine's zone, not in ``timezone``:
    a blog with ``timezone: Asia/Shanghai`` deployed from a UTC CI runner (GitHub Actions) has every URL
    8 h earlier. ``""``: the zone the dates are written in (``hexo_timezone``, else ``_config.yml``'s
    ``timezone``, else UTC), as when the blog was generated on the author's own machine."""

    hexo_tags = c.Type(bool, default=True)
    """Render Hexo tag plugins (``{% asset_img … %}``, ``{% post_link … %}``, ``{% note %}``, …) in pages."""

    hexo_alt_from_title = c.Type(bool, default=True)
    """Use an image tag's title as its ``alt`` text when the tag gives no alt (Hexo writes none)."""

    # Excerpts (hexo/excerpt.py): front-matter `excerpt`, then Hexo's `<!--more-->` in any spelling, then
    # front-matter `description`, then `summary`, then an automatic excerpt of this many characters.
    hexo_excerpt_length = _Bounded(int, 0, 100000, default=150)
    """A blog post with no ``<!-- more -->`` marker (any spelling Hexo accepts) and no front-matter
    ``excerpt``, ``description`` or ``summary`` is shown on index, archive and category pages up to the
    first block boundary after this many characters of text, as NexT's ``auto_excerpt`` does (a cut never
    falls inside a paragraph, formula, code block or HTML element). ``0``: the whole post, as Material."""

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
    """Seconds KaTeX may spend on one page's formulas before the slow formula is reported as an error (the
    rest of the page then gets this time once more)."""

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

    # --- Math dialect (how the blog's posts wrote math; see docs/migrating-from-hexo.md) -------------
    katex_dialect = c.Choice(("auto", "math-first", "marked-mathjax", "kramed", "pandoc"), default="auto")
    """Which Markdown renderer and math engine the posts were written for. ``math-first``: the TeX as written
    (markdown-it-katex, hexo-filter-katex, arithmatex); ``$…$`` without spaces just inside.
    ``marked-mathjax``: Hexo's marked, then MathJax in the browser: marked's backslash escapes apply first
    (``\\\\(x\\\\)`` is inline math, ``\\[0,1\\]`` is text), ``$ x $`` with spaces is math. ``kramed``:
    hexo-renderer-kramed, whose ``$$…$$`` is raw TeX, inline in a sentence and display alone on its lines;
    the rest as ``marked-mathjax``. ``pandoc``: hexo-renderer-pandoc, whose ``$…$`` and ``$$…$$`` are raw
    TeX as in ``math-first``, the rest as ``marked-mathjax`` (``\\[1\\]`` is text). ``auto``:
    ``marked-mathjax`` for a post whose front matter says ``mathjax: true``, ``math-first`` for the others. A
    post's own ``math_dialect:`` front matter wins over this option. In a Hexo blog folder, the blog's
    renderer, math plugins and theme decide the default (written here, this option wins)."""

    katex_numbering = c.Choice(("auto", "ams", "none"), default="auto")
    """Automatic equation numbers: ``ams`` numbers ``equation``, ``align``, ``gather`` (KaTeX's and LaTeX's
    way), ``none`` numbers nothing (MathJax's default), ``auto`` is ``ams`` for ``math-first`` posts and
    ``none`` for the others (MathJax's default). ``\\tag`` and ``\\label`` always work. In a Hexo blog folder,
    the MathJax ``tags`` setting of its theme or hexo-filter-mathjax decides the default."""

    # --- Figures ------------------------------------------------------------------------------
    figures = _Bindings(c.SubConfig(FigureBinding), default=[])
    """Bindings of post assets to figure generators; the first binding that matches an asset wins."""

    figures_timeout = _Bounded((int, float), 0.1, 3600, default=120)
    """Seconds one figure may take (simulation and both themes) before it is abandoned."""

    figures_dpi = _Bounded(int, 10, 1200, default=100)
    """Pixels per inch of the raster written at the post's exact image name (figsize × dpi pixels)."""

    figures_formats = c.ListOfItems(c.Choice(("svg", "png")), default=["svg"])
    """Formats of the light/dark variants the page shows (the first one is used in the HTML)."""

    figures_caption = c.Type(bool, default=False)
    """Show the tag's title as a caption (``<figcaption>``) under a generated figure."""

    figures_cjk_font = c.Type(str, default="auto")
    """Font family used for CJK text in figures: ``auto`` picks an installed CJK font, ``none`` adds none."""

    # --- Hexo theme tags ----------------------------------------------------------------------
    # (options added by the theme-tag renderers; see docs/migrating-from-hexo.md#tag-plugins)
    hexo_embeds = c.Type(bool, default=False)
    """Embed other sites' players (``youtube``, ``vimeo``, ``bilibili``, ``jsfiddle``, ``gist``, an ``iframe``
    or ``video`` of another host) as Hexo does. Off: a link card to the original, so the page asks no other
    host for anything until the reader clicks."""

    hexo_code_dir = c.Type(str, default="downloads/code")
    """Hexo's ``code_dir``: the folder under ``docs_dir`` that ``{% include_code path %}`` reads from."""

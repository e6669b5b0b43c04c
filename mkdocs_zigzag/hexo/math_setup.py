"""A Hexo blog's math setup (Markdown renderer, math plugins, theme) read into the plugin's math defaults.

What a reader of the Hexo blog saw depended on three things: which Markdown renderer ran (``package.json``:
hexo-renderer-marked by default, kramed, markdown-it with or without a KaTeX plugin, pandoc), which math
engine typeset the result (the theme's MathJax or KaTeX, hexo-filter-mathjax, hexo-filter-katex) and, for
hexo-math's ``{% katex %}``/``{% mathjax %}`` tags, the site-wide ``math:`` options of ``_config.yml``.
:func:`decide_math_setup` turns them into the site's default ``katex_dialect`` and ``katex_numbering`` and
the tags' default options, with the reasons (logged once, printed by ``init``). Anything set in
``mkdocs.yml`` wins; the adapter applies that. Nothing here imports MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mkdocs_zigzag.katex.dialect import KRAMED, MARKED_MATHJAX, MATH_FIRST, PANDOC

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping

    from mkdocs_zigzag.hexo.hexo_config import HexoConfig, ThemeMath

MATH_FIRST_RENDERERS = {
    "hexo-renderer-markdown-it-plus": "hexo-renderer-markdown-it-plus (markdown-it-katex)",
    "hexo-renderer-markdown-it-katex": "hexo-renderer-markdown-it-katex",
    "hexo-filter-katex": "hexo-filter-katex",
}
"""Packages that read math before Markdown's escapes (the ``math-first`` dialect), with how to name them."""

MARKDOWN_IT_MATH_PLUGINS = frozenset({
    "markdown-it-katex", "@iktakahiro/markdown-it-katex", "@traptitech/markdown-it-katex",
    "@neilsustc/markdown-it-katex", "markdown-it-texmath", "markdown-it-mathjax3", "markdown-it-math",
    "@renbaoshuo/markdown-it-katex",
})
"""markdown-it plugins that read math before escapes (hexo-renderer-markdown-it with one: ``math-first``)."""

_NUMBERING_OF_TAGS = {"none": "none", "ams": "ams", "all": "ams"}
"""MathJax 3's ``tex.tags`` to ``katex_numbering`` (KaTeX cannot number every display: ``all`` → ams)."""


@dataclass(frozen=True)
class MathSetup:
    """The math defaults a Hexo blog's setup implies, and why."""

    dialect: str | None = None
    """Default ``katex_dialect`` (None: nothing known, the plugin's ``auto`` stays)."""
    numbering: str | None = None
    """Default ``katex_numbering`` (None: the plugin's ``auto`` stays)."""
    tag_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """hexo-math's site-wide options by tag (``katex``, ``mathjax``): what a tag's front matter and JSON
    options are merged over, shallowly, as hexo-math does."""
    mathjax_flags: tuple[str, ...] = ()
    """Front-matter keys beyond ``mathjax`` that marked a post for the theme's MathJax (Fluid: ``math``),
    so that ``katex_dialect: auto`` reads such posts as ``marked-mathjax``."""
    reasons: tuple[str, ...] = ()
    """What was detected, one sentence each."""

    def summary(self) -> str:
        """One line for the log and for ``init``: the defaults chosen and the reasons."""
        chosen = [f"katex_dialect: {self.dialect}"] if self.dialect else []
        if self.numbering:
            chosen.append(f"katex_numbering: {self.numbering}")
        if self.tag_options:
            chosen.append("hexo-math tag options from _config.yml")
        head = ", ".join(chosen) if chosen else "the plugin's defaults"
        return f"Hexo math setup: {head}. " + " ".join(self.reasons)


def decide_math_setup(hexo: HexoConfig) -> MathSetup:
    """The math defaults of the blog *hexo* describes (its ``_config.yml``, theme and ``package.json``)."""
    return math_setup_from(hexo.dependencies, hexo.math, hexo.hexo_math, hexo.filter_mathjax)


def math_setup_from(
    dependencies: Collection[str],
    theme: ThemeMath | None,
    hexo_math: Mapping[str, Any] | None,
    filter_mathjax: Mapping[str, Any] | None,
) -> MathSetup:
    """The decision itself, from its inputs (see :func:`decide_math_setup`)."""
    packages = set(dependencies)
    reasons: list[str] = []
    dialect: str | None = None
    numbering: str | None = None
    flags: tuple[str, ...] = ()
    mathjax_tags: str | None = None  # MathJax's `tags` as the blog set it, where MathJax typeset
    browser_mathjax = False  # MathJax (or auto-render) typeset the renderer's HTML

    every_page = False
    if "hexo-filter-mathjax" in packages:
        settings = filter_mathjax or {}
        browser_mathjax = True
        tags = settings.get("tags", "none")
        mathjax_tags = str(tags).lower() if isinstance(tags, str) else "none"
        every_page = settings.get("every_page") is True
        reasons.append(
            "hexo-filter-mathjax typeset the HTML of "
            + ("every post" if every_page else "posts with 'mathjax: true'")
            + f" (tags: {mathjax_tags})."
        )
        if settings.get("single_dollars") is False:
            reasons.append("Its single_dollars is false: $…$ was text there (write \\$ where it still is).")
    elif theme is not None:
        page = "every page" if theme.every_page else "pages whose front matter asks for it"
        reasons.append(f"The theme ({theme.source}) loads {theme.engine} on {page}.")
        if theme.engine == "mathjax":
            browser_mathjax = True
            every_page = theme.every_page
            mathjax_tags = theme.tags or "none"

    math_first = [label for name, label in MATH_FIRST_RENDERERS.items() if name in packages]
    if "hexo-renderer-markdown-it" in packages and packages & MARKDOWN_IT_MATH_PLUGINS:
        plugin = sorted(packages & MARKDOWN_IT_MATH_PLUGINS)[0]
        math_first.append(f"hexo-renderer-markdown-it with {plugin}")
    if "hexo-renderer-pandoc" in packages:
        dialect = PANDOC
        reasons.append(
            "hexo-renderer-pandoc read $…$ and $$…$$ before its escapes (pandoc's tex_math_dollars), the "
            "rest reached MathJax after them: pandoc."
        )
        mathjax_tags = mathjax_tags or "none"  # pandoc --mathjax: MathJax numbers as the blog set it
    elif math_first:
        dialect = MATH_FIRST
        reasons.append(f"{math_first[0]} read the math before Markdown's escapes: math-first.")
        mathjax_tags = None  # KaTeX on the server, with KaTeX's own numbering
    elif "hexo-renderer-kramed" in packages:
        dialect = KRAMED
        reasons.append(
            "hexo-renderer-kramed read $$…$$ before its escapes (inline in a sentence, display alone), the "
            "rest reached MathJax after them: kramed."
        )
        mathjax_tags = mathjax_tags or "none"
    elif browser_mathjax:
        renderer = "markdown-it" if "hexo-renderer-markdown-it" in packages else "marked"
        if every_page:
            dialect = MARKED_MATHJAX
            reasons.append(f"{renderer} applied its escapes before MathJax saw every post: marked-mathjax.")
        else:
            flag = "math" if theme is not None and theme.source == "fluid" else "mathjax"
            flags = (flag,) if flag != "mathjax" else ()
            reasons.append(
                f"{renderer} applied its escapes before MathJax: posts with '{flag}: true' are read as "
                "marked-mathjax, the others math-first (katex_dialect: auto)."
            )
    elif theme is not None and theme.engine == "katex":
        reasons.append(
            "No server-side math renderer in package.json for the theme's KaTeX: math-first (auto) assumed."
        )

    if mathjax_tags is not None:
        numbering = _NUMBERING_OF_TAGS.get(mathjax_tags, "none")
        note = " (KaTeX numbers only the numbered environments)" if mathjax_tags == "all" else ""
        reasons.append(f"MathJax numbered '{mathjax_tags}': katex_numbering: {numbering}{note}.")

    tag_options: dict[str, Mapping[str, Any]] = {}
    if "hexo-math" in packages or hexo_math is not None:
        tag_options = hexo_math_tag_options(hexo_math)
        if hexo_math is not None:
            reasons.append("hexo-math's math: options in _config.yml are the defaults of its tags.")
    return MathSetup(dialect, numbering, tag_options, mathjax_flags=flags, reasons=tuple(reasons))


def hexo_math_tag_options(section: Mapping[str, Any] | None) -> dict[str, Mapping[str, Any]]:
    """hexo-math's site-wide options per tag: its defaults, with ``_config.yml``'s ``math:`` section merged
    over them as hexo-math does (``Object.assign``: a ``katex:`` or ``mathjax:`` section replaces the
    default one whole)."""
    defaults: dict[str, Mapping[str, Any]] = {
        "katex": {"throwOnError": False},
        "mathjax": {"conversion": {"display": False}, "tex": {}, "svg": {}},
    }
    for engine in ("katex", "mathjax"):
        engine_section = (section or {}).get(engine)
        if isinstance(engine_section, dict):
            options = engine_section.get("options")
            defaults[engine] = dict(options) if isinstance(options, dict) else {}
    return defaults

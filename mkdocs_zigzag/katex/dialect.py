r"""How a blog's posts wrote math: which delimiters are math, and what TeX KaTeX must get.

MathJax in the browser never saw a Hexo post's Markdown: it saw the HTML the blog's Markdown renderer made
of it. Two families of renderers matter:

``math-first``
    The renderer reads math before anything else (markdown-it-katex, hexo-filter-katex, Python's
    arithmatex): the TeX between the delimiters is the TeX as written. ``$…$`` follows Pandoc's rule (no
    space just inside the dollars, no digit right after the closing one); ``\(…\)``, ``\[…\]`` and
    ``$$…$$`` are math.
``pandoc``
    hexo-renderer-pandoc, then MathJax in the browser: pandoc's Markdown reads ``$…$`` (the same rule) and
    ``$$…$$`` itself, before its escapes (the TeX as written); the rest of the text reached MathJax after
    pandoc's backslash escapes, as with marked: ``\(x\)`` and ``\[1\]`` are escaped brackets (the text
    ``(x)`` and ``[1]``), ``\\(x\\)`` is math, and so is ``$ x $`` with spaces inside.
``marked-mathjax``
    Hexo's default renderer, marked, ran first and MathJax (or KaTeX's auto-render) typeset the HTML in the
    browser. marked's backslash escapes were applied before MathJax looked: ``\\(x\\)`` reached MathJax as
    ``\(x\)`` (math), ``\[0,1\]`` as the text ``[0,1]``, ``\_`` as ``_``, ``\\\\`` as ``\\``. MathJax's
    ``$…$`` also accepts spaces just inside the dollars (``$ R^2 $``).
``kramed``
    hexo-renderer-kramed: kramed reads ``$$…$$`` itself, before its escapes, as raw TeX for MathJax —
    *inline* inside a sentence, display only as a block of its own (the closing ``$$`` ends its line); it
    also turns ``` `$x$` ``` into inline math. Everything else reached MathJax after kramed's backslash
    escapes, as with marked (``\\(x\\)`` is math, ``$ x $`` with spaces too), except that kramed escapes
    fewer characters: ``\,``, ``\;``, ``\|``, ``\%`` keep their backslash.

A post's dialect is the site's ``katex_dialect``, or, when that is ``auto``, ``marked-mathjax`` for a post
whose front matter says ``mathjax: true`` (NexT, Butterfly, Fluid with MathJax) and ``math-first``
otherwise. A post may name its dialect itself with ``math_dialect:`` in its front matter.

Prices (``costs $5 and $10``, ``$3-$4``, ``$12 Million``) and shell variables (``$HOME``) are text in
every dialect. Nothing here imports MkDocs.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from markdown.inlinepatterns import AUTOLINK_RE, HTML_RE

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping

MATH_FIRST = "math-first"
MARKED_MATHJAX = "marked-mathjax"
KRAMED = "kramed"
PANDOC = "pandoc"
DIALECTS = (MATH_FIRST, MARKED_MATHJAX, KRAMED, PANDOC)
"""The dialects a post may be written in."""
AUTO = "auto"

# A character of TeX between two delimiters: an escaped pair, or anything that is not a backslash, a
# dollar or one of Markdown's placeholder marks (math never spans inline code or a stashed element).
_BODY = r"(?:\\.|[^\\$\x02\x03])"

# Spaces just inside the dollars (MathJax's rule) are accepted when the text inside looks like TeX: a
# command, a sub/superscript, an equals sign or braces, or one letter alone (`$ x $`). It may not start with
# a digit and the dollars may not touch an ASCII letter or digit on the outside (CJK text may touch them):
# `$5 and $10`, `$HOME and $PATH_X` stay text.
_LENIENT_DOLLAR = (
    rf"(?<![\\$A-Za-z0-9])\$(?=[ \t]*[^\s\d$])(?P<ldollar>{_BODY}*?(?:\\[A-Za-z]|[\^_={{}}]){_BODY}*?"
    r"|[ \t]*[A-Za-z][ \t]*)(?<!\\)\$(?![A-Za-z0-9_$])"
)

# Math handed over by the Hexo math tags, already as TeX (the tags ran before any Markdown renderer, so no
# dialect applies to it): hex-encoded so no Markdown rule can touch it, one line of hex per line of TeX.
_TAG_FORMULA = "\x02zigzag-tex:{mode}:{body}\x03"
TAG_FORMULA_RE = r"\x02zigzag-tex:(?P<tagmode>[DI]):(?P<taghex>[0-9a-f.\n]*)\x03"

_COMMON = rf"(?P<skip>{HTML_RE}|{AUTOLINK_RE})|(?P<tag>{TAG_FORMULA_RE})"
# What MathJax read after marked's (or pandoc's) escapes: the source's `\\[…\\]` and `\\(…\\)`.
_MARKED_BRACKETS = (
    r"|(?<!\\)\\\\\[(?P<bracket>(?:[^\\\x02\x03]|\\(?!\\\]))+?)\\\\\]"
    r"|(?<!\\)\\\\\((?P<paren>(?:[^\\\x02\x03]|\\(?!\\\)))+?)\\\\\)"
)
# pandoc's own math, read before its escapes: `$$…$$` anywhere, `$…$` with its currency rule.
_PANDOC_DOLLARS = (
    rf"|(?<![\\$])\$\$(?P<pdd>{_BODY}+?)\$\$"
    rf"|(?<![\\$])\$(?![\s$])(?P<pdollar>{_BODY}+?)(?<!\s)\$(?![\d$])"
)

INLINE_PATTERNS: dict[str, str] = {
    # Even runs of backslashes before a delimiter (so `\\$` is a backslash then math), then `$$…$$` and
    # `\[…\]` (display inside a paragraph), `\(…\)`, and `$…$` with Pandoc's currency rule.
    MATH_FIRST: (
        _COMMON
        + r"|(?P<escapes>(?<!\\)(?:\\\\)+)(?=\$|\\\(|\\\[)"
        + rf"|(?<![\\$])\$\$(?P<dd>{_BODY}+?)\$\$"
        + r"|(?<!\\)\\\[(?P<bracket>(?:\\[^\]]|[^\\\x02\x03])+?)\\\]"
        + r"|(?<!\\)\\\((?P<paren>(?:\\[^)]|[^\\\x02\x03])+?)\\\)"
        + rf"|(?<![\\$])\$(?![\s$])(?P<dollar>{_BODY}+?)(?<!\s)\$(?![\d$])"
    ),
    # marked turned `\\(` into `\(`: the source's `\\(…\\)` and `\\[…\\]` are math, a single `\(` is an
    # escaped parenthesis (text). Dollars: Pandoc's rule first, then MathJax's spaces inside.
    MARKED_MATHJAX: (
        _COMMON
        + _MARKED_BRACKETS
        + rf"|(?<![\\$])\$\$(?P<dd>{_BODY}+?)\$\$"
        + rf"|(?<![\\$])\$(?![\s$])(?P<dollar>{_BODY}+?)(?<!\s)\$(?![\d$])"
        + "|" + _LENIENT_DOLLAR
    ),
}
# pandoc: its own `$$…$$` and `$…$` first (raw TeX), then what MathJax found in the text pandoc left after
# its escapes, as with marked.
INLINE_PATTERNS[PANDOC] = (
    _COMMON
    + r"|(?P<escapes>(?<!\\)(?:\\\\)+)(?=\$)"
    + _PANDOC_DOLLARS
    + _MARKED_BRACKETS
    + "|"
    + _LENIENT_DOLLAR
)
# kramed: its own inline rule takes `$$…$$` first (raw TeX, inline); the rest as marked left it for MathJax.
INLINE_PATTERNS[KRAMED] = (
    _COMMON
    + r"|(?<![\\$])\$\$\s*(?P<kdd>(?:\\.|[^\\$\x02\x03]|\$(?!\$))*?[^\s$])\s*\$\$(?!\$)"
    + INLINE_PATTERNS[MARKED_MATHJAX][len(_COMMON) :].replace(rf"|(?<![\\$])\$\$(?P<dd>{_BODY}+?)\$\$", "", 1)
)
"""Python-Markdown inline patterns (run on the Markdown source of a paragraph) per dialect."""

# Inside a raw HTML block no Markdown renderer applied escapes: MathJax saw the delimiters as written.
RAW_HTML_PATTERNS: dict[str, str] = {
    dialect: (
        rf"(?P<tag>{TAG_FORMULA_RE})"
        rf"|(?<![\\$])\$\$(?P<dd>{_BODY}+?)\$\$"
        r"|(?<!\\)\\\[(?P<bracket>(?:\\[^\]]|[^\\\x02\x03])+?)\\\]"
        r"|(?<!\\)\\\((?P<paren>(?:\\[^)]|[^\\\x02\x03])+?)\\\)"
        rf"|(?<![\\$])\$(?![\s$])(?P<dollar>{_BODY}+?)(?<!\s)\$(?![\d$])"
        + ("|" + _LENIENT_DOLLAR if dialect != MATH_FIRST else "")
    )
    for dialect in (MATH_FIRST, MARKED_MATHJAX, KRAMED)
}
# pandoc is the exception: it read the inside of an HTML block as Markdown (markdown_in_html_blocks), so its
# own dollars first, then MathJax after its escapes, as in its text.
RAW_HTML_PATTERNS[PANDOC] = (
    rf"(?P<tag>{TAG_FORMULA_RE})" + _PANDOC_DOLLARS + _MARKED_BRACKETS + "|" + _LENIENT_DOLLAR
)
"""Patterns for the text of raw HTML blocks, per dialect (:func:`raw_html_pattern` compiles them)."""


@functools.cache
def raw_html_pattern(dialect: str) -> re.Pattern[str]:
    """:data:`RAW_HTML_PATTERNS` of *dialect*, compiled when a page first needs it (a site uses one or two
    dialects; compiling all four would cost every build a few milliseconds)."""
    return re.compile(RAW_HTML_PATTERNS[dialect])

DISPLAY_GROUPS = frozenset({"dd", "pdd", "bracket"})
"""Pattern groups whose formula is display math."""
FORMULA_GROUPS = ("dd", "kdd", "pdd", "bracket", "paren", "dollar", "pdollar", "ldollar")
"""Pattern groups that hold a formula's TeX."""
RAW_GROUPS = frozenset({"kdd", "pdd", "pdollar"})
"""Pattern groups whose TeX the renderer read before its escapes (kramed's ``$$``, pandoc's dollars)."""

# marked's `escape` rule: a backslash before ASCII punctuation is dropped.
_MARKED_ESCAPE = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\]\\^_`{|}~])")


def marked_unescape(tex: str) -> str:
    r"""The TeX MathJax got after marked applied its backslash escapes (``\\`` → ``\``, ``\_`` → ``_``)."""
    return _MARKED_ESCAPE.sub(r"\1", tex)


# kramed's `escape` rule (marked 0.3's, which it forked): fewer characters than CommonMark's, so `\,`, `\;`,
# `\|` and `\%` reached MathJax with their backslash.
_KRAMED_ESCAPE = re.compile(r"\\([\\`*{}\[\]()#$+\-.!_>])")


def tex_as_read(dialect: str, tex: str) -> str:
    """The TeX of a formula found in the Markdown source, as the blog's math engine received it."""
    if dialect in (MARKED_MATHJAX, PANDOC):  # pandoc escapes every ASCII punctuation character, as marked
        return marked_unescape(tex)
    if dialect == KRAMED:
        return _KRAMED_ESCAPE.sub(r"\1", tex)
    return tex


_KRAMED_CODE_MATH = re.compile(r"`\$(.*?)\$`")


def kramed_code_math(text: str) -> str:
    r"""hexo-renderer-kramed's rewrite before kramed runs: ```` `$x$` ```` becomes ``$$x$$`` (inline math)."""
    return _KRAMED_CODE_MATH.sub(r"$$\1$$", text) if "`$" in text else text


MATHJAX_FLAGS = ("mathjax",)
"""Front-matter keys that, set to ``true``, mark a post written for MathJax behind marked (``auto``)."""


def resolve_dialect(site: str, meta: Mapping[str, Any] | None, flags: Collection[str] = MATHJAX_FLAGS) -> str:
    """A post's dialect: its ``math_dialect``, else the site's, else (``auto``) ``marked-mathjax`` when one
    of *flags* is true in its front matter (``mathjax: true``; a Fluid blog folder adds ``math``)."""
    meta = meta or {}
    own = meta.get("math_dialect")
    if isinstance(own, str) and own in DIALECTS:
        return own
    if site in DIALECTS:
        return site
    return MARKED_MATHJAX if any(meta.get(flag) is True for flag in flags) else MATH_FIRST


TAG_PREAMBLE_END = "\x1d"
"""Ends the definitions a tag's options make (hexo-math's ``macros``) before the tag's own TeX."""


def tag_formula(tex: str, display: bool, preamble: str = "") -> str:
    """A formula from a Hexo math tag, in a form only the math extension reads (no Markdown rule touches it).

    One line of hex per line of TeX keeps the page's line count; an empty line is ``.`` so it does not end
    the paragraph. *preamble*: ``\\def`` s the tag's options make, run before the formula but not part of
    the TeX readers see (its MathML annotation); it goes on the first line.
    """
    if preamble:
        tex = preamble.replace("\n", " ") + TAG_PREAMBLE_END + tex
    lines = [line.encode("utf-8").hex() or "." for line in tex.split("\n")]
    return _TAG_FORMULA.format(mode="D" if display else "I", body="\n".join(lines))


def tag_formula_probe(body: str) -> str:
    """Text of a tag formula's *body* to find its line by in the page's source: its first non-empty line."""
    return next((line for line in body.split("\n") if line.strip(".")), body)


def read_tag_formula(mode: str, body: str) -> tuple[str, bool]:
    """Inverse of :func:`tag_formula`: ``(tex, display)``."""
    lines = [bytes.fromhex(line.strip(".")).decode("utf-8") for line in body.split("\n")]
    return "\n".join(lines), mode == "D"

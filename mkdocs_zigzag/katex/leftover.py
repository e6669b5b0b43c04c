r"""Text that still looks like math once a page is converted: no formula is lost in silence.

After the math extension typeset what its dialect reads as math, the page's text (outside code, ``<pre>``,
``<script>``, ``<style>``, ``<textarea>``; raw HTML included) is searched for what a reader would take for a
formula left as text:

* ``$$`` (display math that was never closed, or split by the Markdown around it);
* ``\(`` or ``\[`` (including ``\\(`` written for marked + MathJax in a post read as ``math-first``);
* ``\begin{…}`` of a TeX environment;
* a Hexo math tag left as text (``{% mathjax``, ``{% katex``, ``{% math``);
* ``$…$`` on one line with TeX inside: a command (``\alpha``), ``^``, or ``_`` before a brace, a digit or a
  lone letter (the usual cause: spaces just inside the dollars in a ``math-first`` post).

What the author escaped (``\$``, ``\\[``…) is Markdown's placeholder here, not a delimiter, so it is never
reported; prices (``$5 and $10``) and shell variables (``$HOME``) have no TeX inside and are not either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markdown import util as md_util

from mkdocs_zigzag.katex import dialect as dialects
from mkdocs_zigzag.katex.rawhtml import PROTECTED_TAGS, text_ranges

if TYPE_CHECKING:
    import xml.etree.ElementTree as etree
    from collections.abc import Iterator, Sequence

_ESCAPE_PLACEHOLDER = re.compile(f"{md_util.STX}(\\d+){md_util.ETX}")
_PLACEHOLDER = re.compile(f"{md_util.STX}[^{md_util.ETX}]*{md_util.ETX}")
_ESCAPED_BACKSLASH = f"{md_util.STX}92{md_util.ETX}"  # 92: ord("\\")
"""Markdown's placeholder for ``\\\\`` (an escaped backslash), which :func:`_readable` turns into ``\\``."""

_SUSPECT = re.compile(
    r"(?P<dd>\$\$)"
    r"|(?P<open>\\[(\[])"
    r"|(?P<begin>\\begin\{[A-Za-z]+\*?\})"
    r"|(?P<tag>\{%-?\s*(?:mathjax|katex|math)\b)"
    r"|(?P<dollar>(?<![\\$A-Za-z0-9])\$(?!\$)[^$\n]*?(?:\\[A-Za-z]+|\^|_(?:\{|\d|[A-Za-z](?![A-Za-z]))))"
    r"[^$\n]*?(?<!\\)\$(?![A-Za-z0-9_$])"
)


@dataclass(frozen=True)
class Leftover:
    """One piece of text that looks like a formula."""

    shown: str
    """The text, quoted for the warning."""
    probes: tuple[str, ...]
    """Strings to find its line by in the Markdown source, most precise first."""
    fix: str
    """How to make it typeset (or say it is text)."""


def _fix(kind: str, dialect: str) -> str:
    if kind == "dd":
        return ("No closing $$ was found where Markdown kept the formula together: close it, keep it in one "
                "paragraph (or one list item), or write \\$\\$ if the dollars are text.")
    if kind == "open":
        if dialect == dialects.PANDOC:
            return ("In the pandoc dialect \\( and \\[ are escaped brackets (pandoc's Markdown applied its "
                    "escapes before MathJax looked): write \\\\( … \\\\) or $ … $ for math, or check that "
                    "the formula is closed.")
        if dialect == dialects.MATH_FIRST:
            return ("If this post was written for MathJax behind marked (\\\\( … \\\\) in the source), add "
                    "'mathjax: true' to its front matter or set katex_dialect: marked-mathjax; otherwise "
                    "check that the formula is closed.")
        return ("In the marked-mathjax dialect \\( and \\[ are escaped brackets: write \\\\( … \\\\) or "
                "$ … $ for math, or check that the formula is closed.")
    if kind == "begin":
        return "Put the environment between $$ and $$ (or check its \\end)."
    if kind == "tag":
        return ("Hexo's math tags are read when hexo_tags is on (the default); close the tag with its "
                "{% end… %} tag, or put it inside {% raw %} if it is text.")
    if dialect == dialects.MATH_FIRST:
        return ("In the math-first dialect no space may touch the inside of the dollars: write $x$, or, if "
                "the blog used MathJax, add 'mathjax: true' to the front matter (or set katex_dialect: "
                "marked-mathjax). Write \\$ for a dollar that is text.")
    return "Check its dollars (write \\$ for a dollar that is text)."


# An escaped character other than the backslash is shifted into the Private Use Area while the text is
# scanned, so an escaped `$` is no delimiter; it is shifted back for the warning.
_SHIFT = 0xE000
_SHIFTED = re.compile("[\ue000-\ue0ff]")


def _readable(text: str) -> str:
    """*text* as the reader sees it: Markdown's escape placeholders back to their character (a backslash
    as ``\\``, anything else shifted out of the way of the delimiters), other placeholders out."""

    def escaped(match: re.Match[str]) -> str:
        code = int(match.group(1))
        return "\\" if code == ord("\\") else chr(_SHIFT + code) if code < 0x100 else chr(code)

    return _PLACEHOLDER.sub("", _ESCAPE_PLACEHOLDER.sub(escaped, text))


def scan_text(text: str, dialect: str, *, tags: bool = True) -> list[Leftover]:
    """The suspects in one run of text (already readable); *tags*: report Hexo math tags too."""
    found: list[Leftover] = []
    for match in _SUSPECT.finditer(text):
        kind = match.lastgroup or "dollar"
        if kind == "tag" and not tags:
            continue
        if kind == "open":
            # `\(` alone in prose is rare; one is reported only with TeX or a closing delimiter after it.
            rest = text[match.end() : match.end() + 200]
            closer = "\\)" if match.group(0) == "\\(" else "\\]"
            if closer not in rest and not re.search(r"\\[A-Za-z]|[\^_]", rest):
                continue
        start = match.start()
        line_end = text.find("\n", start)
        snippet = text[start : line_end if line_end >= 0 else len(text)]
        snippet = snippet if len(snippet) <= 60 else snippet[:60] + "…"
        snippet = _SHIFTED.sub(lambda m: chr(ord(m.group()) - _SHIFT), snippet.strip())
        head = match.group(0)
        probes = tuple(dict.fromkeys(p for p in (snippet.rstrip("…"), snippet[:20], head) if p))
        escaped_head = head.replace("\\", "\\\\")
        if kind == "open" and dialect == dialects.MATH_FIRST:
            probes = (*probes, escaped_head)
        found.append(Leftover(f'"{snippet}"', probes, _fix(kind, dialect)))
    return found


def _texts(element: etree.Element) -> Iterator[str]:
    """The text of *element* and its descendants, outside skipped elements and typeset formulas."""
    if element.tag in PROTECTED_TAGS or "arithmatex" in (element.get("class") or "").split():
        return
    if element.text and not isinstance(element.text, md_util.AtomicString):
        yield element.text
    for child in element:
        yield from _texts(child)
        if child.tail and not isinstance(child.tail, md_util.AtomicString):
            yield child.tail


def find_leftovers(root: etree.Element | None, raw_html: Sequence[object], dialect: str) -> list[Leftover]:
    """Every suspect of a converted page: in its element tree (if given), then in its raw HTML blocks."""
    found: list[Leftover] = []
    for text in _texts(root) if root is not None else ():
        if "$" not in text and "\\" not in text and "{" not in text and _ESCAPED_BACKSLASH not in text:
            continue  # what a suspect needs once readable (an escaped "$" is shifted away by _readable)
        if md_util.STX in text:
            text = _readable(text)
        if "$" in text or "\\" in text or "{%" in text:
            found.extend(scan_text(text, dialect))
    for block in raw_html:
        if not isinstance(block, str) or ("$" not in block and "\\" not in block):
            continue
        for start, end in text_ranges(block):
            # A Hexo tag shown as text here is one the tag parser already reported (and stashed).
            found.extend(scan_text(_readable(block[start:end]), dialect, tags=False))
    return found

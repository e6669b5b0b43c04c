r"""Math inside raw HTML blocks (``<div>``, ``<center>``, ``<p align=…>``, ``<td>``), found as in Markdown.

Python-Markdown hands a raw HTML block through untouched, but MathJax in the browser typeset the formulas
in it. This pass reads the block with :class:`html.parser.HTMLParser` and looks for math only in text: never
in a tag or its attribute values, in a comment, or inside ``<script>``, ``<style>``, ``<pre>``, ``<code>``,
``<textarea>`` (or ``<kbd>``, ``<samp>``, ``<math>``, ``<svg>``). No Markdown renderer applied escapes to raw
HTML, so the delimiters are read as written (:data:`~mkdocs_zigzag.katex.dialect.RAW_HTML_PATTERNS`; pandoc,
which read an HTML block's inside as Markdown, is the exception); the
TeX is the text with its character references decoded (``a &lt; b`` is ``a < b``).
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from mkdocs_zigzag.katex import dialect as dialects

if TYPE_CHECKING:
    from collections.abc import Callable

PROTECTED_TAGS = frozenset({"script", "style", "pre", "code", "textarea", "kbd", "samp", "math", "svg"})
"""Elements whose content is never math."""


class _TextRanges(HTMLParser):
    """Collects the ``(start, end)`` offsets of the raw text outside tags and protected elements."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self._line_starts = [0]
        for index, char in enumerate(source):
            if char == "\n":
                self._line_starts.append(index + 1)
        self.ranges: list[tuple[int, int]] = []
        self._protected = 0
        self._data_start: int | None = None

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _end_data(self) -> None:
        if self._data_start is not None:
            self.ranges.append((self._data_start, self._offset()))
            self._data_start = None

    def handle_data(self, data: str) -> None:
        if self._protected == 0 and self._data_start is None:
            self._data_start = self._offset()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._end_data()
        if tag in PROTECTED_TAGS:
            self._protected += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._end_data()

    def handle_endtag(self, tag: str) -> None:
        self._end_data()
        if tag in PROTECTED_TAGS and self._protected:
            self._protected -= 1

    def handle_comment(self, data: str) -> None:
        self._end_data()

    def handle_decl(self, decl: str) -> None:
        self._end_data()

    def handle_pi(self, data: str) -> None:
        self._end_data()

    def unknown_decl(self, data: str) -> None:
        self._end_data()

    def finish(self) -> list[tuple[int, int]]:
        """Close the parse and return the text ranges."""
        self.close()
        if self._data_start is not None:
            self.ranges.append((self._data_start, len(self.source)))
            self._data_start = None
        return self.ranges


def text_ranges(block: str) -> list[tuple[int, int]]:
    """Offsets of the text of *block* that may hold math (outside tags, comments and protected elements)."""
    parser = _TextRanges(block)
    parser.feed(block)
    return parser.finish()


def typeset_raw_html(block: str, dialect: str, add: Callable[[str, bool, str], str]) -> str:
    """*block* with each formula of its text replaced by ``add(tex, display, probe)`` (a marker).

    A block with no delimiter at all is returned as it is, unparsed.
    """
    if "$" not in block and "\\" not in block and "\x02zigzag-tex:" not in block:
        return block
    pattern = dialects.raw_html_pattern(dialect)
    out: list[str] = []
    done = 0
    for start, end in text_ranges(block):
        for match in pattern.finditer(block, start, end):
            if match.group("tag"):
                tex, display = dialects.read_tag_formula(match.group("tagmode"), match.group("taghex"))
                tex = tex.strip()
            else:
                groups = match.groupdict()
                name = next(n for n in dialects.FORMULA_GROUPS if groups.get(n) is not None)
                tex = html.unescape(match.group(name))
                if dialect == dialects.PANDOC and name not in dialects.RAW_GROUPS:
                    tex = dialects.tex_as_read(dialect, tex)  # pandoc read the block as Markdown: escapes
                tex = tex.strip()
                display = name in dialects.DISPLAY_GROUPS
            if match.group("tag"):
                probe = dialects.tag_formula_probe(match.group("taghex"))
            else:
                probe = match.group(0).split("\n", 1)[0]
            out.append(block[done : match.start()])
            out.append(add(tex, display, probe))
            done = match.end()
    if not out:
        return block
    out.append(block[done:])
    return "".join(out)

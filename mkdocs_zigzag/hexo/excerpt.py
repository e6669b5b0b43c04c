"""Hexo excerpts: which part of a post the blog's index, archive and category pages show.

The order, first found wins (documented in docs/migrating.md and the ``hexo_excerpt_length`` option):

1. front matter ``excerpt`` (Hexo core: it overrides the marker);
2. Hexo's marker, any spelling Hexo accepts: ``/<!--\\s*more\\s*-->/i`` over the rendered post, so
   ``<!--more-->``, ``<!-- MORE -->``, ``<!--\\n more\\n-->`` (never one shown as code: it is escaped there);
3. front matter ``description`` (NexT's ``excerpt_description``, Butterfly's ``index_post_content``);
4. front matter ``summary`` (used by several themes for the same purpose);
5. an automatic excerpt, as NexT's ``auto_excerpt`` and Fluid's and Butterfly's length-based ones: the
   post's first top-level blocks up to the first block boundary after ``hexo_excerpt_length`` characters
   of text, so a cut never falls inside a paragraph, formula, code block, list, table or HTML element.

Material's blog knows one thing only, its ``post_excerpt_separator`` in the post's HTML. So steps 2 and 5
are an HTML postprocessor (:class:`HexoExcerptExtension`) that turns the first Hexo marker into that
separator, or inserts it at the automatic cut; steps 1, 3, 4 pick text that the plugin renders as the
excerpt (:func:`front_matter_excerpt`). A post also gets Hexo's ``<span id="more"></span>`` after its first
marker (:class:`HexoMoreAnchor`), so ``post.md#more`` links resolve. No MkDocs here.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from markdown import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER, HTML_PLACEHOLDER_RE, STX

from mkdocs_zigzag.hexo.extension import ConvertedFile, page_being_converted

if TYPE_CHECKING:
    from markdown import Markdown

    from mkdocs_zigzag.hexo.frontmatter import HexoFrontMatter

HEXO_MORE = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)
"""Hexo 8's ``rExcerpt`` (``hexo/lib/plugins/filter/after_post_render/excerpt.js``)."""

MATERIAL_SEPARATOR = "<!-- more -->"
"""Material's default ``post_excerpt_separator``."""

DEFAULT_LENGTH = 150
"""Characters of text before the automatic cut (NexT's ``auto_excerpt.length``)."""

PRIORITY = 5
"""The automatic cut: after raw HTML is put back (``raw_html``, 30), the math typeset (25) and ``&``
restored (``amp_substitute``, 20), so it counts the text as shown."""

MARKER_PRIORITY = 27
"""The marker: after raw HTML is put back (``raw_html``, 30), before the math is typeset (25)."""

SUMMARY_KEYS = ("description", "summary")
"""Front-matter keys that stand for the excerpt when the post has no marker, in this order."""

ExcerptLength = Callable[[str], "int | None"]
"""``src_uri -> length``: ``None`` for a page that is not a blog post, ``0`` for no automatic excerpt."""


def front_matter_excerpt(
    front_matter: HexoFrontMatter, *, has_marker: bool | Callable[[], bool]
) -> str | None:
    """The front-matter text to show as the post's excerpt, or ``None`` (the body's excerpt is shown).

    ``excerpt`` always wins; ``description`` then ``summary`` only when the post has no marker.
    *has_marker* may be a callable, asked only when the answer depends on it (a search of the whole HTML).
    """
    if front_matter.excerpt is not None:
        return front_matter.excerpt
    for key in SUMMARY_KEYS:
        value = front_matter.description if key == "description" else front_matter.data.get(key)
        if isinstance(value, str) and value.strip():
            return None if (has_marker() if callable(has_marker) else has_marker) else value
    return None


def auto_excerpt_length(front_matter: HexoFrontMatter, length: int) -> int:
    """*length* for a post that needs an automatic excerpt, 0 when its front matter gives one."""
    if front_matter_excerpt(front_matter, has_marker=False) is not None:
        return 0
    return max(0, length)


def mark_excerpt(html: str, separator: str, length: int) -> str:
    """*html* with Material's *separator* where the excerpt ends, if it ends before the post does.

    The first Hexo marker becomes *separator*; without one, and with *length* > 0, *separator* goes
    after the first top-level block that completes *length* characters of text (an ``<h1>``, the title
    Material adds to an excerpt, does not count). A post shorter than that is left whole.
    """
    html, marked = place_marker(html, separator)
    return html if marked else cut_excerpt(html, separator, length)


def place_marker(html: str, separator: str) -> tuple[str, bool]:
    """*html* with its first Hexo marker as *separator*, and whether it has an excerpt marker now."""
    match = HEXO_MORE.search(html)
    if match is None:
        return html, separator in html
    if match.group(0) == separator:
        return html, True
    return html[: match.start()] + separator + html[match.end() :], True


def cut_excerpt(html: str, separator: str, length: int) -> str:
    """*html* (with no marker) with *separator* at the automatic cut after *length* characters (0: none)."""
    if length <= 0:
        return html
    cut = auto_excerpt_cut(html, length)
    if cut is None:
        return html
    return f"{html[:cut]}\n{separator}{html[cut:]}"


def auto_excerpt_cut(html: str, length: int) -> int | None:
    """Offset in *html* of the first top-level block boundary after *length* characters of text.

    ``None`` when the text ends before that boundary or nothing follows it (no excerpt is needed).
    """
    finder = _BlockBoundaries(html, length)
    # Fed a piece at a time: the cut is usually in the first few blocks of a long post.
    start = 0
    while start < len(html) and finder.cut is None:
        end = html.find("\n", start + _PIECE)
        end = len(html) if end < 0 else end + 1
        finder.feed(html[start:end])
        start = end
    cut = finder.cut
    if cut is None or _NON_SPACE.search(html, cut) is None:
        return None
    return cut


_PIECE = 4096
_NON_SPACE = re.compile(r"\S")
# HTML's void elements: no end tag follows them.
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
# Text a reader does not see as prose: KaTeX's MathML copy and its TeX annotation, scripts, styles.
_UNCOUNTED = frozenset({"math", "annotation", "script", "style", "template"})


class _BlockBoundaries(HTMLParser):
    """Walks Python-Markdown's output; notes where the top-level block that reaches *length* ends.

    Elements are matched by name on a stack, so the author's raw HTML with a stray end tag never ends a
    block early; one left open keeps the rest in one block (no cut: the post is shown whole).
    """

    def __init__(self, html: str, length: int) -> None:
        super().__init__(convert_charrefs=True)
        self.length = length
        self.html = html
        self.line, self.line_start = 1, 0
        self.open: list[str] = []
        self.uncounted = 0
        self.top_tag = ""
        self.text = 0
        self.cut: int | None = None

    def _offset(self) -> int:
        """Offset in the HTML of the parser's position (lines are found as the parser moves forward)."""
        line, column = self.getpos()
        while self.line < line:
            self.line_start = self.html.index("\n", self.line_start) + 1
            self.line += 1
        return self.line_start + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.cut is not None:
            return
        if not self.open:
            self.top_tag = tag
        if tag in _VOID:
            if not self.open:
                self._boundary(self._offset() + len(self.get_starttag_text() or ""))
            return
        self.open.append(tag)
        self.uncounted += tag in _UNCOUNTED

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.cut is None and not self.open:
            self.top_tag = tag
            self._boundary(self._offset() + len(self.get_starttag_text() or ""))

    def handle_endtag(self, tag: str) -> None:
        if self.cut is not None or tag not in self.open:
            return  # a stray end tag closes nothing
        while self.open:
            closed = self.open.pop()
            self.uncounted -= closed in _UNCOUNTED
            if closed == tag:
                break
        if not self.open:
            start = self._offset()
            self._boundary(self.html.find(">", start) + 1)  # an end tag holds no other '>'

    def handle_data(self, data: str) -> None:
        if self.cut is None and not self.uncounted and self.top_tag != "h1":
            self.text += len(" ".join(data.split()))

    def _boundary(self, offset: int) -> None:
        if self.text >= self.length and offset > 0:
            self.cut = offset


class _Conversion:
    """What the excerpt's processors know of the conversion under way (one per Markdown instance)."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """A conversion starts: nothing of it is known yet."""
        self.tree_done = False
        """Whether the tree of this conversion is finished: before that, postprocessors run only on a
        heading's HTML (``toc`` runs them on each title), which is no place for the excerpt's cut."""
        self.length: int | None = None
        """The page's automatic excerpt length (:data:`ExcerptLength`), once its tree is done."""
        self.marked = False
        """Whether the page's HTML has an excerpt marker (the first Hexo marker is the separator now)."""


class _ExcerptPostprocessor(Postprocessor):  # type: ignore[misc]  # markdown ships no types
    """A postprocessor of the excerpt rules, sharing what it knows of the conversion."""

    def __init__(self, md: Markdown, extension: HexoExcerptExtension, conversion: _Conversion) -> None:
        super().__init__(md)
        self.extension = extension
        self.conversion = conversion


class HexoMarkerPostprocessor(_ExcerptPostprocessor):
    """Turns a blog post's first Hexo marker into the separator (see :func:`place_marker`).

    Runs while each formula is still a short placeholder (the math is typeset at 25): the search is over
    the page's text and raw HTML, a few kilobytes, instead of the typeset page (KaTeX's markup, ten times
    that). KaTeX's markup never holds a comment, so what is found is the same.
    """

    def run(self, text: str) -> str:
        """*text* with the separator in place of the first marker, for blog posts only."""
        conversion = self.conversion
        if not conversion.tree_done:
            return text
        page = page_being_converted(self.md, None, self.extension.converted_file)
        conversion.length = self.extension.length_for(page[0]) if page is not None else None
        if conversion.length is None:
            return text
        text, conversion.marked = place_marker(text, self.extension.separator)
        return text


class HexoExcerptPostprocessor(_ExcerptPostprocessor):
    """Places the separator at the automatic cut of a blog post without a marker (see :func:`cut_excerpt`)."""

    def run(self, text: str) -> str:
        """*text* with the separator placed, for a blog post without a marker (its page, not a heading)."""
        conversion = self.conversion
        if not conversion.tree_done or conversion.length is None or conversion.marked:
            return text
        return cut_excerpt(text, self.extension.separator, conversion.length)


class _ConversionStart(Preprocessor):  # type: ignore[misc]  # markdown ships no types
    """A conversion starts: its tree is not finished."""

    def __init__(self, md: Markdown, conversion: _Conversion) -> None:
        super().__init__(md)
        self.conversion = conversion

    def run(self, lines: list[str]) -> list[str]:
        self.conversion.reset()
        return lines


class _TreeDone(Treeprocessor):  # type: ignore[misc]  # markdown ships no types
    """Every treeprocessor has run: the next postprocessor run is the page's own."""

    def __init__(self, md: Markdown, conversion: _Conversion) -> None:
        super().__init__(md)
        self.conversion = conversion

    def run(self, root: ET.Element) -> None:
        self.conversion.tree_done = True


MORE_ANCHOR_PRIORITY = 6
"""After inline HTML is stashed (``inline``, 20), before MkDocs collects the page's ids (5, as ``toc``)."""


class HexoMoreAnchor(Treeprocessor):  # type: ignore[misc]  # markdown ships no types
    """Hexo's ``<span id="more"></span>`` where a post's first marker is, for ``post/#more`` links.

    Hexo replaces the marker with that span (its themes' "Read more" links go to ``#more``). It is an
    element of the tree, not raw HTML, so MkDocs' anchor validation sees it; it comes after the marker,
    so the excerpt (cut at the marker's separator) does not hold it. A marker in code is never stashed
    as HTML, so it is never found here.
    """

    def __init__(self, md: Markdown, extension: HexoExcerptExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: ET.Element) -> None:
        """Add the span after the first marker, in blog posts only."""
        # A marker is raw HTML, so it is in the stash, and the tree holds its placeholder.
        placeholders = {
            HTML_PLACEHOLDER % index
            for index, block in enumerate(self.md.htmlStash.rawHtmlBlocks)
            if isinstance(block, str) and "<!--" in block and HEXO_MORE.fullmatch(block.strip())
        }
        if not placeholders:
            return  # the usual page: the walk below looks at every element
        page = page_being_converted(self.md, None, self.extension.converted_file)
        if page is None or self.extension.length_for(page[0]) is None:
            return
        for parent in root.iter():
            for index, child in enumerate(parent):
                text = child.text
                if not text or STX not in text:
                    continue
                if child.tag == "p" and not len(child) and text.strip() in placeholders:
                    span = ET.Element("span", {"id": "more"})
                    span.tail = "\n"
                    parent.insert(index + 1, span)
                    return
                if _add_inline(child, text, placeholders):
                    return


def _add_inline(element: ET.Element, text: str, placeholders: set[str]) -> bool:
    """A marker inside a paragraph's *text*: the span goes right after it, in the line."""
    for match in HTML_PLACEHOLDER_RE.finditer(text):
        if match.group(0) in placeholders:
            span = ET.Element("span", {"id": "more"})
            span.tail = text[match.end() :]
            element.text = text[: match.end()]
            element.insert(0, span)
            return True
    return False


class HexoExcerptExtension(Extension):  # type: ignore[misc]  # markdown ships no types
    """Hexo's excerpt rules for Material's blog, as a Python-Markdown extension (registered as an instance).

    *length_for* says, per ``src_uri``, whether the page is a blog post and how long its automatic excerpt
    is; *separator* is the blog's ``post_excerpt_separator``; *converted_file* tells which file a Markdown
    instance converts (the adapter's, as for the tag extension).
    """

    def __init__(
        self,
        length_for: ExcerptLength | None = None,
        separator: str = MATERIAL_SEPARATOR,
        converted_file: ConvertedFile | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        self.length_for: ExcerptLength = length_for or (lambda _src_uri: None)
        self.separator = separator
        self.converted_file = converted_file

    def has_marker(self, html: str) -> bool:
        """Whether a post's converted *html* has an excerpt marker (Hexo's, or the blog's separator)."""
        return self.separator in html or HEXO_MORE.search(html) is not None

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the processors on *md*."""
        md.registerExtension(self)
        conversion = _Conversion()
        md.preprocessors.register(_ConversionStart(md, conversion), "hexo_excerpt_start", 1000)
        md.treeprocessors.register(_TreeDone(md, conversion), "hexo_excerpt_tree_done", -1000)
        marker = HexoMarkerPostprocessor(md, self, conversion)
        md.postprocessors.register(marker, "hexo_more", MARKER_PRIORITY)
        md.postprocessors.register(HexoExcerptPostprocessor(md, self, conversion), "hexo_excerpt", PRIORITY)
        md.treeprocessors.register(HexoMoreAnchor(md, self), "hexo_more_anchor", MORE_ANCHOR_PRIORITY)

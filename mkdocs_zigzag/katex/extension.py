r"""Python-Markdown extension: TeX math typeset by KaTeX at build time, one engine call per page.

Shaped like ``pymdownx.arithmatex``: an inline processor (``$…$``, ``$$…$$``, ``\(…\)``, ``\[…\]``
inside a paragraph) and a block processor (``$$``, ``\[`` or ``\begin{env}`` opening a line, even when
glued to the text around it, even across a blank line). Both only *collect* the formula and leave a
marker in an ``AtomicString``; the postprocessor then typesets every formula of the page in one batch
(cache first) and swaps the markers for KaTeX's HTML. Errors become :class:`Diagnostic` objects with
the line in the author's file; the page still builds and shows the TeX marked ``katex-error``.

Which delimiters are math, and what TeX KaTeX gets, depends on the post's dialect
(:mod:`mkdocs_zigzag.katex.dialect`). Formulas inside raw HTML blocks are found by
:mod:`mkdocs_zigzag.katex.rawhtml`; text that still looks like math after all that is reported by
:mod:`mkdocs_zigzag.katex.leftover`, so no formula is lost in silence.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from markdown import util as md_util
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from mkdocs_zigzag.diagnostics import Diagnostic
from mkdocs_zigzag.katex import dialect as dialects
from mkdocs_zigzag.katex.engine import Formula, KatexOptions
from mkdocs_zigzag.katex.leftover import Leftover, find_leftovers
from mkdocs_zigzag.katex.light import known_formula, with_author_tex
from mkdocs_zigzag.katex.rawhtml import typeset_raw_html
from mkdocs_zigzag.katex.tex import (
    PREAMBLE_SEPARATOR,
    EquationNumbers,
    PageMacros,
    equation_anchor,
    rewrite_for_katex,
    undefined_command,
    unnumbered,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from markdown import Markdown

    from mkdocs_zigzag.katex.engine import Rendered
    from mkdocs_zigzag.katex.renderer import MathRenderer

NUMBERING = ("auto", "ams", "none")
"""Automatic equation numbers: ``ams`` numbers ``equation``/``align``/``gather`` as KaTeX and LaTeX do,
``none`` numbers nothing (MathJax's default), ``auto`` is ``none`` for ``marked-mathjax`` and ``kramed``
posts (MathJax typeset them) and ``ams`` for ``math-first`` ones. ``\\tag`` and ``\\label`` are always
honoured."""

_MARKER = "\x02zigzag-katex:{}\x03"
_MARKER_RE = re.compile("\x02zigzag-katex:(\\d+)\x03")

_ESCAPED_BACKSLASH = f"{md_util.STX}{ord(chr(92))}{md_util.ETX}"

# Block: a line (up to 3 spaces in) opening display math; what closes it is searched afterwards.
# In the marked-mathjax dialect `\\[` (which marked turned into `\[`) opens display math, `\[` does not (so
# too in kramed's and pandoc's).
_BLOCK_OPEN_RE = {
    dialect: re.compile(
        r"^[ ]{0,3}(?:(?P<dollar>\$\$)|(?P<bracket>" + bracket + r")"
        r"|(?P<begin>\\begin\{(?P<env>[A-Za-z]+\*?)\}))",
        re.MULTILINE,
    )
    for dialect, bracket in (
        (dialects.MATH_FIRST, r"\\\["),
        (dialects.MARKED_MATHJAX, r"\\\\\["),
        (dialects.KRAMED, r"\\\\\["),
        (dialects.PANDOC, r"\\\\\["),
    )
}
_DOLLAR_CLOSE_RE = re.compile(r"(?<!\\)\$\$")
_BRACKET_CLOSE_RE = {
    dialects.MATH_FIRST: re.compile(r"(?<!\\)\\\]"),
    dialects.MARKED_MATHJAX: re.compile(r"(?<!\\)\\\\\]"),
    dialects.KRAMED: re.compile(r"(?<!\\)\\\\\]"),
    dialects.PANDOC: re.compile(r"(?<!\\)\\\\\]"),
}
_INLINE_RE: dict[str, re.Pattern[str]] = {}
""":data:`~mkdocs_zigzag.katex.dialect.INLINE_PATTERNS` compiled, each when a page first needs it (a plain
dict, unlike ``dialect.raw_html_pattern``'s cache: Markdown asks for it on every inline search)."""


def _compile_inline(dialect: str) -> re.Pattern[str]:
    compiled = _INLINE_RE[dialect] = re.compile(dialects.INLINE_PATTERNS[dialect], re.DOTALL | re.UNICODE)
    return compiled


# A blank line inside display math (`$$ … $$`, `\begin{env} … \end{env}`) would end a list item's block or
# a paragraph before the math extension sees the closing delimiter: it is kept as this mark until then.
_BLANK_IN_MATH = "\x02zigzag-blank\x03"
_CODE_SPAN_RE = re.compile(r"(`+).*?\1")
_MAX_MATH_LINES = 60
_ENV_OPEN_RE = re.compile(r"^[ \t>]*\\begin\{([A-Za-z]+\*?)\}")
_DISPLAY_TAG_BLOCK_RE = re.compile(r"\s*" + dialects.TAG_FORMULA_RE + r"\s*")


@dataclass(frozen=True)
class PageContext:
    """The page the next conversion belongs to: where its diagnostics point and its disk-cache name."""

    src_path: str
    """Path of the page under ``docs/``; also the page's name in the formula cache."""
    line_offset: int = 0
    """Lines of the author's file before the Markdown body (front matter)."""
    meta: Mapping[str, Any] | None = None
    """The page's front matter: ``mathjax: true`` or ``math_dialect`` choose its math dialect."""


@dataclass
class _Collected:
    """A formula found during conversion."""

    tex: str
    display: bool
    probe: str
    """Text of the source to find the formula's line by (its first line as written)."""
    preamble: str = ""
    """Definitions the formula's Hexo tag options make (hexo-math's ``macros``), for this formula alone."""


@dataclass
class _Conversion:
    """Everything one ``Markdown.convert`` call collects."""

    source: str = ""
    dialect: str = dialects.MATH_FIRST
    """The page's math dialect (:mod:`mkdocs_zigzag.katex.dialect`)."""
    leftovers: list[Leftover] = field(default_factory=list)
    """Text that looks like math but was not typeset, found once the tree is complete."""
    formulas: list[_Collected] = field(default_factory=list)
    tree_done: bool = False
    """Set once every treeprocessor ran: postprocessor calls before that (the toc extension renders each
    heading through the postprocessors) get the TeX as text, the final one gets the typeset HTML."""

    def add(self, tex: str, display: bool, probe: str) -> str:
        """Record a formula and return its marker."""
        tex = tex.replace(_BLANK_IN_MATH, "")
        preamble = ""
        if dialects.TAG_PREAMBLE_END in tex:
            preamble, tex = tex.split(dialects.TAG_PREAMBLE_END, 1)
            tex = tex.strip()
        self.formulas.append(_Collected(tex, display, probe, preamble))
        return _MARKER.format(len(self.formulas) - 1)


class _SourcePreprocessor(Preprocessor):  # type: ignore[misc]  # markdown ships no types
    """Starts a conversion: keeps the text (to locate formulas by line) and forgets the last page's math."""

    def __init__(self, md: Markdown, extension: KatexExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        page = self.extension.page
        meta = page.meta if page else None
        dialect = dialects.resolve_dialect(self.extension.dialect, meta, self.extension.mathjax_flags)
        self.extension.conversion = _Conversion(source="\n".join(lines), dialect=dialect)
        if dialect == dialects.KRAMED:
            return [dialects.kramed_code_math(line) for line in lines]
        return lines


class _BlankLinesInMathPreprocessor(Preprocessor):  # type: ignore[misc]  # markdown ships no types
    """Keeps a blank line inside display math from splitting the formula (in a list item, Markdown parses each
    indented block on its own): such a line becomes a mark, at the opening line's indentation, that the
    formula's TeX loses again. Fenced code is already stashed; a line's inline code is not counted. Only
    math that opens at the start or the end of a line and closes within a few lines is joined, so a stray
    ``$$`` never glues paragraphs together."""

    def run(self, lines: list[str]) -> list[str]:
        closing: str | None = None  # what closes the display math open at this line
        indent = ""
        pending: list[int] = []  # blank lines seen since the math opened
        out = list(lines)
        opened = 0
        for number, line in enumerate(lines):
            if closing is not None and number - opened > _MAX_MATH_LINES:
                closing = None  # not display math after all
            if closing is None:
                if "$$" not in line and "\\begin" not in line and "`" not in line:
                    continue  # the common line: nothing can open display math here
            elif "$$" not in line and "\\" not in line and line.strip():
                continue  # inside math: neither a delimiter nor a blank line
            text = _CODE_SPAN_RE.sub("", line) if "`" in line else line
            if closing is None:
                env = _ENV_OPEN_RE.match(text)
                bare = text.strip(" \t>")
                at_an_end = bare.startswith("$$") or bare.endswith("$$")
                if len(_DOLLAR_CLOSE_RE.findall(text)) % 2 and at_an_end:
                    closing = "$$"
                elif env and "\\end{" + env.group(1) + "}" not in text:
                    closing = "\\end{" + env.group(1) + "}"
                else:
                    continue
                indent = line[: len(line) - len(line.lstrip(" "))]
                pending = []
                opened = number
            elif not line.strip():
                pending.append(number)
            elif _DOLLAR_CLOSE_RE.search(text) if closing == "$$" else closing in text:
                for blank in pending:
                    out[blank] = indent + _BLANK_IN_MATH
                closing = None
        return out


class _InlineMathProcessor(InlineProcessor):  # type: ignore[misc]  # markdown ships no types
    """Math inside a paragraph, list item, quote, table cell or heading."""

    def __init__(self, extension: KatexExtension) -> None:
        super().__init__(dialects.INLINE_PATTERNS[dialects.MATH_FIRST])
        self.extension = extension

    def getCompiledRegExp(self) -> re.Pattern[str]:
        """The pattern of the page's dialect (Markdown asks for it on every search)."""
        dialect = self.extension.conversion.dialect
        compiled = _INLINE_RE.get(dialect)
        return compiled if compiled is not None else _compile_inline(dialect)

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str | None, int | None, int | None]:
        if m.group("skip"):
            return None, None, None  # Markdown then resumes its search after the tag
        groups = m.groupdict()  # every group of the pattern: made once, not once per name looked up
        if groups.get("escapes"):
            return m.group("escapes").replace("\\\\", _ESCAPED_BACKSLASH), m.start(0), m.end(0)
        conversion = self.extension.conversion
        if m.group("tag"):
            tex, display = dialects.read_tag_formula(m.group("tagmode"), m.group("taghex"))
            marker = conversion.add(tex.strip(), display, dialects.tag_formula_probe(m.group("taghex")))
            return md_util.AtomicString(marker), m.start(0), m.end(0)
        name = next(n for n in dialects.FORMULA_GROUPS if groups.get(n) is not None)
        tex = m.group(name)
        if name not in dialects.RAW_GROUPS:
            tex = dialects.tex_as_read(conversion.dialect, tex)
        if conversion.dialect != dialects.MATH_FIRST:
            tex = tex.strip()  # MathJax ignores the spaces inside the delimiters
        display = name in dialects.DISPLAY_GROUPS
        marker = conversion.add(tex, display, m.group(0).split("\n", 1)[0])
        return md_util.AtomicString(marker), m.start(0), m.end(0)


class _BlockMathProcessor(BlockProcessor):  # type: ignore[misc]  # markdown ships no types
    r"""Display math opened at the start of a line: ``$$``, ``\[`` or ``\begin{env}``.

    Text glued before the opening line is parsed as its own blocks, text after the closing delimiter
    goes back to the parser, and a blank line inside the math is kept (the blocks are joined again).
    """

    def __init__(self, md: Markdown, extension: KatexExtension) -> None:
        super().__init__(md.parser)
        self.extension = extension

    def test(self, parent: etree.Element, block: str) -> bool:
        return self._display_tag(block) is not None or self._opening(block) is not None

    @staticmethod
    def _display_tag(block: str) -> re.Match[str] | None:
        """A display formula from a Hexo math tag standing alone as a block."""
        match = _DISPLAY_TAG_BLOCK_RE.fullmatch(block)
        return match if match is not None and match.group("tagmode") == "D" else None

    def _opening(self, block: str) -> re.Match[str] | None:
        """The first line-start delimiter that opens display math (a ``$$`` closing inline-opened display
        math, ``so $$a`` / ``$$``, is skipped: the dollars before it are odd in number)."""
        for match in _BLOCK_OPEN_RE[self.extension.conversion.dialect].finditer(block):
            if match.group("dollar") and len(_DOLLAR_CLOSE_RE.findall(block, 0, match.start())) % 2:
                continue
            return match
        return None

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        conversion = self.extension.conversion
        tag = self._display_tag(blocks[0])
        if tag is not None:
            del blocks[0]
            tex = dialects.read_tag_formula("D", tag.group("taghex"))[0].strip()
            div = etree.SubElement(parent, "div", {"class": "arithmatex"})
            probe = dialects.tag_formula_probe(tag.group("taghex"))
            div.text = md_util.AtomicString(conversion.add(tex, True, probe))
            return True
        opening = self._opening(blocks[0])
        if opening is None:
            return False
        before = blocks[0][: opening.start()]
        text = blocks[0][opening.end() :]
        used = 1
        while True:
            closing = self._closing(opening, text)
            if closing is not None or used == len(blocks):
                break
            text += "\n\n" + blocks[used]
            used += 1
        if closing is None:
            return False  # no closing delimiter anywhere: leave the text to the other processors
        kramed_dollars = conversion.dialect == dialects.KRAMED and opening.group("dollar") is not None
        if kramed_dollars and text[closing.end() :].split("\n", 1)[0].strip():
            return False  # kramed: `$$…$$` followed by text on its line is inline math in the paragraph
        if opening.group("begin"):
            tex = opening.group("begin") + text[: closing.end()]
        else:
            tex = text[: closing.start()]
        after = text[closing.end() :]
        del blocks[:used]
        if after.strip():
            blocks.insert(0, after.lstrip(" ").lstrip("\n"))
        if before.strip():
            self.parser.parseBlocks(parent, [before.rstrip("\n")])
        probe = opening.group(0).strip()
        first_line = next((line.strip() for line in tex.splitlines() if line.strip()), "")
        if not opening.group("begin") and first_line:
            probe = first_line
        # kramed's `$$` block, and pandoc's `$$` and `\begin{env}` blocks, were read before any escape.
        pandoc_own = conversion.dialect == dialects.PANDOC and opening.group("bracket") is None
        raw = kramed_dollars or pandoc_own
        tex = tex.strip() if raw else dialects.tex_as_read(conversion.dialect, tex.strip())
        div = etree.SubElement(parent, "div", {"class": "arithmatex"})
        div.text = md_util.AtomicString(conversion.add(tex, True, probe))
        return True

    def _closing(self, opening: re.Match[str], text: str) -> re.Match[str] | None:
        if opening.group("dollar"):
            return _DOLLAR_CLOSE_RE.search(text)
        if opening.group("bracket"):
            return _BRACKET_CLOSE_RE[self.extension.conversion.dialect].search(text)
        return re.search(r"\\end\{" + re.escape(opening.group("env")) + r"\}", text)


class _TreeDoneTreeprocessor(Treeprocessor):  # type: ignore[misc]  # markdown ships no types
    """Runs after every other treeprocessor: typesets the math of raw HTML blocks, looks for math left as
    text, and from now on lets postprocessors see the whole page."""

    def __init__(self, md: Markdown, extension: KatexExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        conversion = self.extension.conversion
        stash = self.md.htmlStash
        for index, block in enumerate(stash.rawHtmlBlocks):
            if isinstance(block, str):
                stash.rawHtmlBlocks[index] = typeset_raw_html(block, conversion.dialect, conversion.add)
        conversion.leftovers.extend(find_leftovers(None, stash.rawHtmlBlocks, conversion.dialect))
        conversion.tree_done = True


class _LeftoverTreeprocessor(Treeprocessor):  # type: ignore[misc]  # markdown ships no types
    """Finds text that looks like math in the page's tree while what the author escaped is still marked."""

    def __init__(self, md: Markdown, extension: KatexExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        conversion = self.extension.conversion
        conversion.leftovers = find_leftovers(root, (), conversion.dialect)


class _TypesetPostprocessor(Postprocessor):  # type: ignore[misc]  # markdown ships no types
    """Typesets every formula of the page in one batch and puts KaTeX's HTML in place of the markers."""

    def __init__(self, md: Markdown, extension: KatexExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        text = text.replace(_BLANK_IN_MATH, "")  # where no formula took it (a code block, text)
        if not self.extension.conversion.tree_done:
            # A heading rendered for the table of contents: its title shows the TeX as plain text.
            return self.extension.tex_as_text(text)
        return self.extension.typeset(text)


class KatexExtension(Extension):  # type: ignore[misc]  # markdown ships no types
    """Build-time KaTeX for Python-Markdown; one instance serves every page of a build.

    Call :meth:`set_page` before converting a page so diagnostics name its file and line, then read
    :attr:`diagnostics` after the conversion.
    """

    def __init__(
        self,
        renderer: MathRenderer,
        options: KatexOptions | None = None,
        *,
        dialect: str = dialects.AUTO,
        numbering: str = "auto",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.renderer = renderer
        self.options = options or KatexOptions()
        self.dialect = dialect
        """The site's ``katex_dialect``: a dialect name or ``auto`` (decided per page)."""
        self.numbering = numbering
        """The site's ``katex_numbering``: one of :data:`NUMBERING`."""
        self.mathjax_flags: tuple[str, ...] = dialects.MATHJAX_FLAGS
        """Front-matter keys marking a post written for MathJax behind marked, for ``auto``."""
        self.page: PageContext | None = None
        self.conversion = _Conversion()
        self.diagnostics: list[Diagnostic] = []
        """What the last conversion found wrong."""
        self.formula_count = 0
        """How many formulas the last conversion typeset."""
        self.typeset_formulas: list[tuple[str, str]] = []
        """``(KaTeX markup, TeX)`` of the last conversion's formulas in document order (for ``tex_only``)."""

    def set_page(self, page: PageContext | None) -> None:
        """Name the page the next conversion belongs to (None: no locations, memory cache only)."""
        self.page = page

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the processors (priorities as in ``pymdownx.arithmatex``)."""
        md.registerExtension(self)
        if "$" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS = [*md.ESCAPED_CHARS, "$"]
        # After whitespace normalization (30) and the Hexo tags (29, which turn {% math %} into $$),
        # before fenced code and raw HTML are stashed (25, 20).
        md.preprocessors.register(_SourcePreprocessor(md, self), "zigzag-katex-source", 28.9)
        # After fenced code is stashed (25), before raw HTML blocks (20) and the block parser.
        md.preprocessors.register(_BlankLinesInMathPreprocessor(md), "zigzag-katex-blank-lines", 24)
        # Just after inline code (190), before escapes (180), emphasis and raw HTML.
        md.inlinePatterns.register(_InlineMathProcessor(self), "zigzag-katex-inline", 189.9)
        # After indented code (80), before headers, lists, quotes and paragraphs.
        md.parser.blockprocessors.register(_BlockMathProcessor(md, self), "zigzag-katex-block", 79.9)
        # After the inline patterns (20), before Markdown puts escaped characters back (unescape, 0).
        md.treeprocessors.register(_LeftoverTreeprocessor(md, self), "zigzag-katex-leftover", 15)
        # Last of all treeprocessors (toc is 5, Material's excerpt processors 1 and 0); raw HTML is still
        # in the stash then, and restored by a postprocessor (30) before the typesetting one.
        md.treeprocessors.register(_TreeDoneTreeprocessor(md, self), "zigzag-katex-tree-done", -100)
        # After raw HTML is restored (30).
        md.postprocessors.register(_TypesetPostprocessor(md, self), "zigzag-katex-typeset", 25)

    def reset(self) -> None:
        """Forget the last conversion's formulas (``Markdown.reset``)."""
        self.conversion = _Conversion()

    # --- typesetting ------------------------------------------------------------------------

    def typeset(self, text: str) -> str:
        """Replace the markers in *text* by typeset formulas; record diagnostics."""
        page, self.page = self.page, None
        collected = self.conversion.formulas
        self.diagnostics = []
        self.formula_count = 0
        self.typeset_formulas = []
        self._report_leftovers(page)
        if not collected:
            return text
        order = list(dict.fromkeys(int(m.group(1)) for m in _MARKER_RE.finditer(text)))
        numbers = EquationNumbers()
        tex_for_katex: dict[int, str] = {}
        anchors: dict[int, str] = {}
        numbering = self.numbering
        if numbering == "auto":
            # MathJax (marked-mathjax, kramed, pandoc) numbers nothing by default; KaTeX as LaTeX does.
            numbering = "none" if self.conversion.dialect != dialects.MATH_FIRST else "ams"
        for index in order:
            formula = collected[index]
            tex = rewrite_for_katex(formula.tex)
            if numbering == "none":
                tex = unnumbered(tex)
            if formula.display:
                tex, key = numbers.take_label(tex)
                if key is not None:
                    anchors[index] = equation_anchor(key)
            tex_for_katex[index] = tex
        links: dict[int, str] = {}
        for index in order:
            lone = numbers.lone_reference(tex_for_katex[index])
            if lone is not None and not collected[index].display:
                command, key = lone
                if key not in numbers.labels:
                    self._report(page, index, order, f"\\{command}{{{key}}} refers to no \\label{{{key}}} on "
                                 "this page.", "Add \\label{" + key + "} to the equation it means.")
                label = html.escape(numbers.reference_text(command, key))
                links[index] = f'<a class="zigzag-eqref" href="#{equation_anchor(key)}">{label}</a>'
                continue
            tex, unknown = numbers.resolve_references(tex_for_katex[index])
            for key in unknown:
                self._report(page, index, order, f"\\eqref{{{key}}} refers to no \\label{{{key}}} on this "
                             "page.", "Add \\label{" + key + "} to the equation it means.")
            tex_for_katex[index] = tex
        to_render = [index for index in order if index not in links]
        # \\newcommand & co. stay defined for the later formulas of the page (as in MathJax): each formula
        # gets the definitions made before it as its preamble, which is part of its cache key. The engine
        # runs the preamble on its own, so it never shows in the formula's annotation.
        formulas: list[Formula] = []
        page_macros = PageMacros()
        for index in to_render:
            tex = tex_for_katex[index]
            preamble = page_macros.preamble_for(tex)
            if collected[index].preamble:  # the tag's own options come after the page's definitions
                preamble = PREAMBLE_SEPARATOR.join(filter(None, (preamble, collected[index].preamble)))
            formulas.append(Formula(tex, collected[index].display, preamble))
            page_macros.add(tex)
        results = self.renderer.render_page(formulas, self.options, page.src_path if page else None)
        html_by_index = dict(links)
        known: dict[int, tuple[str, str]] = {}
        for index, rendered in zip(to_render, results, strict=True):
            if rendered.html is not None and tex_for_katex[index] != collected[index].tex:
                # KaTeX annotated the rewritten TeX; readers (screen readers, copy-paste, search) get the
                # author's. Done after the cache, which keys on the TeX KaTeX got.
                rendered = replace(rendered, html=with_author_tex(rendered.html, collected[index].tex))
            html_by_index[index] = self._html(page, index, order, rendered, anchors.get(index))
            pair = known_formula(rendered.html) if rendered.html is not None else None
            if pair is not None:
                known[index] = pair
        self.formula_count = len(html_by_index)
        self.typeset_formulas = [known[index] for index in order if index in known]
        return _MARKER_RE.sub(lambda m: html_by_index.get(int(m.group(1)), ""), text)

    def _html(
        self, page: PageContext | None, index: int, order: list[int], rendered: Rendered, anchor: str | None
    ) -> str:
        formula = self.conversion.formulas[index]
        tex = formula.tex if len(formula.tex) <= 200 else formula.tex[:200] + "…"
        shown = f"$${tex}$$" if formula.display else f"${tex}$"
        if rendered.untrusted:
            commands = ", ".join(rendered.untrusted)
            message = f"formula {shown} uses {commands}, which KaTeX refuses while katex_trust is off."
            fix = "Remove it, or set katex_trust: true if every author is trusted."
            self._report(page, index, order, message, fix)
        for complaint in rendered.strict:
            self._report(page, index, order, f"formula {shown}: {complaint}.",
                         "Fix the formula, or set katex_strict: ignore.")
        if rendered.html is not None:
            result = rendered.html
        else:
            error = (rendered.error or "").rstrip()
            command = undefined_command(error)
            if command is not None:
                fix = (f"Define {command} in katex_macros in mkdocs.yml, or with \\newcommand in a formula "
                       "earlier on this page; or fix its spelling.")
            else:
                fix = "Fix the formula (a literal dollar sign is written \\$)."
            # The formula may end in the middle of a word: a full stop keeps it apart from the advice.
            self._report(page, index, order, f"KaTeX cannot typeset {shown}: {error} —", fix)
            result = (
                f'<span class="katex-error" title="{html.escape(rendered.error or "")}" '
                f'style="color:#cc0000">{html.escape(formula.tex)}</span>'
            )
        if anchor is not None:
            result = f'<span id="{anchor}" class="zigzag-equation">{result}</span>'
        return result

    def _report(self, page: PageContext | None, index: int, order: list[int], message: str, fix: str) -> None:
        self.diagnostics.append(Diagnostic(self._line(page, index, order), message, fix))

    def _report_leftovers(self, page: PageContext | None) -> None:
        """A located warning for each piece of text that looks like a formula but was not typeset."""
        source = self.conversion.source
        position = 0
        for leftover in self.conversion.leftovers:
            found = -1
            for probe in leftover.probes:
                found = source.find(probe, position)
                if found < 0:
                    found = source.find(probe)
                if found >= 0:
                    break
            if found >= 0:
                position = found + 1
            line = source.count("\n", 0, found) + 1 if found >= 0 else 1
            line += page.line_offset if page else 0
            self.diagnostics.append(
                Diagnostic(line, f"looks like a formula but was not typeset: {leftover.shown}.", leftover.fix)
            )

    def _line(self, page: PageContext | None, index: int, order: list[int]) -> int:
        """Line of formula *index* in the author's file: the n-th formula with the same first line as
        written is that text's n-th occurrence in the source (formulas counted in document order)."""
        conversion = self.conversion
        probe = conversion.formulas[index].probe
        nth = sum(1 for i in order[: order.index(index)] if conversion.formulas[i].probe == probe)
        position = -1
        for _ in range(nth + 1):
            found = conversion.source.find(probe, position + 1)
            if found < 0:
                break
            position = found
        line = conversion.source.count("\n", 0, position) + 1 if position >= 0 else 1
        return line + (page.line_offset if page else 0)

    def tex_as_text(self, text: str) -> str:
        """Replace the markers in *text* by their TeX, escaped (for the table of contents)."""
        formulas = self.conversion.formulas
        return _MARKER_RE.sub(lambda m: html.escape(formulas[int(m.group(1))].tex, quote=False), text)


def arithmatex_conflict(extensions: Iterable[object]) -> str | None:
    """The error for a site that also enables ``pymdownx.arithmatex`` (given ``markdown_extensions`` as names
    or instances), or None.

    arithmatex takes ``$…$`` and ``\\(…\\)`` first and leaves them as raw TeX for a browser script that this
    plugin does not load: formulas would show as ``\\(x\\)`` with no message.
    """
    for extension in extensions:
        name = extension if isinstance(extension, str) else type(extension).__module__
        if name.split(":", 1)[0] == "pymdownx.arithmatex":
            return (
                "markdown_extensions has 'pymdownx.arithmatex' and the zigzag plugin typesets math too: "
                "arithmatex would leave the formulas as raw TeX for a MathJax/KaTeX script in the browser. "
                "Remove 'pymdownx.arithmatex' from markdown_extensions in mkdocs.yml (and the MathJax or "
                "KaTeX files from extra_javascript): zigzag typesets every formula at build time with KaTeX."
            )
    return None


def makeExtension(**kwargs: Any) -> KatexExtension:
    """Entry point for ``markdown_extensions`` (needs a ``renderer``; the plugin passes its own)."""
    return KatexExtension(**kwargs)

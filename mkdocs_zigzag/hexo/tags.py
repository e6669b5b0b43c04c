"""Find Hexo tags (``{% name args %}``, block tags closed by ``{% endname %}``) in Markdown text.

Hexo hands a post to Nunjucks before Markdown; this module does the Nunjucks half at the Markdown level:
it splits arguments the way Hexo's tag parser does (whitespace-separated; a quote that starts a token
opens a string that may hold spaces and ``%}``; a quote inside a word is just a character, so ``it's`` is
one argument), and it leaves alone what Markdown would show as code (fenced and indented code blocks,
inline code spans), everything between ``{% raw %}`` and ``{% endraw %}``, and HTML comments
``<!-- … -->`` (Hexo 8 processes nothing inside one; an unclosed comment runs to the end of the text).
Tags inside raw HTML blocks are found like any other. Nothing here knows MkDocs or renders anything.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from mkdocs_zigzag.diagnostics import Diagnostic

BLOCK_TAGS = frozenset(
    {
        # Hexo and hexo-math
        *("blockquote", "quote", "codeblock", "code", "pullquote", "raw", "math", "mathjax", "katex"),
        # NexT, Butterfly, Fluid (mkdocs_zigzag.hexo.theme_tags renders them)
        *("note", "subnote", "tabs", "subtabs", "subsubtabs", "centerquote", "center-quote", "cq", "mermaid"),
        *("grouppicture", "gp", "linkgrid", "lg", "hideBlock", "hideToggle", "timeline", "gallery"),
        *("fold", "groupimage", "gi"),
    }
)
"""Tags that take content up to ``{% end<name> %}``."""

LITERAL_BLOCK_TAGS = frozenset({"raw", "codeblock", "code", "math", "mathjax", "katex", "mermaid"})
"""Block tags whose content is taken verbatim: no tag inside them is processed."""

ASSET_TAGS = frozenset({"asset_img", "asset_image", "asset_path", "asset_link"})
"""Tags that name a file of the post's asset folder."""

# Nunjucks' lexer: these characters end a word, and a quote right after one of them opens a string.
_WHITESPACE = " \n\t\r\u00a0"
_DELIMITERS = "()[]{}%*-+~/#,:|.<>=!"
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r"}

_FENCE_OPEN = re.compile(
    r"^(?P<prefix>(?:[ \t]*>)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?)(?P<fence>`{3,}|~{3,})(?P<info>.*)$"
)
LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_SCAN_STOP = re.compile(r"\{%|\\`|`|<!--")
_FILE_NAME = re.compile(r"\.[A-Za-z0-9]{1,6}$")


@dataclass(frozen=True)
class Tag:
    """One ``{% … %}`` as written: its name, Hexo's argument list and where it is."""

    name: str
    args: tuple[str, ...]
    source: str
    """The tag exactly as written, ``{%`` to ``%}``."""
    start: int
    end: int
    line: int
    """1-based line of ``{%`` in the scanned text."""


@dataclass(frozen=True)
class Text:
    """A run of Markdown between tags (may hold code, which stays as written)."""

    start: int
    end: int


@dataclass
class Block:
    """A block tag with its content: parsed children, or one :class:`Text` for a literal block."""

    open: Tag
    close: Tag
    children: list[Node] = field(default_factory=list)

    @property
    def content_start(self) -> int:
        """Offset just after the opening tag."""
        return self.open.end

    @property
    def content_end(self) -> int:
        """Offset of the closing tag."""
        return self.close.start


Node = Text | Tag | Block


@dataclass
class ParsedMarkdown:
    """The result of :func:`parse_tags`: the text, its nodes in order, and the problems found."""

    text: str
    nodes: list[Node]
    diagnostics: list[Diagnostic]

    def walk(self) -> list[Tag | Block]:
        """Every tag and block, outer before inner, in reading order."""
        found: list[Tag | Block] = []

        def visit(nodes: list[Node]) -> None:
            for node in nodes:
                if isinstance(node, Tag):
                    found.append(node)
                elif isinstance(node, Block):
                    found.append(node)
                    visit(node.children)

        visit(self.nodes)
        return found


MATH_FLAGS = frozenset({"inline", "display", "block"})
"""Arguments of a ``{% math %}`` block that choose its mode (older tag plugins) rather than hold TeX."""


def single_line_math(tag: Tag) -> str | None:
    """The TeX of hexo-math 1.x's one-tag ``{% math expression %}`` (no end tag), else ``None``.

    hexo-math before 1.0.8 (Hexo 2) registered ``math`` as an inline tag whose arguments, joined, were the
    formula; 2.0 made it a block tag, so such a tag only ever stands alone when the post was written for
    1.x. The expression is taken as written between the name and ``%}`` (TeX's spaces do not matter).
    """
    if tag.name != "math" or not tag.args or {arg.lower() for arg in tag.args} <= MATH_FLAGS:
        return None
    match = re.match(r"\{%-?\s*math(?P<tex>.*?)-?%\}$", tag.source, re.DOTALL)
    tex = match["tex"].strip() if match else " ".join(tag.args)
    return tex or None


def split_tag_args(text: str) -> tuple[list[str], int] | None:
    """Split what follows ``{%`` into Hexo's argument list; return it with the offset after ``%}``.

    The first argument is the tag name. ``None`` when the tag never closes (no ``%}``, or a string
    still open at the end of *text*).
    """
    args: list[str] = []
    item = ""
    token_start = True
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if text.startswith("%}", i) or text.startswith("-%}", i):
            if item != "":
                args.append(item.strip())
            return args, i + (2 if ch == "%" else 3)
        if ch in _WHITESPACE:
            if item != "":
                args.append(item.strip())
            item = ""
            token_start = True
            i += 1
        elif token_start and ch in "\"'":
            j = i + 1
            value = []
            while j < n and text[j] != ch:
                if text[j] == "\\" and j + 1 < n:
                    value.append(_ESCAPES.get(text[j + 1], text[j + 1]))
                    j += 2
                else:
                    value.append(text[j])
                    j += 1
            if j >= n:
                return None
            item += "".join(value)
            i = j + 1
            token_start = True
        else:
            item += ch
            token_start = ch in _DELIMITERS
            i += 1
    return None


def code_lines(lines: list[str]) -> list[bool]:
    """Which lines Markdown shows as code: fenced (``` or ~~~) or indented code blocks."""
    code = [False] * len(lines)
    fence: tuple[str, int] | None = None
    in_list = False
    previous_blank = True
    previous_code = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if fence is not None:
            code[index] = True
            char, length = fence
            body = stripped.lstrip("> \t")
            if body and set(body) == {char} and len(body) >= length:
                fence = None
            previous_blank, previous_code = False, False
            continue
        match = _FENCE_OPEN.match(line)
        if match and not (match["fence"][0] == "`" and "`" in match["info"]):
            code[index] = True
            fence = (match["fence"][0], len(match["fence"]))
            previous_blank, previous_code = False, False
            continue
        if not stripped:
            previous_blank = True
            continue
        indented = line.startswith("    ") or line.startswith("\t")
        if indented and not in_list and (previous_blank or previous_code):
            code[index] = True
            previous_code = True
        else:
            previous_code = False
            if LIST_ITEM.match(line):
                in_list = True
            elif not indented and previous_blank:
                in_list = False
        previous_blank = False
    return code


class _Scanner:
    """One pass over the text: tags outside code, block tags matched with their end tags."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        lines = text.split("\n")
        self.code = code_lines(lines)
        self.diagnostics: list[Diagnostic] = []

    def line_of(self, offset: int) -> int:
        """1-based line holding *offset*."""
        return bisect.bisect_right(self.line_starts, offset)

    def in_code_line(self, offset: int) -> bool:
        return self.code[self.line_of(offset) - 1]

    def next_line_start(self, offset: int) -> int:
        line = self.line_of(offset)
        return self.line_starts[line] if line < len(self.line_starts) else len(self.text)

    def read_tag(self, start: int) -> Tag | None:
        """The tag starting at ``{%`` at *start*, or ``None`` (with a diagnostic) if it never closes."""
        body_start = start + 2
        if self.text.startswith("-", body_start):
            body_start += 1
        split = split_tag_args(self.text[body_start:])
        if split is None:
            line_end = self.text.find("\n", start)
            shown = self.text[start : line_end if line_end >= 0 else len(self.text)]
            self.diagnostics.append(
                Diagnostic(
                    self.line_of(start),
                    f"Hexo tag '{shown}' is never closed: no '%}}' after '{{%'.",
                    "Close it with '%}' (and close any quote it opens); it is shown as text.",
                )
            )
            return None
        args, length = split
        end = body_start + length
        name = args[0] if args else ""
        return Tag(name, tuple(args[1:]), self.text[start:end], start, end, self.line_of(start))

    def skip_inline_code(self, start: int) -> int:
        """Offset after the code span opening at *start* (a run of backticks), or after the run."""
        run_end = start
        while run_end < len(self.text) and self.text[run_end] == "`":
            run_end += 1
        ticks = run_end - start
        paragraph_end = re.compile(r"\n[ \t]*\n").search(self.text, run_end)
        limit = paragraph_end.start() if paragraph_end else len(self.text)
        for match in re.finditer("`+", self.text[run_end:limit]):
            if len(match.group()) == ticks:
                return run_end + match.end()
        return run_end

    def find_end(self, tag: Tag) -> Tag | None:
        """The ``{% end<name> %}`` closing *tag* (same-name blocks nest), searched textually."""
        depth = 1
        pattern = re.compile(r"\{%-?[ \t\n]*(?P<end>end)?" + re.escape(tag.name) + r"(?=[\s%\-])")
        position = tag.end
        while True:
            match = pattern.search(self.text, position)
            if match is None:
                return None
            found = self.read_tag(match.start()) if match["end"] else None
            if match["end"] is None:
                depth += 1
                position = match.end()
                continue
            if found is None:
                position = match.end()
                continue
            depth -= 1
            if depth == 0:
                return found
            position = found.end

    def scan(self, start: int, end: int, closing: str | None) -> tuple[list[Node], int, Tag | None]:
        """Nodes from *start* until ``{% end<closing> %}`` (returned) or *end*."""
        nodes: list[Node] = []
        text_start = start
        i = start
        while i < end:
            if self.in_code_line(i):
                i = self.next_line_start(i)
                continue
            found = _SCAN_STOP.search(self.text, i, end)
            if found is None:
                break
            if self.line_of(found.start()) != self.line_of(i):
                i = self.line_starts[self.line_of(found.start()) - 1]
                continue  # a later line: check whether it is code first
            i = found.start()
            if found.group() == "\\`":
                i += 2  # "\`" opens no code span (a backslash before "{%" is just text, as in Hexo)
                continue
            if found.group() == "`":
                i = self.skip_inline_code(i)
                continue
            if found.group() == "<!--":
                # Hexo 8 (PostRenderEscape) leaves comments alone; an unclosed one runs to the end.
                comment_end = self.text.find("-->", i + 4)
                i = end if comment_end < 0 or comment_end + 3 > end else comment_end + 3
                continue
            tag = self.read_tag(i)
            if tag is None:
                i += 2
                continue
            if text_start < i:
                nodes.append(Text(text_start, i))
            if closing is not None and tag.name == "end" + closing:
                return nodes, tag.end, tag
            if tag.name in BLOCK_TAGS:
                if tag.name in LITERAL_BLOCK_TAGS:
                    close = self.find_end(tag)
                    if close is not None:
                        nodes.append(Block(tag, close, [Text(tag.end, close.start)]))
                        i = text_start = close.end
                        continue
                    if single_line_math(tag) is not None:
                        nodes.append(tag)  # hexo-math 1.x's inline tag: the renderer typesets it
                        i = text_start = tag.end
                        continue
                    children: list[Node] = []
                else:
                    children, after, close = self.scan(tag.end, end, tag.name)
                    if close is not None:
                        nodes.append(Block(tag, close, children))
                        i = text_start = after
                        continue
                self.diagnostics.append(
                    Diagnostic(
                        tag.line,
                        f"Hexo tag '{tag.source}' opens a block that is never closed.",
                        f"Add '{{% end{tag.name} %}}' after its content; the tag is shown as text.",
                    )
                )
                if children:
                    # The rest of the text was scanned as the block's content: keep it, unwrapped.
                    nodes.append(tag)
                    nodes.extend(children)
                    i = text_start = end
                    continue
            nodes.append(tag)
            i = text_start = tag.end
        if text_start < end:
            nodes.append(Text(text_start, end))
        return nodes, end, None


def parse_tags(markdown: str) -> ParsedMarkdown:
    """Find every Hexo tag of *markdown* that Markdown would not show as code."""
    scanner = _Scanner(markdown)
    nodes, _, _ = scanner.scan(0, len(markdown), None)
    return ParsedMarkdown(markdown, nodes, scanner.diagnostics)


def asset_name(tag: Tag) -> str | None:
    """The asset file an ``asset_img`` / ``asset_path`` / ``asset_link`` tag names, as written.

    ``asset_path`` and ``asset_link`` take it first. ``asset_img`` (like Hexo, which tries every
    argument against the post's files) may put class names before it, so without knowing the files
    the name is the first argument that ends in a file extension, else the first argument.
    """
    if not tag.args:
        return None
    if tag.name in ("asset_img", "asset_image"):
        for arg in tag.args:
            if _FILE_NAME.search(arg):
                return arg
    return tag.args[0]


def find_asset_references(markdown: str) -> list[tuple[str, int]]:
    """Every asset file named by an asset tag of *markdown*, with the tag's 1-based line."""
    found: list[tuple[str, int]] = []
    for node in parse_tags(markdown).walk():
        if isinstance(node, Tag) and node.name in ASSET_TAGS:
            name = asset_name(node)
            if name:
                found.append((name, node.line))
    return found

"""Habits of marked (hexo-renderer-marked, Hexo's default Markdown) that Python-Markdown reads otherwise.

Only where the reader would see a difference: a fence indented by one to three spaces is code in marked
(CommonMark) but a paragraph of backticks in Python-Markdown's ``fenced_code``; a backslash before any ASCII
punctuation is an escape in marked, while Python-Markdown shows the backslash of ``10\\%``. The line count
of the text is always kept (diagnostics point at the author's lines). Nothing here imports MkDocs.
"""

from __future__ import annotations

import re

from mkdocs_zigzag.hexo.tags import LIST_ITEM, code_lines

MARKED_ESCAPES = tuple("\"%&',/:;<=?@^|~")
"""ASCII punctuation marked unescapes (CommonMark's set) that Python-Markdown's default
``ESCAPED_CHARS`` lacks. ``$`` is left to the math extension, which decides what ``\\$`` means."""

_INDENTED_FENCE = re.compile(r"^( {1,3})(`{3,}|~{3,})(.*)$")


def _in_list(lines: list[str], index: int) -> bool:
    """Whether line *index* continues a list item (then its indentation belongs to the item)."""
    for previous in range(index - 1, -1, -1):
        line = lines[previous]
        if not line.strip():
            continue
        if LIST_ITEM.match(line):
            return True
        if not line.startswith((" ", "\t")):
            return False
    return False


def _strip_spaces(line: str, count: int) -> str:
    """*line* without up to *count* leading spaces (CommonMark's rule for a fence's content)."""
    stripped = line.lstrip(" ")
    return line[min(count, len(line) - len(stripped)) :]


def dedent_fences(text: str) -> str:
    """Fences indented by 1-3 spaces (outside lists) moved to the margin, content dedented as CommonMark."""
    if "  ``" not in text and " ``" not in text and " ~~" not in text:
        return text
    lines = text.split("\n")
    code = code_lines(lines)
    index = 0
    changed = False
    while index < len(lines):
        match = _INDENTED_FENCE.match(lines[index])
        starts_run = code[index] and (index == 0 or not code[index - 1])
        if not (match and starts_run) or (match[2][0] == "`" and "`" in match[3]) or _in_list(lines, index):
            index += 1
            continue
        indent = len(match[1])
        end = index + 1
        while end < len(lines) and code[end]:
            end += 1
        lines[index] = lines[index][indent:]
        for inner in range(index + 1, end):
            lines[inner] = _strip_spaces(lines[inner], indent)
        changed = True
        index = end
    return "\n".join(lines) if changed else text

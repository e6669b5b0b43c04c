"""TeX that MathJax (and so Hexo) accepts but KaTeX does not, rewritten to KaTeX's equivalent.

Also the page-level numbering of ``\\label``/``\\eqref``/``\\ref``, which KaTeX does not implement.
"""

from __future__ import annotations

import re

_COMMAND = re.compile(r"\\[A-Za-z]+")
# Commands whose two brace groups both belong to the sub/superscript (`e^\frac{a}{b}`).
_TWO_ARGUMENTS = frozenset({"frac", "dfrac", "tfrac", "cfrac", "binom", "dbinom", "tbinom", "overset",
                            "underset", "stackrel"})
_LABEL = re.compile(r"\\label\s*\{([^{}]*)\}")
_TAG = re.compile(r"\\tag\*?\s*\{([^{}]*)\}")
_REF = re.compile(r"\\(eqref|ref)\s*\{([^{}]*)\}")
_REF_ONLY = re.compile(r"\s*\\(eqref|ref)\s*\{([^{}]*)\}\s*")


def _group_end(tex: str, start: int) -> int:
    """Index just past the brace group opening at *start* (``tex[start] == "{"``), or -1 if unbalanced."""
    depth = 0
    i = start
    while i < len(tex):
        char = tex[i]
        if char == "\\":
            i += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1


def _skip_spaces(tex: str, i: int) -> int:
    while i < len(tex) and tex[i] in " \t\n":
        i += 1
    return i


def rewrite_for_katex(tex: str) -> str:
    r"""Rewrite MathJax-only constructs: ``\displaylines{…}`` and an unbraced command after ``_``/``^``.

    ``\displaylines{a\\b}`` becomes ``\begin{gathered}a\\b\end{gathered}`` (the same centred lines);
    ``f_\boldsymbol{w}`` becomes ``f_{\boldsymbol{w}}``. Anything else is returned unchanged.
    """
    out: list[str] = []
    i = 0
    while i < len(tex):
        char = tex[i]
        if char == "\\":
            match = _COMMAND.match(tex, i)
            if match and match.group() == "\\displaylines":
                brace = _skip_spaces(tex, match.end())
                end = _group_end(tex, brace) if brace < len(tex) and tex[brace] == "{" else -1
                if end > 0:
                    inner = rewrite_for_katex(tex[brace + 1 : end - 1])
                    out.append(f"\\begin{{gathered}}{inner}\\end{{gathered}}")
                    i = end
                    continue
            step = match.end() if match else i + 2
            out.append(tex[i:step])
            i = step
            continue
        if char in "_^":
            start = _skip_spaces(tex, i + 1)
            match = _COMMAND.match(tex, start)
            if match:
                end = match.end()
                groups = 2 if match.group()[1:] in _TWO_ARGUMENTS else 1
                taken = 0
                while taken < groups:
                    brace = _skip_spaces(tex, end)
                    group_end = _group_end(tex, brace) if brace < len(tex) and tex[brace] == "{" else -1
                    if group_end < 0:
                        break
                    end = group_end
                    taken += 1
                if taken:
                    out.append(char + "{" + rewrite_for_katex(tex[start:end]) + "}")
                    i = end
                    continue
        out.append(char)
        i += 1
    return "".join(out)


def equation_anchor(key: str) -> str:
    """The HTML id of the equation labelled *key*."""
    return "eq-" + re.sub(r"[^\w.:-]+", "-", key).strip("-")


class EquationNumbers:
    r"""``\label`` keys of one page, numbered in document order the way MathJax's AMS tagging does."""

    def __init__(self) -> None:
        self.count = 0
        self.labels: dict[str, str] = {}

    def take_label(self, tex: str) -> tuple[str, str | None]:
        r"""Remove ``\label{key}`` from a display formula; give it a ``\tag`` if it has none.

        Returns the TeX for KaTeX and the label's key (None when there is no label).
        """
        match = _LABEL.search(tex)
        if match is None:
            return tex, None
        key = match.group(1).strip()
        # The row of a multi-line environment the label sits in: a \tag on another row is not its own.
        row_start = tex.rfind("\\\\", 0, match.start())
        row_end = tex.find("\\\\", match.end())
        row = tex[row_start + 2 if row_start >= 0 else 0 : row_end if row_end >= 0 else len(tex)]
        tag = _TAG.search(row)
        if tag is not None:
            number, replacement = tag.group(1), ""
        else:
            # In place: inside an environment (align row, equation) the \tag belongs where \label was.
            self.count += 1
            number = str(self.count)
            replacement = f"\\tag{{{number}}}"
        tex = tex[: match.start()] + replacement + tex[match.end() :]
        self.labels.setdefault(key, number)
        return tex, key

    def lone_reference(self, tex: str) -> tuple[str, str] | None:
        r"""``(command, key)`` when the whole formula is one ``\eqref{key}`` or ``\ref{key}``."""
        match = _REF_ONLY.fullmatch(tex)
        return (match.group(1), match.group(2).strip()) if match else None

    def reference_text(self, command: str, key: str) -> str:
        r"""What ``\eqref{key}`` (``(3)``) or ``\ref{key}`` (``3``) shows; ``???`` for an unknown key."""
        number = self.labels.get(key, "???")
        return f"({number})" if command == "eqref" else number

    def resolve_references(self, tex: str) -> tuple[str, list[str]]:
        r"""Replace each ``\eqref``/``\ref`` inside a larger formula by its number as text.

        Returns the TeX and the keys that no ``\label`` on the page defines.
        """
        unknown: list[str] = []

        def replace(match: re.Match[str]) -> str:
            key = match.group(2).strip()
            if key not in self.labels:
                unknown.append(key)
            return "\\text{" + self.reference_text(match.group(1), key) + "}"

        return _REF.sub(replace, tex), unknown

"""TeX that MathJax (and so Hexo) accepts but KaTeX does not, rewritten to KaTeX's equivalent.

Also the page-level numbering of ``\\label``/``\\eqref``/``\\ref``, which KaTeX does not implement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_COMMAND = re.compile(r"\\[A-Za-z]+")
# Commands whose two brace groups both belong to the sub/superscript (`e^\frac{a}{b}`).
_TWO_ARGUMENTS = frozenset({"frac", "dfrac", "tfrac", "cfrac", "binom", "dbinom", "tbinom", "overset",
                            "underset", "stackrel"})
# Commands that take one argument: MathJax accepts them after `_`/`^` with an unbraced argument
# (`\max_\boldsymbol\alpha`, `x^\mathrm T`), KaTeX wants the whole in braces.
_ONE_ARGUMENT = frozenset({
    "boldsymbol", "bm", "pmb", "mathbf", "mathrm", "mathit", "mathsf", "mathtt", "mathcal", "mathbb",
    "mathfrak", "mathscr", "mathnormal", "text", "textbf", "textit", "textrm", "textsf", "texttt",
    "operatorname", "vec", "hat", "bar", "tilde", "dot", "ddot", "check", "breve", "acute", "grave",
    "widehat", "widetilde", "overline", "underline", "overrightarrow", "overleftarrow", "sqrt",
    "boxed", "cancel", "bold", "Bbb", "mathring",
})
_TAKES_ARGUMENTS = _ONE_ARGUMENT | _TWO_ARGUMENTS
_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[^\s{}\\]")
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


def _declared_operator(tex: str, start: int) -> tuple[str, int] | None:
    r"""``\DeclareMathOperator*?{\name}{text}`` (from *start*, just after the command) as KaTeX's
    ``\def\name{\operatorname*?{text}}``, and where it ends; None if it is not well formed."""
    star = "*" if start < len(tex) and tex[start] == "*" else ""
    name_start = _skip_spaces(tex, start + len(star))
    name_end = _argument_end(tex, name_start)
    if name_end < 0:
        return None
    name = tex[name_start:name_end].strip()
    if name.startswith("{"):
        name = name[1:-1].strip()
    body_start = _skip_spaces(tex, name_end)
    if not _COMMAND.fullmatch(name) or body_start >= len(tex) or tex[body_start] != "{":
        return None
    body_end = _group_end(tex, body_start)
    if body_end < 0:
        return None
    return f"\\def{name}{{\\operatorname{star}{tex[body_start:body_end]}}}", body_end


# MathJax's `eqnarray` (three columns, right-centre-left, display style) has no KaTeX twin but `darray`;
# `\require{ext}` loads a MathJax extension, which KaTeX has built in or not at all.
_EQNARRAY = re.compile(r"\\(begin|end)\s*\{eqnarray\*?\}")
_REQUIRE = re.compile(r"\\require\s*\{[^{}]*\}")


def rewrite_for_katex(tex: str) -> str:
    r"""Rewrite MathJax-only constructs (see :func:`_rewrite_commands`), ``eqnarray`` to ``darray{rcl}`` and
    drop ``\require{…}``."""
    if "eqnarray" in tex:
        tex = _EQNARRAY.sub(
            lambda m: "\\begin{darray}{rcl}" if m.group(1) == "begin" else "\\end{darray}", tex
        )
    if "\\require" in tex:
        tex = _REQUIRE.sub("", tex)
    if not _MAY_REWRITE.search(tex):
        return tex  # most formulas: nothing below applies (the walk is a Python loop over every character)
    return _rewrite_commands(tex)


_MAY_REWRITE = re.compile(r"[_^]\s*\\|\\displaylines|\\DeclareMathOperator")
"""Where :func:`_rewrite_commands` may change anything: a command after ``_``/``^`` (spaces allowed),
``\\displaylines``, ``\\DeclareMathOperator``. Over-matching (``\\_\\alpha``) only costs the walk."""


def _rewrite_commands(tex: str) -> str:
    r"""Rewrite MathJax-only constructs: ``\displaylines{…}``, an unbraced command after ``_``/``^``,
    ``\DeclareMathOperator`` (a ``\def`` of ``\operatorname``; KaTeX has no such command).

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
                    inner = _rewrite_commands(tex[brace + 1 : end - 1])
                    out.append(f"\\begin{{gathered}}{inner}\\end{{gathered}}")
                    i = end
                    continue
            if match and match.group() == "\\DeclareMathOperator":
                declared = _declared_operator(tex, match.end())
                if declared is not None:
                    out.append(declared[0])
                    i = declared[1]
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
                name = match.group()[1:]
                groups = 2 if name in _TWO_ARGUMENTS else 1
                taken = 0
                while taken < groups:
                    brace = _skip_spaces(tex, end)
                    group_end = _group_end(tex, brace) if brace < len(tex) and tex[brace] == "{" else -1
                    if group_end < 0 and name in _TAKES_ARGUMENTS:
                        # An unbraced argument: one command (`\\alpha`) or one character (`T`).
                        token = _TOKEN.match(tex, brace)
                        group_end = token.end() if token else -1
                    if group_end < 0:
                        break
                    end = group_end
                    taken += 1
                if taken:
                    out.append(char + "{" + _rewrite_commands(tex[start:end]) + "}")
                    i = end
                    continue
        out.append(char)
        i += 1
    return "".join(out)


# Environments KaTeX numbers by itself; MathJax's default (`tags: "none"`) numbers none of them.
_NUMBERED_ENVIRONMENT = re.compile(r"\\(begin|end)\s*\{(equation|align|alignat|gather)\}")


def unnumbered(tex: str) -> str:
    r"""``\begin{equation}`` → ``\begin{equation*}`` (also ``align``, ``alignat``, ``gather``): no automatic
    numbers, as MathJax without ``tags: "ams"``; a ``\tag`` (or a ``\label``, which gets one) still shows."""
    if "{equation" not in tex and "{align" not in tex and "{gather" not in tex:
        return tex  # what the pattern needs after its \s*: most formulas have no environment at all
    return _NUMBERED_ENVIRONMENT.sub(lambda m: f"\\{m.group(1)}{{{m.group(2)}*}}", tex)


_DEFINING = re.compile(
    r"\\(?:(?P<command>newcommand|renewcommand|providecommand)\*?"
    r"|(?P<def>[gex]?def)(?![A-Za-z])"
    r"|(?P<operator>DeclareMathOperator)\*?"
    r"|(?P<let>let)(?![A-Za-z]))"
)
_OPTIONAL = re.compile(r"\s*\[[^\]]*\]")
_DEF_PARAMETERS = re.compile(r"[^{]*")
_LET_REST = re.compile(r"\s*(?:\\[A-Za-z]+|\\.)\s*=?\s*(?:\\[A-Za-z]+|\\.|[^\s\\])")


def _argument_end(tex: str, start: int) -> int:
    """End of one macro argument at *start*: a brace group, a command or a character (-1: none)."""
    i = _skip_spaces(tex, start)
    if i < len(tex) and tex[i] == "{":
        return _group_end(tex, i)
    token = _TOKEN.match(tex, i)
    return token.end() if token else -1


@dataclass(frozen=True)
class MacroDefinition:
    """One definition a formula makes."""

    name: str
    """The command defined, ``\\b``."""
    text: str
    """The definition as written."""
    new: bool
    """Made with ``\\newcommand`` (which KaTeX refuses for a name already defined; MathJax does not)."""


def macro_definitions(tex: str) -> list[MacroDefinition]:
    r"""The definitions a formula makes, each as written: ``\newcommand``, ``\renewcommand``,
    ``\providecommand``, ``\def``, ``\gdef``, ``\edef``, ``\xdef``, ``\DeclareMathOperator``, ``\let``.

    MathJax keeps them for the rest of the page; the extension hands them to the later formulas.
    """
    found: list[MacroDefinition] = []
    if "command" not in tex and "def" not in tex and "let" not in tex and "Declare" not in tex:
        return found  # what the pattern needs after its backslash: most formulas define nothing
    for match in _DEFINING.finditer(tex):
        end = -1
        name = ""
        if match.group("command"):
            end = _argument_end(tex, match.end())  # the name, braced or not
            name = tex[match.end() : end].strip().strip("{}").strip() if end > 0 else ""
            while end > 0 and (optional := _OPTIONAL.match(tex, end)):
                end = optional.end()  # [arguments] [default]
            end = _argument_end(tex, end) if end > 0 else -1
        elif match.group("def"):
            command = _COMMAND.match(tex, _skip_spaces(tex, match.end()))
            if command:
                name = command.group()
                brace = _DEF_PARAMETERS.match(tex, command.end())
                if brace and brace.end() < len(tex):
                    end = _group_end(tex, brace.end())
        elif match.group("operator"):
            start = match.end() + (1 if tex.startswith("*", match.end()) else 0)
            end = _argument_end(tex, start)
            name = tex[start:end].strip().strip("{}").strip() if end > 0 else ""
            end = _argument_end(tex, end) if end > 0 else -1
        else:
            rest = _LET_REST.match(tex, match.end())
            end = rest.end() if rest else -1
            command = _COMMAND.match(tex, _skip_spaces(tex, match.end()))
            name = command.group() if command else ""
        if end > 0 and name:
            new = match.group("command") is not None and match.group(0).startswith("\\newcommand")
            found.append(MacroDefinition(name, tex[match.start() : end], new))
    return found


PREAMBLE_SEPARATOR = "\x00"
"""Between the definitions of a formula's preamble (the engine runs each one on its own)."""


class PageMacros:
    r"""The definitions a page's formulas have made so far, in order (MathJax keeps them for the page)."""

    def __init__(self) -> None:
        self.definitions: list[MacroDefinition] = []

    def preamble_for(self, tex: str) -> str:
        r"""The definitions formula *tex* is typeset after: all so far, except those of a name the formula
        itself defines with ``\newcommand`` (KaTeX would refuse that as a redefinition; MathJax allows it)."""
        if not self.definitions:  # the usual page: no formula defined anything
            return ""
        fresh = {d.name for d in macro_definitions(tex) if d.new}
        return PREAMBLE_SEPARATOR.join(d.text for d in self.definitions if d.name not in fresh)

    def add(self, tex: str) -> None:
        r"""Remember the definitions *tex* makes; a repeated ``\newcommand`` becomes ``\renewcommand``."""
        found = macro_definitions(tex)
        if not found:
            return
        known = {d.name for d in self.definitions}
        for definition in found:
            if definition.new and definition.name in known:
                text = "\\renewcommand" + definition.text[len("\\newcommand") :]
                definition = MacroDefinition(definition.name, text, new=False)
            if definition not in self.definitions:
                self.definitions.append(definition)
            known.add(definition.name)


_UNDEFINED = re.compile(r"Undefined control sequence: (\\[A-Za-z]+|\\.)")


def undefined_command(error: str) -> str | None:
    """The command a KaTeX error message says is undefined, if that is the error."""
    match = _UNDEFINED.search(error)
    return match.group(1) if match else None


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

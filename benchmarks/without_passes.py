"""``python benchmarks/without_passes.py build -q``: ``mkdocs`` with the real-blog passes switched off.

For :mod:`instructions`: the same checkout, the same project and the same warm caches, with the passes that
issues 12 and 13 added to every page replaced by "nothing to do". What they cost a warm build is then the
difference between this build and a normal one, with nothing else in it (the baseline commit of the
``passes`` part also lacks everything else built since: the house redesign, the reliability and memory
work of issue 15, the old URLs of issue 14). The benchmark checks that both builds write the same site,
so each pass switched off had nothing to change on those pages: what it cost was its overhead alone.

Switched off (each where it is wired, so the rest of the build is untouched):

* math: blank lines inside display math (``_BlankLinesInMathPreprocessor``), math in raw HTML
  (``typeset_raw_html``), the leftover-formula warnings (tree, raw HTML and their report), page-scoped
  macros (``PageMacros``), MathJax's default numbering (``unnumbered``), the author's TeX in the MathML
  annotation (``with_author_tex``);
* pages: marked's fences (``dedent_fences``) and escapes (``MARKED_ESCAPES``), asset names in raw HTML
  (``register_raw_html_assets``), Hexo's excerpt rules (the excerpt extension's processors).

Not switched off, because they are part of reading the page at all: the choice of math dialect, the
comment rule inside the tag scanner, and the renderers of hexo-math and theme tags (which run only where
such a tag is written; the synthetic posts have none).
"""

from __future__ import annotations

import sys
from typing import Any


class _NoMacros:
    """:class:`~mkdocs_zigzag.katex.tex.PageMacros` with nothing ever defined."""

    def preamble_for(self, tex: str) -> str:
        return ""

    def add(self, tex: str) -> None:
        return None


def _unchanged_lines(_self: object, lines: list[str]) -> list[str]:
    return lines


def _nothing(*_args: object) -> None:
    return None


def _no_leftovers(*_args: object) -> list[object]:
    return []


def _block(block: str, *_args: object) -> str:
    return block


def _text(text: str, *_args: object) -> str:
    return text


def _register_itself(self: object, md: Any) -> None:
    md.registerExtension(self)


def switch_off() -> None:
    """Replace the passes (see the module docstring) by what the plugin did without them."""
    from mkdocs_zigzag.hexo import excerpt, extension
    from mkdocs_zigzag.katex import extension as katex

    replacements: list[tuple[object, str, object]] = [
        (katex._BlankLinesInMathPreprocessor, "run", _unchanged_lines),
        (katex._LeftoverTreeprocessor, "run", _nothing),
        (katex.KatexExtension, "_report_leftovers", _nothing),
        (katex, "find_leftovers", _no_leftovers),
        (katex, "typeset_raw_html", _block),
        (katex, "PageMacros", _NoMacros),
        (katex, "unnumbered", _text),
        (katex, "with_author_tex", _text),
        (extension, "dedent_fences", _text),
        (extension, "MARKED_ESCAPES", ""),
        (extension, "register_raw_html_assets", _nothing),
        (excerpt.HexoExcerptExtension, "extendMarkdown", _register_itself),
    ]
    for owner, name, replacement in replacements:
        if not hasattr(owner, name):  # renamed: this benchmark would measure nothing
            raise SystemExit(f"without_passes.py: {owner!r} has no {name!r} any more; update the list")
        setattr(owner, name, replacement)


if __name__ == "__main__":
    switch_off()
    from mkdocs.__main__ import cli

    sys.argv[0] = "mkdocs"
    cli()

"""Pages as other plugins should read them: each formula as its TeX, not KaTeX's HTML+MathML.

Material's search indexes, and its blog times, every page by parsing its HTML. KaTeX's markup is about
15 times the bytes of the TeX it typesets, so both would spend most of a warm build on it, index each
formula's glyphs three times, and count them as words. They get this light copy instead; the page is
written with the full markup. The scan reads only markup KaTeX emitted for the plugin.

The extension knows each formula's markup and TeX (:func:`known_formula`); given those, the copy is made
by plain string search. Markup that is not found where expected (another plugin changed it) falls back
to a scan that pairs ``<span>`` tags.
"""

from __future__ import annotations

import html as html_module
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

KATEX_OPEN = '<span class="katex">'
"""The opening tag of every formula KaTeX typesets (display math wraps it in ``katex-display``)."""
_KATEX_OPEN = re.compile(re.escape(KATEX_OPEN))
_SPAN_TAG = re.compile(r"<span\b|</span>")
_TEX_ANNOTATION = re.compile(r'<annotation encoding="application/x-tex">(.*?)</annotation>', re.S)


def known_formula(markup: str) -> tuple[str, str] | None:
    """``(the <span class="katex"> element in markup, its TeX annotation)`` for one formula as KaTeX typeset
    it (display math is that element inside ``<span class="katex-display">``); None if it is not that."""
    display = '<span class="katex-display">'
    if markup.startswith(display + KATEX_OPEN) and markup.endswith("</span>"):
        markup = markup[len(display) : -len("</span>")]
    annotation = _TEX_ANNOTATION.search(markup)
    if not markup.startswith(KATEX_OPEN) or annotation is None:
        return None
    return markup, annotation.group(1)


def with_author_tex(markup: str, tex: str) -> str:
    """*markup* of one formula with its MathML TeX annotation made *tex*, the TeX its author wrote.

    KaTeX annotates a formula with the TeX it was given, and the plugin gives it rewritten TeX (MathJax habits
    spelled for KaTeX, ``\\label`` turned into ``\\tag``, ``\\DeclareMathOperator`` into ``\\def``): the
    annotation is what screen readers read, copy-paste copies and search indexes, so it must be the
    author's. Escaped as KaTeX escapes it. Markup without an annotation (``output: html``) is unchanged.
    """
    escaped = html_module.escape(tex, quote=True)  # KaTeX's escape: & < > " ' (as &#x27;)
    return _TEX_ANNOTATION.sub(
        lambda m: f'<annotation encoding="application/x-tex">{escaped}</annotation>', markup, count=1
    )


def tex_only(html: str, known: Sequence[tuple[str, str]] = ()) -> str:
    """*html* with every ``<span class="katex">…</span>`` replaced by its TeX annotation (still escaped).

    *known*: ``(markup, TeX)`` of the formulas in *html*, in document order (see :func:`known_formula`).
    """
    out: list[str] = []
    pos = 0
    for markup, tex in known:
        found = html.find(markup, pos)
        if found < 0 or html.find(KATEX_OPEN, pos, found) >= 0:
            break  # changed by another plugin, or a formula the extension did not list: scan the rest
        out.append(html[pos:found])
        out.append(tex)
        pos = found + len(markup)
    if html.find(KATEX_OPEN, pos) < 0:
        out.append(html[pos:])
        return "".join(out)
    for opening in _KATEX_OPEN.finditer(html, pos):
        if opening.start() < pos:
            continue
        depth, end = 0, None
        for tag in _SPAN_TAG.finditer(html, opening.start()):
            depth += 1 if tag.group(0) == "<span" else -1
            if depth == 0:
                end = tag.end()
                break
        if end is None:
            break
        annotation = _TEX_ANNOTATION.search(html, opening.start(), end)
        out.append(html[pos : opening.start()])
        out.append(annotation.group(1) if annotation else "")
        pos = end
    out.append(html[pos:])
    return "".join(out)

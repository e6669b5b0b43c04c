"""Pages as other plugins should read them: each formula as its TeX, not KaTeX's HTML+MathML.

Material's search indexes, and its blog times, every page by parsing its HTML. KaTeX's markup is about
15 times the bytes of the TeX it typesets, so both would spend most of a warm build on it, index each
formula's glyphs three times, and count them as words. They get this light copy instead; the page is
written with the full markup. The scan reads only markup KaTeX emitted for the plugin.
"""

from __future__ import annotations

import re

_KATEX_OPEN = re.compile(r'<span class="katex">')
_SPAN_TAG = re.compile(r"<span\b|</span>")
_TEX_ANNOTATION = re.compile(r'<annotation encoding="application/x-tex">(.*?)</annotation>', re.S)


def tex_only(html: str) -> str:
    """*html* with every ``<span class="katex">…</span>`` replaced by its TeX annotation (still escaped)."""
    out: list[str] = []
    pos = 0
    for opening in _KATEX_OPEN.finditer(html):
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

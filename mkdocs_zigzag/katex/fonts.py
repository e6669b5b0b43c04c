"""Which of KaTeX's fonts a page's math draws with, so the page can preload exactly those.

Without preloading, the browser discovers a font only when it lays out a formula that needs it, and the
late swap shifts the formulas a little (measured in ``benchmarks/RESULTS.md``). The class names below are
KaTeX's, from the ``font-family`` rules of ``katex.min.css``; the scan reads only ``class`` attributes.
"""

from __future__ import annotations

import re

_CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')

MAIN_FONT = "KaTeX_Main-Regular"
"""Every formula's base font."""

_FONT_BY_CLASS = {
    "mathnormal": "KaTeX_Math-Italic",
    "boldsymbol": "KaTeX_Math-BoldItalic",
    "mathit": "KaTeX_Main-Italic",
    "textit": "KaTeX_Main-Italic",
    "mathbf": "KaTeX_Main-Bold",
    "textbf": "KaTeX_Main-Bold",
    "amsrm": "KaTeX_AMS-Regular",
    "mathbb": "KaTeX_AMS-Regular",
    "textbb": "KaTeX_AMS-Regular",
    "mathcal": "KaTeX_Caligraphic-Regular",
    "mathfrak": "KaTeX_Fraktur-Regular",
    "textfrak": "KaTeX_Fraktur-Regular",
    "mathboldfrak": "KaTeX_Fraktur-Bold",
    "textboldfrak": "KaTeX_Fraktur-Bold",
    "mathtt": "KaTeX_Typewriter-Regular",
    "texttt": "KaTeX_Typewriter-Regular",
    "mathscr": "KaTeX_Script-Regular",
    "textscr": "KaTeX_Script-Regular",
    "mathsf": "KaTeX_SansSerif-Regular",
    "textsf": "KaTeX_SansSerif-Regular",
    "mathboldsf": "KaTeX_SansSerif-Bold",
    "textboldsf": "KaTeX_SansSerif-Bold",
    "mathitsf": "KaTeX_SansSerif-Italic",
    "mathsfit": "KaTeX_SansSerif-Italic",
    "textitsf": "KaTeX_SansSerif-Italic",
    # Stacked delimiters (.delimsizing.mult) draw their pieces from these two.
    "delim-size1": "KaTeX_Size1-Regular",
    "delim-size4": "KaTeX_Size4-Regular",
}
_SIZED_DELIMITER = {f"size{n}": f"KaTeX_Size{n}-Regular" for n in range(1, 5)}
_OPERATOR = {"small-op": "KaTeX_Size1-Regular", "large-op": "KaTeX_Size2-Regular"}


def fonts_in(html: str) -> list[str]:
    """Names (without ``.woff2``) of the KaTeX fonts the math in *html* uses, ``KaTeX_Main-Regular`` first."""
    fonts = {MAIN_FONT}
    for attribute in set(_CLASS_ATTRIBUTE.findall(html)):  # KaTeX repeats a few dozen class lists
        classes = attribute.split()
        for name in classes:
            font = _FONT_BY_CLASS.get(name)
            if font is not None:
                fonts.add(font)
        # "size1".."size4" also name font *sizes* (.sizing.size3): only a sized delimiter changes the font.
        if "delimsizing" in classes:
            fonts.update(_SIZED_DELIMITER[name] for name in classes if name in _SIZED_DELIMITER)
        if "op-symbol" in classes:
            fonts.update(_OPERATOR[name] for name in classes if name in _OPERATOR)
    return [MAIN_FONT, *sorted(fonts - {MAIN_FONT})]

"""Which KaTeX fonts a page preloads: read from the class names of the math KaTeX emitted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from katex_helpers import convert

from mkdocs_zigzag.katex.fonts import fonts_in

if TYPE_CHECKING:
    from mkdocs_zigzag.katex.renderer import MathRenderer


def test_plain_symbols_need_the_main_and_math_fonts(katex_renderer: MathRenderer) -> None:
    html, _, _ = convert(katex_renderer, "$x + 1$")
    assert fonts_in(html) == ["KaTeX_Main-Regular", "KaTeX_Math-Italic"]


def test_big_operators_delimiters_and_alphabets_map_to_their_fonts(katex_renderer: MathRenderer) -> None:
    html, _, _ = convert(
        katex_renderer,
        "$$\n\\sum_i \\left\\{\\begin{matrix}a\\\\b\\\\c\\\\d\\end{matrix}\\right."
        " \\mathbb{R} \\mathcal{L}\n$$\n"
        "\n$\\big( \\boldsymbol{w} \\mathbf{v} \\mathtt{t}$",
    )
    assert fonts_in(html) == [
        "KaTeX_Main-Regular",
        "KaTeX_AMS-Regular",
        "KaTeX_Caligraphic-Regular",
        "KaTeX_Main-Bold",
        "KaTeX_Math-BoldItalic",
        "KaTeX_Math-Italic",
        "KaTeX_Size1-Regular",
        "KaTeX_Size2-Regular",
        "KaTeX_Size4-Regular",
        "KaTeX_Typewriter-Regular",
    ]


def test_font_size_classes_are_not_delimiter_fonts() -> None:
    # .sizing.size3 changes the font size, not the font: only .delimsizing.sizeN does.
    html = '<span class="katex"><span class="sizing reset-size6 size3 mtight">x</span></span>'
    assert fonts_in(html) == ["KaTeX_Main-Regular"]

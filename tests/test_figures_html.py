"""The markup of a generated figure: a light and a dark ``<img>`` that Material's palette toggle swaps."""

from __future__ import annotations

from mkdocs_zigzag.figures.html import render_figure_html
from mkdocs_zigzag.images import ImageAttributes


def test_two_images_with_materials_palette_fragments() -> None:
    html = render_figure_html(
        "cell.light.svg",
        "cell.dark.svg",
        ImageAttributes(alt="神经元", title="神经元", width="640", height="400"),
    )
    assert html == (
        '<img src="cell.light.svg#only-light" alt="神经元" title="神经元" class="zigzag-figure" width="640" '
        'height="400" loading="lazy" decoding="async">'
        '<img src="cell.dark.svg#only-dark" alt="神经元" title="神经元" class="zigzag-figure" width="640" '
        'height="400" loading="lazy" decoding="async">'
    )


def test_values_are_escaped_and_absent_ones_omitted() -> None:
    html = render_figure_html(
        "a&b.light.svg",
        "a&b.dark.svg",
        ImageAttributes(alt='say "hi" <now>', classes=("x", "y")),
    )
    assert 'src="a&amp;b.light.svg#only-light"' in html
    assert 'alt="say &quot;hi&quot; &lt;now&gt;"' in html
    assert "title=" not in html and "width=" not in html and "height=" not in html
    assert 'class="zigzag-figure x y"' in html


def test_missing_alt_is_an_empty_alt_and_a_caption_makes_a_figure() -> None:
    html = render_figure_html(
        "l.svg", "d.svg", ImageAttributes(title="T", width="1", height="2"), caption="A <b>caption</b>"
    )
    assert html.startswith('<figure class="zigzag-figure"><img src="l.svg#only-light" alt="" title="T"')
    assert html.endswith("<figcaption>A &lt;b&gt;caption&lt;/b&gt;</figcaption></figure>")
    assert html.count("<img ") == 2

"""KaTeX on a page, without MkDocs: the TeX-only view search reads, and the <head> links."""

from __future__ import annotations

from mkdocs_zigzag.katex.page import TexView, link_katex

FORMULA = (
    '<span class="katex"><span class="katex-mathml"><math><semantics><mi>x</mi>'
    '<annotation encoding="application/x-tex">x &lt; 2</annotation></semantics></math></span>'
    '<span class="katex-html" aria-hidden="true"><span class="mord mathnormal">x</span></span></span>'
)
PAGE = f"<p>Where {FORMULA} holds.</p>"


def test_search_sees_the_tex_and_the_page_gets_its_markup_back() -> None:
    view = TexView()
    view.keep("a.md", [(FORMULA, "x &lt; 2")])
    assert view.hide("a.md", PAGE) == "<p>Where x &lt; 2 holds.</p>"
    assert view.restore("a.md") == PAGE
    assert view.restore("a.md") is None  # forgotten once put back


def test_a_page_without_math_is_neither_hidden_nor_restored() -> None:
    view = TexView()
    assert view.hide("b.md", "<p>Plain.</p>") is None
    assert view.hide("b.md", None) is None
    assert view.restore("b.md") is None


def test_the_read_time_view_scans_formulas_it_was_not_told_about() -> None:
    assert TexView().tex_only("c.md", PAGE) == "<p>Where x &lt; 2 holds.</p>"


def test_head_links_the_stylesheet_and_preloads_the_fonts_the_math_uses() -> None:
    page = f"<html><head><title>T</title></head><body>{PAGE}</body></html>"
    linked = link_katex(page, lambda path: f"../assets/katex/{path}")
    head = linked.split("</head>", 1)[0]
    assert head.endswith(
        "<title>T</title>"
        '<link rel="preload" href="../assets/katex/fonts/KaTeX_Main-Regular.woff2" as="font" '
        'type="font/woff2" crossorigin>\n'
        '<link rel="preload" href="../assets/katex/fonts/KaTeX_Math-Italic.woff2" as="font" '
        'type="font/woff2" crossorigin>\n'
        '<link rel="stylesheet" href="../assets/katex/katex.min.css">\n'
    )
    assert linked.count("</head>") == 1


def test_a_page_without_math_is_left_as_it_is() -> None:
    page = '<html><head></head><body><code>&lt;span class="katex"&gt;</code></body></html>'
    assert link_katex(page, lambda path: path) == page


def test_a_parked_page_holds_its_tex_until_put_back_and_keeps_it_once_written() -> None:
    view = TexView()
    view.keep("a.md", [(FORMULA, "x &lt; 2")])
    parked = view.park("a.md", PAGE)
    assert parked == "<p>Where x &lt; 2 holds.</p>"
    assert view.hide("a.md", parked) is None  # already the TeX-only view: search reads it as it is
    assert view.restore("a.md", parked) == PAGE
    assert view.written("a.md") == parked
    assert view.written("a.md") is None  # forgotten once written
    assert view.restore("a.md") is None


def test_a_page_without_math_is_not_parked() -> None:
    view = TexView()
    view.keep("b.md", [])
    assert view.park("b.md", "<p>Plain.</p>") is None
    assert view.restore("b.md", "<p>Plain.</p>") is None
    assert view.written("b.md") is None

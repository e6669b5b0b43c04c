"""The KaTeX Markdown extension on plain Markdown: every delimiter, authors' habits, what stays text."""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING

import pytest
from conftest import SEED_POST
from katex_helpers import convert, equation_tags, make_renderer, structure

from mkdocs_zigzag.katex.engine import KatexOptions

if TYPE_CHECKING:
    from mkdocs_zigzag.katex.renderer import MathRenderer


# (Markdown, number of .katex, of which .katex-display)
CASES: dict[str, tuple[str, int, int]] = {
    "dollar inline": ("Energy $E = mc^2$ here.", 1, 0),
    "dollar display block": ("$$\nE = mc^2\n$$", 1, 1),
    "dollar display one line": ("$$E = mc^2$$", 1, 1),
    "dollar display inside a paragraph": ("so $$a+b$$ and $c$.", 2, 1),
    "paren inline": (r"Energy \(E = mc^2\) here.", 1, 0),
    "bracket block": ("\\[\nE = mc^2\n\\]", 1, 1),
    "bracket inline": (r"so \[a+b\] too", 1, 1),
    "bare environment": ("\\begin{align}\na &= b \\\\\nc &= d\n\\end{align}", 1, 1),
    "cjk without spaces": ("中文$x_i$和$x_j$方向相反，$\\eta$是学习率", 3, 0),
    "rows and braces": ("$$\n\\left\\{\\begin{matrix}\na \\\\\nb\n\\end{matrix}\\right.\n$$", 1, 1),
    "markdown characters inside inline math": ("$a_1 * b_2 * c | d < e$ and $x_i^* \\{y\\}$", 2, 0),
    "ampersand and rows in display": (
        "$$\n\\begin{aligned} a &< b \\\\ c_1 &= d_2 * e_3 | f \\end{aligned}\n$$",
        1,
        1,
    ),
    "list items": ("- item $a_1$ and $b_2$\n- second $c^*$\n", 3, 0),
    "display in a list item": ("- item\n\n    $$\n    x_1\n    $$\n", 1, 1),
    "quote": ("> quote $\\frac{1}{2}$\n>\n> $$\n> y = x\n> $$\n", 2, 1),
    "table": ("| a | b |\n|---|---|\n| $x_{1}$ | $y^2$ |\n", 2, 0),
    "display glued to text": ("before\n$$\nx\n$$\nafter", 1, 1),
    "blank line inside display": ("$$\na\n\nb\n$$", 1, 1),
    "hexo math block (from the tag preprocessor)": ("text\n\n$$\n\\sum_i w_i\n$$\n\nmore", 1, 1),
    "currency": ("It costs $5 and $10.", 0, 0),
    "currency range": ("From $3-$4 per item.", 0, 0),
    "escaped dollars": ("Not math: \\$x\\$.", 0, 0),
    "inline code": ("Code `$x$` and `a $b$ c`.", 0, 0),
    "fenced code": ("```\n$y$ and $$z$$\n```", 0, 0),
    "raw script": ('<script>var a = "$z$", b = "$w$";</script>', 0, 0),
    "inline html attribute": ('Hover <abbr title="costs $x$ and $y$">it</abbr>, then $z$.', 1, 0),
    "autolink": ("<https://example.org/$a$/> and $b$", 1, 0),
    "less-than inside math is not a tag": ("$a <b> c$ and $x<y$", 2, 0),
    "raw style": ('<style>.a::before { content: "$q$"; }</style>', 0, 0),
    "displaylines": ("$$\n\\displaylines{a = b \\\\ c = d}\n$$", 1, 1),
    "unbraced command after subscript": ("$f_\\boldsymbol{w}(x)$ and $e^\\frac{a}{b}$", 2, 0),
    "tag": ("$$\nx = 1 \\tag{A}\n$$", 1, 1),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_each_delimiter_and_habit_gives_exact_structure(katex_renderer: MathRenderer, case: str) -> None:
    text, katex, display = CASES[case]
    html, diagnostics, _ = convert(katex_renderer, text)
    found = structure(html)
    assert (found.katex, found.display, found.errors) == (katex, display, 0), html
    assert diagnostics == []
    assert found.scripts == (1 if "<script>" in text else 0)


def test_what_stays_text_keeps_its_dollars(katex_renderer: MathRenderer) -> None:
    html, _, _ = convert(katex_renderer, "It costs $5 and $10, $3-$4, \\$x\\$ and `$y$`.")
    assert "$5 and $10, $3-$4, $x$ and <code>$y$</code>" in html
    html, _, _ = convert(katex_renderer, '<script>var a = "$z$";</script>')
    assert '<script>var a = "$z$";</script>' in html


def test_glued_display_splits_the_paragraph(katex_renderer: MathRenderer) -> None:
    html, _, _ = convert(katex_renderer, "before\n$$\nx\n$$\nafter")
    assert (
        re.sub(r'<div class="arithmatex">.*</div>', "MATH", html, flags=re.S)
        == "<p>before</p>\nMATH\n<p>after</p>"
    )


def test_the_tex_is_kept_in_the_mathml_annotation(katex_renderer: MathRenderer) -> None:
    html, _, _ = convert(katex_renderer, "$a < b \\& c$\n\n$$\n\\left\\{ x \\\\ y \\right.\n$$")
    assert structure(html).annotations == ["a < b \\& c", "\\left\\{ x \\\\ y \\right."]


def test_blank_line_inside_display_math_is_one_formula(katex_renderer: MathRenderer) -> None:
    html, _, _ = convert(katex_renderer, "$$\na\n\nb\n$$")
    assert structure(html).annotations == ["a\n\nb"]


def test_rewritten_constructs_render_as_mathjax_would(katex_renderer: MathRenderer) -> None:
    html, diagnostics, _ = convert(
        katex_renderer, "$$\n\\displaylines{a \\\\ b}\n$$\n\n$f_\\boldsymbol{w}$"
    )
    found = structure(html)
    assert (found.katex, found.display, found.errors, diagnostics) == (2, 1, 0, [])
    # KaTeX got the rewritten TeX (\\begin{gathered}, f_{\\boldsymbol{w}}); readers get the author's.
    assert found.annotations == ["\\displaylines{a \\\\ b}", "f_\\boldsymbol{w}"]


def test_label_numbers_the_equation_and_eqref_links_to_it(katex_renderer: MathRenderer) -> None:
    text = (
        "$$\nE = mc^2 \\label{eq:energy}\n$$\n\n$$\na = b \\label{eq:b}\n$$\n\n"
        "See $\\eqref{eq:b}$, $x = \\ref{eq:energy}$."
    )
    html, diagnostics, _ = convert(katex_renderer, text)
    found = structure(html)
    assert diagnostics == []
    assert found.ids == ["eq-eq:energy", "eq-eq:b"]
    assert found.links == ["#eq-eq:b"]
    assert '<a class="zigzag-eqref" href="#eq-eq:b">(2)</a>' in html
    assert equation_tags(html) == ["(1)", "(2)"]
    assert '<span class="mord text"><span class="mord">1</span></span>' in html  # \\ref{eq:energy}
    assert found.annotations == ["E = mc^2 \\label{eq:energy}", "a = b \\label{eq:b}", "x = \\ref{eq:energy}"]


def test_label_inside_an_environment_tags_that_row(katex_renderer: MathRenderer) -> None:
    text = (
        "\\begin{align}\na &= b \\label{first} \\\\\nc &= d \\tag{B}\n\\end{align}\n\nSee $\\eqref{first}$."
    )
    html, diagnostics, _ = convert(katex_renderer, text)
    assert diagnostics == []
    assert equation_tags(html) == ["(1)", "(B)"]
    assert (
        structure(html).annotations[0]
        == "\\begin{align}\na &= b \\label{first} \\\\\nc &= d \\tag{B}\n\\end{align}"
    )
    assert '<a class="zigzag-eqref" href="#eq-first">(1)</a>' in html


def test_eqref_to_a_missing_label_is_located(katex_renderer: MathRenderer) -> None:
    from mkdocs_zigzag.katex.extension import PageContext

    html, diagnostics, _ = convert(
        katex_renderer, "line one\n\nSee $\\eqref{nope}$.", page=PageContext("p.md", 4)
    )
    assert [d.format("docs/p.md") for d in diagnostics] == [
        "docs/p.md:7: \\eqref{nope} refers to no \\label{nope} on this page. "
        "Add \\label{nope} to the equation it means."
    ]
    assert '<a class="zigzag-eqref" href="#eq-nope">(???)</a>' in html


def test_site_macros_are_expanded(katex_renderer: MathRenderer) -> None:
    options = KatexOptions.build(macros={"\\RR": "\\mathbb{R}"})
    html, diagnostics, _ = convert(katex_renderer, "$x \\in \\RR$", options=options)
    assert diagnostics == []
    assert structure(html).katex == 1
    assert "mathbb" in html
    _, diagnostics, _ = convert(katex_renderer, "$x \\in \\RR$")
    assert len(diagnostics) == 1 and "Undefined control sequence: \\RR" in diagnostics[0].message


def test_heading_with_math_has_tex_in_the_toc(katex_renderer: MathRenderer) -> None:
    html, _, _extension = convert(katex_renderer, "# Sigmoid $\\sigma(z)$\n")
    assert structure(html).katex == 1
    assert 'id="sigmoid-sigmaz"' in html


def _seed_body() -> str:
    """The seed post's Markdown body (what MkDocs converts: the text after the front matter)."""
    return SEED_POST.read_text(encoding="utf-8").split("---\n", 2)[2]


def test_seed_post_has_17_inline_and_7_display_formulas(katex_renderer: MathRenderer) -> None:
    body = _seed_body()
    html, diagnostics, _ = convert(katex_renderer, body)
    found = structure(html)
    assert (found.katex, found.display, found.errors) == (24, 7, 0)
    assert diagnostics == []
    assert len(found.annotations) == 24
    for tex in found.annotations:
        assert tex in body
    assert any(tex.startswith("\\left\\{\\begin{matrix}") for tex in found.annotations)


def test_a_page_goes_to_katex_in_one_call(monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs_zigzag.katex.engine import KatexEngine

    batches: list[int] = []
    original = KatexEngine.render

    def counting(self: KatexEngine, formulas: list[object], options: KatexOptions) -> object:
        batches.append(len(formulas))
        return original(self, formulas, options)  # type: ignore[arg-type]

    monkeypatch.setattr(KatexEngine, "render", counting)
    math = make_renderer()
    try:
        html, _, _ = convert(math, _seed_body())
    finally:
        math.close()
    assert (
        batches == [len(set(structure(html).annotations))] == [18]
    )  # 24 formulas, 18 different ($w$, $\eta$… repeat)


def test_markdown_around_math_still_works(katex_renderer: MathRenderer) -> None:
    text = textwrap.dedent(
        """\
        **bold** and $a*b*c$ and *em*

        !!! note
            inside $x$
        """
    )
    html, _, _ = convert(katex_renderer, text)
    assert "<strong>bold</strong>" in html and "<em>em</em>" in html
    assert structure(html).katex == 2


def test_line_start_dollars_closing_inline_opened_display_math(katex_renderer: MathRenderer) -> None:
    text = "so $$a +\nb\n$$ and more\n\n$$\nc\n$$"
    html, diagnostics, _ = convert(katex_renderer, text)
    assert diagnostics == []
    assert structure(html).annotations == ["a +\nb\n", "c"]

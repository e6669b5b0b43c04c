"""MathJax-only TeX rewritten to what KaTeX accepts, and nothing else touched."""

from __future__ import annotations

import pytest

from mkdocs_zigzag.katex.tex import macro_definitions, rewrite_for_katex, unnumbered


@pytest.mark.parametrize(
    ("tex", "expected"),
    [
        ("f_\\boldsymbol{w}", "f_{\\boldsymbol{w}}"),
        ("f_ \\mathbf {w}^\\hat{y}", "f_{\\mathbf {w}}^{\\hat{y}}"),
        ("e^\\frac{a}{b} + 1", "e^{\\frac{a}{b}} + 1"),
        ("\\displaylines{a \\\\ b_\\vec{x}}", "\\begin{gathered}a \\\\ b_{\\vec{x}}\\end{gathered}"),
        ("\\displaylines {x}", "\\begin{gathered}x\\end{gathered}"),
        ("\\max_\\boldsymbol\\alpha f", "\\max_{\\boldsymbol\\alpha} f"),
        ("H_\\boldsymbol t", "H_{\\boldsymbol t}"),
        ("x^\\mathrm T", "x^{\\mathrm T}"),
        ("e^\\frac12", "e^{\\frac12}"),
        ("\\DeclareMathOperator*{\\argmax}{arg\\,max}", "\\def\\argmax{\\operatorname*{arg\\,max}}"),
        ("\\DeclareMathOperator\\sgn{sgn}", "\\def\\sgn{\\operatorname{sgn}}"),
        ("\\begin{eqnarray*}a&=&b\\end{eqnarray*}", "\\begin{darray}{rcl}a&=&b\\end{darray}"),
        ("\\require{cancel}\\cancel{x}", "\\cancel{x}"),
    ],
)
def test_mathjax_habits_are_rewritten(tex: str, expected: str) -> None:
    assert rewrite_for_katex(tex) == expected


@pytest.mark.parametrize(
    "tex",
    ["x_\\alpha + y^\\prime", "a_{\\bf x}", "\\_ \\^{} \\\\_", "x_i^2", "\\displaylines", "f_\\boldsymbol{w"],
)
def test_valid_katex_is_left_alone(tex: str) -> None:
    assert rewrite_for_katex(tex) == tex


def test_definitions_are_found_with_their_names() -> None:
    tex = (
        "\\newcommand{\\b}{\\boldsymbol} \\newcommand\\R[1][x]{\\mathbb{R}^{#1}} \\def\\foo#1{#1^2} "
        "\\renewcommand{\\vec}{\\mathbf} \\let\\a=\\b x"
    )
    assert [(d.name, d.text, d.new) for d in macro_definitions(tex)] == [
        ("\\b", "\\newcommand{\\b}{\\boldsymbol}", True),
        ("\\R", "\\newcommand\\R[1][x]{\\mathbb{R}^{#1}}", True),
        ("\\foo", "\\def\\foo#1{#1^2}", False),
        ("\\vec", "\\renewcommand{\\vec}{\\mathbf}", False),
        ("\\a", "\\let\\a=\\b", False),
    ]


def test_unnumbered_stars_the_numbered_environments_only() -> None:
    tex = "\\begin{align}a\\end{align} \\begin{gather*}b\\end{gather*} \\begin{aligned}c\\end{aligned}"
    expected = "\\begin{align*}a\\end{align*} \\begin{gather*}b\\end{gather*} \\begin{aligned}c\\end{aligned}"
    assert unnumbered(tex) == expected


@pytest.mark.parametrize(
    "tex",
    [
        r"\sigma(z) = \frac{1}{1+e^{-z}}",
        r"w_i \leftarrow w_i - \eta \frac{\partial L}{\partial w_i}",
        r"\max_\boldsymbol\alpha f",
        r"H_ \boldsymbol t",
        r"x^\mathrm T y",
        r"\displaylines{a \\ b}",
        r"\DeclareMathOperator{\tr}{tr} \tr A",
        r"\_\alpha",
        r"a_{\mathbf{x}} + b^{\top}",
        r"\lambda_{\max}/\lambda_{\min}",
    ],
)
def test_the_quick_check_never_skips_a_rewrite(tex: str) -> None:
    """rewrite_for_katex skips the character walk when no construct it rewrites can be there: the result is
    always the walk's."""
    from mkdocs_zigzag.katex.tex import _rewrite_commands

    assert rewrite_for_katex(tex) == _rewrite_commands(tex)


def test_unnumbered_skips_only_formulas_the_pattern_cannot_touch() -> None:
    """The substring check before the substitution never changes a result (spaces before the brace too)."""
    from mkdocs_zigzag.katex import tex as tex_module

    def by_pattern(tex: str) -> str:
        return tex_module._NUMBERED_ENVIRONMENT.sub(lambda m: f"\\{m.group(1)}{{{m.group(2)}*}}", tex)

    for formula in (
        r"\begin{equation} x \end{equation}",
        r"\begin  {align} a &= b \end {align}",
        r"\begin{alignat}{2} x \end{alignat}",
        r"\begin{gather} y \end{gather}",
        r"\begin{equation*} z \end{equation*}",
        r"\begin{pmatrix} 1 \end{pmatrix}",
        r"\frac{a}{b} + \sum_i x_i",
        r"\text{an equation is {equation}}",
    ):
        assert unnumbered(formula) == by_pattern(formula), formula
    assert unnumbered(r"\begin  {align} a \end {align}") == r"\begin{align*} a \end{align*}"


def test_macro_definitions_skips_only_formulas_that_define_nothing() -> None:
    """The substring check before the pattern never changes a result."""
    from mkdocs_zigzag.katex import tex as tex_module

    for formula in (
        r"\newcommand{\R}{\mathbb{R}} x",
        r"\renewcommand\b[1]{#1}",
        r"\providecommand*{\c}{c}",
        r"\gdef\d{d} \edef\e{e} \xdef\f{f} \def\g#1{#1}",
        r"\DeclareMathOperator*{\argmax}{arg\,max}",
        r"\let\phi\varphi",
        r"\left( \frac{a}{b} \right)",
        r"\sigma(z) = \frac{1}{1+e^{-z}}",
        r"\text{let us define a command}",
    ):
        by_pattern = bool(tex_module._DEFINING.search(formula))
        assert bool(macro_definitions(formula)) == by_pattern, formula
    assert macro_definitions(r"\sum_i w_i x_i") == []

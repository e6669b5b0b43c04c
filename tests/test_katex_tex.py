"""MathJax-only TeX rewritten to what KaTeX accepts, and nothing else touched."""

from __future__ import annotations

import pytest

from mkdocs_zigzag.katex.tex import rewrite_for_katex


@pytest.mark.parametrize(
    ("tex", "expected"),
    [
        ("f_\\boldsymbol{w}", "f_{\\boldsymbol{w}}"),
        ("f_ \\mathbf {w}^\\hat{y}", "f_{\\mathbf {w}}^{\\hat{y}}"),
        ("e^\\frac{a}{b} + 1", "e^{\\frac{a}{b}} + 1"),
        ("\\displaylines{a \\\\ b_\\vec{x}}", "\\begin{gathered}a \\\\ b_{\\vec{x}}\\end{gathered}"),
        ("\\displaylines {x}", "\\begin{gathered}x\\end{gathered}"),
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

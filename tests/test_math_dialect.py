r"""Math as the blog's renderer read it: hexo-math tags, marked + MathJax escapes, raw HTML, page macros,
MathJax habits, equation numbering, and no formula lost in silence (issue 12).

Every fixture is a small synthetic post; each asserts the exact number of ``.katex``, ``.katex-display`` and
``.katex-error`` and the exact warnings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import markdown
import pytest
from conftest import write_site
from katex_helpers import EXTENSIONS, convert, equation_tags, structure
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from mkdocs_zigzag.hexo.extension import HexoTagExtension
from mkdocs_zigzag.hexo.render import PageContext as TagPage
from mkdocs_zigzag.katex.dialect import MARKED_MATHJAX, MATH_FIRST, marked_unescape, resolve_dialect
from mkdocs_zigzag.katex.engine import Formula, KatexOptions
from mkdocs_zigzag.katex.extension import KatexExtension, PageContext, arithmatex_conflict
from mkdocs_zigzag.katex.light import tex_only
from mkdocs_zigzag.katex.renderer import MathRenderer
from mkdocs_zigzag.katex.tex import PageMacros

if TYPE_CHECKING:
    from pathlib import Path

    from mkdocs_zigzag.diagnostics import Diagnostic

MATHJAX = {"mathjax": True}
"""Front matter of a post written for MathJax behind marked (NexT, Butterfly, Fluid with MathJax)."""


def run(
    renderer: MathRenderer,
    text: str,
    meta: dict[str, Any] | None = None,
    *,
    dialect: str = "auto",
    numbering: str = "auto",
) -> tuple[tuple[int, int, int], list[str], str]:
    """``((katex, display, errors), warnings as logged, html)`` of *text* as the post ``p.md``."""
    page = PageContext("p.md", 0, meta)
    html, diagnostics, _ = convert(renderer, text, page=page, dialect=dialect, numbering=numbering)
    found = structure(html)
    return (found.katex, found.display, found.errors), [d.format("p.md") for d in diagnostics], html


def run_with_tags(
    renderer: MathRenderer,
    text: str,
    meta: dict[str, Any] | None = None,
    *,
    tag_options: dict[str, Any] | None = None,
) -> tuple[Any, ...]:
    """Like :func:`run`, with the Hexo tag extension in front (as the plugin registers it); *tag_options*:
    hexo-math's site-wide options."""
    reported: list[Diagnostic] = []
    tags = HexoTagExtension(
        lambda src, url: TagPage(src_uri=src, assets={}, math_tag_options=tag_options or {}),
        lambda _s, d: reported.extend(d),
    )
    tags.set_page("p.md", "p/")
    math = KatexExtension(renderer, KatexOptions())
    math.set_page(PageContext("p.md", 0, meta))
    html = markdown.Markdown(extensions=[tags, math, *EXTENSIONS]).convert(text)
    found = structure(html)
    warnings = [d.format("p.md") for d in [*reported, *math.diagnostics]]
    return (found.katex, found.display, found.errors), warnings, found.annotations


# --- 1. hexo-math tags: inline unless their options say display ----------------------------------------


def test_hexo_math_tags_in_running_text_are_inline(katex_renderer: MathRenderer) -> None:
    text = (
        "The loss {% mathjax %}L = -\\log h_i{% endmathjax %} falls, "
        "and {% katex %}x^2{% endkatex %} too.\n\n"
        "{% mathjax %}\n\\sum_i w_i\n{% endmathjax %}\n\n"
        "Old style {% math %}a+b{% endmath %}."
    )
    counts, warnings, annotations = run_with_tags(katex_renderer, text)
    assert (counts, warnings) == ((4, 0, 0), [])
    assert annotations == ["L = -\\log h_i", "x^2", "\\sum_i w_i", "a+b"]


def test_hexo_math_options_and_old_arguments_make_display(katex_renderer: MathRenderer) -> None:
    text = (
        '{% mathjax \'{"conversion":{"display":true}}\' %}\na = b\n{% endmathjax %}\n\n'
        "Inline {% katex '{\"displayMode\":true}' %}c{% endkatex %} in a sentence.\n\n"
        "{% math %}\nd \\\\\ne\n{% endmath %}\n\n"
        "{% math display %}f{% endmath %} and {% math inline %}\ng\nh\n{% endmath %}\n"
    )
    counts, warnings, _ = run_with_tags(katex_renderer, text)
    assert (counts, warnings) == ((5, 4, 0), [])


def test_hexo_math_tag_in_a_marked_post_is_not_unescaped(katex_renderer: MathRenderer) -> None:
    # The tag ran before marked: `\\` stays a TeX line break even in a marked-mathjax post.
    text = "{% katex '{\"displayMode\":true}' %}\n\\begin{matrix}a \\\\ b\\end{matrix}\n{% endkatex %}\n"
    counts, warnings, annotations = run_with_tags(katex_renderer, text, MATHJAX)
    assert (counts, warnings) == ((1, 1, 0), [])
    assert annotations == ["\\begin{matrix}a \\\\ b\\end{matrix}"]


# --- 3. the dialect: marked + MathJax -------------------------------------------------------------


def test_dialect_comes_from_front_matter_or_the_site() -> None:
    assert resolve_dialect("auto", {"mathjax": True}) == MARKED_MATHJAX
    assert resolve_dialect("auto", {"math": True}) == MATH_FIRST
    assert resolve_dialect("auto", None) == MATH_FIRST
    assert resolve_dialect("marked-mathjax", {"math": True}) == MARKED_MATHJAX
    assert resolve_dialect("marked-mathjax", {"math_dialect": "math-first"}) == MATH_FIRST


def test_marked_escapes_apply_before_mathjax() -> None:
    assert marked_unescape("\\\\\\\\ \\_ \\| \\{x\\} \\alpha") == "\\\\ _ | {x} \\alpha"


MARKED_CASES: dict[str, tuple[str, tuple[int, int, int], list[str]]] = {
    "escaped parentheses are inline math": ("a \\\\(x_1\\\\) b \\\\(y\\\\).", (2, 0, 0), ["x_1", "y"]),
    "escaped brackets are display math": ("so \\\\[ a \\\\\\\\ b \\\\]", (1, 1, 0), ["a \\\\ b"]),
    "escaped brackets on their own lines": ("\\\\[\nx \\\\\\\\\ny\n\\\\]", (1, 1, 0), ["x \\\\\ny"]),
    "single escaped brackets are text": ("in \\[0,1\\] and \\(a\\)", (0, 0, 0), []),
    "marked escapes inside dollars": ("$a\\_1 + \\{b\\} \\| c$", (1, 0, 0), ["a_1 + {b} | c"]),
    "escaped rows in display": (
        "$$\n\\begin{aligned}a&=1\\\\\\\\b&=2\\end{aligned}\n$$",
        (1, 1, 0),
        ["\\begin{aligned}a&=1\\\\b&=2\\end{aligned}"],
    ),
    "spaces inside the dollars": (
        "$ R^2 $ and $L = -\\log h_i $ and $ x $",
        (3, 0, 0),
        ["R^2", "L = -\\log h_i", "x"],
    ),
    "spaces inside the dollars in Chinese text": ("中文$ R^2 $和$ \\eta $是", (2, 0, 0), ["R^2", "\\eta"]),
    "prices stay text": ("costs $5 and $10, $3-$4, $12 Million, $ 5 off", (0, 0, 0), []),
    "shell variables stay text": ("set $HOME and $PATH_X or $USER", (0, 0, 0), []),
}


@pytest.mark.parametrize("case", list(MARKED_CASES), ids=list(MARKED_CASES))
def test_marked_mathjax_dialect(katex_renderer: MathRenderer, case: str) -> None:
    text, counts, annotations = MARKED_CASES[case]
    found, warnings, html = run(katex_renderer, text, MATHJAX)
    assert (found, warnings) == (counts, []), html
    assert structure(html).annotations == annotations


def test_site_option_sets_the_dialect_for_posts_without_front_matter(katex_renderer: MathRenderer) -> None:
    found, warnings, _ = run(katex_renderer, "a \\\\(x\\\\) b", None, dialect="marked-mathjax")
    assert (found, warnings) == ((1, 0, 0), [])


@pytest.mark.parametrize("dialect", ["auto", "math-first", "marked-mathjax"])
def test_prices_are_text_in_every_dialect(katex_renderer: MathRenderer, dialect: str) -> None:
    found, warnings, _ = run(
        katex_renderer, "It costs $5 and $10, $3-$4, $12 Million.", None, dialect=dialect
    )
    assert (found, warnings) == ((0, 0, 0), [])


def test_math_first_post_keeps_its_rules(katex_renderer: MathRenderer) -> None:
    # Written for a reads-math-first renderer (the seed post's kind): `\[…\]` is display math, `\_` is TeX.
    found, warnings, html = run(katex_renderer, "\\[a\\_b\\] and $x$", {"math": True})
    assert (found, warnings) == ((2, 1, 0), [])
    assert structure(html).annotations == ["a\\_b", "x"]


# --- 2. math inside raw HTML blocks ---------------------------------------------------------------

RAW_HTML = (
    '<div style="display:flex">\n<div>$$\\frac{1}{2}$$</div>\n'
    "<div>and $x_1$ and \\(y &lt; z\\)</div>\n</div>\n\n"
    "<center>$$a^2$$</center>\n\n"
    '<p align="center">$b$</p>\n\n'
    "<table><tr><td>$c_1$</td><td>$5 and $10</td></tr></table>\n\n"
    '<div title="$t$">\n<code>$q$</code> <pre>$$p$$</pre> <textarea>$w$</textarea>\n'
    "<script>var s = '$r$';</script><style>.a::before{content:'$s$'}</style>\n</div>\n"
)


def test_math_in_raw_html_is_typeset_but_not_in_code_scripts_or_attributes(
    katex_renderer: MathRenderer,
) -> None:
    found, warnings, html = run(katex_renderer, RAW_HTML)
    assert (found, warnings) == ((6, 2, 0), [])
    assert structure(html).annotations == ["\\frac{1}{2}", "x_1", "y < z", "a^2", "b", "c_1"]
    for kept in (
        'title="$t$"',
        "<code>$q$</code>",
        "<pre>$$p$$</pre>",
        "<textarea>$w$</textarea>",
        "'$r$'",
        "'$s$'",
    ):
        assert kept in html


def test_hexo_tag_inside_raw_html_is_typeset(katex_renderer: MathRenderer) -> None:
    text = '<div align="center">\n{% mathjax %}\nE = mc^2\n{% endmathjax %}\n</div>\n'
    counts, warnings, annotations = run_with_tags(katex_renderer, text)
    assert (counts, warnings, annotations) == ((1, 0, 0), [], ["E = mc^2"])


# --- Markdown's block rules never split a formula or make it code ----------------------------------------

BLOCKS = {
    "ordered item, three spaces": "1. Item:\n\n   $$\n   x^2\n   $$\n\n2. Next\n",
    "bullet item, blank line inside": "- item\n\n    $$\n    a\n\n    b\n    $$\n",
    "bullet item, two spaces, blank line inside": "- item\n\n  $$\n  a\n\n  b\n  $$\n- next\n",
    "nested item": "- a\n  - b\n\n    $$\n    x\n    $$\n",
    "quote, blank line inside": "> $$\n> a\n>\n> b\n> $$\n",
    "quote, lazy lines": "> $$\na = b\n$$\n",
    "item, lazy lines": "- item $$\na = b\n$$\n- next",
    "environment with a blank line in an item": (
        "* a\n\n    $$\n    \\begin{aligned}\n    x\n\n    y\n    \\end{aligned}\n    $$\n"
    ),
}


@pytest.mark.parametrize("case", list(BLOCKS), ids=list(BLOCKS))
def test_display_math_survives_lists_quotes_and_blank_lines(katex_renderer: MathRenderer, case: str) -> None:
    found, warnings, html = run(katex_renderer, BLOCKS[case])
    assert (found, warnings) == ((1, 1, 0), []), html
    assert "<code>" not in html and "zigzag-blank" not in html


def test_a_stray_double_dollar_never_glues_paragraphs(katex_renderer: MathRenderer) -> None:
    text = "Price $$ x\n\nSecond paragraph.\n\n$$\ny\n$$\n"
    found, warnings, html = run(katex_renderer, text)
    assert found == (1, 1, 0)
    assert html.count("<p>") == 2
    assert warnings == [f'p.md:1: {LOOKS} "$$ x". {NO_CLOSE}']


# --- 4. page-scoped definitions ----------------------------------------------------------------------------


def test_definitions_stay_for_the_later_formulas_of_the_page(katex_renderer: MathRenderer) -> None:
    text = (
        "$$\\newcommand{\\b}{\\boldsymbol}\\DeclareMathOperator*{\\argmax}{arg\\,max}$$\n\n"
        "Then $\\b x$, $\\argmax_i f$, $\\def\\half{\\frac12}\\half$ and $\\half + \\b y$."
    )
    found, warnings, _ = run(katex_renderer, text)
    assert (found, warnings) == ((5, 1, 0), [])


def test_definitions_repeated_or_redefined_as_mathjax_allows(katex_renderer: MathRenderer) -> None:
    text = (
        "$$\\newcommand{\\b}{\\mathbf}$$\n\nThen $\\b x$.\n\n$$\\newcommand{\\b}{\\boldsymbol}\\b y$$\n\n"
        "And $\\b z$, $\\renewcommand{\\b}{\\mathrm}\\b t$, $\\newcommand{\\b}{\\mathit}\\b u$ and $\\b v$."
    )
    found, warnings, html = run(katex_renderer, text)
    assert (found, warnings) == ((7, 2, 0), [])
    # \b z is bold italic (\boldsymbol, the second definition), \b v italic (\mathit, the last one).
    assert html.count('class="mord boldsymbol"') == 2
    macros = PageMacros()
    macros.add("\\newcommand{\\b}{X}")
    macros.add("\\newcommand{\\b}{Y}")
    assert macros.preamble_for("\\b") == "\\newcommand{\\b}{X}\x00\\renewcommand{\\b}{Y}"
    assert macros.preamble_for("\\newcommand{\\b}{Z}\\b") == ""


def test_definitions_never_leak_to_another_page(katex_renderer: MathRenderer) -> None:
    run(katex_renderer, "$$\\newcommand{\\vv}{\\vec v}$$ and $\\vv$")
    found, warnings, _ = run(katex_renderer, "Then $\\vv$.")
    assert found == (0, 0, 1)
    assert warnings == [
        "p.md:1: KaTeX cannot typeset $\\vv$: KaTeX parse error: Undefined control sequence: \\vv at "
        "position "
        "1: \\̲v̲v̲ — Define \\vv in katex_macros in mkdocs.yml, or with \\newcommand in a formula earlier on "
        "this page; or fix its spelling."
    ]


def test_a_formula_is_typeset_again_when_a_page_macro_changes() -> None:
    calls: list[list[Formula]] = []

    class Engine:
        def render(self, formulas: list[Formula], options: KatexOptions) -> list[Any]:
            from mkdocs_zigzag.katex.engine import Rendered

            calls.append(list(formulas))
            return [Rendered(html=f"<b>{f.tex}|{f.preamble}</b>") for f in formulas]

    renderer = MathRenderer("0", lambda: Engine())  # type: ignore[arg-type, return-value]
    options = KatexOptions()
    first = [
        Formula("\\newcommand{\\b}{\\mathbf}", True),
        Formula("\\b x", False, "\\newcommand{\\b}{\\mathbf}"),
    ]
    renderer.render_page(first, options)
    renderer.render_page(first, options)
    changed = [Formula("\\newcommand{\\b}{\\bm}", True), Formula("\\b x", False, "\\newcommand{\\b}{\\bm}")]
    result = renderer.render_page(changed, options)
    assert [len(c) for c in calls] == [2, 2]
    assert result[1].html == "<b>\\b x|\\newcommand{\\b}{\\bm}</b>"


def test_readers_get_the_tex_the_author_wrote(katex_renderer: MathRenderer) -> None:
    """The MathML annotation (screen readers, copy-paste) and the TeX-only view search indexes show each
    formula as written: no earlier definitions, no rewriting for KaTeX, also when the cache answers."""
    written = [
        "\\newcommand{\\b}[1]{\\boldsymbol{#1}}\\def\\half{\\frac12}\\DeclareMathOperator{\\sgn}{sgn}",
        "\\b x + \\half",
        "\\sgn y < 'z'",
        "\\max_\\boldsymbol\\alpha",
        "\\max_{\\boldsymbol\\alpha}",
        "\\begin{equation}a\\label{e}\\end{equation}",
    ]
    text = (
        f"$${written[0]}$$\n\nThen ${written[1]}$ and ${written[2]}$, ${written[3]}$ and ${written[4]}$.\n\n"
        f"{written[5]}\n"
    )
    page = PageContext("p.md", 0, None)
    for _ in range(2):  # the second conversion is answered by the cache
        html, diagnostics, extension = convert(katex_renderer, text, page=page)
        found = structure(html)
        assert (found.katex, found.display, found.errors, diagnostics) == (6, 2, 0, [])
        assert found.annotations == written
        view = tex_only(html, extension.typeset_formulas)
        assert "<annotation" not in view
        assert view.count("\\newcommand") == 1
        assert "\\sgn y &lt; &#x27;z&#x27;" in view
        assert "\\label{e}" in view
        assert "\\tag{1}" not in view


# --- 5. MathJax habits ----------------------------------------------------------------------------


def test_unbraced_command_arguments_after_sub_and_superscripts(katex_renderer: MathRenderer) -> None:
    text = "$\\max_\\boldsymbol\\alpha f$, $H_\\boldsymbol t$, $x^\\mathrm T$, $e^\\frac12$, $W_\\mathbf{x}$"
    found, warnings, _ = run(katex_renderer, text)
    assert (found, warnings) == ((5, 0, 0), [])


def test_eqnarray_and_require_are_rewritten(katex_renderer: MathRenderer) -> None:
    text = "$$\n\\begin{eqnarray}a &=& \\frac12 \\\\ b &<& c\\end{eqnarray}\n$$\n\n"
    text += "$\\require{cancel}\\cancel{x}$"
    found, warnings, _ = run(katex_renderer, text)
    assert (found, warnings) == ((2, 1, 0), [])


# --- 6. equation numbering ------------------------------------------------------------------------

NUMBERED = (
    "$$\n\\begin{equation}a = 1\\end{equation}\n$$\n\n"
    "$$\n\\begin{align}b &= 2 \\\\ c &= 3\\end{align}\n$$\n\n"
    "$$\n\\begin{equation}d\\tag{T}\\end{equation}\n$$\n\n"
    "$$\n\\begin{equation}e\\label{e}\\end{equation}\n$$ see $\\eqref{e}$\n"
)


@pytest.mark.parametrize(
    ("numbering", "meta", "automatic"),
    [
        ("ams", None, 3),  # KaTeX numbers the equation and both align rows
        ("none", None, 0),  # MathJax's default: no automatic numbers
        ("auto", MATHJAX, 0),
        ("auto", None, 3),
    ],
)
def test_equation_numbering_keeps_tags_and_labels(
    katex_renderer: MathRenderer, numbering: str, meta: dict[str, Any] | None, automatic: int
) -> None:
    found, warnings, html = run(katex_renderer, NUMBERED, meta, numbering=numbering)
    assert (found, warnings) == ((4, 4, 0), [])
    assert html.count('class="eqn-num"') == automatic
    # \\tag{T} is kept and \\label{e} numbered (1) in every case; the annotations keep the author's TeX.
    assert equation_tags(html)[-2:] == ["(T)", "(1)"]
    assert structure(html).annotations[3] == "\\begin{equation}e\\label{e}\\end{equation}"
    assert '<a class="zigzag-eqref" href="#eq-e">(1)</a>' in html


# --- 8. no formula lost in silence ----------------------------------------------------------------

NO_CLOSE = (
    "No closing $$ was found where Markdown kept the formula together: close it, keep it in one paragraph "
    "(or one list item), or write \\$\\$ if the dollars are text."
)
SPACES = (
    "In the math-first dialect no space may touch the inside of the dollars: write $x$, or, if the blog "
    "used MathJax, add 'mathjax: true' to the front matter (or set katex_dialect: marked-mathjax). Write \\$ "
    "for a dollar that is text."
)
FOR_MARKED = (
    "If this post was written for MathJax behind marked (\\\\( … \\\\) in the source), add 'mathjax: true' "
    "to its front matter or set katex_dialect: marked-mathjax; otherwise check that the formula is closed."
)
LOOKS = "looks like a formula but was not typeset:"

LEFTOVERS: dict[str, tuple[str, list[str]]] = {
    "unterminated display": ("Intro.\n\n$$\nx = 1\n", [f'p.md:3: {LOOKS} "$$". {NO_CLOSE}']),
    "spaces in a math-first post": (
        "a\n\nThe fit $ R^2 $ is good.",
        [f'p.md:3: {LOOKS} "$ R^2 $ is good.". {SPACES}'],
    ),
    "marked escapes in a math-first post": (
        "So \\\\(x_1\\\\) is small.",
        [f'p.md:1: {LOOKS} "\\(x_1\\) is small.". {FOR_MARKED}'],
    ),
    "unterminated, escaped characters as written": (
        "Sum $$ a \\_ b \\$\n",
        [f'p.md:1: {LOOKS} "$$ a _ b $". {NO_CLOSE}'],
    ),
    "hexo math tag as text": (
        "See {% mathjax %}x{% endmathjax %}.",
        [
            f'p.md:1: {LOOKS} "{{% mathjax %}}x{{% endmathjax %}}.". Hexo\'s math tags are read when '
            "hexo_tags is on (the default); close the tag with its {% end… %} tag, or put it inside "
            "{% raw %} if it is text."
        ],
    ),
    "spaces in Chinese text of a math-first post": (
        "拟合$ R^2 $很好",
        [f'p.md:1: {LOOKS} "$ R^2 $很好". {SPACES}'],
    ),
    "unterminated display in raw html": (
        "<div>\n$$ a + b\n</div>\n",
        [f'p.md:2: {LOOKS} "$$ a + b". {NO_CLOSE}'],
    ),
}

QUIET = {
    "prices": "It costs $5 and $10, or $3-$4; raised $12 Million.",
    "shell": "Run `echo $HOME` or set $HOME and $PATH in your shell.",
    "escaped": "Not math: \\$x^2\\$ and \\$\\$.",
    "code": "```\n$$\n\\(x\\)\n```\n\n    $$ indented code $$",
    "typeset": "$x^2$ and $$y$$ and \\(z\\)",
}


@pytest.mark.parametrize("case", list(LEFTOVERS), ids=list(LEFTOVERS))
def test_math_left_as_text_is_reported_where_it_is(katex_renderer: MathRenderer, case: str) -> None:
    text, expected = LEFTOVERS[case]
    found, warnings, _ = run(katex_renderer, text)
    assert found == (0, 0, 0)
    assert warnings == expected


@pytest.mark.parametrize("case", list(QUIET), ids=list(QUIET))
def test_ordinary_prose_gives_no_false_alarm(katex_renderer: MathRenderer, case: str) -> None:
    _, warnings, _ = run(katex_renderer, QUIET[case])
    assert warnings == []


# --- 7. pymdownx.arithmatex in the same mkdocs.yml ---------------------------------------------------

ARITHMATEX = (
    "markdown_extensions has 'pymdownx.arithmatex' and the zigzag plugin typesets math too: arithmatex would "
    "leave the formulas as raw TeX for a MathJax/KaTeX script in the browser. Remove 'pymdownx.arithmatex' "
    "from markdown_extensions in mkdocs.yml (and the MathJax or KaTeX files from extra_javascript): zigzag "
    "typesets every formula at build time with KaTeX."
)


def test_arithmatex_beside_the_plugin_is_named_with_the_fix() -> None:
    from pymdownx.arithmatex import ArithmatexExtension

    assert arithmatex_conflict(["toc", "pymdownx.arithmatex"]) == ARITHMATEX
    assert arithmatex_conflict(["pymdownx.arithmatex:ArithmatexExtension"]) == ARITHMATEX
    assert arithmatex_conflict([ArithmatexExtension()]) == ARITHMATEX
    assert arithmatex_conflict(["toc", "pymdownx.superfences", "tables"]) is None


def test_a_site_with_arithmatex_stops_at_config_time(tmp_path: Path) -> None:
    config = {"markdown_extensions": [{"pymdownx.arithmatex": {"generic": True}}]}
    write_site(tmp_path, {"docs/index.md": "$x$\n"}, config)
    loaded = load_config(str(tmp_path / "mkdocs.yml"))
    with pytest.raises(PluginError) as raised:
        loaded.plugins.on_config(loaded)
    assert str(raised.value) == ARITHMATEX


# --- the plugin: front matter reaches the extension ---------------------------------------------------


@pytest.mark.slow
def test_each_page_is_read_in_its_own_dialect_and_keeps_its_own_macros(build_site: Any) -> None:
    marked = "---\ntitle: M\nmathjax: true\n---\n\n$$\\newcommand{\\w}{\\omega}$$\n\n"
    marked += "So \\\\(\\w_1\\\\) and $ R^2 $.\n"
    plain = "---\ntitle: P\nmath: true\n---\n\n# P\n\nSo \\\\(x\\\\) here,\n\nand $\\w$.\n"
    site = build_site(
        {"docs/index.md": "# Home\n", "docs/m.md": marked, "docs/p.md": plain},
        expect_warnings=[
            f'docs/p.md:8: {LOOKS} "\\(x\\) here,". {FOR_MARKED}',
            "docs/p.md:10: KaTeX cannot typeset $\\w$: KaTeX parse error: Undefined control sequence: \\w",
        ],
    )
    found = structure(site.read("m/index.html"))
    assert (found.katex, found.display, found.errors) == (3, 1, 0)
    found = structure(site.read("p/index.html"))
    assert (found.katex, found.display, found.errors) == (0, 0, 1)


def test_the_blank_line_pass_skips_only_lines_that_cannot_open_display_math() -> None:
    """Its per-line shortcut never changes a result: compared with the rule applied to every line (the
    pass as first written), over lines mixing delimiters, environments, code spans and blank lines."""
    import random

    from mkdocs_zigzag.katex import extension as math

    def every_line(lines: list[str]) -> list[str]:
        closing: str | None = None
        indent, pending, out, opened = "", [], list(lines), 0
        for number, line in enumerate(lines):
            if closing is not None and number - opened > math._MAX_MATH_LINES:
                closing = None
            text = math._CODE_SPAN_RE.sub("", line) if "`" in line else line
            if closing is None:
                env = math._ENV_OPEN_RE.match(text)
                bare = text.strip(" \t>")
                at_an_end = bare.startswith("$$") or bare.endswith("$$")
                if len(math._DOLLAR_CLOSE_RE.findall(text)) % 2 and at_an_end:
                    closing = "$$"
                elif env and "\\end{" + env.group(1) + "}" not in text:
                    closing = "\\end{" + env.group(1) + "}"
                else:
                    continue
                indent, pending, opened = line[: len(line) - len(line.lstrip(" "))], [], number
            elif not line.strip():
                pending.append(number)
            elif math._DOLLAR_CLOSE_RE.search(text) if closing == "$$" else closing in text:
                for blank in pending:
                    out[blank] = indent + math._BLANK_IN_MATH
                closing = None
        return out

    pieces = ["$$", "  $$", "> $$", "x", "\\alpha", "\\begin{aligned}", "\\end{aligned}", "\\be`c`gin{align}",
              "`$$`", "\\$$", "", "   ", "a $$", "\\begin{cases} x \\end{cases}", "\\\\", "text"]
    chooser = random.Random(12)
    preprocessor = math._BlankLinesInMathPreprocessor(markdown.Markdown())
    joined = 0
    for _ in range(3000):
        lines = [
            " ".join(chooser.choices(pieces, k=chooser.randint(1, 2))).rstrip(" ") if chooser.random() < 0.8
            else ""
            for _ in range(chooser.randint(1, 12))
        ]
        expected = every_line(lines)
        assert preprocessor.run(lines) == expected, lines
        joined += expected != lines
    assert joined > 100  # the samples do reach the rule (a blank line inside math, marked)


def test_only_the_dialects_a_page_uses_are_compiled() -> None:
    """Compiling every dialect's patterns costs a build ~15 ms; a site uses one or two (fresh interpreter)."""
    import subprocess
    import sys

    code = """
import re
from types import SimpleNamespace
from mkdocs_zigzag.katex import dialect, extension
from mkdocs_zigzag.katex.rawhtml import typeset_raw_html
assert extension._INLINE_RE == {} and dialect.raw_html_pattern.cache_info().currsize == 0
processor = extension._InlineMathProcessor(SimpleNamespace(conversion=SimpleNamespace(dialect="pandoc")))
compiled = processor.getCompiledRegExp()
assert compiled is processor.getCompiledRegExp() and list(extension._INLINE_RE) == ["pandoc"]
assert compiled.pattern == dialect.INLINE_PATTERNS["pandoc"] and compiled.flags & re.DOTALL
found = []
add = lambda tex, display, probe: found.append(tex) or "M"
html = typeset_raw_html("<div>$x$ and \\\\(y\\\\)</div>", "marked-mathjax", add)
assert (html, found) == ("<div>M and M</div>", ["x", "y"]), (html, found)
assert dialect.raw_html_pattern.cache_info().currsize == 1
print("ok")
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "ok", result.stderr

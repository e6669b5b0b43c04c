r"""A Hexo blog folder's math setup seeds the math defaults; kramed and pandoc posts read as their renderer
read them; hexo-math's site-wide options (issue 12, issue 14 item 2).

Every fixture is a small synthetic post or blog; counts of ``.katex`` / ``.katex-display`` /
``.katex-error`` and the warnings are exact.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

import pytest
from katex_helpers import convert, structure
from test_math_dialect import run_with_tags

from mkdocs_zigzag.build import _plugin_options_in_mkdocs_yml
from mkdocs_zigzag.hexo.hexo_config import ThemeMath, load_hexo_config
from mkdocs_zigzag.hexo.math_setup import decide_math_setup, hexo_math_tag_options, math_setup_from
from mkdocs_zigzag.katex.dialect import KRAMED, PANDOC, resolve_dialect
from mkdocs_zigzag.katex.extension import PageContext

if TYPE_CHECKING:
    from pathlib import Path

    from mkdocs_zigzag.katex.renderer import MathRenderer

NEXT_MATHJAX = ThemeMath("mathjax", True, "next", "ams")
NEXT_PER_POST = ThemeMath("mathjax", False, "next")


# --- the decision (MkDocs-free core) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("dependencies", "theme", "filter_mathjax", "expected"),
    [
        # Hexo's default renderer, the theme's MathJax on every page, numbering 'ams'.
        (["hexo", "hexo-renderer-marked"], NEXT_MATHJAX, None, ("marked-mathjax", "ams")),
        # Only posts with `mathjax: true` had MathJax: the per-post rule (auto) stays; MathJax's numbering.
        (["hexo-renderer-marked"], NEXT_PER_POST, None, (None, "none")),
        # markdown-it without a math plugin applies CommonMark's escapes before MathJax, as marked does.
        (["hexo-renderer-markdown-it"], ThemeMath("mathjax", True, "butterfly", "all"), None,
         ("marked-mathjax", "ams")),
        (["hexo-renderer-markdown-it", "@iktakahiro/markdown-it-katex"], ThemeMath("katex", True, "next"),
         None, ("math-first", None)),
        (["hexo-renderer-markdown-it-plus"], None, None, ("math-first", None)),
        # pandoc --mathjax: pandoc's reading, MathJax's numbering (none unless the theme says otherwise).
        (["hexo-renderer-pandoc"], None, None, ("pandoc", "none")),
        (["hexo-renderer-pandoc"], NEXT_MATHJAX, None, ("pandoc", "ams")),
        (["hexo-renderer-kramed"], NEXT_PER_POST, None, ("kramed", "none")),
        # hexo-filter-mathjax: its own `mathjax:` section (tags default 'none').
        (["hexo-renderer-marked", "hexo-filter-mathjax"], None, {"every_page": True},
         ("marked-mathjax", "none")),
        (["hexo-filter-mathjax"], None, {"tags": "ams"}, (None, "ams")),
        # Nothing about math anywhere: the plugin's defaults.
        (["hexo", "hexo-renderer-marked"], None, None, (None, None)),
    ],
)
def test_the_blogs_setup_decides_dialect_and_numbering(
    dependencies: list[str], theme: ThemeMath | None, filter_mathjax: dict[str, Any] | None,
    expected: tuple[str | None, str | None],
) -> None:
    setup = math_setup_from(dependencies, theme, None, filter_mathjax)
    assert (setup.dialect, setup.numbering) == expected
    assert setup.tag_options == {}


def test_a_fluid_blog_marks_its_mathjax_posts_with_math_true() -> None:
    setup = math_setup_from(["hexo-renderer-marked"], ThemeMath("mathjax", False, "fluid"), None, None)
    assert (setup.dialect, setup.numbering, setup.mathjax_flags) == (None, "none", ("math",))
    assert "posts with 'math: true' are read as marked-mathjax" in setup.summary()
    assert resolve_dialect("auto", {"math": True}, ("mathjax", "math")) == "marked-mathjax"
    assert resolve_dialect("auto", {"math": True}) == "math-first"  # elsewhere (the seed post): not a flag
    assert math_setup_from(["hexo-renderer-marked"], NEXT_PER_POST, None, None).mathjax_flags == ()


def test_the_summary_says_what_and_why() -> None:
    setup = math_setup_from(["hexo-renderer-marked"], NEXT_MATHJAX, None, None)
    assert setup.summary() == (
        "Hexo math setup: katex_dialect: marked-mathjax, katex_numbering: ams. The theme (next) loads "
        "mathjax on every page. marked applied its escapes before MathJax saw every post: marked-mathjax. "
        "MathJax numbered 'ams': katex_numbering: ams."
    )


def test_hexo_math_options_replace_its_defaults_per_engine_as_object_assign_does() -> None:
    assert hexo_math_tag_options(None) == {
        "katex": {"throwOnError": False},
        "mathjax": {"conversion": {"display": False}, "tex": {}, "svg": {}},
    }
    section = {"katex": {"css": "x.css", "options": {"displayMode": True}}, "mathjax": {"css": "y.css"}}
    assert hexo_math_tag_options(section) == {"katex": {"displayMode": True}, "mathjax": {}}


def test_a_hexo_folder_is_read_for_its_math(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text(
        "theme: next\nmath:\n  katex:\n    options:\n      macros: {\"\\\\RR\": \"\\\\mathbb{R}\"}\n",
        encoding="utf-8",
    )
    (tmp_path / "_config.next.yml").write_text(
        "math:\n  every_page: true\n  mathjax:\n    enable: true\n    tags: ams\n", encoding="utf-8"
    )
    package = {"dependencies": {"hexo": "^7", "hexo-math": "^5", "hexo-renderer-marked": "^6"}}
    (tmp_path / "package.json").write_text(json.dumps(package), encoding="utf-8")
    hexo = load_hexo_config(tmp_path)
    assert hexo.math == NEXT_MATHJAX
    assert hexo.dependencies == ("hexo", "hexo-math", "hexo-renderer-marked")
    setup = decide_math_setup(hexo)
    assert (setup.dialect, setup.numbering) == ("marked-mathjax", "ams")
    assert setup.tag_options["katex"] == {"macros": {"\\RR": "\\mathbb{R}"}}
    assert "math" not in hexo.unused_keys


@pytest.mark.parametrize(
    ("theme_config", "expected"),
    [
        # NexT 5 (MathJax 2 on every page: `per_page: false`), marked: MathJax numbered nothing.
        ("mathjax:\n  enable: true\n  per_page: false\n  cdn: //x/m.js\n", ("marked-mathjax", "none")),
        # NexT 6 and 7 numbered as AMS; `per_page: true` leaves the per-post rule (auto) to the posts.
        ("math:\n  enable: true\n  per_page: false\n  engine: mathjax\n", ("marked-mathjax", "ams")),
        ("math:\n  per_page: true\n  mathjax:\n    enable: true\n", (None, "ams")),
        ("math:\n  per_page: false\n  mathjax:\n    enable: true\n", ("marked-mathjax", "ams")),
    ],
)
def test_older_next_blogs_are_read_for_their_math(
    tmp_path: Path, theme_config: str, expected: tuple[str | None, str | None]
) -> None:
    (tmp_path / "_config.yml").write_text("theme: next\n", encoding="utf-8")
    (tmp_path / "themes" / "next").mkdir(parents=True)
    (tmp_path / "themes" / "next" / "_config.yml").write_text(theme_config, encoding="utf-8")
    package = {"dependencies": {"hexo": "^3.9", "hexo-renderer-marked": "^1"}}
    (tmp_path / "package.json").write_text(json.dumps(package), encoding="utf-8")
    setup = decide_math_setup(load_hexo_config(tmp_path))
    assert (setup.dialect, setup.numbering) == expected
    assert "The theme (next) loads mathjax" in setup.summary()


def test_options_written_in_mkdocs_yml_are_known_whatever_their_value(tmp_path: Path) -> None:
    path = tmp_path / "mkdocs.yml"
    path.write_text(
        "site_name: x\nplugins:\n  - search\n  - zigzag:\n      katex_dialect: auto\n", encoding="utf-8"
    )
    assert _plugin_options_in_mkdocs_yml(str(path)) == {"katex_dialect"}
    path.write_text("site_name: x\nplugins:\n  zigzag: {katex_numbering: none}\n", encoding="utf-8")
    assert _plugin_options_in_mkdocs_yml(str(path)) == {"katex_numbering"}
    path.write_text("site_name: x\nplugins: [zigzag]\n", encoding="utf-8")
    assert _plugin_options_in_mkdocs_yml(str(path)) == frozenset()


# --- hexo-math's site-wide options under the tags ------------------------------------------------------


def test_site_options_are_the_tags_defaults_under_their_own(katex_renderer: MathRenderer) -> None:
    text = (
        "Inline {% katex %}\\RR{% endkatex %} and {% mathjax %}\\NN{% endmathjax %}.\n\n"
        "A tag's own options win: {% katex '{\"displayMode\": false}' %}x{% endkatex %}.\n"
    )
    options = {
        "katex": {"displayMode": True, "macros": {"\\RR": "\\mathbb{R}"}},
        "mathjax": {"conversion": {"display": False}, "tex": {"macros": {"NN": "\\mathbb{N}"}}},
    }
    found, warnings, annotations = run_with_tags(katex_renderer, text, tag_options=options)
    assert (found, warnings) == ((3, 1, 0), [])
    assert annotations == ["\\RR", "\\NN", "x"]  # the macros run before the formula, not shown as its TeX
    # Without them, \RR and \NN are unknown and the katex tag is inline (hexo-math's defaults).
    found, warnings, _ = run_with_tags(katex_renderer, text)
    assert (found, len(warnings)) == ((1, 0, 2), 2)


# --- kramed ---------------------------------------------------------------------------------------------

KRAMED_POST = r"""The energy $$E = mc^2$$ and `$\alpha$` in a sentence, $ R^2 $ and \\(x_1\\), a \_ b.

$$
\sum_i a\_i \\ b
$$

$$x$$ then text on its line.

$$\frac12$$

Costs $5 and $10. Escaped \[0,1\].

\\[ y \\]
"""


def test_kramed_reads_double_dollars_raw_and_inline_in_a_sentence(katex_renderer: MathRenderer) -> None:
    page = PageContext("p.md", 0, None)
    html, diagnostics, _ = convert(katex_renderer, KRAMED_POST, page=page, dialect=KRAMED)
    found = structure(html)
    assert (found.katex, found.display, found.errors, diagnostics) == (8, 3, 0, [])
    # $$…$$ is raw TeX (a\_i keeps its backslash); \\( and \\[ lost one backslash to kramed's escapes.
    assert found.annotations == [
        "E = mc^2", "\\alpha", "R^2", "x_1", "\\sum_i a\\_i \\\\ b", "x", "\\frac12", "y",
    ]
    assert "[0,1]" in html and "$5 and $10" in html
    # The same post read as math-first: $$…$$ in a sentence is display, `$\alpha$` code, $ R^2 $ text.
    html, diagnostics, _ = convert(katex_renderer, KRAMED_POST, page=PageContext("p.md", 0, None))
    found = structure(html)
    assert (found.katex, found.display) == (5, 5)


def test_kramed_escapes_fewer_characters_than_marked(katex_renderer: MathRenderer) -> None:
    # kramed's escape set (marked 0.3's) has no `,` `|` `%` `;`: those kept their backslash for MathJax.
    text = "A \\\\(a\\,b \\| c \\_d \\% e\\\\)."
    annotations = [
        structure(convert(katex_renderer, text, page=PageContext("p.md", 0, None), dialect=d)[0]).annotations
        for d in (KRAMED, "marked-mathjax")
    ]
    assert annotations == [["a\\,b \\| c _d \\% e"], ["a,b | c _d % e"]]


def test_kramed_from_front_matter_and_numbering_like_mathjax(katex_renderer: MathRenderer) -> None:
    assert resolve_dialect("auto", {"math_dialect": "kramed"}) == KRAMED
    text = "$$\n\\begin{equation}a\\end{equation}\n$$\n"
    html, _, _ = convert(katex_renderer, text, page=PageContext("p.md", 0, {"math_dialect": "kramed"}))
    assert (structure(html).display, html.count('class="eqn-num"')) == (1, 0)
    html, _, _ = convert(katex_renderer, text, page=PageContext("p.md", 0, None))  # math-first: numbered
    assert (structure(html).display, html.count('class="eqn-num"')) == (1, 1)


# --- pandoc: its own dollars first, raw; the rest after its escapes, for MathJax ---------------------------

PANDOC_POST = r"""Pandoc's rule: $x_1$ and $\alpha + \beta$, but $5 and $10 are prices, $x$5 is not math.
Raw inside its dollars: $a\_i$ keeps its backslash; \[1\] and \(x\) are escaped brackets.
Left by pandoc for MathJax: \\(y_2\\) and $ R^2 $.
Display in a sentence: $$\int_0^1 f$$ stays display.

$$
\begin{aligned} a &= b \\ c &= d \end{aligned}
$$

\\[
z \_ 1
\\]

\begin{equation}
E = mc^2
\end{equation}

<div align="center">$$\sum_i a\_i$$ and \\(b\_1\\), not \(c\)</div>

An escaped \$ is a dollar.
"""


def test_a_pandoc_post_reads_as_pandoc_and_mathjax_read_it(katex_renderer: MathRenderer) -> None:
    page = PageContext("p.md", 0, None)
    html, diagnostics, _ = convert(katex_renderer, PANDOC_POST, page=page, dialect=PANDOC)
    found = structure(html)
    # Raw HTML gets no Markdown escapes here: pandoc showed `(c)`, this shows `\(c\)`, and says so.
    assert (found.katex, found.display, found.errors) == (11, 5, 0)
    assert [(d.line, d.message) for d in diagnostics] == [
        (18, 'looks like a formula but was not typeset: "\\(c\\)".')
    ]
    assert diagnostics[0].fix.startswith("In the pandoc dialect \\( and \\[ are escaped brackets")
    assert found.annotations == [
        "x_1", "\\alpha + \\beta", "a\\_i", "y_2", "R^2", "\\int_0^1 f",
        "\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}", "z _ 1",
        "\\begin{equation}\nE = mc^2\n\\end{equation}",
        "\\sum_i a\\_i", "b_1",
    ]
    assert "[1] and (x) are escaped brackets" in html and "not \\(c\\)" in html
    assert "$5 and $10 are prices" in html and "An escaped $ is a dollar." in html
    assert 'class="eqn-num"' not in html  # pandoc --mathjax: MathJax numbered nothing by default


def test_the_same_post_read_as_math_first_differs_where_pandoc_did() -> None:
    """What only the pandoc dialect gets right: the escaped brackets, and what pandoc left for MathJax."""
    from mkdocs_zigzag.katex.dialect import INLINE_PATTERNS, MATH_FIRST

    def formulas(dialect: str, text: str) -> list[str]:
        found = re.finditer(INLINE_PATTERNS[dialect], text, re.DOTALL)
        return [m.group(0) for m in found if m.group("skip") is None and m.lastgroup != "escapes"]

    line = r"see \[1\] and \(x\), then \\(y\\) and $ R^2 $, $z$"
    assert formulas(PANDOC, line) == [r"\\(y\\)", "$ R^2 $", "$z$"]
    assert formulas(MATH_FIRST, line) == [r"\[1\]", r"\(x\)", "$z$"]


def test_pandoc_from_front_matter() -> None:
    assert resolve_dialect("auto", {"math_dialect": "pandoc"}) == PANDOC
    assert resolve_dialect("pandoc", {"mathjax": True}) == PANDOC


# --- a Hexo blog folder, built ------------------------------------------------------------------------------

POST = (
    "---\ntitle: P\ndate: 2024-01-02 03:04:05\n---\n\n"
    "Inline \\\\(x_1\\\\) as marked left it for MathJax.\n\n"
    "$$\n\\begin{equation}a\\end{equation}\n$$\n"
)


def _hexo_blog(config: dict[str, Any] | None = None) -> tuple[dict[str, str], dict[str, Any]]:
    files = {
        "_config.yml": "title: B\ntheme: next\n",
        "_config.next.yml": "math:\n  every_page: true\n  mathjax:\n    enable: true\n    tags: none\n",
        "package.json": json.dumps({"dependencies": {"hexo": "^7", "hexo-renderer-marked": "^6"}}),
        "source/_posts/p.md": POST,
        "source/index.md": "# Home\n",
    }
    return files, {"docs_dir": "source", "site_dir": "site", **(config or {})}


@pytest.mark.slow
def test_a_hexo_folder_seeds_the_math_defaults_and_mkdocs_yml_wins(build_site: Any, tmp_path: Path) -> None:
    files, config = _hexo_blog()
    built = build_site(files, config, root=tmp_path / "a")
    page = next((built.site_dir).rglob("p/index.html"))
    html = page.read_text(encoding="utf-8")
    found = structure(html)
    assert (found.katex, found.display, found.errors, html.count('class="eqn-num"')) == (2, 1, 0, 0)
    summaries = [m for m in built.messages() if "Hexo math setup" in m]
    assert summaries == [
        "mkdocs_zigzag: Hexo math setup: katex_dialect: marked-mathjax, katex_numbering: none. The theme "
        "(next) loads mathjax on every page. marked applied its escapes before MathJax saw every post: "
        "marked-mathjax. MathJax numbered 'none': katex_numbering: none."
    ]
    # Written in mkdocs.yml, even as the default value, the options win.
    files, config = _hexo_blog(
        {"plugins": [{"zigzag": {"katex_dialect": "auto", "katex_numbering": "ams"}}]}
    )
    built = build_site(
        files, config, root=tmp_path / "b", expect_warnings=["looks like a formula but was not typeset"]
    )
    html = next((built.site_dir).rglob("p/index.html")).read_text(encoding="utf-8")
    found = structure(html)
    assert (found.katex, found.display, found.errors, html.count('class="eqn-num"')) == (1, 1, 0, 1)


def test_init_prints_the_math_setup(tmp_path: Path) -> None:
    from mkdocs_zigzag.hexo_init import plan_init

    (tmp_path / "_config.yml").write_text("title: B\n", encoding="utf-8")
    package = json.dumps({"dependencies": {"hexo-renderer-pandoc": "*"}})
    (tmp_path / "package.json").write_text(package, encoding="utf-8")
    plan = plan_init(tmp_path)
    assert [line for line in plan.mapped if "math" in line] == [
        "Hexo math setup: katex_dialect: pandoc, katex_numbering: none. hexo-renderer-pandoc read $…$ and "
        "$$…$$ before its escapes (pandoc's tex_math_dollars), the rest reached MathJax after them: pandoc. "
        "MathJax numbered 'none': katex_numbering: none. (katex_dialect/katex_numbering in mkdocs.yml win)"
    ]


def test_the_setup_is_logged_once_per_serve_session(tmp_path: Path) -> None:
    import logging

    from conftest import write_site
    from mkdocs.config import load_config

    files, config = _hexo_blog()
    root = write_site(tmp_path / "serve", files, config)
    seen: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    handler, logger = Keep(), logging.getLogger("mkdocs")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    loaded = load_config(str(root / "mkdocs.yml"))
    loaded.plugins.on_startup(command="serve", dirty=False)
    try:
        for _ in range(2):  # two builds of one `mkdocs serve`
            loaded = load_config(str(root / "mkdocs.yml"))
            loaded.plugins.on_config(loaded)
    finally:
        loaded.plugins.on_shutdown()
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    assert len([m for m in seen if "Hexo math setup" in m]) == 1

"""Invalid formulas, untrusted commands and runaway formulas: located warnings, pages still built."""

from __future__ import annotations

from typing import TYPE_CHECKING

from katex_helpers import convert, structure

from mkdocs_zigzag.katex.engine import KatexOptions
from mkdocs_zigzag.katex.extension import PageContext

if TYPE_CHECKING:
    from mkdocs_zigzag.katex.renderer import MathRenderer


def test_invalid_formula_is_located_and_shown_as_escaped_source(katex_renderer: MathRenderer) -> None:
    text = "Intro.\n\nGood $x$ then bad $\\frac{a<b}{$ end.\n"
    html, diagnostics, _ = convert(katex_renderer, text, page=PageContext("blog/posts/p.md", 5))
    assert [d.format("docs/blog/posts/p.md") for d in diagnostics] == [
        "docs/blog/posts/p.md:8: KaTeX cannot typeset $\\frac{a<b}{$: KaTeX parse error: Unexpected end of "
        "input in a macro argument, expected '}' at end of input: \\frac{a<b}{ — "
        "Fix the formula (a literal dollar sign is written \\$)."
    ]
    found = structure(html)
    assert (found.katex, found.errors) == (1, 1)
    assert found.error_texts == ["\\frac{a<b}{"]
    assert "\\frac{a&lt;b}{" in html


def test_display_error_points_at_the_formula_line(katex_renderer: MathRenderer) -> None:
    text = "one\n\n$$\n\\begin{matrix} a \\\\ b\n$$\n"
    _, diagnostics, _ = convert(katex_renderer, text, page=PageContext("p.md", 0))
    assert len(diagnostics) == 1
    assert diagnostics[0].line == 4
    assert "KaTeX cannot typeset $$\\begin{matrix} a \\\\ b$$" in diagnostics[0].message


def test_the_same_bad_formula_twice_gets_both_lines(katex_renderer: MathRenderer) -> None:
    text = "$\\oops$ first\n\nsecond\n\nthird $\\oops$\n"
    html, diagnostics, _ = convert(katex_renderer, text, page=PageContext("p.md", 10))
    assert [d.line for d in diagnostics] == [11, 15]
    assert structure(html).errors == 2


def test_errors_in_lists_quotes_and_tables_are_located(katex_renderer: MathRenderer) -> None:
    text = "- ok $a$\n- bad $\\nope$\n\n> quoted $$\\nada$$\n\n| a |\n|---|\n| $\\nix$ |\n"
    _, diagnostics, _ = convert(katex_renderer, text, page=PageContext("p.md", 0))
    assert [d.line for d in diagnostics] == [2, 4, 8]


def test_trust_is_off_by_default(katex_renderer: MathRenderer) -> None:
    text = "$\\href{javascript:alert(1)}{x}$ and $\\htmlClass{evil}{y}$ and $\\url{https://example.org}$"
    html, diagnostics, _ = convert(katex_renderer, text, page=PageContext("p.md", 0))
    found = structure(html)
    assert found.links == []
    assert found.katex == 3
    assert 'class="evil"' not in html
    messages = [d.message for d in diagnostics]
    assert any("\\htmlClass, which KaTeX refuses while katex_trust is off" in m for m in messages)
    assert any("\\url, which KaTeX refuses" in m for m in messages)


def test_trust_on_allows_links(katex_renderer: MathRenderer) -> None:
    html, diagnostics, _ = convert(
        katex_renderer, "$\\href{https://example.org}{x}$", options=KatexOptions.build(trust=True)
    )
    assert diagnostics == []
    assert structure(html).links == ["https://example.org"]


def test_max_expand_stops_runaway_macros(katex_renderer: MathRenderer) -> None:
    _, diagnostics, _ = convert(katex_renderer, "$\\def\\a{\\a}\\a$")
    assert len(diagnostics) == 1
    assert "Too many expansions" in diagnostics[0].message


def test_max_size_caps_sizes(katex_renderer: MathRenderer) -> None:
    html, _, _ = convert(katex_renderer, "$\\rule{1000em}{1em}$", options=KatexOptions.build(max_size=10))
    assert "border-right-width:10em" in html


def test_slow_formula_times_out_and_the_rest_of_the_page_renders(katex_renderer: MathRenderer) -> None:
    slow = "\\def\\a{x}" + "\\a" * 200_000
    options = KatexOptions.build(max_expand=10**7, timeout=0.2)
    html, diagnostics, _ = convert(katex_renderer, f"$y$ then ${slow}$", options=options)
    assert len(diagnostics) == 1
    assert "did not finish within 0.2 s (option katex_timeout)" in diagnostics[0].message
    found = structure(html)
    assert (found.katex, found.errors) == (1, 1)
    # V8 is still usable after the interruption.
    html, _, _ = convert(katex_renderer, "$z$")
    assert structure(html).katex == 1


def test_strict_warn_reports_unicode_in_math(katex_renderer: MathRenderer) -> None:
    html, diagnostics, _ = convert(katex_renderer, "$中$", options=KatexOptions.build(strict="warn"))
    assert structure(html).katex == 1
    assert len(diagnostics) == 1
    assert 'Unicode text character "中" used in math mode' in diagnostics[0].message


def test_engine_started_inside_a_running_asyncio_loop_keeps_its_time_limit() -> None:
    """Playwright's sync API and Jupyter leave a loop running in the build's thread; KaTeX must still work."""
    import asyncio
    import threading

    from mkdocs_zigzag.katex.assets import locate_katex_assets
    from mkdocs_zigzag.katex.engine import Formula, KatexEngine

    async def typeset_from_async_code() -> str | None:
        engine = KatexEngine(locate_katex_assets())
        try:
            [rendered] = engine.render([Formula("x^2", display=False)], KatexOptions.build(timeout=2.0))
        finally:
            engine.close()
        assert rendered.error is None, rendered.error
        return rendered.html

    # In a thread of its own: pytest's own thread may already run a loop (Playwright's, in the browser tests).
    results: list[str | None] = []
    worker = threading.Thread(target=lambda: results.append(asyncio.run(typeset_from_async_code())))
    worker.start()
    worker.join(timeout=60)
    assert len(results) == 1 and results[0] is not None and 'class="katex"' in results[0]

"""Invalid formulas, untrusted commands and runaway formulas: located warnings, pages still built."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from conftest import ROOT, run_build, write_site
from katex_helpers import convert, structure

from mkdocs_zigzag.katex.assets import DIST_DIR, KatexUnavailable, locate_katex_assets
from mkdocs_zigzag.katex.engine import Formula, KatexEngine, KatexOptions
from mkdocs_zigzag.katex.extension import PageContext

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

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


# --- KaTeX that cannot run: one clear message, never a crash or a JavaScript traceback (issue 15) ---

_RENDER_ONE = (
    "import sys\n"
    "from mkdocs_zigzag.katex.assets import KatexUnavailable, locate_katex_assets\n"
    "from mkdocs_zigzag.katex.engine import Formula, KatexEngine, KatexOptions\n"
    "engine = KatexEngine(locate_katex_assets())\n"
    "try:\n"
    "    print(engine.render([Formula('x^2', False)], KatexOptions())[0].html[:18])\n"
    "except KatexUnavailable as error:\n"
    "    print(error)\n"
    "    sys.exit(3)\n"
    "engine.close()\n"
)


def _run_under(limit: int | None) -> subprocess.CompletedProcess[str]:
    """Run _RENDER_ONE in a fresh interpreter, under an address-space limit of *limit* bytes."""

    def limited() -> None:
        import resource

        if limit is not None:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return subprocess.run(
        [sys.executable, "-c", _RENDER_ONE],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=limited,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS as Linux applies it")
def test_an_address_space_limit_that_stops_v8_is_explained() -> None:
    """V8 reserves ~1 TB of address space: under `ulimit -v` (even 100 GB) it aborted the process."""
    done = _run_under(64 << 30)
    assert done.returncode == 3, (done.returncode, done.stderr[-2000:])
    assert done.stdout.startswith(
        "KaTeX cannot start under this process's address-space limit of 64 GB (`ulimit -v`, RLIMIT_AS)"
    )
    assert "`ulimit -v unlimited`" in done.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS as Linux applies it")
def test_a_limit_v8_can_live_with_is_no_problem() -> None:
    done = _run_under(4 << 40)
    assert (done.returncode, done.stdout) == (0, '<span class="katex\n'), done.stderr[-2000:]


def test_a_process_that_used_katex_exits_cleanly() -> None:
    """V8 set up by a thread that ended crashed the process at shutdown (SIGSEGV after the build)."""
    done = _run_under(None)
    assert (done.returncode, done.stdout) == (0, '<span class="katex\n'), done.stderr[-2000:]


@pytest.fixture
def katex_copy(tmp_path: Path) -> Path:
    """A copy of KaTeX's files whose katex.min.js a test may damage."""
    shutil.copytree(DIST_DIR, tmp_path / "dist")
    return tmp_path / "dist"


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda text: text[: len(text) // 2], "it does not run: <anonymous>:1: SyntaxError: Unexpected end"),
        (lambda text: text[:1000].replace(b"(", b"}", 3) + text[1000:], "it does not run: "),
        (lambda text: b"var katex = 1;\n", "it defines no katex"),
        (lambda text: b"\xff\xfe" + text, "it does not run: "),
    ],
    ids=["truncated", "garbled", "empty", "not-utf8"],
)
def test_a_damaged_katex_script_names_the_file_and_the_reinstall(
    katex_copy: Path, damage: Callable[[bytes], bytes], problem: str
) -> None:
    script = katex_copy / "katex.min.js"
    script.write_bytes(damage(script.read_bytes()))
    engine = KatexEngine(locate_katex_assets(katex_copy))
    with pytest.raises(KatexUnavailable) as caught:
        engine.render([Formula("x", False)], KatexOptions())
    message = str(caught.value)
    assert message.startswith(f"KaTeX's script {script} is damaged ({problem}")
    assert message.endswith(
        "reinstall mkdocs-zigzag the way it was installed "
        "(from a checkout: `pip install --force-reinstall .`)."
    )
    assert caught.value.__cause__ is None  # no JavaScript traceback under the message
    assert caught.value.__context__ is None or caught.value.__suppress_context__
    assert not engine.started


@pytest.mark.slow
def test_a_build_with_a_damaged_katex_script_stops_with_one_message(
    katex_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.exceptions import Abort

    from mkdocs_zigzag import build

    script = katex_copy / "katex.min.js"
    script.write_bytes(script.read_bytes()[:5000])
    monkeypatch.setattr(build, "locate_katex_assets", lambda: locate_katex_assets(katex_copy))
    root = write_site(tmp_path / "project", {"docs/index.md": "# Home\n\nSome $x^2$ math.\n"})
    with (
        caplog.at_level(logging.ERROR, logger="mkdocs"),
        pytest.raises(Abort, match="Aborted with a BuildError"),
    ):
        run_build(root)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors[-1] == (
        f"KaTeX's script {script} is damaged (it does not run: <anonymous>:1: SyntaxError: Unexpected end of "
        "input); reinstall mkdocs-zigzag the way it was installed (from a checkout: `pip install "
        "--force-reinstall .`)."
    )
    assert not any(r.exc_info for r in caplog.records)

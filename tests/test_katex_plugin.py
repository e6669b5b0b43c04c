"""The plugin's KaTeX wiring in real builds: stylesheet only where math is, assets, located warnings."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

import pytest
from katex_helpers import structure

from mkdocs_zigzag.config import ZigzagConfig
from mkdocs_zigzag.plugin import ZigzagPlugin

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

pytestmark = pytest.mark.slow


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stylesheets: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.stylesheets.append(attributes.get("href") or "")
        if tag == "script" and attributes.get("src"):
            self.scripts.append(attributes.get("src") or "")


def _head(html: str) -> _Head:
    parser = _Head()
    parser.feed(html)
    return parser


SITE = {
    # Text about KaTeX's markup is not math: this page must not get the stylesheet.
    "docs/index.md": "# Home\n\nNo math here, it costs $5. Errors show as `<span class=\"katex-error\">`.\n",
    "docs/notes/deep/math.md": (
        "---\ntitle: Math\n---\n\n# Math\n\nInline $a^2+b^2=c^2$.\n\n$$\n\\sum_i x_i\n$$\n"
    ),
}


def test_only_pages_with_math_link_the_self_hosted_stylesheet(build_site: Any) -> None:
    site = build_site(SITE)
    math_page = site.read("notes/deep/math/index.html")
    plain_page = site.read("index.html")
    math_sheets = [h for h in _head(math_page).stylesheets if "katex" in h]
    assert math_sheets == ["../../../assets/katex/katex.min.css"]
    assert [h for h in _head(plain_page).stylesheets if "katex" in h] == []
    assert (site.site_dir / "notes/deep/math" / math_sheets[0]).is_file()
    assert structure(math_page).katex == 2 and structure(math_page).display == 1
    assert not [s for s in _head(math_page).scripts if "katex" in s]


def test_css_and_woff2_fonts_are_copied_but_not_the_script(build_site: Any) -> None:
    site = build_site(SITE)
    assets = site.site_dir / "assets" / "katex"
    fonts = sorted(p.name for p in (assets / "fonts").iterdir())
    assert len(fonts) == 20 and all(name.endswith(".woff2") for name in fonts)
    css = (assets / "katex.min.css").read_text(encoding="utf-8")
    for font in re.findall(r"url\(fonts/([^)]+\.woff2)\)", css):
        assert font in fonts
    assert not list(site.site_dir.rglob("katex*.js"))


def test_invalid_formula_warns_with_the_file_line(build_site: Any) -> None:
    files = {"docs/index.md": "---\ntitle: T\n---\n\n# T\n\nok $x$\n\nbad $\\frac{1}{$ here\n"}
    site = build_site(
        files, expect_warnings=["docs/index.md:9: KaTeX cannot typeset $\\frac{1}{$: KaTeX parse error"]
    )
    found = structure(site.read("index.html"))
    assert (found.katex, found.errors) == (1, 1)


def test_invalid_formula_fails_a_strict_build(tmp_path: Path) -> None:
    from conftest import run_build, write_site
    from mkdocs.exceptions import Abort

    root = write_site(tmp_path / "p", {"docs/index.md": "bad $\\nope$\n"})
    with pytest.raises(Abort):
        run_build(root, strict=True)


def test_site_wide_macros_option(build_site: Any) -> None:
    site = build_site(
        {"docs/index.md": "$x \\in \\RR$\n"},
        {"plugins": [{"zigzag": {"katex_macros": {"\\RR": "\\mathbb{R}"}}}]},
    )
    found = structure(site.read("index.html"))
    assert (found.katex, found.errors) == (1, 0)


@pytest.mark.parametrize(
    ("option", "value"),
    [("katex_max_size", 1e9), ("katex_max_expand", -1), ("katex_timeout", 0), ("katex_output", "svg")],
)
def test_out_of_range_options_are_rejected(option: str, value: object) -> None:
    config = ZigzagConfig()
    config.load_dict({option: value})
    failed, _ = config.validate()
    assert [name for name, _ in failed] == [option]


def test_seed_site_post_typesets_all_24_formulas_and_warm_rebuild_skips_v8(
    seed_project: Path, forbid_v8: Callable[[], None]
) -> None:
    from conftest import run_build

    post = "blog/2024/08/17/zero-centered-activation/index.html"
    cold = run_build(seed_project)
    assert not [w for w in cold.warnings if "KaTeX" in w or "katex" in w]
    page = cold.read(post)
    found = structure(page)
    assert (found.katex, found.display, found.errors) == (24, 7, 0)
    assert [h for h in _head(page).stylesheets if "katex" in h] == [
        "../../../../../assets/katex/katex.min.css"
    ]

    forbid_v8()
    warm = run_build(seed_project)
    assert warm.read(post) == page


def test_serve_rebuild_keeps_v8_and_the_memory_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Like ``mkdocs serve``: on_startup once, then builds with reloaded configs and the same plugin."""
    import shutil

    from conftest import write_site
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    page = "# Serve\n\n$a^2$ and $b^2$\n\n$$\n\\int_0^1 f\n$$\n"
    root = write_site(tmp_path / "serve", {"docs/index.md": page})
    config = load_config(str(root / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config)
        plugin = config.plugins["zigzag"]
        assert isinstance(plugin, ZigzagPlugin)
        assert plugin.session.math_renderer is not None
        engine = plugin.session.math_renderer.engine
        assert engine is not None and engine.started
        shutil.rmtree(root / ".cache")  # only the memory can answer now

        batches: list[list[str]] = []
        original = engine.render

        def recording(formulas: Any, options: Any) -> Any:
            batches.append([f.tex for f in formulas])
            return original(formulas, options)

        monkeypatch.setattr(engine, "render", recording)
        (root / "docs" / "index.md").write_text(page.replace("$b^2$", "$c^3$"), encoding="utf-8")
        config = load_config(str(root / "mkdocs.yml"))
        reused = config.plugins["zigzag"] is plugin
        assert reused
        build(config)
        assert plugin.session.math_renderer is not None and plugin.session.math_renderer.engine is engine
        assert batches == [["c^3"]]
        found = structure((root / "site" / "index.html").read_text(encoding="utf-8"))
        assert (found.katex, found.display, found.errors) == (3, 1, 0)
    finally:
        config.plugins.on_shutdown()


def test_hexo_math_tags_are_typeset(build_site: Any) -> None:
    page = (
        "# Tags\n\n{% math %}\n\\sum_i w_i x_i\n{% endmath %}\n\n"
        "{% mathjax %}\n\\left\\{ a \\\\ b \\right.\n{% endmathjax %}\n\n"
        "Inline {% katex '{\"displayMode\": false}' %}c^2{% endkatex %} here.\n\n"
        "{% katex %}\n\\frac{1}{\n{% endkatex %}\n"
    )
    # As hexo-math renders them: {% mathjax %} and {% katex %} inline without options, {% math %} (hexo-math
    # 3) display only when its content spans lines.
    site = build_site(
        {"docs/index.md": page}, expect_warnings=["docs/index.md:14: KaTeX cannot typeset $\\frac{1}{$"]
    )
    found = structure(site.read("index.html"))
    assert (found.katex, found.display, found.errors) == (3, 0, 1)
    assert found.annotations == ["\\sum_i w_i x_i", "\\left\\{ a \\\\ b \\right.", "c^2"]


def test_pages_hold_their_tex_only_view_from_conversion_to_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MkDocs holds every page's content until the build ends: KaTeX's markup waits compressed meanwhile."""
    from conftest import write_site
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config

    from mkdocs_zigzag.katex.light import KATEX_OPEN

    root = write_site(tmp_path / "park", {"docs/index.md": "# Park\n\n$a^2$ and $b_1$\n"})
    held: dict[str, str] = {}
    original = mkdocs_build._build_page

    def build_page(page: Any, config: Any, *args: Any, **kwargs: Any) -> None:
        held[page.file.src_uri] = page.content  # every page converted, none written yet for the first
        original(page, config, *args, **kwargs)

    monkeypatch.setattr(mkdocs_build, "_build_page", build_page)
    config = load_config(str(root / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build.build(config)
    finally:
        config.plugins.on_shutdown()
    assert KATEX_OPEN not in held["index.md"]
    assert "a^2" in held["index.md"] and "b_1" in held["index.md"]
    page = config.plugins["zigzag"].build.tex_view  # nothing left parked or waiting once written
    assert (page._parked, page._written, page._formulas, page._full) == ({}, {}, {}, {})
    found = structure((root / "site" / "index.html").read_text(encoding="utf-8"))
    assert (found.katex, found.errors) == (2, 0)

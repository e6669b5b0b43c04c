"""Mermaid's script closes Material's container on the pages that hold a diagram, and on no others."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from mkdocs_zigzag.mermaid.assets import (
    SITE_SCRIPT,
    MermaidAssetsMissing,
    add_mermaid_script,
    has_diagram,
    locate_mermaid_assets,
)

if TYPE_CHECKING:
    from pathlib import Path

CONTAINER = '<div class="md-container" data-md-component="container">'
DIALOG = '<div class="md-dialog" data-md-component="dialog">'
BUNDLE = '<script src="../../assets/javascripts/bundle.a5f9d56c.min.js"></script>'
DIAGRAM = '<pre class="mermaid"><code>graph LR\nA --&gt; B</code></pre>'
SCRIPT = '<script defer src="../../assets/mermaid/mermaid.min.js"></script>'


def _page(content: str) -> str:
    """A Material page, shortened: its container holding the content, its dialog, the theme's scripts."""
    return (
        f"<html><body>{CONTAINER}<article>{content}</article><script>inline()</script></div>\n    "
        f"{DIALOG}</div>{BUNDLE}</body></html>"
    )


def _relative(path: str) -> str:
    return f"../../{path}"


def test_the_deferred_script_closes_materials_container_on_a_page_with_a_diagram() -> None:
    """Deferred: runs before DOMContentLoaded (when Material mounts). Last script of the container:
    instant navigation re-runs the container's scripts and waits for the last one."""
    html = add_mermaid_script(_page(DIAGRAM), _relative)
    assert html == _page(DIAGRAM).replace("</script></div>", f"</script>{SCRIPT}</div>")


@pytest.mark.parametrize(
    "content",
    [
        "<p>No diagram.</p>",
        "<p>mermaid is a word</p>",
        # Shown as code: escaped, so not an element.
        '<pre><code>&lt;pre class="mermaid"&gt;graph LR&lt;/pre&gt;</code></pre>',
        '<!-- <pre class="mermaid">graph LR</pre> -->',
        '<div class="mermaid">Material draws pre.mermaid only</div>',
        '<pre class="mermaidish"><code>x</code></pre>',
    ],
)
def test_a_page_without_a_diagram_is_left_as_it_is(content: str) -> None:
    assert add_mermaid_script(_page(content), _relative) == _page(content)


@pytest.mark.parametrize(
    "content",
    [DIAGRAM, '<pre class="highlight mermaid"><code>x</code></pre>', "<PRE CLASS='mermaid'>x</PRE>"],
)
def test_every_spelling_of_a_mermaid_pre_counts(content: str) -> None:
    assert has_diagram(_page(content)) is True


def test_the_theme_container_is_found_after_content_that_imitates_it() -> None:
    """The page's own raw HTML cannot move the script: the last container end is the theme's."""
    html = add_mermaid_script(_page(f"{DIAGRAM}<div></div>{DIALOG}</div>"), _relative)
    assert html.count("mermaid.min.js") == 1
    assert html.index(SCRIPT) == html.rindex("inline()</script>") + len("inline()</script>")


def test_the_url_is_the_mappers_and_is_escaped() -> None:
    asked: list[str] = []

    def url_for(path: str) -> str:
        asked.append(path)
        return 'a"b&c/' + path

    html = add_mermaid_script(_page(DIAGRAM), url_for)
    assert asked == [SITE_SCRIPT] == ["assets/mermaid/mermaid.min.js"]
    assert '<script defer src="a&quot;b&amp;c/assets/mermaid/mermaid.min.js"></script></div>' in html


def test_without_materials_container_the_script_goes_before_the_body_ends() -> None:
    html = f"<html><body>{DIAGRAM}</body></html>"
    assert add_mermaid_script(html, _relative) == f"<html><body>{DIAGRAM}{SCRIPT}</body></html>"
    assert add_mermaid_script(DIAGRAM, _relative) == DIAGRAM + SCRIPT


def test_the_installed_package_carries_mermaid() -> None:
    assets = locate_mermaid_assets()
    assert re.fullmatch(r"11\.\d+\.\d+", assets.version)
    source = assets.script.read_bytes()
    # esbuild's single-file build: strict, one global var, and the global Material's bundle looks for.
    assert source.startswith(b'"use strict";var __esbuild_esm_mermaid_nm;(__esbuild_esm_mermaid_nm||={})')
    assert source.rstrip().endswith(
        b'globalThis["mermaid"] = globalThis.__esbuild_esm_mermaid_nm["mermaid"].default;'
    )


def test_the_published_script_defines_mermaid_only_once(tmp_path: Path) -> None:
    """Run again (instant navigation), it keeps the instance Material configured."""
    (tmp_path / "VERSION").write_text("11.0.0\n", encoding="utf-8")
    (tmp_path / "mermaid.min.js").write_bytes(b'"use strict";var m;globalThis["mermaid"] = m;\n')
    assert locate_mermaid_assets(tmp_path).site_files() == [
        (
            "assets/mermaid/mermaid.min.js",
            b'"use strict";if (typeof globalThis.mermaid === "undefined" || globalThis.mermaid instanceof '
            b'Element) {\nvar m;globalThis["mermaid"] = m;\n\n}\n',
        )
    ]
    # A build of another shape is published untouched rather than guarded wrongly.
    (tmp_path / "mermaid.min.js").write_bytes(b"function f(){}")
    assert locate_mermaid_assets(tmp_path).site_files() == [
        ("assets/mermaid/mermaid.min.js", b"function f(){}")
    ]


def test_missing_files_say_how_to_get_them(tmp_path: Path) -> None:
    with pytest.raises(MermaidAssetsMissing) as caught:
        locate_mermaid_assets(tmp_path)
    assert str(caught.value) == (
        f"mermaid's files are missing from {tmp_path}: mkdocs-zigzag was installed without its build step. "
        "Reinstall it from a checkout (`pip install .` or `pip install -e .`; `python hatch_build.py` "
        "fetches only the shipped browser files), or from its sdist or wheel."
    )


def test_the_site_copy_is_written_once_into_the_cache(tmp_path: Path) -> None:
    """A build links the guarded script from the cache: written on the first build, reused after."""
    from mkdocs_zigzag.mermaid.assets import cached_site_script, locate_mermaid_assets

    assets = locate_mermaid_assets()
    first = cached_site_script(assets, tmp_path)
    assert first == tmp_path / "mermaid" / assets.version / "mermaid.min.js"
    ((_, guarded),) = assets.site_files()
    assert first.read_bytes() == guarded
    first.write_bytes(b"kept")  # a second build does not read or write the 3.5 MB again
    assert cached_site_script(assets, tmp_path).read_bytes() == b"kept"

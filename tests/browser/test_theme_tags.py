"""Every theme tag in a reader's browser: nothing from another host, every image and the diagram visible.

The site is built from tests/data/hexo_theme_tags/every-tag.md (the post test_hexo_tags_theme_build.py
builds) with real images, and read in Material's light and dark palettes. Mermaid comes from the site
(assets/mermaid/mermaid.min.js), linked only from the page with the diagram, whether the page is loaded
or reached by Material's instant navigation; Material would otherwise fetch it from unpkg.com, which the
watch reports as a request to another host.
"""

from __future__ import annotations

import struct
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import ROOT, run_build, write_site

from .chromium import serve
from .conftest import ServedSite, tiny_png

if TYPE_CHECKING:
    from collections.abc import Iterator

    from .conftest import Reader

HERE = Path(__file__).resolve().parent
EVERY_TAG = (ROOT / "tests" / "data" / "hexo_theme_tags" / "every-tag.md").read_text(encoding="utf-8")
POST = "posts/every-tag/"
MERMAID_SCRIPT = "assets/mermaid/mermaid.min.js"
CONFIG: dict[str, Any] = {
    "theme": {
        "name": "material",
        "font": False,
        # Instant navigation swaps pages without a reload; mermaid must arrive that way too.
        "features": ["navigation.instant"],
        "palette": [
            {"scheme": "default", "toggle": {"icon": "material/weather-night", "name": "dark"}},
            {"scheme": "slate", "toggle": {"icon": "material/weather-sunny", "name": "light"}},
        ],
    },
    "markdown_extensions": [
        "admonition",
        "attr_list",
        "md_in_html",
        "pymdownx.details",
        "pymdownx.superfences",
        {"pymdownx.tabbed": {"alternate_style": True}},
    ],
}

# Material draws the diagram into a *closed* shadow root; opening it (before any page script runs) is the
# only way to look inside. It changes nothing else.
_OPEN_SHADOW_ROOTS = """(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) { return attach.call(this, { ...init, mode: "open" }); };
})();"""

_DIAGRAM_DRAWN = """() => [...document.querySelectorAll("div.mermaid")]
  .some((d) => d.shadowRoot && d.shadowRoot.querySelector("svg g.node"))"""

# What the reader sees of the diagram, in one round trip.
_DIAGRAM_FACTS = """() => {
  const hosts = [...document.querySelectorAll("div.mermaid")];
  const svg = hosts[0].shadowRoot.querySelector("svg");
  const box = svg.getBoundingClientRect();
  const nodes = [...svg.querySelectorAll("g.node")];
  const label = nodes[0].querySelector(".nodeLabel");
  const shape = nodes[0].querySelector("rect, path, polygon");
  return {
    hosts: hosts.length,
    undrawn: document.querySelectorAll("pre.mermaid").length,
    sized: box.width > 20 && box.height > 20,
    labels: nodes.map((node) => node.textContent.trim()),
    edges: svg.querySelectorAll(".edgePaths path, path.flowchart-link").length,
    errors: svg.querySelectorAll(".error-icon, .error-text").length,
    text: getComputedStyle(label).color,
    fill: getComputedStyle(shape).fill,
    background: getComputedStyle(document.body).backgroundColor,
  };
}"""


def _silent_clip() -> bytes:
    """A tenth of a second of silence as an 8-bit PCM WAV: media Chromium plays whatever the file's name.

    A few bytes of nonsense instead make Chromium abort its own request for them, now and then.
    """
    rate, samples = 8000, 800
    fmt = struct.pack("<IHHIIHH", 16, 1, 1, rate, rate, 1, 8)
    body = b"WAVE" + b"fmt " + fmt + b"data" + struct.pack("<I", samples) + b"\x80" * samples
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _problems(reader: Reader, site: ServedSite) -> list[str]:
    """What the browser reported, but for Chromium cancelling one of its own requests for the video.

    Chromium's media loader asks for the clip twice (``Range: bytes=0-``) and, as the test server
    answers 200 without range support, now and then aborts one of the two itself; the video still loads
    (the tests check its ``readyState``). Nothing else is excused.
    """
    clip = site.url(POST + "clip.mp4")
    benign = f"failed request: {clip} (net::ERR_ABORTED)"
    return [problem for problem in reader.watch.take() if not problem.endswith(benign)]


_VIDEOS = """() => [...document.querySelectorAll("article video")]
  .map((video) => ({ ready: video.readyState >= 1, error: video.error && video.error.message }))"""


@pytest.fixture(scope="module")
def tags_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The every-tag post with real images, built with the mermaid wiring and served."""
    project = tmp_path_factory.mktemp("theme-tags") / "project"
    png = tiny_png(40, 30)
    files: dict[str, str | bytes] = {
        "docs/index.md": "# Home\n\nNo diagram here, but [a post with every tag](posts/every-tag.md).\n",
        "docs/posts/every-tag.md": EVERY_TAG,
        "docs/posts/every-tag/a.png": png,
        "docs/posts/every-tag/b.png": png,
        "docs/posts/every-tag/paper.pdf": b"%PDF",
        "docs/posts/every-tag/clip.mp4": _silent_clip(),
        "docs/posts/Python/PythonBasis.md": "---\ntitle: Python basics\n---\n\n## Hello World\n",
        "docs/images/logo.png": png,
        "docs/images/frame.html": "<p>frame</p>",
        "docs/downloads/code/hello.py": "print('hello')\n",
    }
    www = project.parent / "www"
    www.mkdir()
    # Served before it is built: site_url must be the served origin, port included, because Material's
    # instant navigation keeps only the sitemap's links whose host *and port* are the page's.
    with serve(www) as origin:
        write_site(project, files, {**CONFIG, "site_url": origin})
        # In a thread of its own, as build_and_serve does (Playwright's loop runs in this one).
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="mkdocs-build") as pool:
            built = pool.submit(run_build, project, site_dir=www).result()
        yield ServedSite(built=built, base_url=origin)


def _diagram(reader: Reader) -> dict[str, Any]:
    """The diagram's facts once Material has drawn it; what the browser reported if it never is."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        reader.page.wait_for_function(_DIAGRAM_DRAWN, timeout=15_000)
    except PlaywrightTimeout:
        pytest.fail(f"the diagram was not drawn; the browser reported {reader.watch.take()}", pytrace=False)
    return dict(reader.page.evaluate(_DIAGRAM_FACTS))


def test_every_tag_shows_with_nothing_from_another_host_in_both_palettes(
    reader: Reader, tags_site: ServedSite
) -> None:
    reader.page.context.add_init_script(_OPEN_SHADOW_ROOTS)
    reader.open(tags_site.url(POST))
    seen = {}
    for scheme in ("default", "slate"):
        if scheme == "slate":
            assert reader.toggle_palette() == "slate"
        assert reader.scheme() == scheme
        facts = _diagram(reader)
        assert reader.broken_images() == []
        # group-pictures, group-image and gallery 2 each, the link grid's local logo, inlineImg
        assert reader.page.locator("article img").count() == 8
        assert reader.page.evaluate(_VIDEOS) == [{"ready": True, "error": None}]
        assert {key: facts[key] for key in ("hosts", "undrawn", "sized", "labels", "edges", "errors")} == {
            "hosts": 1,
            "undrawn": 0,
            "sized": True,
            "labels": ["A", "B"],
            "edges": 1,
            "errors": 0,
        }
        assert facts["text"] != facts["background"]
        seen[scheme] = facts
        reader.screenshot(f"theme-tags-{scheme}.png")
        reader.settle()
        assert _problems(reader, tags_site) == []
    # The diagram follows the palette: Material's mermaid theme reads its colours from CSS variables.
    assert seen["default"]["background"] != seen["slate"]["background"]
    assert seen["default"]["text"] != seen["slate"]["text"]
    scripts = [r.url for r in reader.watch.requests if "mermaid" in r.url]
    assert scripts == [tags_site.url(MERMAID_SCRIPT)]


def test_a_page_without_a_diagram_loads_no_mermaid(reader: Reader, tags_site: ServedSite) -> None:
    reader.open(tags_site.url(""))
    assert reader.page.evaluate("typeof window.mermaid") == "undefined"
    assert [r.url for r in reader.watch.requests if "mermaid" in r.url] == []
    assert "mermaid" not in tags_site.html("")
    assert _problems(reader, tags_site) == []


def test_instant_navigation_to_the_diagram_brings_the_shipped_mermaid(
    reader: Reader, tags_site: ServedSite
) -> None:
    """Also on a second visit, when the script runs again: the diagram keeps Material's colours."""
    reader.page.context.add_init_script(_OPEN_SHADOW_ROOTS)
    reader.open(tags_site.url(""))
    reader.page.evaluate("window.__sameDocument = true")
    visits = []
    for visit in (1, 2):
        if visit == 2:
            reader.page.go_back()
            reader.page.wait_for_url(tags_site.url(""))
            reader.settle()
        reader.page.get_by_role("link", name="a post with every tag").click()
        reader.page.wait_for_url(tags_site.url(POST))
        visits.append(_diagram(reader))
        reader.settle()
    assert reader.page.evaluate("window.__sameDocument") is True  # Material swapped the pages in, no reload
    first, second = visits
    assert (first["hosts"], first["labels"], first["errors"]) == (1, ["A", "B"], 0)
    assert second == first
    assert _problems(reader, tags_site) == []
    scripts = [r.url for r in reader.watch.requests if "mermaid" in r.url]
    assert scripts == [tags_site.url(MERMAID_SCRIPT)] * 2

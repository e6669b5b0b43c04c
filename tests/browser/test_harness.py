"""The harness itself: each check it makes can fail, shown on a plain Material site built for the purpose."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from conftest import write_site

from .conftest import Reader, ServedSite, build_and_serve, tiny_png

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """Material without the plugin: a clean page, and one page per kind of problem the harness must catch."""
    root = tmp_path_factory.mktemp("plain")
    project = write_site(
        root / "project",
        {
            "docs/index.md": "# Clean\n\n![a figure](pic.png)\n\n"
            '<span class="katex"><span class="katex-html">x</span></span>\n',
            "docs/pic.png": tiny_png(),
            "docs/lazy.md": "# Lazy\n\n"
            + "text\n\n" * 300
            + '<img src="../pic.png" loading="lazy" alt="late">\n',
            "docs/broken.md": '# Broken\n\n<img src="missing.png" alt="none">\n',
            "docs/external.md": '# External\n\n<img src="https://example.com/x.png" alt="far">\n',
            "docs/console.md": '# Console\n\n<script>console.error("boom")</script>\n',
            "docs/throws.md": '# Throws\n\n<script>throw new Error("uncaught")</script>\n',
            "docs/dialog.md": "# Dialog\n\n<script>alert(1)</script>\n",
        },
        {"site_url": "https://example.org/sub/", "plugins": ["search"]},
    )
    with build_and_serve(project, root) as served:
        yield served


def test_the_site_is_served_under_its_site_url_path(plain_site: ServedSite) -> None:
    assert plain_site.base_url.endswith("/sub/")
    assert {"", "lazy/", "broken/", "404.html"} <= set(plain_site.pages)


def test_a_clean_page_reports_nothing_and_its_images_load(reader: Reader, plain_site: ServedSite) -> None:
    reader.open(plain_site.url(""))
    assert reader.broken_images() == []
    assert reader.page.locator(".katex").count() == 1
    assert reader.watch.take() == []
    assert any(r.url.endswith("/sub/pic.png") for r in reader.watch.requests)


def test_a_lazy_image_below_the_fold_is_loaded_before_it_is_checked(
    reader: Reader, plain_site: ServedSite
) -> None:
    reader.open(plain_site.url("lazy/"))
    assert reader.broken_images() == []
    assert reader.page.evaluate("document.images[0].naturalWidth") == 4
    assert reader.watch.take() == []


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("broken/", "HTTP 404: "),
        ("external/", "request to another host: https://example.com/x.png"),
        ("console/", "console error: boom"),
        ("throws/", "page error: "),
        ("dialog/", "a script opened a alert dialog: '1'"),
    ],
)
def test_each_kind_of_problem_is_reported_with_its_page(
    new_reader: Callable[..., Reader], plain_site: ServedSite, page: str, expected: str
) -> None:
    reader = new_reader()
    reader.open(plain_site.url(page))
    problems = reader.watch.take()
    assert any(expected in problem for problem in problems), problems
    if page in ("broken/", "external/"):
        assert reader.broken_images() != []


def test_the_palette_toggle_and_screenshots_work_on_a_two_palette_site(
    tmp_path: Path, reader: Reader
) -> None:
    palette = [
        {"scheme": "default", "toggle": {"icon": "material/weather-night", "name": "dark"}},
        {"scheme": "slate", "toggle": {"icon": "material/weather-sunny", "name": "light"}},
    ]
    files: dict[str, str | bytes] = {
        "docs/index.md": "# Figures\n\n![light](pic.png#only-light)\n![dark](pic.png#only-dark)\n",
        "docs/pic.png": tiny_png(),
    }
    project = write_site(
        tmp_path / "project",
        files,
        {"plugins": [], "theme": {"name": "material", "font": False, "palette": palette}},
    )
    with build_and_serve(project, tmp_path) as served:
        reader.open(served.url(""))
        light = reader.page.locator('img[src$="#only-light"]')
        dark = reader.page.locator('img[src$="#only-dark"]')
        assert (reader.scheme(), light.is_visible(), dark.is_visible()) == ("default", True, False)
        assert reader.toggle_palette() == "slate"
        assert (light.is_visible(), dark.is_visible()) == (False, True)
        assert reader.toggle_palette() == "default"
        shot = reader.screenshot("harness-palette.png")
        assert shot.stat().st_size > 1000
        shot.unlink()
    assert reader.watch.take() == []

"""Every page of this repository's site, as Chromium loads it: nothing fails, nothing leaves 127.0.0.1."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .conftest import Reader, ServedSite


def test_the_site_builds_without_a_warning(site: ServedSite) -> None:
    assert site.built.warnings == []


def test_every_page_loads_cleanly_with_all_its_images(reader: Reader, site: ServedSite) -> None:
    pages = site.pages
    # The site's own pages and what Material's blog makes of the post: guards against an empty walk.
    assert {"", "blog/", "getting-started/", "configuration/", "migrating-from-hexo/", "404.html"} <= set(
        pages
    )
    assert site.page_matching("blog/2024/08/17/*/index.html") in pages
    found: dict[str, list[str]] = {}
    images = 0
    with_math, with_katex_css = set(), set()
    for path in pages:
        reader.open(site.url(path))
        broken = reader.broken_images()
        images += reader.page.evaluate("document.images.length")
        if reader.page.locator(".katex").count():
            with_math.add(path)
        if reader.page.locator('link[rel="stylesheet"][href*="katex"]').count():
            with_katex_css.add(path)
        problems = reader.watch.take()
        if broken or problems:
            found[path] = [f"image not loaded: {src}" for src in broken] + problems
        reader.watch.problems.clear()
        reader.watch.checked = 0
    assert found == {}
    # The article alone shows four figures, twice (light and dark variants).
    assert images >= 8
    # KaTeX's stylesheet goes exactly where there is math.
    assert site.page_matching("blog/2024/08/17/*/index.html") in with_math
    assert with_katex_css == with_math
    requested_hosts = {r.url.split("/")[2].split(":")[0] for r in reader.watch.requests}
    assert requested_hosts == {"127.0.0.1"}

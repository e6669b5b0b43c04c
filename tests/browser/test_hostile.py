"""Hostile input: script-like text in every field a post's author controls never runs in a reader's browser.

The fixture (fixtures/hostile/) puts ``<script>alert(1)</script>``, ``"><img src=x onerror=alert(1)>``,
``</title>`` and ``\\href{javascript:alert(1)}{x}`` into a Hexo post's title, tags, category, excerpt,
``asset_img`` classes, titles and alt text, and its math. Any dialog fails the test (the watch records
it); the text must show as text, escaped, where the reader sees it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .conftest import Reader, ServedSite

POST = "docs/blog/posts/hostile.md"
SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
# The title also closes <title>: Material writes `page.meta.title` there as it is, or else
# `page.title | striptags`, and striptags turns an HTML-escaped title back into markup.
TITLE = f"</title>{SCRIPT} {BREAKOUT}"
MISSING_ASSET_LINE = 15  # {% asset_img missing.png … %}

# Everything in a page that could run script, in one round trip.
_SCRIPT_VECTORS = """() => {
  const all = [...document.querySelectorAll("*")];
  return {
    handlers: all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name))
                                              .map((a) => `${e.tagName}[${a.name}]`)),
    javascriptUrls: all.flatMap((e) => [...e.attributes]
                                  .filter((a) => /^\\s*javascript:/i.test(a.value)
                                                 && !["title", "alt"].includes(a.name))
                                  .map((a) => `${e.tagName}[${a.name}=${a.value}]`)),
    injectedImages: document.querySelectorAll('img[src="x"]').length,
    payloadScripts: [...document.scripts].filter((s) => s.text.includes("alert(")).length,
    contentScripts: document.querySelectorAll(".md-content script").length,
  };
}"""
_NO_VECTORS = {
    "handlers": [],
    "javascriptUrls": [],
    "injectedImages": 0,
    "payloadScripts": 0,
    "contentScripts": 0,
}


# Each warning the build must give, as (line, what it names): the missing asset, and each command that
# needs KaTeX's `trust` (off by default).
EXPECTED_WARNINGS = [
    (MISSING_ASSET_LINE, "missing.png"),
    (17, "\\href"),
    (17, "\\url"),
    (21, "\\href"),
    (24, "\\includegraphics"),
    (24, "\\htmlClass"),
    (25, "\\htmlData"),
    (25, "\\htmlStyle"),
]


def test_the_build_warns_with_locations_and_never_a_traceback(hostile_site: ServedSite) -> None:
    warnings = hostile_site.built.warnings
    missing = [
        (line, what)
        for line, what in EXPECTED_WARNINGS
        if not any(f"{POST}:{line}:" in w and what in w for w in warnings)
    ]
    assert missing == [], warnings
    assert len(warnings) == len(EXPECTED_WARNINGS), warnings
    assert not any("Traceback" in m for m in hostile_site.built.messages(logging.DEBUG))


def test_no_page_runs_the_post_s_script_like_text(reader: Reader, hostile_site: ServedSite) -> None:
    pages = hostile_site.pages
    assert len(pages) >= 5, pages  # home, tags, blog index, the post, its category, 404 …
    vectors = {}
    for path in pages:
        reader.open(hostile_site.url(path))
        reader.broken_images()  # loads everything, lazy images included, so an onerror would fire now
        found = reader.page.evaluate(_SCRIPT_VECTORS)
        if found != _NO_VECTORS:
            vectors[path] = found
    assert vectors == {}, "where script could run:\n" + "\n".join(f"{p}: {v}" for p, v in vectors.items())
    assert reader.watch.dialogs == []
    # The missing asset is the only image expected to fail; nothing else may go wrong.
    others = [p for p in reader.watch.take() if "missing.png" not in p]
    assert others == []


def test_the_post_shows_the_script_like_text_as_text(reader: Reader, hostile_site: ServedSite) -> None:
    post = hostile_site.page_matching("blog/2024/08/17/*/index.html")
    reader.open(hostile_site.url(post))
    reader.broken_images()
    heading = reader.page.locator(".md-content h1").first.inner_text()
    assert heading == TITLE
    assert reader.page.title().startswith(TITLE)
    shown = reader.page.evaluate(
        """() => [...document.querySelectorAll(".md-content img")].flatMap((img) =>
             ["alt", "title", "class"].map((name) => img.getAttribute(name)).filter(Boolean))"""
    )
    # The asset_img title, alt and class arguments arrive as attribute values (Hexo's argument rules may
    # trim a leading quote, so look for the markup-like cores).
    assert any(SCRIPT in value for value in shown), shown
    assert any("<img src=x onerror=alert(1)>" in value for value in shown), shown
    # KaTeX with trust off shows \href and \url as text, never as a javascript: link.
    assert reader.page.locator(".md-content .katex").count() >= 5
    assert reader.page.locator(".md-content a[href*='javascript' i]").count() == 0
    assert reader.watch.dialogs == []
    assert [p for p in reader.watch.take() if "missing.png" not in p] == []


def test_the_blog_index_and_tags_show_the_text_escaped(reader: Reader, hostile_site: ServedSite) -> None:
    reader.open(hostile_site.url("blog/"))
    summary = reader.page.locator("article.md-post").first.inner_text()
    assert f"{SCRIPT} {BREAKOUT} the excerpt" in summary
    reader.open(hostile_site.url("tags/"))
    tags = reader.page.locator(".md-content .md-tag").all_inner_texts()
    assert SCRIPT in tags and BREAKOUT in tags, tags
    assert reader.watch.dialogs == []
    assert reader.watch.take() == []


def test_category_pages_title_the_name_as_text(reader: Reader, hostile_site: ServedSite) -> None:
    """Issue 15 item 3: a category page's <title> is not `page.title | striptags` (which un-escapes)."""
    hostile = hostile_site.page_matching("blog/category/alert1/index.html")
    reader.open(hostile_site.url(hostile))
    assert reader.page.title().startswith("</title><script>alert(1)</script>")
    assert reader.page.locator(".md-content h1").first.inner_text() == "</title><script>alert(1)</script>"
    # R&D is the hostile category's child: named by its path, slugged level by level from the text
    # (`rd`, not `rampd`).
    rd = hostile_site.page_matching("blog/category/alert1/rd/index.html")
    reader.open(hostile_site.url(rd))
    assert reader.page.title().startswith("</title><script>alert(1)</script> / R&D - ")
    assert (
        reader.page.locator(".md-content h1").first.inner_text() == "</title><script>alert(1)</script> / R&D"
    )
    assert reader.watch.dialogs == []
    assert reader.watch.take() == []


def test_search_results_show_the_text_without_running_it(reader: Reader, hostile_site: ServedSite) -> None:
    reader.open(hostile_site.url(""))
    query = reader.page.locator("input.md-search__input")
    query.click()
    query.fill("figure")  # a word of the post's body: its result shows the title and text
    query.press("End")  # Material searches on keyup
    reader.page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    reader.page.wait_for_load_state("networkidle")
    assert reader.page.evaluate(_SCRIPT_VECTORS) == _NO_VECTORS
    assert SCRIPT in reader.page.locator(".md-search-result").inner_text()
    assert reader.watch.dialogs == []
    assert reader.watch.take() == []

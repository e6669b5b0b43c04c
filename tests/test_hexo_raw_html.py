"""Raw HTML that names files of a post's asset folder (issue 13): rewritten on the post and its excerpts."""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING
from urllib.parse import unquote

import pytest

from mkdocs_zigzag.hexo.raw_html import missing_file_diagnostics, rewrite_asset_references
from mkdocs_zigzag.hexo.render import PageContext

if TYPE_CHECKING:
    from collections.abc import Callable

    from conftest import BuiltSite

ASSETS = {
    "blog/posts/foo/weights.png": "../../posts/foo/weights.png",
    "blog/posts/foo/clip.mp4": "../../posts/foo/clip.mp4",
    "blog/posts/foo/data v2.pdf": "../../posts/foo/data%20v2.pdf",
    "blog/posts/foo/w@2x.png": "../../posts/foo/w%402x.png",
}
CONTEXT = PageContext(
    src_uri="blog/posts/foo.md",
    assets=ASSETS,
    site_files=frozenset({*ASSETS, "blog/posts/foo.md", "blog/posts/beside.png", "images/logo.png"}),
)


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ('<img src="weights.png">', '<img src="../../posts/foo/weights.png">'),
        ("<img alt='w' src=weights.png />", '<img alt="w" src="../../posts/foo/weights.png" />'),
        (
            '<video controls poster="weights.png"><source src="clip.mp4#t=5" type="video/mp4"></video>',
            '<video controls poster="../../posts/foo/weights.png">'
            '<source src="../../posts/foo/clip.mp4#t=5" type="video/mp4"></video>',
        ),
        ('<video src="./clip.mp4?v=2">', '<video src="../../posts/foo/clip.mp4?v=2">'),
        ('<a href="data%20v2.pdf">pdf</a>', '<a href="../../posts/foo/data%20v2.pdf">pdf</a>'),
        (
            '<img srcset="weights.png 1x, w@2x.png 2x" src="weights.png">',
            '<img srcset="../../posts/foo/weights.png 1x, ../../posts/foo/w%402x.png 2x" '
            'src="../../posts/foo/weights.png">',
        ),
    ],
)
def test_asset_names_point_at_the_asset(fragment: str, expected: str) -> None:
    rewritten = rewrite_asset_references(fragment, CONTEXT)
    assert (rewritten.html, rewritten.missing) == (expected, [])


@pytest.mark.parametrize(
    "fragment",
    [
        '<img src="https://example.org/weights.png">',
        '<img src="/images/logo.png">',
        '<img src="beside.png">',  # a file beside the page: not an asset
        '<a href="#weights.png">x</a>',
        '<a href="../other/">x</a>',
        '<a href="other.html">x</a>',
        '<img src="data:image/png;base64,AAAA">',
        "<p>weights.png as text, src=weights.png</p>",
        '<!-- <img src="weights.png"> -->',
        '<IMG   SRC = "../../posts/foo/weights.png" >',
    ],
)
def test_everything_else_stays_byte_for_byte(fragment: str) -> None:
    rewritten = rewrite_asset_references(fragment, CONTEXT)
    assert (rewritten.html, rewritten.missing) == (fragment, [])


def test_only_changed_tags_are_written_again() -> None:
    fragment = '<div  class=x><img src="weights.png" data-a="&amp;&quot;">\n<span title=">"></span></div>'
    assert rewrite_asset_references(fragment, CONTEXT).html == (
        '<div  class=x><img src="../../posts/foo/weights.png" data-a="&amp;&quot;">\n'
        '<span title=">"></span></div>'
    )


def test_a_name_no_file_answers_to_is_reported_at_its_line() -> None:
    fragment = '<img src="nowhere.png"><a href="gone.pdf">x</a><source srcset="weights.png 1x, lost.png 2x">'
    rewritten = rewrite_asset_references(fragment, CONTEXT)
    assert rewritten.missing == [
        ("img", "src", "nowhere.png"),
        ("a", "href", "gone.pdf"),
        ("source", "srcset", "lost.png"),
    ]
    assert 'srcset="../../posts/foo/weights.png 1x, lost.png 2x"' in rewritten.html
    lines = ["# t", "", "text", '<p><img src="nowhere.png"></p>']
    (first, *_) = missing_file_diagnostics(rewritten.missing, lines, CONTEXT)
    assert first.line == 4
    assert first.message == (
        'raw HTML <img src="nowhere.png"> names a file that is neither in the post\'s asset folder '
        "(blog/posts/foo/) nor in docs/, so it will not be found in the site."
    )
    assert first.fix == "Put the file in docs/blog/posts/foo/, or correct the name."


POST = """\
---
title: Raw HTML
date: 2024-08-17 12:00:00
categories: [C]
---

<p align="center"><img src="weights.png" alt="weights"></p>

<video controls poster="weights.png"><source src="clip.mp4" type="video/mp4"></video>

Inline <a href="data.pdf">the data</a> and <img srcset="weights.png 2x" src="weights.png">.

<!-- more -->

<img src="missing.png">
"""


def _resolve(page: str, url: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(url)))


@pytest.mark.slow
def test_raw_html_assets_on_the_post_and_wherever_its_excerpt_shows(
    build_site: Callable[..., BuiltSite],
) -> None:
    built = build_site(
        {
            "docs/index.md": "# Home\n",
            "docs/blog/index.md": "# Blog\n",
            "docs/blog/posts/raw.md": POST,
            "docs/blog/posts/raw/weights.png": b"\x89PNG",
            "docs/blog/posts/raw/clip.mp4": b"mp4",
            "docs/blog/posts/raw/data.pdf": b"%PDF",
        },
        {"plugins": ["blog", "zigzag"], "markdown_extensions": ["md_in_html"]},
        expect_warnings=[
            'docs/blog/posts/raw.md:15: raw HTML <img src="missing.png"> names a file that is neither in '
            "the post's asset folder (blog/posts/raw/) nor in docs/"
        ],
    )
    pages = ["blog/2024/08/17/raw/index.html", "blog/index.html", "blog/category/c/index.html"]
    pages.append("blog/archive/2024/index.html")
    for page in pages:
        html = built.read(page)
        article = html[html.index('class="md-content') :]
        urls = re.findall(r'(?:src|href|poster|srcset)="([^"]*(?:weights|clip|data)\.[a-z0-9]+)', article)
        # img src, video poster, source src, a href, img srcset and src: each on the post and every excerpt.
        assert len(urls) == 6, (page, urls)
        for url in urls:
            assert (built.site_dir / _resolve(page, url)).is_file(), (page, url)
        assert ('src="missing.png"' in article) == (page == pages[0])  # below the marker: post only


def test_each_stashed_fragment_is_rewritten_once_per_conversion() -> None:
    """``toc`` runs every postprocessor on each heading's HTML: the rewrite must not run again for the
    whole stash each time (a post with many headings and formulas paid for it once per heading)."""
    import markdown

    from mkdocs_zigzag.hexo import raw_html
    from mkdocs_zigzag.hexo.extension import HexoTagExtension

    asked: list[str] = []

    def context_for(src_uri: str, _url: str) -> PageContext:
        asked.append(src_uri)
        return CONTEXT

    seen: list[str] = []
    rewrite = raw_html.rewrite_asset_references

    def counting(fragment: str, context: PageContext) -> raw_html.RewrittenHtml:
        seen.append(fragment)
        return rewrite(fragment, context)

    ext = HexoTagExtension(context_for)
    ext.set_page("blog/posts/foo.md", "blog/posts/foo/")
    md = markdown.Markdown(extensions=[ext, "toc", "md_in_html"])
    headings = "\n\n".join(f"## Part {i} <span>x</span>\n\ntext {i}" for i in range(12))
    source = (
        f'<p align="center"><img src="weights.png"></p>\n\n{headings}\n\n<div><img src="clip.mp4"></div>\n'
    )
    original, raw_html.rewrite_asset_references = raw_html.rewrite_asset_references, counting
    try:
        html_out = md.convert(source)
        first = (len(asked), len(seen))
        asked.clear(), seen.clear()
        again = md.reset().convert(source)
    finally:
        raw_html.rewrite_asset_references = original
    assert html_out.count('src="../../posts/foo/weights.png"') == 1
    assert html_out.count('src="../../posts/foo/clip.mp4"') == 1
    assert first == (1, 2)  # one context, each of the two fragments once (12 headings notwithstanding)
    assert (len(asked), len(seen)) == (1, 2) and again == html_out  # a second conversion starts afresh


@pytest.mark.parametrize(
    ("fragment", "inert"),
    [
        ('<img src="../../../../p/a.light.svg#only-light" class="zigzag-figure">', True),
        ("<a href='https://x.org/a.png'>x</a><img src=/images/logo.png>", True),
        ('<a href="#more"></a><img srcset="../a.png 1x, ../b.png 2x">', True),
        ('<img src = "weights.png">', False),
        ('<img src="../a.png" srcset="../a.png 1x, w@2x.png 2x">', False),
        ("<img data-src=x.png>", False),  # over-matching only costs a parse
        ('<video poster="./clip.png">', False),
    ],
)
def test_fragments_with_only_inert_urls_are_not_parsed(fragment: str, inert: bool) -> None:
    from mkdocs_zigzag.hexo.raw_html import _only_inert_urls

    assert _only_inert_urls(fragment) is inert
    if inert:  # and the rewrite leaves such a fragment as it is
        assert rewrite_asset_references(fragment, CONTEXT).html == fragment


def test_a_page_whose_raw_html_names_no_asset_asks_for_no_context() -> None:
    """The usual post: its raw HTML is the figures' and tags' own, already pointing at the built files (or
    at other sites): no page context is made for it (a tenth of a millisecond a conversion)."""
    import markdown

    from mkdocs_zigzag.hexo.extension import HexoTagExtension

    asked: list[str] = []

    def context_for(src_uri: str, _url: str) -> PageContext:
        asked.append(src_uri)
        return CONTEXT

    ext = HexoTagExtension(context_for)
    ext.set_page("blog/posts/foo.md", "blog/posts/foo/")
    md = markdown.Markdown(extensions=[ext, "md_in_html"])
    source = (
        '<p align="center"><img src="../../../../posts/foo/a.light.svg#only-light" class="zigzag-figure">'
        "</p>\n\n"
        'Text <a href="https://example.org/x.png">x</a>.\n\n<div><img src="/images/logo.png"></div>\n'
    )
    assert md.convert(source).count("<img") == 2
    assert asked == []
    assert "../../posts/foo/weights.png" in md.reset().convert('<p><img src="weights.png"></p>\n')
    assert asked == ["blog/posts/foo.md"]  # a name to rewrite: the context is made

"""The post through Material's blog: on the index with date and excerpt, on tag pages, found by search."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin

import pytest

if TYPE_CHECKING:
    from .conftest import Reader, ServedSite

ARTICLE = "blog/2024/08/17/*/index.html"
TITLE = "激活函数不以零为中心的问题"
EXCERPT = "Sigmoid激活函数不以零为中心，为什么会导致收敛变慢"
TAGS = ("机器学习", "基础知识", "数学", "神经网络", "深度学习", "激活函数")


def _absolute(base: str, hrefs: list[str]) -> set[str]:
    return {unquote(urljoin(base, href)) for href in hrefs}


def test_the_blog_index_lists_the_post_with_its_date_and_excerpt(reader: Reader, site: ServedSite) -> None:
    article = unquote(site.url(site.page_matching(ARTICLE)))
    reader.open(site.url("blog/"))
    posts = reader.page.evaluate(
        """() => [...document.querySelectorAll("article.md-post")].map((post) => ({
             links: [...post.querySelectorAll("a[href]")].map((a) => a.getAttribute("href")),
             datetime: post.querySelector("time")?.getAttribute("datetime"),
             date: post.querySelector("time")?.textContent.trim(),
             heading: post.querySelector("h2")?.textContent.trim(),
             summary: post.querySelector(".md-post__content")?.innerText}))"""
    )
    ours = [post for post in posts if article in _absolute(reader.page.url, post["links"])]
    assert len(ours) == 1, posts
    post = ours[0]
    assert post["datetime"].startswith("2024-08-17"), post
    assert post["date"] == "2024年8月17日"  # post_date_format: long, language zh
    assert post["heading"] == TITLE
    assert EXCERPT in post["summary"]
    # The excerpt is the front matter's, not the start of the body.
    assert "声明" not in post["summary"]
    assert reader.watch.take() == []


def test_a_tag_page_lists_the_post_under_each_of_its_tags(reader: Reader, site: ServedSite) -> None:
    article = unquote(site.url(site.page_matching(ARTICLE)))
    listed: dict[str, set[str]] = {}
    for path in site.pages:
        html = (
            site.built.site_dir / (path + "index.html" if path.endswith("/") or not path else path)
        ).read_text(encoding="utf-8")
        if 'id="tag:' not in html:
            continue
        reader.open(site.url(path))
        listing = reader.page.evaluate(
            """() => Object.fromEntries([...document.querySelectorAll('[id^="tag:"]')].map((heading) => {
                 const list = heading.nextElementSibling;
                 const links = list ? [...list.querySelectorAll("a[href]")] : [];
                 const hrefs = links.map((a) => a.getAttribute("href"));
                 return [(heading.querySelector(".md-tag") || heading).textContent.trim(), hrefs];
               }))"""
        )
        for tag, hrefs in listing.items():
            listed.setdefault(tag, set()).update(_absolute(reader.page.url, hrefs))
    assert listed, (
        "no page of the site lists tags (Material's tags plugin: a page with <!-- material/tags -->)"
    )
    assert {tag: article in listed.get(tag, set()) for tag in TAGS} == dict.fromkeys(TAGS, True)
    assert reader.watch.take() == []


@pytest.mark.parametrize("word", ["激活函数", "神经元", "收敛速度"])
def test_search_finds_the_post_by_a_chinese_word(reader: Reader, site: ServedSite, word: str) -> None:
    article = unquote(site.url(site.page_matching(ARTICLE)))
    reader.open(site.url(""))
    query = reader.page.locator("input.md-search__input")
    query.click()
    query.fill(word)
    query.press("End")  # Material searches on keyup
    results = reader.page.locator(".md-search-result__item a.md-search-result__link")
    results.first.wait_for(timeout=10_000)
    hrefs = [
        unquote(href.split("#")[0].split("?")[0])
        for href in results.evaluate_all("(links) => links.map((a) => a.href)")
    ]
    assert article in hrefs
    assert reader.page.locator(".md-search-result mark").count() >= 1  # the word is highlighted
    assert reader.watch.take() == []

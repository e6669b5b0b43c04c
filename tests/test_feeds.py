"""Atom and RSS 2.0 feeds at Hexo's feed paths: ids kept from Hexo, links to the new pages, valid XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from mkdocs_zigzag.feeds import (
    Feed,
    FeedEntry,
    absolute_links,
    absolute_srcset,
    absolute_url,
    atom_xml,
    rss2_xml,
)

A = "{http://www.w3.org/2005/Atom}"
SHANGHAI = timezone(timedelta(hours=8))
ENTRY = FeedEntry(
    title="Q&A <session>",
    link="https://example.org/blog/2021/07/07/q-a-session/",
    id="http://example.com/blog/2021/07/07/Q&A%20session/",
    published=datetime(2021, 7, 7, 7, 7, 7, tzinfo=SHANGHAI),
    updated=datetime(2021, 7, 8, 0, 0, 0, tzinfo=timezone.utc),
    summary="<p>Short & sweet</p>",
    content="<p>All of it</p>",
    categories=(("C++", "http://example.com/blog/tags/cpp/"),),
)
FEED = Feed(
    title="之字形笔记",
    id="http://example.com/blog/",
    site_url="https://example.org/blog/",
    feed_url="https://example.org/blog/atom.xml",
    updated=datetime(2021, 7, 8, tzinfo=timezone.utc),
    subtitle="Notes",
    language="zh-CN",
    author="Ada",
)


def test_atom_keeps_hexo_ids_and_links_to_new_pages() -> None:
    text = atom_xml(FEED, [ENTRY])
    assert text.startswith(
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"'
    )
    root = ET.fromstring(text)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-CN"
    assert root.findtext(f"{A}id") == "http://example.com/blog/"
    assert root.findtext(f"{A}updated") == "2021-07-08T00:00:00Z"
    links = [(link.get("rel"), link.get("href")) for link in root.findall(f"{A}link")]
    assert links == [
        ("alternate", "https://example.org/blog/"),
        ("self", "https://example.org/blog/atom.xml"),
    ]
    (entry,) = root.findall(f"{A}entry")
    assert entry.findtext(f"{A}title") == "Q&A <session>"
    assert entry.findtext(f"{A}id") == "http://example.com/blog/2021/07/07/Q&A%20session/"
    assert entry.find(f"{A}link").get("href") == ENTRY.link  # type: ignore[union-attr]
    assert entry.findtext(f"{A}published") == "2021-07-07T07:07:07+08:00"
    assert entry.findtext(f"{A}summary") == "<p>Short & sweet</p>"
    assert entry.findtext(f"{A}content") == "<p>All of it</p>"
    assert entry.findtext(f"{A}author/{A}name") == "Ada"
    assert [(c.get("term"), c.get("scheme")) for c in entry.findall(f"{A}category")] == list(ENTRY.categories)


def test_rss2_has_guid_from_hexo_and_rfc822_dates() -> None:
    root = ET.fromstring(rss2_xml(FEED, [ENTRY]))
    channel = root.find("channel")
    assert channel is not None
    assert channel.findtext("lastBuildDate") == "Thu, 08 Jul 2021 00:00:00 +0000"
    assert channel.find(f"{A}link").get("href") == "https://example.org/blog/atom.xml"  # type: ignore[union-attr]
    (item,) = channel.findall("item")
    assert item.findtext("guid") == ENTRY.id
    assert item.findtext("link") == ENTRY.link
    assert item.findtext("pubDate") == "Wed, 07 Jul 2021 07:07:07 +0800"
    assert item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded") == "<p>All of it</p>"
    assert [(c.text, c.get("domain")) for c in item.findall("category")] == list(ENTRY.categories)


# --- A post's HTML in a feed: links absolute against the post's URL ----------------------------------

POST_URL = "http://example.com/blog/2024/08/hello-world/"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("../../../uploads/x.png", "http://example.com/blog/uploads/x.png"),
        ("diagram.png", "http://example.com/blog/2024/08/hello-world/diagram.png"),
        ("../shell/#gap", "http://example.com/blog/2024/08/shell/#gap"),
        ("/uploads/x.png", "http://example.com/uploads/x.png"),
        ("#more", "http://example.com/blog/2024/08/hello-world/#more"),
        ("https://elsewhere.example/a?b=1", "https://elsewhere.example/a?b=1"),
        ("mailto:ada@example.com", "mailto:ada@example.com"),
        ("data:image/png;base64,iVBORw0KGgo=", "data:image/png;base64,iVBORw0KGgo="),
        ("", ""),
    ],
)
def test_absolute_url(url: str, expected: str) -> None:
    assert absolute_url(url, POST_URL) == expected


def test_absolute_srcset_keeps_descriptors_and_commas_inside_urls() -> None:
    srcset = "a.png 1x,../b.png 2x , /c.png 640w, data:image/png;base64,AA,BB 3x, https://x.example/d.png,"
    assert absolute_srcset(srcset, POST_URL) == (
        "http://example.com/blog/2024/08/hello-world/a.png 1x, http://example.com/blog/2024/08/b.png 2x, "
        "http://example.com/c.png 640w, data:image/png;base64,AA,BB 3x, https://x.example/d.png"
    )


def test_absolute_links_rewrites_only_tags_with_relative_urls() -> None:
    source = (
        '<p><img alt="x &amp; y" src="../../../uploads/x.png" srcset="s.png 1x, s@2.png 2x" /> '
        '<a href="#more" class=\'k\'>more</a> <a href="mailto:a@example.com">mail</a>\n'
        '<a href="https://a.example/?a=1&amp;b=2">out</a></p>\n'
        '<video poster="p.jpg" controls><source src=\'v.mp4\' type="video/mp4"></video>\n'
        '<span class="katex">x</span>'
    )
    assert absolute_links(source, POST_URL) == (
        '<p><img alt="x &amp; y" src="http://example.com/blog/uploads/x.png" '
        'srcset="http://example.com/blog/2024/08/hello-world/s.png 1x, '
        'http://example.com/blog/2024/08/hello-world/s@2.png 2x" /> '
        '<a href="http://example.com/blog/2024/08/hello-world/#more" class="k">more</a> '
        '<a href="mailto:a@example.com">mail</a>\n'
        '<a href="https://a.example/?a=1&amp;b=2">out</a></p>\n'
        '<video poster="http://example.com/blog/2024/08/hello-world/p.jpg" controls>'
        '<source src="http://example.com/blog/2024/08/hello-world/v.mp4" type="video/mp4"></video>\n'
        '<span class="katex">x</span>'
    )


def test_absolute_links_in_a_feed_entry() -> None:
    content = absolute_links('<p><img alt="logo" src="../../../uploads/x.png" /></p>', POST_URL)
    entry = ET.fromstring(atom_xml(FEED, [replace(ENTRY, content=content)])).find(f"{A}entry")
    assert entry is not None
    assert entry.findtext(f"{A}content") == (
        '<p><img alt="logo" src="http://example.com/blog/uploads/x.png" /></p>'
    )

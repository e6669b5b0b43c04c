"""Atom and RSS 2.0 feeds at Hexo's feed paths: ids kept from Hexo, links to the new pages, valid XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

from mkdocs_zigzag.feeds import Feed, FeedEntry, atom_xml, rss2_xml

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

"""Atom and RSS 2.0 feeds at the addresses hexo-generator-feed used, so subscribers keep reading.

No MkDocs here: :func:`atom_xml` and :func:`rss2_xml` turn a :class:`Feed` and its :class:`FeedEntry` list
into the document hexo-generator-feed 4 writes (same elements: title, links, ids, dates, summary, content,
categories). A redirect is not enough for feed readers, so the adapter writes the feed itself at the old
path (``atom.xml``) in ``on_post_build``. Entry and feed ids stay what Hexo published (the post's Hexo
permalink, the site's ``url``): a reader that keys entries by id shows no old post as new after the move,
while each entry's link goes to the post's new URL.
"""

from __future__ import annotations

import email.utils
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

__all__ = ["Feed", "FeedEntry", "atom_xml", "rss2_xml"]

_ATOM = "http://www.w3.org/2005/Atom"
_CONTENT = "http://purl.org/rss/1.0/modules/content/"


@dataclass(frozen=True)
class FeedEntry:
    """One post in a feed."""

    title: str
    link: str
    """The post's absolute URL in the new site."""
    id: str
    """The id readers know it by: the post's Hexo permalink (absolute, encoded)."""
    published: datetime
    updated: datetime
    summary: str = ""
    """HTML: ``description``, else the excerpt (hexo-generator-feed's order)."""
    content: str = ""
    """HTML of the whole post (``feed.content: true``), or empty."""
    categories: tuple[tuple[str, str], ...] = ()
    """``(name, URL)`` of the post's categories, then its tags."""


@dataclass(frozen=True)
class Feed:
    """What the feed says about the site."""

    title: str
    id: str
    """Hexo's ``url`` with a trailing ``/`` (the id hexo-generator-feed gave the feed)."""
    site_url: str
    """The site's home page (absolute)."""
    feed_url: str
    """Where this feed is served (absolute): its ``rel="self"`` link."""
    updated: datetime
    subtitle: str = ""
    language: str = ""
    author: str = ""
    entries: tuple[FeedEntry, ...] = field(default_factory=tuple)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = text
    return element


def _serialize(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def atom_xml(feed: Feed, entries: Sequence[FeedEntry]) -> str:
    """The Atom 1.0 document of *feed* with *entries* (newest first, as given)."""
    ET.register_namespace("", _ATOM)
    root = ET.Element(f"{{{_ATOM}}}feed")
    if feed.language:
        root.set("{http://www.w3.org/XML/1998/namespace}lang", feed.language)
    _text(root, f"{{{_ATOM}}}id", feed.id)
    _text(root, f"{{{_ATOM}}}title", feed.title)
    if feed.subtitle:
        _text(root, f"{{{_ATOM}}}subtitle", feed.subtitle)
    _text(root, f"{{{_ATOM}}}updated", _iso(feed.updated))
    ET.SubElement(root, f"{{{_ATOM}}}link", {"href": feed.site_url, "rel": "alternate"})
    ET.SubElement(root, f"{{{_ATOM}}}link", {"href": feed.feed_url, "rel": "self"})
    if feed.author:
        author = ET.SubElement(root, f"{{{_ATOM}}}author")
        _text(author, f"{{{_ATOM}}}name", feed.author)
    _text(root, f"{{{_ATOM}}}generator", "mkdocs-zigzag")
    for item in entries:
        entry = ET.SubElement(root, f"{{{_ATOM}}}entry")
        _text(entry, f"{{{_ATOM}}}title", item.title)
        _text(entry, f"{{{_ATOM}}}id", item.id)
        ET.SubElement(entry, f"{{{_ATOM}}}link", {"href": item.link})
        _text(entry, f"{{{_ATOM}}}published", _iso(item.published))
        _text(entry, f"{{{_ATOM}}}updated", _iso(item.updated))
        if item.summary:
            _text(entry, f"{{{_ATOM}}}summary", item.summary, type="html")
        if item.content:
            _text(entry, f"{{{_ATOM}}}content", item.content, type="html")
        if feed.author:
            author = ET.SubElement(entry, f"{{{_ATOM}}}author")
            _text(author, f"{{{_ATOM}}}name", feed.author)
        for name, scheme in item.categories:
            ET.SubElement(entry, f"{{{_ATOM}}}category", {"term": name, "scheme": scheme})
    return _serialize(root)


def rss2_xml(feed: Feed, entries: Sequence[FeedEntry]) -> str:
    """The RSS 2.0 document of *feed* with *entries* (newest first, as given)."""
    ET.register_namespace("atom", _ATOM)
    ET.register_namespace("content", _CONTENT)
    root = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(root, "channel")
    _text(channel, "title", feed.title)
    _text(channel, "link", feed.site_url)
    _text(channel, "description", feed.subtitle)
    if feed.language:
        _text(channel, "language", feed.language)
    _text(channel, "lastBuildDate", email.utils.format_datetime(feed.updated))
    _text(channel, "generator", "mkdocs-zigzag")
    ET.SubElement(
        channel, f"{{{_ATOM}}}link", {"href": feed.feed_url, "rel": "self", "type": "application/rss+xml"}
    )
    for entry in entries:
        item = ET.SubElement(channel, "item")
        _text(item, "title", entry.title)
        _text(item, "link", entry.link)
        # The Hexo permalink, which readers already hold; it still answers (a redirect page).
        _text(item, "guid", entry.id)
        _text(item, "pubDate", email.utils.format_datetime(entry.published))
        if entry.summary:
            _text(item, "description", entry.summary)
        if entry.content:
            _text(item, f"{{{_CONTENT}}}encoded", entry.content)
        for name, domain in entry.categories:
            _text(item, "category", name, domain=domain)
    return _serialize(root)

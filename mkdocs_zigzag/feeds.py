"""Atom and RSS 2.0 feeds at the addresses hexo-generator-feed used, so subscribers keep reading.

No MkDocs here: :func:`atom_xml` and :func:`rss2_xml` turn a :class:`Feed` and its :class:`FeedEntry` list
into the document hexo-generator-feed 4 writes (same elements: title, links, ids, dates, summary, content,
categories). A redirect is not enough for feed readers, so the adapter writes the feed itself at the old
path (``atom.xml``) in ``on_post_build``. Entry and feed ids stay what Hexo published (the post's Hexo
permalink, the site's ``url``): a reader that keys entries by id shows no old post as new after the move,
while each entry's link goes to the post's new URL. A post's HTML links relative to its own page
(``../../assets/x.png``), which means nothing in a feed reader: :func:`absolute_links` resolves every
``href``/``src``/``srcset``/``poster`` against the post's URL before it goes into the feed.
"""

from __future__ import annotations

import email.utils
import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TYPE_CHECKING
from urllib.parse import urljoin

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

__all__ = ["Feed", "FeedEntry", "absolute_links", "absolute_srcset", "absolute_url", "atom_xml", "rss2_xml"]

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


# --- A post's HTML made readable outside its page ------------------------------------------------------

#: Attributes holding one URL (``srcset`` holds a list, see :func:`absolute_srcset`).
URL_ATTRIBUTES = frozenset({"href", "src", "poster"})
# RFC 3986 scheme: `mailto:`, `data:`, `https:`, `javascript:` ... are left as they are.
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
_SPACE = " \t\n\r\f"


def absolute_url(url: str, base: str) -> str:
    """*url* (as written in a page at the absolute *base*) made absolute; a URL with a scheme is kept.

    ``../../assets/x.png``, ``/uploads/x.png`` and ``#more`` (the post's own anchor) resolve against
    *base*; ``https:``, ``mailto:``, ``data:`` and empty values are returned as they are.
    """
    stripped = url.strip()
    if not stripped or _SCHEME.match(stripped):
        return url
    return urljoin(base, stripped)


def absolute_srcset(srcset: str, base: str) -> str:
    """Each image candidate's URL in *srcset* made absolute, descriptors (``2x``, ``640w``) kept.

    Split as the HTML standard parses it: a URL is a run of non-space characters (commas inside it stay,
    as in a ``data:`` URL), a trailing comma ends a candidate without descriptors.
    """
    candidates = []
    position, length = 0, len(srcset)
    while position < length:
        while position < length and (srcset[position] in _SPACE or srcset[position] == ","):
            position += 1
        if position >= length:
            break
        end = position
        while end < length and srcset[end] not in _SPACE:
            end += 1
        url, position = srcset[position:end], end
        descriptors = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            end = srcset.find(",", position)
            end = length if end < 0 else end
            descriptors, position = srcset[position:end].strip(), end
        resolved = absolute_url(url, base)
        candidates.append(f"{resolved} {descriptors}" if descriptors else resolved)
    return ", ".join(candidates)


class _LinkParser(HTMLParser):
    """Finds the start tags whose URL attributes change, with their place in the source."""

    def __init__(self, source: str, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.edits: list[tuple[int, int, str]] = []
        """(start, end, new tag) in *source*."""
        self._line_starts = [0]
        for match in re.finditer("\n", source):
            self._line_starts.append(match.end())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._rewrite(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._rewrite(tag, attrs, closed=True)

    def _rewrite(self, tag: str, attrs: list[tuple[str, str | None]], *, closed: bool) -> None:
        changed = False
        new_attrs: list[tuple[str, str | None]] = []
        for name, value in attrs:
            new: str | None
            if value is not None and name in URL_ATTRIBUTES:
                new = absolute_url(value, self.base)
            elif value is not None and name == "srcset":
                new = absolute_srcset(value, self.base)
            else:
                new = value
            changed = changed or new != value
            new_attrs.append((name, new))
        raw = self.get_starttag_text()
        if not changed or raw is None:
            return  # the tag is kept byte for byte
        line, column = self.getpos()
        start = self._line_starts[line - 1] + column
        parts = [tag] + [
            name if value is None else f'{name}="{html.escape(value)}"' for name, value in new_attrs
        ]
        self.edits.append((start, start + len(raw), "<" + " ".join(parts) + (" />" if closed else ">")))


def absolute_links(source: str, base: str) -> str:
    """*source* (a page's HTML), every ``href``, ``src``, ``srcset`` and ``poster`` absolute against *base*.

    *base* is the page's absolute URL. Only tags with such a URL to change are rewritten (their attributes
    re-quoted); everything else is kept byte for byte. For feeds: readers show an entry's HTML away from
    its page, where ``../../assets/x.png`` resolves against the feed's address.
    """
    parser = _LinkParser(source, base)
    parser.feed(source)
    parser.close()
    out, at = [], 0
    for start, end, tag in parser.edits:
        out += [source[at:start], tag]
        at = end
    out.append(source[at:])
    return "".join(out)


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

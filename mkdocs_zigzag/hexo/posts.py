"""Posts as Hexo's ``post_link`` / ``post_path`` find them, and the headings a ``slug#anchor`` may name.

Hexo (``lib/plugins/processor/post.ts``) gives every post the slug ``path under _posts/ without the
extension`` (folders included: ``_posts/Python/PythonBasis.md`` is ``Python/PythonBasis``; a front-matter
``slug`` is overwritten), and ``post_link`` looks a post up by that slug, then by its title. Under MkDocs the
``_posts`` folder is Material's posts folder (``blog/posts``); a page outside it is found by its docs path.
A link to a heading (``slug#section``) keeps the anchor; Hexo's anchors are hexo-util's ``slugize`` of the
heading text (``Hello World`` → ``Hello-World``), MkDocs' the ``toc`` extension's (``hello-world``): the
anchor is matched against both spellings and written as the id the built page has.
Nothing here imports MkDocs.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from markdown.extensions.toc import slugify as toc_slugify

from mkdocs_zigzag.hexo.tags import LIST_ITEM as _LIST_ITEM
from mkdocs_zigzag.hexo.tags import code_lines

Slugify = Callable[[str, str], str]
"""The ``toc`` extension's ``slugify(text, separator)``: the ids the site gives its headings."""


@dataclass(frozen=True)
class PostRecord:
    """One Markdown page that ``post_link`` can name."""

    src_uri: str
    title: str | None
    slug: str
    """Hexo's slug: the path under the posts folder without extension (the docs path for other pages)."""
    published: bool = True
    """``False`` for ``published: false`` / ``draft: true``: not in the built site, so never linked."""

    @property
    def shown_title(self) -> str:
        """What Hexo writes when the post has no title: its slug."""
        return self.title or self.slug


class AmbiguousPost(Exception):
    """A short name (file stem, partial path) that several pages claim."""

    def __init__(self, key: str, candidates: Sequence[str]) -> None:
        super().__init__(key)
        self.key = key
        self.candidates = tuple(candidates)


class PostIndex:
    """Posts by Hexo slug, docs path and title; a unique file stem or path tail as a last resort."""

    def __init__(self, post_dirs: Sequence[str] = ()) -> None:
        self._post_dirs = [posixpath.normpath(d).strip("/") + "/" for d in post_dirs if d.strip("/.")]
        self._by_slug: dict[str, PostRecord] = {}
        self._by_path: dict[str, PostRecord] = {}
        self._by_title: dict[str, PostRecord] = {}
        self._by_tail: dict[str, list[PostRecord]] = {}

    def slug_of(self, src_uri: str) -> str:
        """Hexo's slug of the page *src_uri*: its path under the posts folder, without extension."""
        path = posixpath.splitext(src_uri)[0]
        for folder in self._post_dirs:
            if path.startswith(folder):
                return path[len(folder) :]
        if not self._post_dirs:
            # Not told where the posts are: Material's default layout (``blog/posts/``) and Hexo's own.
            for marker in ("/posts/", "/_posts/"):
                if marker in "/" + path:
                    return ("/" + path).split(marker, 1)[1]
        return path

    def add(self, src_uri: str, title: str | None, *, published: bool = True) -> None:
        """Index the page *src_uri*; the first page to claim a slug, path or title keeps it."""
        path = posixpath.splitext(src_uri)[0]
        record = PostRecord(src_uri, title or None, self.slug_of(src_uri), published)
        self._by_slug.setdefault(record.slug, record)
        self._by_path.setdefault(path, record)
        if title:
            self._by_title.setdefault(title, record)
        parts = path.split("/")
        for start in range(1, len(parts)):
            self._by_tail.setdefault("/".join(parts[start:]), []).append(record)

    def lookup(self, key: str) -> PostRecord | None:
        """The page *key* names, as Hexo looks: slug, then title (then docs path, then a unique tail).

        Raises :class:`AmbiguousPost` when only a tail matches and several pages have it.
        """
        for table in (self._by_slug, self._by_title, self._by_path):
            if key in table:
                return table[key]
        tails = self._by_tail.get(key.strip("/"), [])
        if len(tails) == 1:
            return tails[0]
        if tails:
            raise AmbiguousPost(key, [record.src_uri for record in tails])
        return None


# --- headings ---------------------------------------------------------------------------------

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_ATTR_ID = re.compile(r"[ \t]*\{:?[^}]*#([\w\-:.]+)[^}]*\}[ \t]*$")
_ATTR_LIST = re.compile(r"[ \t]*\{:?[^}]*\}[ \t]*$")
_INLINE_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|<[^>]+>|[*_`~]+")
_HEXO_SPECIAL = re.compile(r"[\s~`!@#$%^&*()\-_+=\[\]{}|\\;:\"'<>,.?/]+")
_CONTROL = re.compile(r"[\u0000-\u001f]")


def hexo_slugize(text: str) -> str:
    """hexo-util's ``slugize`` (``transform`` 0): the id hexo-renderer-marked gives a heading."""
    # escapeDiacritic maps accented Latin letters to their base letters; NFKD does the same for them.
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    plain = _CONTROL.sub("", plain)
    return _HEXO_SPECIAL.sub("-", plain).strip("-")


def _unique(base: str, used: dict[str, int], separator: str) -> str:
    """*base*, or *base* with the next free counter (Hexo ``x-1``, MkDocs ``x_1``)."""
    if base not in used:
        used[base] = 1
        return base
    while True:
        candidate = f"{base}{separator}{used[base]}"
        used[base] += 1
        if candidate not in used:
            used[candidate] = 1
            return candidate


@dataclass(frozen=True)
class Heading:
    """A heading of a post, with the id each renderer gives it."""

    text: str
    id: str
    """The id in the built page (the ``toc`` extension's, or an explicit ``{#id}``)."""
    hexo_id: str
    """The id Hexo gave it (what a ``post_link slug#anchor`` written for Hexo names)."""


def strip_front_matter(text: str) -> str:
    """The body of a post file: the text after a ``---`` (YAML) or ``;;;`` (JSON) front matter, blanked.

    The front matter's lines are kept as blank lines so that line numbers stay those of the file.
    """
    lines = text.split("\n")
    if lines and lines[0].strip() in ("---", ";;;"):
        closing = ("---", "...") if lines[0].strip() == "---" else (";;;",)
        for index in range(1, len(lines)):
            if lines[index].strip() in closing:
                return "\n" * index + "\n".join(lines[index + 1 :])
    return text


def read_headings(markdown: str, slugify: Slugify = toc_slugify) -> list[Heading]:
    """The ATX and setext headings of *markdown* that are not code, in order."""
    lines = markdown.split("\n")
    code = code_lines(lines)
    found: list[str] = []
    explicit: dict[int, str] = {}
    for index, line in enumerate(lines):
        if code[index]:
            continue
        text: str | None = None
        match = _ATX.match(line)
        if match:
            text = match.group(2) or ""
        elif (
            index > 0
            and _SETEXT.match(line)
            and not code[index - 1]
            and lines[index - 1].strip()
            and not _ATX.match(lines[index - 1])
            and not _LIST_ITEM.match(lines[index - 1])
        ):
            text = lines[index - 1].strip()
        if text is None:
            continue
        id_match = _ATTR_ID.search(text)
        if id_match:
            explicit[len(found)] = id_match.group(1)
        found.append(_ATTR_LIST.sub("", text).strip())
    headings = []
    used_hexo: dict[str, int] = {}
    used_toc: dict[str, int] = {}
    for number, raw in enumerate(found):
        plain = _INLINE_MARKUP.sub(lambda m: m.group(1) or "", raw).strip()
        hexo_id = _unique(hexo_slugize(plain), used_hexo, "-")
        toc_id = explicit.get(number) or _unique(slugify(plain, "-"), used_toc, "_")
        headings.append(Heading(plain, toc_id, hexo_id))
    return headings


def match_anchor(headings: Iterable[Heading], anchor: str) -> str | None:
    """The id in the built page that *anchor* names (written as Hexo or as MkDocs spells it), or ``None``."""
    listed = list(headings)
    for key in ("id", "hexo_id"):
        for heading in listed:
            if getattr(heading, key) == anchor:
                return heading.id
    folded = anchor.casefold()
    for heading in listed:
        if folded in (heading.id.casefold(), heading.hexo_id.casefold()):
            return heading.id
    return None

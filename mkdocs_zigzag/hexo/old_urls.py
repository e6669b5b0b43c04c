"""Every URL a Hexo blog had, and where each lives in the MkDocs site built from the same folder.

No MkDocs here. :func:`read_hexo_site` reads ``source/_posts`` (and ``_drafts``) of a Hexo folder into a
:class:`~mkdocs_zigzag.hexo.permalink.HexoSite`; :func:`hexo_urls` lists what Hexo published (posts, pages,
static files, post assets, home/archive/category/tag listings) as :class:`OldUrl`; :func:`redirect_pairs`
pairs each with its new URL, given where MkDocs put each source file and where the listings went. The
adapter hands the pairs to :func:`mkdocs_zigzag.redirects.plan_redirects` in ``on_post_build``.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit
from zoneinfo import ZoneInfo

from mkdocs_zigzag.hexo.frontmatter import parse_front_matter, split_post
from mkdocs_zigzag.hexo.permalink import (
    DRAFT_DIR,
    MARKDOWN_EXTENSIONS,
    POST_DIR,
    HexoPost,
    HexoSite,
    ListPage,
    is_rendered_page,
    page_path,
    post_asset_path,
)
from mkdocs_zigzag.hexo.slugize import HexoSlugify

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from datetime import tzinfo
    from pathlib import Path

    from mkdocs_zigzag.hexo.hexo_config import HexoConfig

__all__ = [
    "HexoLinkIndex",
    "LinkTarget",
    "OldUrl",
    "generate_time_zone",
    "hexo_urls",
    "is_hexo_hidden",
    "listing_target",
    "read_hexo_site",
    "redirect_pairs",
    "source_files",
]


def is_hexo_hidden(relative: str) -> bool:
    """processor/common.ts ``isHiddenFile``: a ``_`` or ``.`` name anywhere in the path (Hexo skips it)."""
    return any(part.startswith(("_", ".")) for part in relative.split("/"))


def source_files(source_dir: Path) -> list[str]:
    """Every file under *source_dir*, ``/``-separated, sorted (the order stands for Hexo's reading order)."""
    found = []
    for root, _dirs, names in os.walk(source_dir):
        for name in names:
            found.append(os.path.relpath(os.path.join(root, name), source_dir).replace(os.sep, "/"))
    return sorted(found)


def _birth_time(path: Path) -> datetime:
    """The file's creation time where the OS gives one (Hexo uses it for a post without date), else mtime."""
    stat = path.stat()
    return datetime.fromtimestamp(getattr(stat, "st_birthtime", stat.st_mtime), tz=timezone.utc)


def generate_time_zone(generate_timezone: str, timezone_name: str) -> ZoneInfo:
    """The zone of the machine that ran ``hexo generate``: it decides the date parts of the old URLs.

    *generate_timezone* is the plugin's ``hexo_generate_timezone``; without it, *timezone_name* (the zone
    the dates are written in: ``hexo_timezone``, else Hexo's ``timezone``), as on the author's own
    machine; without either, UTC.
    """
    return ZoneInfo(generate_timezone or timezone_name or "UTC")


def read_hexo_site(
    source_dir: Path,
    config: HexoConfig,
    *,
    machine_tz: tzinfo,
    show_drafts: bool = False,
    files: Iterable[str] | None = None,
) -> HexoSite:
    """The posts of a Hexo ``source/`` folder (Markdown in ``_posts``/``_drafts``), read as Hexo reads them.

    *machine_tz* is the zone of the machine that built the Hexo site (it decides the dates in URLs);
    *files* (paths under *source_dir*) saves a second walk when the caller has the list.
    """
    posts = []
    for relative in files if files is not None else source_files(source_dir):
        if not relative.startswith((POST_DIR, DRAFT_DIR)):
            continue
        inner = relative.split("/", 1)[1]
        if is_hexo_hidden(inner) or posixpath.splitext(relative)[1].lower() not in MARKDOWN_EXTENSIONS:
            continue
        path = source_dir / relative
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        front_matter = parse_front_matter(text).data
        posts.append(HexoPost(relative, front_matter, _birth_time(path)))
    return HexoSite(config, posts, machine_tz=machine_tz, show_drafts=show_drafts)


@dataclass(frozen=True)
class OldUrl:
    """One URL Hexo published."""

    path: str
    """Relative to ``root``, not encoded (``2020/11/Algorithm/Sort/shell/``, ``links.html``)."""
    kind: str
    """``post``, ``page``, ``file``, ``post_asset`` or a listing kind (``index``, ``archive``, ``category``,
    ``tag``)."""
    source: str | None = None
    """The file under ``source/`` it came from (posts, pages, files, post assets)."""
    listing: ListPage | None = None


def _page_permalink(source_dir: Path, relative: str) -> str | None:
    """A page's front-matter ``permalink`` (read without the rest of the page's processing)."""
    try:
        text = (source_dir / relative).read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return None
    if split_post(text, allow_bare=False).raw is None:
        return None
    value = parse_front_matter(text, allow_bare=False).data.get("permalink")
    return str(value) if value else None


def hexo_urls(site: HexoSite, source_dir: Path, files: Iterable[str]) -> list[OldUrl]:
    """What ``hexo generate`` published from *files* (paths under *source_dir*) and *site*'s posts."""
    urls: list[OldUrl] = []
    published = {post.source: post for post in site.published_posts}
    for post in site.published_posts:
        urls.append(OldUrl(post.url_path, "post", post.source))
    for relative in files:
        if relative.startswith((POST_DIR, DRAFT_DIR)):
            if not site.config.post_asset_folder or (relative.startswith(DRAFT_DIR) and not site.show_drafts):
                continue
            # processor/post.ts: a post's asset folder is the post's path without its extension.
            folder, _, name = relative.rpartition("/")
            owner = next((source for source in published if posixpath.splitext(source)[0] == folder), None)
            if owner is not None and not is_hexo_hidden(name):
                urls.append(OldUrl(post_asset_path(published[owner].path, name), "post_asset", relative))
            continue
        if is_hexo_hidden(relative):
            continue
        if is_rendered_page(relative):
            urls.append(OldUrl(page_path(relative, _page_permalink(source_dir, relative)), "page", relative))
        else:
            urls.append(OldUrl(relative, "file", relative))
    for listing in site.list_pages():
        urls.append(OldUrl(listing.path.lstrip("/"), listing.kind, listing=listing))
    return urls


def listing_target(
    listing: ListPage,
    config: HexoConfig,
    *,
    tags_url: str = "",
) -> str:
    """Where ``mkdocs-zigzag init``'s Material blog lists what a Hexo listing page listed.

    Home pages and yearly archives keep their paths (``page/N/``, ``archives/YYYY/``); ``archives/`` and
    monthly archives go to the home page and the year; a category (nested ones too: each level is a
    category of its own, named by its path) to its Material page, which lands on Hexo's own
    ``category_dir/<slug>/`` (so no redirect is needed but for page N of a longer listing); a tag to
    *tags_url* (a tags index, ``tags/#slug`` style).
    """
    if listing.kind == "index":
        return listing.path
    if listing.kind == "archive":
        base = config.archive_dir.strip("/")
        if listing.year is None:
            return ""
        return f"{base}/{listing.year}/"
    if listing.kind == "category":
        # ListPage.slug is Hexo's whole slug (the parents' slugs, `/`, the own), as HexoSlugify gives
        # Material's category named by the same path.
        slug = listing.slug or HexoSlugify(transform=config.filename_case, mapping=config.category_map)(
            listing.name or ""
        )
        category_dir = config.category_dir.strip("/")
        return f"{category_dir}/{slug}/" if category_dir else f"{slug}/"
    return tags_url


def redirect_pairs(
    urls: Iterable[OldUrl],
    new_urls: Mapping[str, str],
    listing_url: Callable[[ListPage], str],
) -> list[tuple[str, str]]:
    """(old URL path, new URL path) for every old URL, given *new_urls* (source path -> site URL path).

    A post or page whose source MkDocs did not publish (excluded, a draft) is left out; a file keeps its
    path (MkDocs copies ``source/`` as it is). The caller drops pairs whose old URL is still a file of the
    new site (:func:`mkdocs_zigzag.redirects.plan_redirects` does, given the site's files).
    """
    pairs: list[tuple[str, str]] = []
    for url in urls:
        if url.listing is not None:
            pairs.append((url.path, listing_url(url.listing)))
        elif url.source is not None and url.source in new_urls:
            pairs.append((url.path, new_urls[url.source]))
    return pairs


@dataclass(frozen=True)
class LinkTarget:
    """What an author's link written against the Hexo site points at."""

    url: OldUrl
    fragment: str
    """``#…`` as written (empty when none), to be kept on the rewritten link."""


class HexoLinkIndex:
    """Resolves links written against the Hexo site (``/categories/Algorithm/Sort``, ``../decision-tree/``).

    Accepts what Hexo itself answers: the path with or without ``root``, percent-encoded or not, with or
    without a trailing ``/`` or ``index.html``, with or without ``.html`` (``pretty_urls``), and the site's
    own absolute ``url``. A relative link is read against the Hexo URL of the page it is written in.
    """

    def __init__(self, urls: Iterable[OldUrl], config: HexoConfig) -> None:
        """Index *urls* (from :func:`hexo_urls`) for *config*'s ``url`` and ``root``."""
        self.config = config
        self._by_path: dict[str, OldUrl] = {}
        self._by_source: dict[str, str] = {}
        urls = list(urls)
        for url in urls:
            self._by_path.setdefault(url.path, url)
            if url.source is not None:
                self._by_source.setdefault(url.source, url.path)
        for url in urls:
            for variant in _path_variants(url.path):
                self._by_path.setdefault(variant, url)

    def hexo_path(self, source: str) -> str | None:
        """The Hexo URL path of the page or post read from *source*, if Hexo published it."""
        return self._by_source.get(source)

    def lookup(self, href: str, *, from_source: str | None = None) -> LinkTarget | None:
        """The Hexo URL *href* names, written in the page from *from_source*; ``None`` if not a Hexo URL."""
        href = href.strip()
        if not href or href.startswith(("#", "mailto:", "data:", "javascript:")):
            return None
        without_fragment, _, fragment = href.partition("#")
        without_query = without_fragment.split("?", 1)[0]
        site = self.config.url.rstrip("/")
        lowered = without_query.lower()
        if lowered.startswith(("http://", "https://", "//")):
            host = urlsplit(site)
            target = urlsplit(without_query if not lowered.startswith("//") else "http:" + without_query)
            if target.netloc.lower() != host.netloc.lower():
                return None
            path = target.path
        elif without_query.startswith("/"):
            path = without_query
        else:
            if from_source is None:
                return None
            base = self._by_source.get(from_source)
            if base is None:
                return None
            path = urljoin("http://hexo.invalid" + self.config.root + base, without_query)
            path = urlsplit(path).path
        path = unquote(re.sub(r"/{2,}", "/", path))
        for candidate in _root_relative(path, self.config.root):
            found = self._by_path.get(candidate)
            if found is not None:
                return LinkTarget(found, f"#{fragment}" if fragment else "")
        return None


def _root_relative(path: str, root: str) -> list[str]:
    """*path* relative to ``root``; also as written when it lacks ``root`` (authors often omit it)."""
    candidates = []
    if path.startswith(root):
        candidates.append(path[len(root) :])
    candidates.append(path.lstrip("/"))
    return candidates


def _path_variants(path: str) -> list[str]:
    """Other spellings a server answers for *path*: ``X/`` as ``X``, ``X/index.html``; ``X.html`` as ``X``."""
    variants = []
    if path.endswith("/"):
        variants += [path + "index.html", path[:-1]]
    elif path == "":
        variants.append("index.html")
    if path.endswith("index.html"):
        variants += [path[: -len("index.html")], path[: -len("index.html")].rstrip("/")]
    elif path.endswith(".html"):
        variants.append(path[: -len(".html")])
    return [variant for variant in variants if variant != path]

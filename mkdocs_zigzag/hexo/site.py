"""The site as the tag renderers see it: which files each page's asset folder holds, which posts exist.

Built once per build from plain records (the plugin makes them from MkDocs' ``Files``); hands out a
:class:`~mkdocs_zigzag.hexo.render.PageContext` for any page shown at any URL (a post on its own page, or
its excerpt on a blog index).
"""

from __future__ import annotations

import bisect
import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mkdocs_zigzag.hexo.posts import (
    AmbiguousPost,
    Heading,
    PostIndex,
    match_anchor,
    read_headings,
    strip_front_matter,
)
from mkdocs_zigzag.hexo.render import PageContext, PostTarget, TagError, asset_folder_of, site_root_url

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

    from mkdocs_zigzag.hexo.posts import Slugify
    from mkdocs_zigzag.hexo.render import CustomTag, FigureHtml


@dataclass(frozen=True)
class SiteFile:
    """One file of the site."""

    src_uri: str
    """Docs-relative path with ``/``."""
    url: str
    """Site-relative URL, as MkDocs publishes the file."""
    abs_src_path: str | None = None
    """The author's file under ``docs_dir``; ``None`` for files generated at build time."""
    read_meta: Callable[[], Mapping[str, Any]] | None = None
    """For a Markdown page: reads its front matter (called only when a ``post_link`` needs titles)."""


class TagSite:
    """Asset folders and posts of one build."""

    def __init__(
        self,
        files: Iterable[SiteFile],
        *,
        relative_url: Callable[[str, str], str],
        docs_dir: str | None = None,
        alt_from_title: bool = True,
        figure_html: FigureHtml | None = None,
        custom_tags: Mapping[str, CustomTag] | None = None,
        post_dirs: Sequence[str] = (),
        slugify: Slugify | None = None,
        embeds: bool = False,
        site_url: str | None = None,
        code_dir: str = "downloads/code",
    ) -> None:
        """*post_dirs*: the posts folders (Hexo's ``_posts``, docs-relative) that slugs are paths under;
        *slugify*: the site's ``toc`` slugify, to write a ``post_link``'s anchor as the built page has it;
        *embeds*, *site_url*, *code_dir*: as :class:`~mkdocs_zigzag.hexo.render.PageContext` has them."""
        self._files = {file.src_uri: file for file in files}
        self._by_folder: dict[str, list[SiteFile]] = {}
        for file in self._files.values():
            self._by_folder.setdefault(posixpath.dirname(file.src_uri) + "/", []).append(file)
        self._folders = sorted(self._by_folder)
        """Every folder holding a file, ``/``-terminated and sorted: those under an asset folder are a run."""
        self._relative_url = relative_url
        self._docs_dir = docs_dir
        self._alt_from_title = alt_from_title
        self._figure_html = figure_html
        self._custom_tags = dict(custom_tags or {})
        self._posts: PostIndex | None = None
        self._post_dirs = tuple(post_dirs)
        self._slugify = slugify
        self._headings: dict[str, list[Heading]] = {}
        self._embeds = embeds
        self._site_url = site_url
        self._code_dir = code_dir

    def posts(self) -> PostIndex:
        """Every Markdown page by file stem, path and title (front matter read on first use)."""
        if self._posts is None:
            self._posts = PostIndex(self._post_dirs)
            for file in self._files.values():
                if file.read_meta is not None:
                    meta = file.read_meta()
                    title = meta.get("title")
                    published = meta.get("published") is not False and meta.get("draft") is not True
                    self._posts.add(file.src_uri, str(title) if title else None, published=published)
        return self._posts

    def headings(self, src_uri: str) -> list[Heading]:
        """The headings of the page *src_uri* (read from its file once per build; none if unreadable)."""
        if src_uri not in self._headings:
            file = self._files.get(src_uri)
            text = ""
            if file is not None and file.abs_src_path is not None:
                try:
                    with open(file.abs_src_path, encoding="utf-8-sig", errors="replace") as handle:
                        text = handle.read()
                except OSError:
                    text = ""
            body = strip_front_matter(text)
            self._headings[src_uri] = (
                read_headings(body, self._slugify) if self._slugify else read_headings(body)
            )
        return self._headings[src_uri]

    def context(
        self, src_uri: str, page_url: str, front_matter: Mapping[str, Any] | None = None
    ) -> PageContext:
        """What the renderers need for the page *src_uri* shown at *page_url* (*front_matter*: its own)."""
        folder = asset_folder_of(src_uri)
        assets: dict[str, str] = {}
        asset_paths: dict[str, str] = {}
        index = bisect.bisect_left(self._folders, folder)
        while index < len(self._folders) and self._folders[index].startswith(folder):
            for file in self._by_folder[self._folders[index]]:
                assets[file.src_uri] = self._relative_url(file.url, page_url)
                if file.abs_src_path is not None:
                    asset_paths[file.src_uri] = file.abs_src_path
            index += 1

        def find_post(key: str) -> PostTarget | None:
            try:
                found = self.posts().lookup(key)
            except AmbiguousPost as problem:
                raise TagError(
                    f"'{key}' names several posts: {', '.join(problem.candidates)}.",
                    "Write the post's path under the posts folder without '.md' (Hexo's slug), or its title.",
                ) from None
            if found is None:
                return None
            src = found.src_uri
            return PostTarget(
                self._relative_url(self._files[src].url, page_url),
                found.shown_title,
                src,
                published=found.published,
                anchor=lambda anchor: match_anchor(self.headings(src), anchor),
            )

        return PageContext(
            src_uri=src_uri,
            assets=assets,
            find_post=find_post,
            site_root_url=site_root_url(page_url),
            asset_paths=asset_paths,
            docs_dir=self._docs_dir,
            site_files=self._files.keys(),
            alt_from_title=self._alt_from_title,
            figure_html=self._figure_html,
            custom_tags=self._custom_tags,
            embeds=self._embeds,
            site_url=self._site_url,
            code_dir=self._code_dir,
            front_matter=front_matter or {},
        )

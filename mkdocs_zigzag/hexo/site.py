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

from mkdocs_zigzag.hexo.render import PageContext, PostIndex, PostTarget, asset_folder_of, site_root_url

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

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
    ) -> None:
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

    def posts(self) -> PostIndex:
        """Every Markdown page by file stem, path and title (front matter read on first use)."""
        if self._posts is None:
            self._posts = PostIndex()
            for file in self._files.values():
                if file.read_meta is not None:
                    meta = file.read_meta()
                    title = meta.get("title")
                    self._posts.add(file.src_uri, str(title) if title else None)
        return self._posts

    def context(self, src_uri: str, page_url: str) -> PageContext:
        """What the renderers need for the page *src_uri* shown at *page_url*."""
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
            found = self.posts().lookup(key)
            if found is None:
                return None
            post_src, title = found
            return PostTarget(self._relative_url(self._files[post_src].url, page_url), title, post_src)

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
        )

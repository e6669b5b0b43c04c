"""A Hexo blog folder built as an MkDocs site (``mkdocs-zigzag init``): the adapter side of issue 14.

Made by :class:`~mkdocs_zigzag.build.Build` only when Hexo's ``_config.yml`` sits beside ``mkdocs.yml``, so
an ordinary MkDocs project is untouched. It reads the Hexo settings once, lists every URL the Hexo blog
published (:mod:`mkdocs_zigzag.hexo.old_urls`), rewrites links written against those URLs to the pages'
sources before MkDocs validates links (a Markdown treeprocessor), adds the redirect pages of
:mod:`mkdocs_zigzag.redirects` to the site's files (``on_files``, so ``mkdocs serve`` serves them too) and
after the build writes the feeds of :mod:`mkdocs_zigzag.feeds` at their Hexo paths. Old tag URLs land on
the tag's anchor of the tags page (the author's, a theme's ``type: tags`` page, else one in memory); a
``type: categories`` page lists the blog's categories. Nothing is written into the Hexo folder.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

from mkdocs_zigzag.feeds import Feed, FeedEntry, absolute_links, atom_xml, rss2_xml
from mkdocs_zigzag.hexo.hexo_config import HexoConfig, HexoConfigError, find_hexo_config, load_hexo_config
from mkdocs_zigzag.hexo.old_urls import (
    HexoLinkIndex,
    LinkTarget,
    OldUrl,
    generate_time_zone,
    hexo_urls,
    listing_target,
    read_hexo_site,
    redirect_pairs,
    source_files,
)
from mkdocs_zigzag.hexo.permalink import DRAFT_DIR, POST_DIR, encode_url, full_url_for
from mkdocs_zigzag.hexo.theme_pages import CategoryEntry, categories_markdown, theme_page_type
from mkdocs_zigzag.redirects import plan_redirects

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import tzinfo
    from xml.etree.ElementTree import Element

    from markdown import Markdown
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

    from mkdocs_zigzag.hexo.permalink import HexoSite, ListPage

log = get_plugin_logger(__name__)

LINK_REWRITE_PRIORITY = 2
"""Above MkDocs' ``relpath`` treeprocessor (0; it validates links and turns ``.md`` into URLs) and its
title extraction (1)."""


def open_hexo_folder(config: MkDocsConfig) -> HexoConfig | None:
    """Hexo's settings when ``mkdocs.yml`` sits in a Hexo blog folder (beside ``_config.yml``, with Hexo's
    ``source_dir`` as ``docs_dir``), else None.

    Keys this port does not use are listed once, at INFO; values it cannot use are warnings. Another tool's
    ``_config.yml`` (Jekyll's) with an ordinary ``docs/`` is not a Hexo folder: the site builds as before.
    """
    folder = Path(os.path.abspath(config.config_file_path)).parent
    if find_hexo_config(folder) is None:
        return None
    try:
        hexo = load_hexo_config(folder)
    except HexoConfigError as error:
        log.warning(f"{error} The site builds as an ordinary MkDocs site: old Hexo URLs are not kept.")
        return None
    if Path(config.docs_dir).resolve() != (folder / hexo.source_dir).resolve():
        log.info(
            f"{folder.name}/_config.yml is beside mkdocs.yml, but docs_dir is not its source_dir "
            f"({hexo.source_dir}/): not built as a Hexo blog folder (old URLs and feeds are not kept)."
        )
        return None
    if hexo.unused_keys:
        log.info(f"Hexo settings not used by this site: {', '.join(hexo.unused_keys)}.")
    for problem in hexo.problems:
        log.warning(f"{folder.name}/_config.yml: {problem}")
    return hexo


class HexoFolder:
    """The Hexo side of one build: every old URL, where each source file went, the posts' HTML for feeds."""

    def __init__(self, hexo: HexoConfig, config: MkDocsConfig, machine_tz: tzinfo | None) -> None:
        """Read the Hexo ``source/`` folder (MkDocs' ``docs_dir``) as Hexo 8 did when it published it.

        *machine_tz* is the zone of the machine that ran ``hexo generate`` (it decides dates in URLs; see
        :func:`~mkdocs_zigzag.hexo.old_urls.generate_time_zone`); None: Hexo's ``timezone``, else UTC.
        """
        self.hexo = hexo
        self.config = config
        source_dir = Path(config.docs_dir)
        names = source_files(source_dir)
        zone = machine_tz or generate_time_zone("", hexo.timezone)
        # The published site had no drafts (hexo generate), whatever serve shows now.
        self.site: HexoSite = read_hexo_site(source_dir, hexo, machine_tz=zone, files=names)
        self.old_urls: list[OldUrl] = hexo_urls(self.site, source_dir, names)
        self.links = HexoLinkIndex(self.old_urls, hexo)
        self.new_urls: dict[str, str] = {}
        """Source path -> site URL, as MkDocs and the blog published each file."""
        self._source_at: dict[str, str] = {}
        self._html: dict[str, str] = {}
        self.tags_source: str | None = None
        """The page listing every tag (Material's tags plugin), where old tag URLs lead; None: home."""
        self.tag_anchor: Callable[[str], str | None] = lambda name: None
        """A Hexo tag name -> its anchor on the tags page (set by the adapter)."""
        self.theme_pages: dict[str, str] = {}
        """Pages a Hexo theme fills in (``type: tags`` / ``type: categories``): src_uri -> type."""
        self._additions: dict[str, str] = {}

    def tags_page_path(self) -> str:
        """Where a generated tags page goes: ``<tag_dir>/index.md``, so ``tags/`` lists what ``tags/x/`` did.

        Hexo publishes nothing at ``<tag_dir>/`` itself (hexo-generator-tag writes ``<tag_dir>/<slug>/``
        only), so the index cannot clash with an old URL; without a ``tag_dir`` it is ``tags/index.md``.
        """
        return posixpath.join(self.hexo.tag_dir.strip("/") or "tags", "index.md")

    # --- Hexo themes' tags and categories pages ----------------------------------------------------

    def find_theme_pages(self, files: Files) -> None:
        """Find the pages whose front matter says ``type: tags`` or ``type: categories`` (not posts)."""
        self.theme_pages = {}
        self._additions = {}
        for file in files.documentation_pages():
            if file.src_uri.startswith((POST_DIR, DRAFT_DIR)) or file.generated_by:
                continue
            try:
                kind = theme_page_type(file.content_string)
            except (OSError, UnicodeDecodeError):
                continue  # MkDocs reports an unreadable page itself
            if kind is not None:
                self.theme_pages[file.src_uri] = kind

    def pages_of_type(self, kind: str) -> list[str]:
        """The ``type: <kind>`` pages, in the site's file order."""
        return [src_uri for src_uri, found in self.theme_pages.items() if found == kind]

    def list_tags(self, directive: str | None) -> None:
        """Make each ``type: tags`` page list every tag: the tags plugin's *directive* after its body."""
        if directive is None:
            return
        for src_uri in self.pages_of_type("tags"):
            self._additions[src_uri] = f"\n\n{directive}\n"

    def list_categories(self, categories: list[CategoryEntry]) -> None:
        """Make each ``type: categories`` page list the blog's categories (nested), linking to their pages."""
        for src_uri in self.pages_of_type("categories"):
            listing = categories_markdown(categories, src_uri)
            if listing:
                self._additions[src_uri] = "\n\n" + listing
            elif src_uri in self._additions:
                del self._additions[src_uri]

    def page_addition(self, src_uri: str) -> str:
        """What the page *src_uri* shows after its own Markdown (a theme page's listing), or ``""``."""
        return self._additions.get(src_uri, "")

    # --- on_config / on_nav -----------------------------------------------------------------------

    def markdown_extension(self, converted_file: Callable[[Markdown], tuple[str, str] | None]) -> Extension:
        """The extension that points links written against Hexo URLs at the pages' sources."""
        return _HexoLinkExtension(self.rewrite, converted_file)

    def files_known(self, files: Files) -> None:
        """Remember where each source file is published (after the blog moved the posts)."""
        self.new_urls = {file.src_uri: file.url for file in files}
        self._source_at = {}
        for file in files:
            self._source_at.setdefault(file.url, file.src_uri)

    # --- pages --------------------------------------------------------------------------------------

    def rewrite(self, href: str, src_uri: str) -> str | None:
        """*href* (written in the page from *src_uri*) as a link MkDocs resolves, or None to keep it.

        A post, page or file becomes the relative path of its source (MkDocs validates it and writes the
        published URL); a listing becomes the source of the blog's view that lists the same posts.
        """
        found = self.links.lookup(href, from_source=src_uri)
        if found is None:
            return None
        target = self._target_source(found)
        if target is None:
            return None
        relative = posixpath.relpath(target, posixpath.dirname(src_uri) or ".")
        fragment = found.fragment
        if found.url.kind == "tag" and target == self.tags_source and not fragment:
            anchor = self.tag_anchor(found.url.listing.name or "") if found.url.listing else None
            fragment = f"#{anchor}" if anchor else ""
        return relative + fragment

    def _target_source(self, found: LinkTarget) -> str | None:
        url = found.url
        if url.listing is not None:
            if url.listing.kind == "tag" and self.tags_source is not None:
                return self.tags_source
            return self._source_at.get(listing_target(url.listing, self.hexo))
        if url.source is not None and url.source in self.new_urls:
            return url.source
        return None

    def _listing_url(self, listing: ListPage) -> str:
        """Where an old listing page leads: a tag to its anchor on the tags page, the rest as
        :func:`~mkdocs_zigzag.hexo.old_urls.listing_target` says."""
        if listing.kind == "tag" and self.tags_source is not None and self.tags_source in self.new_urls:
            anchor = self.tag_anchor(listing.name or "")
            return self.new_urls[self.tags_source] + (f"#{anchor}" if anchor else "")
        return listing_target(listing, self.hexo)

    def keep_html(self, src_uri: str, html: str) -> None:
        """Keep a post's HTML for the feeds (only posts Hexo published, only if feeds carry content)."""
        if self.hexo.feeds and self.hexo.feed_content and self.links.hexo_path(src_uri) is not None:
            self._html[src_uri] = html

    # --- on_files (late): redirect pages --------------------------------------------------------------

    def add_old_urls(self, files: Files) -> None:
        """Add a redirect page at each old URL the site does not keep, and a copy of each moved file.

        Run in ``on_files`` after Material's blog (-50): by then every post has its URL and every view the
        blog lists posts on (home pages, archives, categories) is a file, so each old URL's new URL is
        known. As generated files MkDocs writes them, ``mkdocs serve`` serves them, and no page or file
        of the site is overwritten (an old URL that is still a file is left alone).
        """
        self.files_known(files)
        pairs = redirect_pairs(self.old_urls, self.new_urls, self._listing_url)
        # Every file's destination, and the theme's templates (404.html, sitemap.xml). Not only included
        # files: Material's blog marks its posts and views excluded until its on_nav puts them back.
        existing = {file.dest_uri for file in files}
        existing.update(self.config.theme.static_templates)
        plan = plan_redirects(pairs, site_url=self.config.site_url, existing=existing)
        for problem in plan.problems:
            log.warning(f"{problem} (Hexo's old URLs, _config.yml beside mkdocs.yml)")
        added = 0
        for redirect in plan.pages:
            if files.get_file_from_path(redirect.path) is None:  # an excluded file of the same name
                files.append(File.generated(self.config, redirect.path, content=redirect.html))
                added += 1
        by_dest = {file.dest_uri: file for file in files}
        copied = 0
        for copy in plan.copies:
            source = by_dest.get(copy.source)
            if source is None or files.get_file_from_path(copy.path) is not None:
                continue
            if source.abs_src_path is not None:
                files.append(File.generated(self.config, copy.path, abs_src_path=source.abs_src_path))
            else:
                files.append(File.generated(self.config, copy.path, content=source.content_bytes))
            copied += 1
        log.info(f"Hexo's old URLs: {added} redirect pages, {copied} files copied.")

    # --- on_post_build ------------------------------------------------------------------------------

    def write_feeds(self) -> None:
        """Write each Hexo feed at its path.

        Not a generated file in ``on_files`` as the redirect pages are: a feed carries the posts' HTML,
        which exists only once the pages are rendered.
        """
        self._write_feeds(Path(self.config.site_dir))

    def _write_feeds(self, site_dir: Path) -> None:
        """hexo-generator-feed's feeds at their paths: entries keep their Hexo ids, link to the new pages."""
        hexo = self.hexo
        if not hexo.feeds:
            return
        posts = sorted(self.site.published_posts, key=lambda post: post.date, reverse=True)
        posts = [post for post in posts if post.source in self.new_urls][: hexo.feed_limit or None]
        if not posts:
            return
        base = (self.config.site_url or hexo.site_url).rstrip("/") + "/"
        entries = []
        for post in posts:
            link = base + encode_url(self.new_urls[post.source])
            entries.append(
                FeedEntry(
                    title=post.title,
                    link=link,
                    id=full_url_for(post.path, hexo),
                    published=post.date,
                    updated=post.date,
                    # The page's relative links (../../uploads/x.png) mean nothing in a feed reader.
                    content=absolute_links(self._html.get(post.source, ""), link),
                )
            )
        for kind, path in hexo.feeds:
            feed = Feed(
                title=hexo.title,
                id=encode_url(hexo.url + "/"),
                site_url=base,
                feed_url=base + path,
                updated=entries[0].updated,
                subtitle=hexo.subtitle or hexo.description,
                language=hexo.language,
                author=hexo.author,
            )
            writer = rss2_xml if kind == "rss2" else atom_xml
            (site_dir / path).parent.mkdir(parents=True, exist_ok=True)
            (site_dir / path).write_text(writer(feed, entries), encoding="utf-8")


class _HexoLinkTreeprocessor(Treeprocessor):  # type: ignore[misc]  # markdown ships no types
    """Rewrites ``<a href>`` and ``<img src>`` written against Hexo URLs, before MkDocs validates links."""

    def __init__(
        self,
        md: Markdown,
        rewrite: Callable[[str, str], str | None],
        converted_file: Callable[[Markdown], tuple[str, str] | None],
    ) -> None:
        super().__init__(md)
        self.rewrite = rewrite
        self.converted_file = converted_file

    def run(self, root: Element) -> None:
        converted = self.converted_file(self.md)
        if converted is None:
            return
        src_uri = converted[0]
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            value = element.get(attribute) if attribute else None
            if attribute and value:
                new = self.rewrite(value, src_uri)
                if new is not None:
                    element.set(attribute, new)


class _HexoLinkExtension(Extension):  # type: ignore[misc]  # markdown ships no types
    def __init__(
        self,
        rewrite: Callable[[str, str], str | None],
        converted_file: Callable[[Markdown], tuple[str, str] | None],
    ) -> None:
        super().__init__()
        self.rewrite = rewrite
        self.converted_file = converted_file

    def extendMarkdown(self, md: Markdown) -> None:  # Markdown's API
        """Register the treeprocessor just above MkDocs' ``relpath``."""
        md.treeprocessors.register(
            _HexoLinkTreeprocessor(md, self.rewrite, self.converted_file),
            "zigzag_hexo_links",
            LINK_REWRITE_PRIORITY,
        )

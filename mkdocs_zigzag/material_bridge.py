"""Every touch of MkDocs' and Material's private parts, in one place.

The plugin leans on a few things neither project promises to keep: a page's ``_title_from_render``, the
class of Material's blog excerpts, Material's read-time function, ``File._content``, the file MkDocs' own
``relpath`` treeprocessor carries, the order in which MkDocs runs the plugins' events, and the blog's
``_resolve``/``_resolve_posts`` (wrapped so the blog never writes into docs_dir), the blog's category views
(``Category``, their ``name`` and ``posts``), and the tags plugin's ``ListingManager._slugify`` (the anchor of
a tag on a tags page). Each is used
here only, and ``tests/test_material_bridge.py`` checks each against the installed MkDocs and Material, so
an upgrade that renames one fails a test naming it instead of changing a site in silence.

(``concurrent.futures``' ``pool._processes``, used to stop figure workers, is in ``figures/render.py``.)
"""

from __future__ import annotations

import html
import os
import re
from typing import TYPE_CHECKING, Any

from material.plugins.blog.plugin import BlogPlugin
from material.plugins.blog.structure import Category, Excerpt, View
from material.plugins.tags.plugin import TagsPlugin
from material.plugins.tags.structure.tag import Tag
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel

from mkdocs_zigzag.atomic import publish_cached_file
from mkdocs_zigzag.hexo.excerpt import MATERIAL_SEPARATOR
from mkdocs_zigzag.hexo.theme_pages import CategoryEntry

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from markdown import Markdown
    from material.plugins.blog.structure import Post
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.plugins import BasePlugin, PluginCollection
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)


# --- A page's title as its Markdown's first <h1> ------------------------------------------------


def rendered_title(page: Page) -> str | None:
    """The title MkDocs took from the page's first ``<h1>`` (None when the body had none)."""
    title: str | None = page._title_from_render
    return title


def forget_rendered_title(page: Page) -> None:
    """Make MkDocs (and Material's blog, which then heads the excerpt with ``# <title>``) forget it."""
    page._title_from_render = None


# --- Figures hard-linked from the cache -------------------------------------------------------


class CachedFile(File):
    """A file the figure cache holds, hard-linked into the site rather than copied.

    A figure is four files (raster, two themed SVGs, summary); a blog of 1,000 posts with two figures each
    would write 230 MB into the site on every build. A hard link writes none of it. Where the file system
    refuses links (another device, FAT), the file is copied as MkDocs does. The cache checks every file's
    sha256 before it reuses an entry, so a tool that rewrote a site file in place cannot spoil a later build.
    """

    deferred = False
    """Set while the figure is still being drawn: the plugin links the file after the pages are built."""

    def copy_file(self, dirty: bool = False) -> None:
        """Link the cache's file to the destination (replacing what is there), else copy it."""
        if self.deferred:
            return None
        source = self.abs_src_path
        # ``_content``: a file whose content was set in memory is written by MkDocs' own code.
        if source is None or self._content is not None or (dirty and not self.is_modified()):
            return super().copy_file(dirty)
        vanished = publish_cached_file(source, self.abs_dest_path)
        if vanished is not None:
            log.warning(vanished)
        return None


# --- Material's blog: excerpts and read time ------------------------------------------------------


def use_front_matter_excerpt(page: Page, summary: str | None) -> None:
    """Make *summary* (the front-matter ``excerpt``) the post's summary on the blog's index pages.

    Hexo prefers ``excerpt:`` to the text above ``<!-- more -->``; Material knows only the separator. The
    post page itself is untouched (the excerpt is not repeated there).
    """
    excerpt = getattr(page, "excerpt", None)
    if summary is None or excerpt is None or type(excerpt) not in (Excerpt, FrontMatterExcerpt):
        return
    # The blog's own excerpt, rendered differently: a new one would build another Markdown instance
    # (a third of a millisecond per post) only to copy this one's authors and categories.
    excerpt.__class__ = FrontMatterExcerpt
    excerpt.summary = summary


class FrontMatterExcerpt(Excerpt):  # type: ignore[misc]
    """Material's excerpt of a post, rendered from the front-matter ``excerpt`` instead of the body."""

    summary: str

    def render(self, page: Page, separator: str) -> None:
        """Render as Material does, from ``<summary> <separator>`` in place of the post's Markdown.

        What follows the summary is the whole post (Hexo's ``more``), so the index links "continue reading".
        """
        markdown = self.post.markdown
        # The front-matter excerpt is the author's text: Markdown, never raw HTML.
        self.post.markdown = f"{html.escape(self.summary, quote=False)}\n\n{separator}\n"
        try:
            super().render(page, separator)
        finally:
            self.post.markdown = markdown
        self.more = self.post.content


def blog_excerpt_separator(config: MkDocsConfig) -> str:
    """Material blog's ``post_excerpt_separator`` (the first blog's, when there are several)."""
    for plugin in config.plugins.values():
        if isinstance(plugin, BlogPlugin) and plugin.config.enabled:
            return str(plugin.config.post_excerpt_separator)
    return MATERIAL_SEPARATOR


def blog_words_per_minute(config: MkDocsConfig) -> int | None:
    """Material blog's reading speed, when a blog with read times is configured."""
    for name, plugin in config.plugins.items():
        blog_config = getattr(plugin, "config", None)
        if name.split("/")[-1] == "blog" and getattr(blog_config, "post_readtime", False):
            return int(blog_config.post_readtime_words_per_minute)  # type: ignore[union-attr]
    return None


def time_post_reading(page: Page, words_per_minute: int | None, text: Callable[[], str]) -> None:
    """Set a blog post's read time from *text()* (its HTML as read), unless the post set its own.

    Material's blog times a post only when its read time is unset: set first, it keeps this one.
    """
    post_config: Any = getattr(page, "config", None)  # a blog post's PostConfig
    if words_per_minute is None or not hasattr(post_config, "readtime") or post_config.readtime:
        return
    from material.plugins.blog.readtime import readtime

    post_config.readtime = readtime(text(), words_per_minute)


# --- Markdown converters: which file is being converted ---------------------------------------------


def converted_file(md: Markdown) -> tuple[str, str] | None:
    """``(src_uri, url)`` of the file *md* converts, from MkDocs' ``relpath`` treeprocessor (None if absent).

    MkDocs pages and Material's blog excerpts both register it with the file being converted (an
    excerpt's copy carries the URL of the view it is shown on).
    """
    if "relpath" in md.treeprocessors:
        file = getattr(md.treeprocessors["relpath"], "file", None)
        if file is not None:
            return str(file.src_uri), str(file.url)
    return None


# --- The plugin order this plugin relies on ---------------------------------------------------------


def plugin_order_problems(plugins: PluginCollection, ours: BasePlugin[Any]) -> list[str]:
    """What in the order of the plugins' events would undo this plugin's work, as messages (none: fine).

    Read from the events as MkDocs will run them (priorities and the order of ``plugins:``), so another
    release of the blog or search plugin that moves its events is caught too.
    """

    def position(event: str, owner: object, name: str | None = None) -> int:
        for at, method in enumerate(plugins.events[event]):
            if getattr(method, "__self__", None) is owner and (name is None or method.__name__ == name):
                return at
        return -1

    problems = []
    for plugin_name, plugin in plugins.items():
        if isinstance(plugin, BlogPlugin) and plugin.config.enabled:
            if 0 <= position("files", plugin) < position("files", ours):
                problems.append(
                    f"the plugin '{plugin_name}' reads the blog posts (on_files) before zigzag normalizes "
                    "their Hexo front matter, so posts with Hexo dates or categories fail there. Give "
                    "zigzag's on_files a higher priority than the blog's (list zigzag before it)."
                )
            read_time = position("page_content", ours, "_on_page_content_read_time")
            if plugin.config.post_readtime and 0 <= position("page_content", plugin) < read_time:
                problems.append(
                    f"the plugin '{plugin_name}' times the posts (on_page_content) before zigzag hands it "
                    "each formula as its TeX, so every formula counts as dozens of words. List zigzag "
                    "before it."
                )
        if plugin_name.split("/")[-1] == "search":
            hide = position("page_context", ours, "_on_page_context_tex_for_search")
            restore = position("page_context", ours, "_on_page_context_full_math")
            search = position("page_context", plugin)
            if min(hide, restore, search) >= 0 and not hide < search < restore:
                problems.append(
                    f"the plugin '{plugin_name}' indexes the pages (on_page_context) outside the span in "
                    "which zigzag shows it each formula as its TeX, so search indexes KaTeX's glyphs "
                    "instead. List zigzag before it and leave their event priorities as they are."
                )
    return problems


# --- Material's blog: nothing written into docs_dir --------------------------------------------------

BLOG_ENTRY_GENERATOR = "zigzag/blog-entry"
"""``File.generated_by`` of the blog entry pages this plugin supplies in memory."""

BLOG_ENTRY_CONTENT = "# Blog\n\n"
"""What Material's blog would have written into the missing entry page (the same page, kept in memory)."""


def _blog_plugins(config: MkDocsConfig) -> list[BlogPlugin]:
    return [
        plugin
        for plugin in config.plugins.values()
        if isinstance(plugin, BlogPlugin) and plugin.config.enabled
    ]


def _entry_path(blog: BlogPlugin) -> str:
    """``<blog_dir>/index.md`` as Material's ``BlogPlugin._resolve`` spells it."""
    return os.path.normpath(os.path.join(blog.config.blog_dir, "index.md")).replace(os.sep, "/")


def add_blog_entry_pages(files: Files, config: MkDocsConfig) -> None:
    """Give each enabled Material blog whose ``<blog_dir>/index.md`` is missing an entry page in memory.

    Material's blog otherwise *creates the file in docs_dir* (``BlogPlugin._resolve``): a build must
    never write into docs/ (and a Hexo ``source/`` folder is not the build's to change). Must run before
    the blog's ``on_files`` (-50); :func:`keep_blog_out_of_docs` makes the blog use the page.
    """
    for blog in _blog_plugins(config):
        path = _entry_path(blog)
        if files.get_file_from_path(path) is not None:
            continue
        entry = File.generated(config, path, content=BLOG_ENTRY_CONTENT)
        entry.generated_by = BLOG_ENTRY_GENERATOR
        files.append(entry)
        shown = os.path.relpath(os.path.join(config.docs_dir, path))
        log.info(
            f"{shown} does not exist: the blog's entry page is generated in memory, titled "
            f"'{BLOG_ENTRY_CONTENT.strip('# ').strip()}' (Material's blog would write the file into "
            f"docs_dir). To choose its title and text, create {shown}."
        )


def keep_blog_out_of_docs(config: MkDocsConfig) -> None:
    """Wrap ``_resolve`` and ``_resolve_posts`` of each enabled Material blog so neither writes into docs_dir.

    ``_resolve`` writes a missing ``<blog_dir>/index.md``: the wrapper returns the blog's view of the page
    :func:`add_blog_entry_pages` generated instead. ``_resolve_posts`` creates a missing posts folder
    (``os.makedirs``): the wrapper walks the posts as Material does, without creating the folder.
    """
    for blog in _blog_plugins(config):
        if getattr(blog._resolve, "zigzag_wrapped", False):
            continue  # the same plugin object configured twice (the Python API)
        resolve, resolve_posts = blog._resolve, blog._resolve_posts

        def entry(
            files: Files, config: MkDocsConfig, blog: BlogPlugin = blog, resolve: Any = resolve
        ) -> View:
            file = files.get_file_from_path(_entry_path(blog))
            if file is not None and file.generated_by == BLOG_ENTRY_GENERATOR:
                return View(None, file, config)
            return resolve(files, config)

        def posts(
            files: Files, config: MkDocsConfig, blog: BlogPlugin = blog, resolve_posts: Any = resolve_posts
        ) -> Iterator[Post]:
            path = os.path.normpath(blog.config.post_dir.format(blog=blog.config.blog_dir))
            if os.path.isdir(os.path.join(config.docs_dir, path)):
                yield from resolve_posts(files, config)
                return
            # Material's loop, less its os.makedirs: generated posts (another plugin's) still count.
            for file in files.documentation_pages():
                if file.src_path.startswith(path):
                    file.inclusion = InclusionLevel.EXCLUDED
                    post = blog._resolve_post(file, config)
                    if not blog._is_excluded(post):
                        yield post

        entry.zigzag_wrapped = True  # type: ignore[attr-defined]
        blog._resolve = entry
        blog._resolve_posts = posts


# --- Material's tags plugin: a tags page, and the anchor of each tag on it ------------------------------

TAGS_PAGE_GENERATOR = "zigzag/tags-page"
"""``File.generated_by`` of the tags page this plugin supplies in memory (Hexo blog folders only)."""

TAGS_PAGE_TITLE = "Tags"


def _tags_plugin(config: MkDocsConfig) -> TagsPlugin | None:
    for plugin in config.plugins.values():
        if isinstance(plugin, TagsPlugin) and plugin.config.enabled and plugin.config.listings:
            return plugin
    return None


def tags_page(files: Files, config: MkDocsConfig, path: str, typed: Sequence[str] = ()) -> str | None:
    """The ``src_uri`` of the page listing every tag: the author's, else one generated in memory at *path*.

    None when Material's tags plugin (with listings) is not enabled, or when *path* is another page. The
    author's page is any page holding the tags plugin's directive (``<!-- material/tags -->``), else a page
    of *typed* (Hexo themes' ``type: tags`` pages, which get the directive in memory: :func:`tags_directive`),
    the one at *path* first; only without either is a page added, never written into docs_dir. Run in
    ``on_files``.
    """
    plugin = _tags_plugin(config)
    if plugin is None:
        return None
    # The tags plugin's own pattern for its directive (ListingManager.add).
    directive = re.compile(rf"<!--\s*?{plugin.config.listings_directive}(.*?)\s*-->", re.I | re.S)
    for file in files.documentation_pages():
        if file.generated_by != TAGS_PAGE_GENERATOR and directive.search(file.content_string):
            return str(file.src_uri)
    if typed:
        return path if path in typed else typed[0]
    existing = files.get_file_from_path(path)
    if existing is not None:
        if existing.generated_by == TAGS_PAGE_GENERATOR:
            return path
        shown = os.path.relpath(os.path.join(config.docs_dir, path))
        log.info(
            f"{shown} holds no <!-- {plugin.config.listings_directive} --> listing and no `type: tags`, so "
            f"old tag URLs lead to the home page. To list the tags there, add `type: tags` to its front "
            f"matter."
        )
        return None
    page = File.generated(
        config, path, content=f"# {TAGS_PAGE_TITLE}\n\n<!-- {plugin.config.listings_directive} -->\n"
    )
    page.generated_by = TAGS_PAGE_GENERATOR
    files.append(page)
    return path


def tags_directive(config: MkDocsConfig) -> str | None:
    """The tags plugin's listing directive (``<!-- material/tags -->``); None without its listings."""
    plugin = _tags_plugin(config)
    return None if plugin is None else f"<!-- {plugin.config.listings_directive} -->"


# --- Material's blog: its category pages ------------------------------------------------------------------


def blog_categories(files: Files) -> list[CategoryEntry]:
    """Every category page Material's blog made, with its posts (run after the blog's ``on_files``).

    Read from the blog's views (``Category``: ``name``, ``posts``), which the blog attaches to their files.
    """
    return [
        CategoryEntry(str(file.page.name), str(file.src_uri), len(file.page.posts))
        for file in files
        if isinstance(file.page, Category)
    ]


def tag_anchor(config: MkDocsConfig, name: str) -> str | None:
    """The id Material's tags listing gives tag *name* (as the tags plugin reads it), e.g. ``tag:cpp``.

    The tags plugin's own function (``ListingManager._slugify``: ``tags_slugify``, hierarchy and
    ``tags_slugify_format``), so the anchor is the one on the page. None without the tags plugin, or
    before its ``on_config`` made the listing manager.
    """
    plugin = _tags_plugin(config)
    listings = getattr(plugin, "listings", None)
    if listings is None:
        return None
    return str(listings._slugify(Tag(name)))

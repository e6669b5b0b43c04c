"""The MkDocs adapter: wires the hooks to a :class:`Session` and to this build's :class:`Build`.

Nothing but wiring lives here. Each hook hands its event to the build made in ``on_config`` (what a build
knows) or to the session made in ``on_startup`` (what outlives a rebuild under ``mkdocs serve``); a disabled
plugin makes no build, and :func:`_delegate` is the one place where its hooks then return early.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from mkdocs_zigzag.build import Build
from mkdocs_zigzag.config import ZigzagConfig
from mkdocs_zigzag.session import Session

if TYPE_CHECKING:
    from collections.abc import Callable

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _delegate(
    hook: Callable[Concatenate[ZigzagPlugin, Build, _P], _R],
) -> Callable[Concatenate[ZigzagPlugin, _P], _R | None]:
    """The hook, called with this build's :class:`Build`; nothing at all when the plugin is disabled."""

    @functools.wraps(hook)
    def run(plugin: ZigzagPlugin, /, *args: _P.args, **kwargs: _P.kwargs) -> _R | None:
        build = plugin.build
        return None if build is None else hook(plugin, build, *args, **kwargs)

    return run


class ZigzagPlugin(BasePlugin[ZigzagConfig]):  # type: ignore[no-untyped-call]  # MkDocs hook is untyped
    """Hexo posts, build-time KaTeX and build-time figures for MkDocs Material."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        super().__init__()
        self.session = Session()  # MkDocs' Python API, build(load_config()), skips on_startup
        self.build: Build | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Start the session: what survives ``mkdocs serve`` rebuilds."""
        self.session = Session(dirty=dirty, serving=command == "serve")

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Make this build (none while the plugin is disabled)."""
        self.build = None
        if self.config.enabled:
            self.build = Build(self.config, config, self.session, self)
        return None

    # Before Material's blog (-50) reads the posts (it must find normalized front matter) and moves the
    # assets of posts to their published folder (generated figures included).
    @event_priority(0)
    @_delegate
    def _on_files_add(self, build: Build, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Add KaTeX's CSS and fonts and every generated figure; read blog posts with Hexo's rules."""
        build.add_files(files)
        return None

    @event_priority(-100)  # after Material's blog (-50) gave the posts their URLs and made its views
    @_delegate
    def _on_files_late(self, build: Build, files: Files, *, config: MkDocsConfig) -> Files | None:
        """A Hexo blog folder: redirect pages at the old URLs, as files of the site."""
        build.add_late_files(files)
        return None

    on_files = CombinedEvent(_on_files_add, _on_files_late)

    @_delegate
    def on_nav(
        self, build: Build, nav: Navigation, *, config: MkDocsConfig, files: Files
    ) -> Navigation | None:
        """Posts are the author's files again (the blog has read the copies); summaries follow rasters."""
        build.after_nav(files)
        return None

    @_delegate
    def on_serve(
        self, build: Build, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer | None:
        """Watch the folders of figure generators outside docs/ and outside installed packages."""
        build.watch(server)
        return None

    @event_priority(50)  # the figures' files are in the site before other plugins look at it
    @_delegate
    def on_post_build(self, build: Build, *, config: MkDocsConfig) -> None:
        """Collect the figures drawn while the pages were built; prune cache entries no build used lately."""
        build.finish()

    @_delegate
    def on_build_error(self, build: Build, *, error: Exception) -> None:
        """Stop drawing figures for a build that failed."""
        build.stop()

    @_delegate
    def on_page_read_source(self, build: Build, *, page: Page, config: MkDocsConfig) -> str | None:
        """Pages outside the blog: hand MkDocs their Hexo front matter normalized."""
        return build.page_source(page)

    @_delegate
    def on_page_markdown(
        self, build: Build, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Tell the Hexo tag and KaTeX extensions which page comes next, and where its body starts."""
        build.page_markdown(markdown, page, files)
        return None

    # Before Material's blog (0) times the post from its HTML: it skips posts whose read time is set.
    # (material_bridge.plugin_order_problems finds this hook and the two of on_page_context by name.)
    @event_priority(10)
    @_delegate
    def _on_page_content_read_time(
        self, build: Build, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Blog posts with math: the read time counts each formula's TeX, not KaTeX's markup, as words."""
        build.time_reading(html, page)
        return None

    # After Material's blog made the post's excerpt (on_page_markdown), before an index renders it.
    @_delegate
    def _on_page_content_post(
        self, build: Build, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Blog posts: the front-matter title heads the post, the front-matter excerpt is its summary."""
        return build.page_content(html, page)

    # Last of all: every page's content is held until the end of the build; KaTeX's markup waits compressed.
    @event_priority(-1000)
    @_delegate
    def _on_page_content_park(
        self, build: Build, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Pages with math: the TeX-only view until the page is written (its template gets the markup)."""
        return build.park_math(html, page)

    on_page_content = CombinedEvent(_on_page_content_read_time, _on_page_content_post, _on_page_content_park)

    # Before search (0) indexes the page; the full markup is back before the page is written (-200).
    @event_priority(10)
    @_delegate
    def _on_page_context_tex_for_search(
        self, build: Build, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """Search indexes each formula as its TeX (what readers type), not KaTeX's glyphs and MathML."""
        build.hide_math(page)
        return None

    @event_priority(-200)  # after search (0) and the blog (-100)
    @_delegate
    def _on_page_context_full_math(
        self, build: Build, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """Put KaTeX's markup back for the page as written."""
        build.restore_math(page)
        return None

    on_page_context = CombinedEvent(_on_page_context_tex_for_search, _on_page_context_full_math)

    @_delegate
    def on_post_page(self, build: Build, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """Link KaTeX's stylesheet from pages showing math and preload its fonts; fill in figure sizes."""
        return build.post_page(output, page)

    def on_shutdown(self) -> None:
        """Stop V8, if a build started it."""
        self.session.close()

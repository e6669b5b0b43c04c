"""The MkDocs adapter: builds the cores in ``on_config`` and delegates to them from each hook.

Nothing but wiring lives here; every behaviour has a name in ``hexo/``, ``katex/`` or ``figures/``.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import re
import tempfile
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

from mkdocs_zigzag.config import ZigzagConfig
from mkdocs_zigzag.diagnostics import body_line_offset
from mkdocs_zigzag.hexo.excerpt import MATERIAL_SEPARATOR, HexoExcerptExtension, auto_excerpt_length
from mkdocs_zigzag.hexo.extension import HexoTagExtension
from mkdocs_zigzag.hexo.frontmatter import template_title
from mkdocs_zigzag.hexo.site import SiteFile, TagSite
from mkdocs_zigzag.katex.assets import KatexAssetsMissing, locate_katex_assets
from mkdocs_zigzag.katex.engine import KatexEngine, KatexOptions
from mkdocs_zigzag.katex.extension import KatexExtension
from mkdocs_zigzag.katex.extension import PageContext as MathPage
from mkdocs_zigzag.katex.light import KATEX_OPEN, tex_only
from mkdocs_zigzag.katex.renderer import MathRenderer

if TYPE_CHECKING:
    from collections.abc import Sequence

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

    from mkdocs_zigzag.blog import HexoPosts
    from mkdocs_zigzag.diagnostics import Diagnostic
    from mkdocs_zigzag.figures.engine import FailureMemory, FigureEngine, FigureJob
    from mkdocs_zigzag.figures.registry import FigureRegistry
    from mkdocs_zigzag.hexo.render import CustomTag, FigureHtml, PageContext

log = get_plugin_logger(__name__)

_PENDING_SIZE_PREFIX = "zigzag-pending-figure-"
_PENDING_SIZE = re.compile(re.escape(_PENDING_SIZE_PREFIX) + r"(\d+)-(width|height)")
"""Stand-in for a figure's width/height in a page converted while the figure was still being drawn."""


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
        if source is None or self._content is not None or (dirty and not self.is_modified()):
            return super().copy_file(dirty)
        output = self.abs_dest_path
        temporary = f"{output}.zigzag-{os.getpid()}"
        try:
            os.makedirs(os.path.dirname(output), exist_ok=True)
            try:
                os.link(source, output)
            except FileExistsError:  # a dirty build or a stale file: swap in the link atomically
                os.link(source, temporary)
                os.replace(temporary, output)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            super().copy_file(dirty)
        return None


def _front_matter(file: File) -> dict[str, Any]:
    """A page's front matter, read with MkDocs' own reader (for post_link titles)."""
    return get_data(file.content_string)[1]


class ZigzagPlugin(BasePlugin[ZigzagConfig]):  # type: ignore[no-untyped-call]  # MkDocs hook is untyped
    """Hexo posts, build-time KaTeX and build-time figures for MkDocs Material."""

    supports_multiple_instances = False

    KATEX_ASSETS_DIR = "assets/katex"
    """Where KaTeX's CSS and fonts go in the site."""

    def __init__(self) -> None:
        super().__init__()
        self._start_session(dirty=False)  # MkDocs' Python API, build(load_config()), skips on_startup

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Create what survives ``mkdocs serve`` rebuilds: the formula cache and (once started) V8; the
        figures that failed (not retried until their generator's folder changes)."""
        self._start_session(dirty=dirty)

    def _start_session(self, *, dirty: bool) -> None:
        self.math_renderer: MathRenderer | None = None
        self._dirty = dirty  # --dirty converts only changed pages: the others' caches are not "unused"
        self._figure_failures: FailureMemory = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Resolve the cache dir against mkdocs.yml's folder; register the Markdown extensions; build the
        figure registry and engine."""
        self._full_content: dict[str, str] = {}
        """Pages whose content search reads as TeX, by src_uri: their full markup, until it is put back."""
        self._typeset_formulas: dict[str, list[tuple[str, str]]] = {}
        """``(markup, TeX)`` of each page's formulas, from its conversion until its search entry is made."""
        if not self.config.enabled:
            return None
        self._refuse_a_build_inside_a_figure_worker()
        config_dir = os.path.dirname(os.path.abspath(config.config_file_path))
        self.cache_dir = os.path.join(config_dir, self.config.cache_dir)
        self._check_cache_dir(config)
        self._katex_setup(config)
        from mkdocs_zigzag.blog import HexoPosts
        from mkdocs_zigzag.hexo.frontmatter import resolve_time_zone, slug_from_text

        self.hexo_time_zone = resolve_time_zone(self.config.hexo_timezone)
        self.hexo_posts: HexoPosts = HexoPosts()
        if self.config.hexo_front_matter:  # names reach Material escaped; slugs come from the text
            slug_from_text(config.plugins.values())
        self.hexo_excerpt = HexoExcerptExtension(self._auto_excerpt_length, _blog_excerpt_separator(config))
        if self.config.hexo_front_matter:
            config.markdown_extensions.append(self.hexo_excerpt)
        self._hexo_setup(config)
        self._configure_figures(config_dir)
        return None

    # Before Material's blog (-50) reads the posts (it must find normalized front matter) and moves the
    # assets of posts to their published folder (generated figures included).
    @event_priority(0)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Add KaTeX's CSS and fonts and every generated figure; read blog posts with Hexo's rules."""
        if not self.config.enabled:
            return None
        # Copied once into the site, and served by ``mkdocs serve``.
        for rel, path in self.katex_assets.stylesheet_files():
            files.append(File.generated(config, f"{self.KATEX_ASSETS_DIR}/{rel}", abs_src_path=str(path)))
        if self.config.hexo_front_matter:
            from mkdocs_zigzag.blog import normalize_blog_posts

            self.hexo_posts, reports = normalize_blog_posts(
                files, config, self.cache_dir, self.hexo_time_zone
            )
            for src_path, diagnostics in reports:
                self._warn(src_path, diagnostics, config)
        self._add_figures(files, config)
        return None

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        """Posts are the author's files again (the blog has read the copies); summaries follow rasters."""
        if self.config.enabled:
            self.hexo_posts.restore_source_paths(files)
            self._align_figure_summaries(files)
        return None

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer | None:
        """Watch the folders of figure generators outside docs/ and outside installed packages.

        The folder rather than the file: a generator's helper modules beside it shape its figures too
        (an edit re-renders only the figures whose generator or helpers changed). Not recursively, but
        for the packages in it: never the plugin's cache (see ``FigureRegistry.paths_to_watch``).
        """
        if self.config.enabled:
            avoid = (self.cache_dir, config.site_dir)
            for folder, recursive in self._figure_registry.paths_to_watch(config.docs_dir, avoid):
                server.watch(folder, recursive=recursive)
        return None

    @event_priority(50)  # the figures' files are in the site before other plugins look at it
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Collect the figures drawn while the pages were built; prune cache entries no build used lately."""
        if not self.config.enabled:
            return
        if self._figure_job is not None and self._figure_keys is None:
            self._finish_figures(config)
        if self._figure_keys is not None:
            self._figure_engine.prune(self._figure_keys)
        if self.math_renderer is not None and not self._dirty:
            self.math_renderer.cache.prune()  # formulas of pages deleted or renamed a while ago

    def on_build_error(self, *, error: Exception) -> None:
        """Stop drawing figures for a build that failed."""
        job = getattr(self, "_figure_job", None)
        if job is not None and getattr(self, "_figure_keys", None) is None:
            job.stop()

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """Pages outside the blog: hand MkDocs their Hexo front matter normalized."""
        if not (self.config.enabled and self.config.hexo_front_matter):
            return None
        from mkdocs_zigzag.blog import page_source

        source, diagnostics = page_source(page, self.hexo_time_zone)
        self._warn(page.file.src_path, diagnostics, config)
        return source

    # Before Material's blog (0) times the post from its HTML: it skips posts whose read time is set.
    @event_priority(10)
    def _on_page_content_read_time(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Blog posts with math: the read time counts each formula's TeX, not KaTeX's markup, as words.

        Also keeps the formulas the page's conversion typeset, so search's copy is found by string search.
        """
        if not (self.config.enabled and KATEX_OPEN in html):
            return None
        self._typeset_formulas[page.file.src_uri] = self.katex.typeset_formulas
        post_config: Any = getattr(page, "config", None)  # a blog post's PostConfig
        if not hasattr(post_config, "readtime"):
            return None
        words_per_minute = _blog_words_per_minute(config)
        if words_per_minute is not None and not post_config.readtime:
            from material.plugins.blog.readtime import readtime

            post_config.readtime = readtime(self._tex_only(page, html), words_per_minute)
        return None

    def _tex_only(self, page: Page, html: str) -> str:
        """*html* of *page* with each formula as its TeX."""
        return tex_only(html, self._typeset_formulas.get(page.file.src_uri, ()))

    # Before search (0) indexes the page; the full markup is back before the page is written (-200).
    @event_priority(10)
    def _on_page_context_tex_for_search(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """Search indexes each formula as its TeX (what readers type), not KaTeX's glyphs and MathML."""
        if self.config.enabled and page.content and KATEX_OPEN in page.content:
            self._full_content[page.file.src_uri] = page.content
            page.content = self._tex_only(page, page.content)
        return None

    @event_priority(-200)  # after search (0) and the blog (-100)
    def _on_page_context_full_math(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """Put KaTeX's markup back for the page as written."""
        if not self.config.enabled:
            return None
        self._typeset_formulas.pop(page.file.src_uri, None)
        full = self._full_content.pop(page.file.src_uri, None)
        if full is not None:
            page.content = full
        return None

    on_page_context = CombinedEvent(_on_page_context_tex_for_search, _on_page_context_full_math)

    def _on_page_content_post(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Blog posts: the front-matter title heads the post, the front-matter excerpt is its summary.
        Every page: a title Material's templates print safely (``hexo.frontmatter.template_title``).

        Runs after Material's blog made the post's excerpt (``on_page_markdown``) and before any index
        page renders it (``on_page_context``). First, the math errors of the page just converted are logged
        (before anything else converts Markdown with the same extension instance).
        """
        if self.config.enabled:
            self._katex_report(page, config)
            # Every page, before any template prints it (a neighbour's footer shows this page's title).
            if (title := template_title(page.meta.get("title"), page.title)) is not None:
                page.meta["title"] = title
        post = self.hexo_posts.posts.get(page.file.src_uri) if self.config.enabled else None
        if post is None:
            return None
        from mkdocs_zigzag.blog import front_matter_title_heading, use_front_matter_excerpt

        use_front_matter_excerpt(page, post, has_marker=self.hexo_excerpt.has_marker(html))
        return front_matter_title_heading(html, page, post)

    on_page_content = CombinedEvent(_on_page_content_read_time, _on_page_content_post)

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Tell the Hexo tag and KaTeX extensions which page comes next, and where its body starts."""
        if not self.config.enabled:
            return None
        offset = self._body_line_offset(markdown, page, config)
        self.katex.set_page(MathPage(page.file.src_path, offset))
        if self.config.hexo_tags:
            self._hexo_page(page, files, offset)
        return None

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """Link KaTeX's stylesheet from pages showing math (a post, or a blog index showing its excerpt),
        and preload the fonts that math uses, so no late font swap shifts the formulas."""
        if not self.config.enabled:
            return None
        if _PENDING_SIZE_PREFIX in output:
            output = self._figure_sizes(output)
        # The markup KaTeX emitted (never text about it: in code, "<" is written as "&lt;").
        if '<span class="katex' not in output:
            return output
        from mkdocs_zigzag.katex.fonts import fonts_in

        def url(path: str) -> str:
            return get_relative_url(f"{self.KATEX_ASSETS_DIR}/{path}", page.url)

        preload = '<link rel="preload" href="{}" as="font" type="font/woff2" crossorigin>'
        links = [preload.format(url(f"fonts/{font}.woff2")) for font in fonts_in(output)]
        links.append(f'<link rel="stylesheet" href="{url("katex.min.css")}">')
        return output.replace("</head>", "\n".join(links) + "\n</head>", 1)

    def on_shutdown(self) -> None:
        """Stop V8, if a build started it."""
        if self.math_renderer is not None:
            self.math_renderer.close()

    @staticmethod
    def _body_line_offset(markdown: str, page: Page, config: MkDocsConfig) -> int:
        """Lines of the author's file before *markdown*, even when a hook handed MkDocs a normalized copy."""
        original = os.path.join(config.docs_dir, page.file.src_uri)
        try:
            with open(original, encoding="utf-8-sig") as handle:
                source = handle.read()
        except OSError:
            source = markdown
        return body_line_offset(source, markdown)

    # --- KaTeX: one extension instance per build, the renderer (cache, V8) for the plugin's life ---

    def _katex_report(self, page: Page, config: MkDocsConfig) -> None:
        """Log the math problems of the page just converted; cache use goes to debug."""
        if self.katex.formula_count and self.math_renderer is not None:
            typeset = self.math_renderer.last_typeset
            log.debug(f"{page.file.src_path}: {self.katex.formula_count} formulas, {typeset} sent to KaTeX")
        self._warn(page.file.src_path, self.katex.diagnostics, config)
        self.katex.diagnostics = []

    def _katex_setup(self, config: MkDocsConfig) -> None:
        """Find KaTeX's files and register the math extension (an instance, like the tag extension)."""
        try:
            self.katex_assets = locate_katex_assets()
        except KatexAssetsMissing as error:
            raise PluginError(str(error)) from None
        assets = self.katex_assets
        if self.math_renderer is None:
            self.math_renderer = MathRenderer(assets.version, lambda: KatexEngine(assets))
        self.math_renderer.cache.use_directory(Path(self.cache_dir) / "katex")
        self.math_renderer.cache.begin_build()
        self.katex = KatexExtension(self.math_renderer, _katex_options(self.config))
        config.markdown_extensions.append(self.katex)

    # --- Hexo tags: the extension asks for a page's context; the cores never see MkDocs objects ---

    def _hexo_setup(self, config: MkDocsConfig) -> None:
        """Register the tag extension as an instance (autorefs' pattern); reset per-build state."""
        self._config = config
        self._hexo_files: Files | None = None
        self._hexo_site: TagSite | None = None
        self.hexo_figure_html: FigureHtml | None = None
        """The figure engine's ``figure_html`` for ``asset_img`` (set before the first page renders)."""
        self.hexo_custom_tags: dict[str, CustomTag] = {}
        """Inline tags other parts of the plugin render (``zigzag_number``), added before pages render."""
        self._hexo_offsets: dict[str, int] = {}
        self._hexo_reported: set[tuple[str, str]] = set()
        if self.config.hexo_tags:
            self.hexo_tags = HexoTagExtension(self._hexo_context, self._hexo_report)
            config.markdown_extensions.append(self.hexo_tags)

    def _hexo_page(self, page: Page, files: Files, offset: int) -> None:
        self._hexo_files = files
        self.hexo_tags.set_page(page.file.src_uri, page.file.url)
        self._hexo_offsets[page.file.src_uri] = offset

    def _hexo_context(self, src_uri: str, page_url: str) -> PageContext | None:
        """The tag renderers' view of the page *src_uri* shown at *page_url*."""
        files = self._hexo_files
        if files is None:
            return None
        if self._hexo_site is None:
            # Built on first use: every on_files hook (generated figures included) has run by then.
            self._hexo_site = TagSite(
                (
                    SiteFile(
                        file.src_uri,
                        file.url,
                        None if file.generated_by else file.abs_src_path,
                        partial(_front_matter, file) if file.is_documentation_page() else None,
                    )
                    for file in files
                ),
                relative_url=get_relative_url,
                docs_dir=self._config.docs_dir,
                alt_from_title=self.config.hexo_alt_from_title,
                figure_html=self.hexo_figure_html,
                custom_tags=self.hexo_custom_tags,
            )
        return self._hexo_site.context(src_uri, page_url)

    def _auto_excerpt_length(self, src_uri: str) -> int | None:
        """For the excerpt extension: None unless *src_uri* is a blog post, else its automatic length."""
        post = self.hexo_posts.posts.get(src_uri)
        if post is None:
            return None
        return auto_excerpt_length(post.front_matter, self.config.hexo_excerpt_length)

    def _hexo_report(self, src_uri: str, diagnostics: list[Diagnostic]) -> None:
        """Log each problem once per build (a post is converted again for each blog excerpt)."""
        offset = self._hexo_offsets.get(src_uri, 0)
        fresh = []
        for diagnostic in diagnostics:
            key = (src_uri, diagnostic.message)
            if key not in self._hexo_reported:
                self._hexo_reported.add(key)
                fresh.append(replace(diagnostic, line=diagnostic.line + offset))
        self._warn(src_uri, fresh, self._config)

    # --- Figures ------------------------------------------------------------------------------

    def _check_cache_dir(self, config: MkDocsConfig) -> None:
        """The cache must be a folder this build can write, outside docs_dir (a build never writes there,
        and ``mkdocs serve`` would rebuild on its own writes) and outside site_dir (emptied each build)."""
        cache = os.path.realpath(self.cache_dir)
        for option in ("docs_dir", "site_dir"):
            folder = os.path.realpath(config[option])
            if cache == folder or cache.startswith(folder + os.sep):
                raise PluginError(
                    f"mkdocs_zigzag: the option cache_dir ({self.config.cache_dir!r}) is inside {option} "
                    f"({folder}). Set plugins.zigzag.cache_dir to a folder outside it, e.g. the default "
                    "'.cache/zigzag' beside mkdocs.yml."
                )
        try:
            os.makedirs(cache, exist_ok=True)
            with tempfile.TemporaryFile(dir=cache):
                pass
        except OSError as error:
            raise PluginError(
                f"mkdocs_zigzag: cannot write the cache folder {self.cache_dir} ({error.strerror or error}). "
                "Make it a writable folder, or set plugins.zigzag.cache_dir to one."
            ) from None

    @staticmethod
    def _refuse_a_build_inside_a_figure_worker() -> None:
        """Stop here (before MkDocs empties site_dir) a build that a figure worker's import of the main
        script started; the worker dies, and the figure is reported with the same fix."""
        from mkdocs_zigzag.figures.engine import build_started_by_a_worker_import

        found = build_started_by_a_worker_import()
        if found is not None:
            script, line = found
            raise PluginError(
                f"{script}:{line}: this build was started by a figure worker process importing the main "
                "script, and would empty site_dir under the build that started the worker. Put the "
                "script's code under `if __name__ == \"__main__\":` (spawned processes import the main "
                "script)."
            )

    def _configure_figures(self, config_dir: str) -> None:
        from mkdocs_zigzag.figures.engine import FigureEngine, FigureOptions
        from mkdocs_zigzag.figures.registry import FigureRegistry

        self._figure_registry: FigureRegistry = FigureRegistry.from_config(self.config.figures, config_dir)
        self._figure_engine: FigureEngine = FigureEngine(
            self.cache_dir,
            config_dir,
            FigureOptions(
                timeout=float(self.config.figures_timeout),
                dpi=int(self.config.figures_dpi),
                formats=tuple(dict.fromkeys(self.config.figures_formats)) or ("svg",),
                cjk_font=self.config.figures_cjk_font,
            ),
            self._figure_failures,
        )
        self._figure_job: FigureJob | None = None
        self._figure_index: dict[str, int] = {}
        """Raster src_uri → the figure's index in the job."""
        self._figure_pending_files: list[tuple[int, CachedFile]] = []
        self._figure_files: Files | None = None
        self._figure_keys: set[str] | None = None
        self._figure_summaries: dict[str, dict[str, Any]] = {}
        if self._figure_registry.bindings:
            self.hexo_figure_html = self.figure_html  # asset_img shows generated figures themed
            self.hexo_custom_tags["zigzag_number"] = self._figure_number

    def _add_figures(self, files: Files, config: MkDocsConfig) -> None:
        registry = self._figure_registry
        if not registry.bindings:
            return
        posts = []
        for file in files.documentation_pages():
            if registry.claims_post(file.src_uri):
                # The author's file as written (another hook may point abs_src_path at a normalized copy).
                original = os.path.join(config.docs_dir, file.src_path)
                path = original if os.path.isfile(original) else file.abs_src_path
                if path:
                    with open(path, encoding="utf-8-sig") as handle:
                        posts.append((file.src_uri, handle.read()))
        plan = registry.plan(posts, _find_asset_references)
        for message in plan.config_warnings:
            log.warning(message)
        for post, diagnostic in plan.diagnostics:
            self._warn(post, [diagnostic], config)
        # Stale figures are drawn in worker processes while MkDocs converts and writes the pages; their
        # files go into the site at on_post_build, and pages get their sizes at on_post_page.
        job = self._figure_engine.start(plan.figures)
        self._figure_job = job
        for index, spec in enumerate(job.specs):
            ready = job.ready(index)
            placed = job.output(index).files if ready else job.expected_files(index)
            for src_uri, path in placed.items():
                existing = files.get_file_from_path(src_uri)
                if existing is not None:
                    files.remove(existing)  # the generator owns this name; a stale copy in docs/ yields
                file = CachedFile.generated(config, src_uri, abs_src_path=path)
                assert isinstance(file, CachedFile)
                if not ready:
                    file.deferred = True
                    self._figure_pending_files.append((index, file))
                files.append(file)
            self._figure_index[spec.raster_uri] = index
        self._figure_files = files
        if not self._figure_pending_files:
            self._finish_figures(config)

    def _finish_figures(self, config: MkDocsConfig) -> None:
        """Wait for the figures still being drawn, put their files in the site and report."""
        job = self._figure_job
        assert job is not None
        report = job.finish()
        for post, diagnostic in report.diagnostics:
            self._warn(post, [diagnostic], config)
        for index, file in self._figure_pending_files:
            path = job.output(index).files.get(file.src_uri)
            file.deferred = False
            if path is not None:  # a generator without summarize() writes no summary
                file.abs_src_path = path
                file.copy_file()
        self._figure_pending_files = []
        self._figure_keys = report.keys
        log.info(report.summary())

    def _figure_sizes(self, output: str) -> str:
        """*output* with the sizes of figures that were still being drawn when the page was converted."""
        job = self._figure_job
        if job is None:  # stand-ins come only from this build's job
            return output

        def size(match: re.Match[str]) -> str:
            drawn = job.output(int(match.group(1)))
            return str(drawn.width if match.group(2) == "width" else drawn.height)

        return _PENDING_SIZE.sub(size, output)

    def _align_figure_summaries(self, files: Files) -> None:
        specs = self._figure_job.specs if self._figure_job is not None else []
        for spec in specs:
            raster = files.get_file_from_path(spec.raster_uri)
            summary = files.get_file_from_path(spec.summary_uri)
            if raster is None or summary is None:
                continue
            name = posixpath.basename(summary.src_uri)
            summary.dest_uri = posixpath.join(posixpath.dirname(raster.dest_uri), name)
            summary.url = posixpath.join(posixpath.dirname(raster.url), name)
            summary.abs_dest_path = os.path.normpath(os.path.join(summary.dest_dir, summary.dest_uri))

    def figure_html(
        self,
        src_uri: str,
        url: str,
        *,
        alt: str | None,
        title: str | None,
        classes: Sequence[str],
        width: str | None,
        height: str | None,
    ) -> str | None:
        """Markup for the generated figure at *src_uri* (None when that asset is not a generated figure).

        *url* is the page-relative URL of the raster, as the tag renderer computed it; the themed
        variants sit beside it, so their URLs are derived from the Files' URLs relative to the raster.
        """
        from mkdocs_zigzag.figures.html import render_figure_html

        index = self._figure_index.get(src_uri)
        files = self._figure_files
        job = self._figure_job
        if index is None or files is None or job is None:
            return None
        light_uri, dark_uri = self._figure_engine.variant_uris(job.specs[index])
        raster = files.get_file_from_path(src_uri)
        light = files.get_file_from_path(light_uri)
        dark = files.get_file_from_path(dark_uri)
        if raster is None or light is None or dark is None:
            return None
        base = posixpath.dirname(url)
        folder = posixpath.dirname(raster.url)

        def beside(file: File) -> str:
            return posixpath.join(base, posixpath.relpath(file.url, folder or "."))

        # The tag's size wins; with neither given, the figure's own size (so the page does not jump),
        # filled in when the page is written if the figure is still being drawn now.
        if not (width or height):
            if job.ready(index):
                drawn = job.output(index)
                width, height = str(drawn.width), str(drawn.height)
            else:
                width, height = (f"{_PENDING_SIZE_PREFIX}{index}-{side}" for side in ("width", "height"))
        return render_figure_html(
            beside(light),
            beside(dark),
            alt=alt,
            title=title,
            classes=classes,
            width=width,
            height=height,
            caption=title if self.config.figures_caption else None,
        )

    def _figure_number(self, args: Sequence[str], page: PageContext) -> str:
        """The ``zigzag_number`` tag: a number from the summary of a figure generated for this page."""
        from mkdocs_zigzag.figures.numbers import NumberError, format_number, parse_number_args, read_summary
        from mkdocs_zigzag.hexo.render import TagError

        try:
            image, key, spec = parse_number_args(args)
            index = self._figure_index.get(posixpath.join(page.asset_folder, image))
            job = self._figure_job
            output = job.output(index) if index is not None and job is not None else None  # waits if drawing
            if output is None:
                raise NumberError(
                    f"'{image}' is not a figure generated for this page.",
                    "Bind it under `figures` in mkdocs.yml (post: this page, asset: the image).",
                )
            path = None if output.failed else output.files.get(output.spec.summary_uri)
            if path is None:
                raise NumberError(
                    f"the figure '{image}' has no summary to quote"
                    + (" (it was not generated: see its warning)." if output.failed else "."),
                    "Give its generator a summarize() (docs/figures.md)." if not output.failed else "",
                )
            if path not in self._figure_summaries:
                self._figure_summaries[path] = read_summary(path)
            return format_number(self._figure_summaries[path], key, spec, image=image)
        except NumberError as error:
            raise TagError(error.message, error.fix) from None

    def _warn(self, src_path: str, diagnostics: list[Diagnostic], config: MkDocsConfig) -> None:
        """Log each diagnostic as ``docs/<src_path>:<line>: …`` (a warning, so --strict fails)."""
        shown = os.path.relpath(os.path.join(config.docs_dir, src_path))
        for diagnostic in diagnostics:
            log.warning(diagnostic.format(shown))


def _find_asset_references(markdown: str) -> list[tuple[str, int]]:
    """The assets a post's tags name, with lines (the Hexo dialect's parser, imported when needed)."""
    from mkdocs_zigzag.hexo.tags import find_asset_references

    references: list[tuple[str, int]] = find_asset_references(markdown)
    return references


def _blog_words_per_minute(config: MkDocsConfig) -> int | None:
    """Material blog's reading speed, when a blog with read times is configured."""
    for name, plugin in config.plugins.items():
        blog_config = getattr(plugin, "config", None)
        if name.split("/")[-1] == "blog" and getattr(blog_config, "post_readtime", False):
            return int(blog_config.post_readtime_words_per_minute)  # type: ignore[union-attr]
    return None


def _blog_excerpt_separator(config: MkDocsConfig) -> str:
    """Material blog's ``post_excerpt_separator`` (the first blog's, when there are several)."""
    for name, plugin in config.plugins.items():
        blog_config = getattr(plugin, "config", None)
        separator = getattr(blog_config, "post_excerpt_separator", None)
        if name.split("/")[-1] == "blog" and isinstance(separator, str):
            return separator
    return MATERIAL_SEPARATOR


def _katex_options(config: ZigzagConfig) -> KatexOptions:
    """The ``katex_*`` options as the engine takes them."""
    return KatexOptions.build(
        macros=config.katex_macros,
        trust=config.katex_trust,
        max_size=float(config.katex_max_size),
        max_expand=int(config.katex_max_expand),
        output=config.katex_output,
        strict=config.katex_strict,
        fleqn=config.katex_fleqn,
        leqno=config.katex_leqno,
        min_rule_thickness=config.katex_min_rule_thickness,
        timeout=float(config.katex_timeout),
    )

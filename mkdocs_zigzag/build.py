"""One build, as the plugin's hooks see it: made in ``on_config``, it owns what this build knows.

MkDocs' objects meet the cores here: this build's config and cache folder, the KaTeX and Hexo tag
extensions, the blog's posts read with Hexo's rules, the figure registry and publisher, and the tag site
(made on the first page, once every file is known). What outlives a rebuild under ``serve`` is in the
:class:`~mkdocs_zigzag.session.Session`; every touch of MkDocs' or Material's private parts is in
:mod:`~mkdocs_zigzag.material_bridge`.
"""

from __future__ import annotations

import html
import os
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from mkdocs_zigzag import material_bridge
from mkdocs_zigzag.blog import (
    HexoPosts,
    blog_post_dirs,
    front_matter_title_heading,
    normalize_blog_posts,
    page_source,
    read_author_file,
)
from mkdocs_zigzag.cachedir import CacheDirRefused, claim_cache_dir
from mkdocs_zigzag.diagnostics import body_line_offset
from mkdocs_zigzag.figures.engine import FigureEngine, FigureOptions, build_started_by_a_worker_import
from mkdocs_zigzag.figures.publish import FigurePublisher, summary_beside
from mkdocs_zigzag.figures.registry import FigureRegistry
from mkdocs_zigzag.hexo.excerpt import HexoExcerptExtension, auto_excerpt_length, front_matter_excerpt
from mkdocs_zigzag.hexo.extension import HexoTagExtension
from mkdocs_zigzag.hexo.frontmatter import (
    parse_front_matter,
    resolve_time_zone,
    slug_from_text,
    template_title,
)
from mkdocs_zigzag.hexo.site import SiteFile, TagSite
from mkdocs_zigzag.katex.assets import KatexAssetsMissing, locate_katex_assets
from mkdocs_zigzag.katex.engine import KatexOptions
from mkdocs_zigzag.katex.extension import KatexExtension, arithmatex_conflict
from mkdocs_zigzag.katex.extension import PageContext as MathPage
from mkdocs_zigzag.katex.light import KATEX_OPEN
from mkdocs_zigzag.katex.page import TexView, link_katex
from mkdocs_zigzag.material_bridge import CachedFile
from mkdocs_zigzag.mermaid.assets import (
    SITE_SCRIPT as MERMAID_SCRIPT,
)
from mkdocs_zigzag.mermaid.assets import (
    MermaidAssetsMissing,
    add_mermaid_script,
    cached_site_script,
    locate_mermaid_assets,
)

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import tzinfo

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from mkdocs_zigzag.config import ZigzagConfig
    from mkdocs_zigzag.diagnostics import Diagnostic
    from mkdocs_zigzag.hexo.math_setup import MathSetup
    from mkdocs_zigzag.hexo.render import CustomTag, FigureHtml, PageContext
    from mkdocs_zigzag.hexo_site import HexoFolder
    from mkdocs_zigzag.session import Session

log = get_plugin_logger(__name__)

KATEX_ASSETS_DIR = "assets/katex"
"""Where KaTeX's CSS and fonts go in the site."""


class Build:
    """This build's config, cache folder, extensions, posts, figures and tag site."""

    def __init__(
        self, options: ZigzagConfig, config: MkDocsConfig, session: Session, plugin: BasePlugin[Any]
    ) -> None:
        """Resolve the cache dir against mkdocs.yml's folder; build the figure side (the tag site is made
        with it); register the Markdown extensions."""
        refuse_a_build_inside_a_figure_worker()
        self.options = options
        self.config = config
        self.session = session
        config_dir = os.path.dirname(os.path.abspath(config.config_file_path))
        self.cache_dir = os.path.join(config_dir, options.cache_dir)
        check_cache_dir(self.cache_dir, options.cache_dir, config)
        for problem in material_bridge.plugin_order_problems(config.plugins, plugin):
            log.warning(problem)

        # Figures: drawn in worker processes while MkDocs converts and writes the pages.
        self.figure_registry = FigureRegistry.from_config(options.figures, config_dir)
        engine = FigureEngine(
            self.cache_dir,
            config_dir,
            FigureOptions(
                timeout=float(options.figures_timeout),
                dpi=int(options.figures_dpi),
                formats=tuple(dict.fromkeys(options.figures_formats)) or ("svg",),
                cjk_font=options.figures_cjk_font,
            ),
            session.figure_failures,
        )
        self.figures = FigurePublisher(engine, caption=options.figures_caption)
        self._pending_files: list[tuple[int, CachedFile]] = []
        # What the tag site is made with (on the first page): asset_img shows generated figures themed,
        # and pages quote their numbers.
        self._figure_html: FigureHtml | None = None
        self._custom_tags: dict[str, CustomTag] = {}
        if self.figure_registry.bindings:
            self._figure_html = self.figures.figure_html
            self._custom_tags["zigzag_number"] = self.figures.number

        # KaTeX: one extension instance per build (like the tag extension), the renderer for the session.
        if (conflict := arithmatex_conflict(config.markdown_extensions)) is not None:
            raise PluginError(conflict)
        try:
            self.katex_assets = locate_katex_assets()
        except KatexAssetsMissing as error:
            raise PluginError(str(error)) from None
        try:
            self.mermaid_assets = locate_mermaid_assets()
        except MermaidAssetsMissing as error:
            raise PluginError(str(error)) from None
        renderer = session.math_renderer_for(self.katex_assets)
        renderer.cache.use_directory(Path(self.cache_dir) / "katex")
        renderer.cache.begin_build()
        self.katex = KatexExtension(
            renderer, katex_options(options), dialect=options.katex_dialect, numbering=options.katex_numbering
        )
        config.markdown_extensions.append(self.katex)
        self.tex_view = TexView()
        self.words_per_minute = material_bridge.blog_words_per_minute(config)

        # Material's blog writes a missing entry page (and posts folder) into docs/: not in this build.
        material_bridge.keep_blog_out_of_docs(config)
        # Hexo: posts read with Hexo's rules; the tag extension asks for a page's context (autorefs' pattern).
        self.hexo_folder: HexoFolder | None = None
        self.math_setup: MathSetup | None = None  # a Hexo blog folder's math setup (issue 12), seeded below
        self.hexo_time_zone = self._open_hexo_folder(options, config)
        self.hexo_posts = HexoPosts()
        if options.hexo_front_matter:  # names reach Material escaped; slugs come from the text
            slug_from_text(config.plugins.values())
        # Every spelling of Hexo's excerpt marker, and an automatic excerpt, as Material's separator.
        self.hexo_excerpt = HexoExcerptExtension(
            self._auto_excerpt_length,
            material_bridge.blog_excerpt_separator(config),
            material_bridge.converted_file,
        )
        if options.hexo_front_matter:
            config.markdown_extensions.append(self.hexo_excerpt)
        self.hexo_tags: HexoTagExtension | None = None
        if options.hexo_tags:
            self.hexo_tags = HexoTagExtension(
                self._hexo_context, self._hexo_report, material_bridge.converted_file
            )
            config.markdown_extensions.append(self.hexo_tags)
        self._files: Files | None = None
        self._tag_site: TagSite | None = None
        self._hexo_offsets: dict[str, int] = {}
        self._hexo_meta: dict[str, Mapping[str, Any]] = {}  # each page's front matter, for hexo-math
        self._hexo_reported: set[tuple[str, str]] = set()

    # --- on_config: a Hexo blog folder (issue 14) -----------------------------------------------------

    def _open_hexo_folder(self, options: ZigzagConfig, config: MkDocsConfig) -> tzinfo | None:
        """Read Hexo's ``_config.yml`` when it sits beside mkdocs.yml; return the posts' time zone.

        ``hexo_timezone`` set in mkdocs.yml wins over Hexo's ``timezone``. In a Hexo folder, links written
        against the Hexo URLs are rewritten and the old URLs and feeds are kept (see ``hexo_site``); their
        dates are those of the machine that ran ``hexo generate`` (``hexo_generate_timezone``).
        """
        if not any(Path(config.config_file_path or "mkdocs.yml").absolute().parent.glob("_config.*")):
            return resolve_time_zone(options.hexo_timezone)  # no Hexo folder: its modules stay unimported
        from mkdocs_zigzag.hexo.math_setup import decide_math_setup
        from mkdocs_zigzag.hexo.old_urls import generate_time_zone
        from mkdocs_zigzag.hexo_site import HexoFolder, open_hexo_folder

        hexo = open_hexo_folder(config)
        written_in = options.hexo_timezone or (hexo.timezone if hexo is not None else "")
        zone = resolve_time_zone(written_in)
        if hexo is not None:
            self._seed_math_setup(decide_math_setup(hexo), config)
            machine = generate_time_zone(options.hexo_generate_timezone, written_in)
            self.hexo_folder = HexoFolder(hexo, config, machine)
            config.markdown_extensions.append(
                self.hexo_folder.markdown_extension(material_bridge.converted_file)
            )
            # Old tag URLs lead to the tag's anchor, named from the tag as Material's tags plugin reads it.
            escaped = options.hexo_front_matter  # names reach Material escaped
            self.hexo_folder.tag_anchor = lambda name: material_bridge.tag_anchor(
                config, html.escape(name) if escaped else name
            )
        return zone

    def _seed_math_setup(self, setup: MathSetup, config: MkDocsConfig) -> None:
        """The Hexo blog's math setup as the defaults of ``katex_dialect``/``katex_numbering`` and of
        hexo-math's tags; an option written in mkdocs.yml wins (even one equal to the default)."""
        written = _plugin_options_in_mkdocs_yml(config.config_file_path)
        if setup.dialect is not None and "katex_dialect" not in written:
            self.katex.dialect = setup.dialect
        if setup.numbering is not None and "katex_numbering" not in written:
            self.katex.numbering = setup.numbering
        self.katex.mathjax_flags = (*self.katex.mathjax_flags, *setup.mathjax_flags)
        self.math_setup = setup
        if setup.reasons and setup.summary() != self.session.math_setup_logged:
            self.session.math_setup_logged = setup.summary()  # not again at each rebuild under serve
            log.info(setup.summary())

    # --- on_files / on_nav: the site's files ------------------------------------------------------

    def add_files(self, files: Files) -> None:
        """Add KaTeX's CSS and fonts and every generated figure; read blog posts with Hexo's rules."""
        config = self.config
        material_bridge.add_blog_entry_pages(files, config)
        if self.hexo_folder is not None:  # a tags page for old tag URLs, if the site has none
            self.hexo_folder.find_theme_pages(files)
            self.hexo_folder.tags_source = material_bridge.tags_page(
                files, config, self.hexo_folder.tags_page_path(), self.hexo_folder.pages_of_type("tags")
            )
            self.hexo_folder.list_tags(material_bridge.tags_directive(config))
        # Copied once into the site, and served by ``mkdocs serve``.
        for rel, path in self.katex_assets.stylesheet_files():
            files.append(File.generated(config, f"{KATEX_ASSETS_DIR}/{rel}", abs_src_path=str(path)))
        # Mermaid's script, linked from the cache (3.5 MB); only pages with a diagram load it.
        script = cached_site_script(self.mermaid_assets, self.cache_dir)
        files.append(CachedFile.generated(config, MERMAID_SCRIPT, abs_src_path=str(script)))
        if self.options.hexo_front_matter:
            self.hexo_posts, reports = normalize_blog_posts(
                files, config, self.cache_dir, self.hexo_time_zone
            )
            for src_path, diagnostics in reports:
                self.warn(src_path, diagnostics)
        if self.figure_registry.bindings:
            self._add_figures(files)

    def _add_figures(self, files: Files) -> None:
        """Plan the figures the posts name, start drawing the stale ones, and add every figure's files."""
        posts = []
        unpublished = set()
        for file in files.documentation_pages():
            if self.figure_registry.claims_post(file.src_uri):
                # The author's file as written (another hook may point abs_src_path at a normalized copy).
                original = os.path.join(self.config.docs_dir, file.src_path)
                path = original if os.path.isfile(original) else file.abs_src_path
                if path:
                    text = read_author_file(path)
                    posts.append((file.src_uri, text))
                    # An unpublished post (`published: false`) is not in the built site: nothing to draw
                    # (Material's blog shows drafts under `mkdocs serve`: there they are drawn).
                    if not (self.session.serving or self._published(file.src_uri, text)):
                        unpublished.add(file.src_uri)
        plan = self.figure_registry.plan(posts, _find_asset_references)
        figures = [spec for spec in plan.figures if spec.post not in unpublished]
        for message in plan.config_warnings:
            log.warning(message)
        for post, diagnostic in plan.diagnostics:
            self.warn(post, [diagnostic])
        # The files go into the site at on_post_build, and pages get their sizes at on_post_page.
        self.figures.start(figures, partial(_url_of, files), progress=log.info)
        for placement in self.figures.placements():
            existing = files.get_file_from_path(placement.src_uri)
            if existing is not None:
                files.remove(existing)  # the generator owns this name; a stale copy in docs/ yields
            file = CachedFile.generated(self.config, placement.src_uri, abs_src_path=placement.path)
            assert isinstance(file, CachedFile)
            if not placement.ready:
                file.deferred = True
                self._pending_files.append((placement.index, file))
            files.append(file)
        if not self._pending_files:
            self._finish_figures()

    def _published(self, src_uri: str, text: str) -> bool:
        """Whether a post is published (front-matter ``published``), from the blog's reading if it read it."""
        post = self.hexo_posts.posts.get(src_uri)
        front_matter = post.front_matter if post is not None else parse_front_matter(text)
        return front_matter.published

    def add_late_files(self, files: Files) -> None:
        """After Material's blog gave posts their URLs and made its views: Hexo's old URLs' redirects."""
        if self.hexo_folder is not None:
            self.hexo_folder.add_old_urls(files)
            self.hexo_folder.list_categories(material_bridge.blog_categories(files))

    def after_nav(self, files: Files) -> None:
        """Posts are the author's files again (the blog has read the copies); summaries follow rasters."""
        self.hexo_posts.restore_source_paths(files)
        for spec in self.figures.specs:
            raster = files.get_file_from_path(spec.raster_uri)
            summary = files.get_file_from_path(spec.summary_uri)
            if raster is not None and summary is not None:
                summary.dest_uri, summary.url = summary_beside(raster.dest_uri, raster.url, summary.src_uri)
                summary.abs_dest_path = os.path.normpath(os.path.join(summary.dest_dir, summary.dest_uri))

    def watch(self, server: LiveReloadServer) -> None:
        """Watch the folders of figure generators outside docs/ and outside installed packages.

        The folder rather than the file: a generator's helper modules beside it shape its figures too
        (an edit re-renders only the figures whose generator or helpers changed). Not recursively, but
        for the packages in it: never the plugin's cache (see ``FigureRegistry.paths_to_watch``).
        """
        avoid = (self.cache_dir, self.config.site_dir)
        for folder, recursive in self.figure_registry.paths_to_watch(self.config.docs_dir, avoid):
            server.watch(folder, recursive=recursive)

    # --- on_post_build / on_build_error -------------------------------------------------------------

    def finish(self) -> None:
        """Collect the figures drawn while the pages were built; prune cache entries no build used lately."""
        if self.figures.drawing:
            self._finish_figures()
        self.figures.prune()
        renderer = self.session.math_renderer
        if renderer is not None and not self.session.dirty:
            renderer.cache.prune()  # formulas of pages deleted or renamed a while ago
        if self.hexo_folder is not None:
            self.hexo_folder.write_feeds()

    def _finish_figures(self) -> None:
        """Wait for the figures still being drawn, put their files in the site and report."""
        report = self.figures.finish()
        for post, diagnostic in report.diagnostics:
            self.warn(post, [diagnostic])
        for index, file in self._pending_files:
            path = self.figures.drawn_file(index, file.src_uri)
            file.deferred = False
            if path is not None:  # a generator without summarize() writes no summary
                file.abs_src_path = path
                file.copy_file()
        self._pending_files = []
        for level, line in report.log_lines():
            log.log(level, line)

    def stop(self) -> None:
        """Stop drawing figures for a build that failed."""
        self.figures.stop()

    # --- pages ---------------------------------------------------------------------------------------

    def page_source(self, page: Page) -> str | None:
        """Pages outside the blog: their Hexo front matter normalized (None: MkDocs reads them as is), and
        a Hexo theme's ``type: tags``/``type: categories`` page its listing after its own text."""
        source = None
        if self.options.hexo_front_matter:
            source, diagnostics = page_source(page, self.hexo_time_zone)
            self.warn(page.file.src_path, diagnostics)
        if self.hexo_folder is not None and (addition := self.hexo_folder.page_addition(page.file.src_uri)):
            source = (page.file.content_string if source is None else source).rstrip("\n") + addition
        return source

    def page_markdown(self, markdown: str, page: Page, files: Files) -> None:
        """Tell the Hexo tag and KaTeX extensions which page comes next, and where its body starts."""
        offset = self._body_line_offset(markdown, page)
        self.katex.set_page(MathPage(page.file.src_path, offset, page.meta))  # its front matter: the dialect
        if self.hexo_tags is not None:
            self._files = files
            self.hexo_tags.set_page(page.file.src_uri, page.file.url)
            self._hexo_offsets[page.file.src_uri] = offset
            self._hexo_meta[page.file.src_uri] = page.meta

    def time_reading(self, html: str, page: Page) -> None:
        """Blog posts with math: the read time counts each formula's TeX, not KaTeX's markup, as words.

        Also keeps the formulas the page's conversion typeset, so search's copy is found by string search.
        """
        if KATEX_OPEN not in html:
            return
        src_uri = page.file.src_uri
        self.tex_view.keep(src_uri, self.katex.typeset_formulas)
        material_bridge.time_post_reading(
            page, self.words_per_minute, partial(self.tex_view.tex_only, src_uri, html)
        )

    def page_content(self, html: str, page: Page) -> str | None:
        """Blog posts: the front-matter title heads the post, the front-matter excerpt is its summary.

        Runs after Material's blog made the post's excerpt (``on_page_markdown``) and before any index
        page renders it (``on_page_context``). First, the math errors of the page just converted are logged
        (before anything else converts Markdown with the same extension instance).
        """
        self._katex_report(page)
        if self.hexo_folder is not None:
            self.hexo_folder.keep_html(page.file.src_uri, html)
        # Every page, before any template prints it (a neighbour's footer shows this page's title).
        if (title := template_title(page.meta.get("title"), page.title)) is not None:
            page.meta["title"] = title
        post = self.hexo_posts.posts.get(page.file.src_uri)
        if post is None:
            return None
        has_marker = partial(self.hexo_excerpt.has_marker, html)  # asked only if the answer matters
        summary = front_matter_excerpt(post.front_matter, has_marker=has_marker)
        material_bridge.use_front_matter_excerpt(page, summary)
        return front_matter_title_heading(html, page, post)

    def park_math(self, html: str, page: Page) -> str | None:
        """The converted page's content as its TeX-only view until it is written (its KaTeX markup is
        kept compressed meanwhile: MkDocs holds every page's content until the end of the build)."""
        return self.tex_view.park(page.file.src_uri, html)

    def hide_math(self, page: Page) -> None:
        """Search indexes each formula as its TeX (what readers type), not KaTeX's glyphs and MathML."""
        tex = self.tex_view.hide(page.file.src_uri, page.content)
        if tex is not None:
            page.content = tex

    def restore_math(self, page: Page) -> None:
        """Put KaTeX's markup back for the page as written."""
        full = self.tex_view.restore(page.file.src_uri, page.content)
        if full is not None:
            page.content = full

    def post_page(self, output: str, page: Page) -> str:
        """Fill in the sizes of figures drawn meanwhile; link KaTeX's stylesheet and preload its fonts on
        pages showing math (a post, or a blog index showing its excerpt)."""
        if (parked := self.tex_view.written(page.file.src_uri)) is not None:
            page.content = parked  # written: its full markup, held to the end of the build, is not needed
        output = self.figures.fill_sizes(output)
        output = add_mermaid_script(output, partial(get_relative_url, other=page.url))
        return link_katex(output, lambda path: get_relative_url(f"{KATEX_ASSETS_DIR}/{path}", page.url))

    def _body_line_offset(self, markdown: str, page: Page) -> int:
        """Lines of the author's file before *markdown*, even when a hook handed MkDocs a normalized copy."""
        original = os.path.join(self.config.docs_dir, page.file.src_uri)
        try:
            with open(original, encoding="utf-8-sig") as handle:
                source = handle.read()
        except OSError:
            source = markdown
        addition = self.hexo_folder.page_addition(page.file.src_uri) if self.hexo_folder is not None else ""
        if addition and markdown.endswith(addition):  # a theme page's listing, after its own text
            markdown, source = markdown[: -len(addition)], source.rstrip("\n")
        return body_line_offset(source, markdown)

    def _katex_report(self, page: Page) -> None:
        """Log the math problems of the page just converted; cache use goes to debug."""
        renderer = self.session.math_renderer
        if self.katex.formula_count and renderer is not None:
            typeset = renderer.last_typeset
            log.debug(f"{page.file.src_path}: {self.katex.formula_count} formulas, {typeset} sent to KaTeX")
        self.warn(page.file.src_path, self.katex.diagnostics)
        self.katex.diagnostics = []

    # --- Hexo tags: the extension asks for a page's context; the cores never see MkDocs objects -------

    def _hexo_context(self, src_uri: str, page_url: str) -> PageContext | None:
        """The tag renderers' view of the page *src_uri* shown at *page_url*."""
        files = self._files
        if files is None:
            return None
        if self._tag_site is None:
            # Made on first use: every on_files hook (generated figures included) has run by then.
            self._tag_site = TagSite(
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
                docs_dir=self.config.docs_dir,
                alt_from_title=self.options.hexo_alt_from_title,
                figure_html=self._figure_html,
                custom_tags=self._custom_tags,
                post_dirs=blog_post_dirs(self.config),
                # a post_link's #anchor as the built page spells it: the site's toc slugify, if it set one
                slugify=self.config.mdx_configs.get("toc", {}).get("slugify"),
                embeds=self.options.hexo_embeds,
                site_url=self.config.site_url,
                code_dir=self.options.hexo_code_dir,
            )
        context = self._tag_site.context(src_uri, page_url, self._hexo_meta.get(src_uri))
        if context is not None and self.math_setup is not None and self.math_setup.tag_options:
            context.math_tag_options = self.math_setup.tag_options  # hexo-math's options in _config.yml
        return context

    def _auto_excerpt_length(self, src_uri: str) -> int | None:
        """For the excerpt extension: None unless *src_uri* is a blog post, else its automatic length."""
        post = self.hexo_posts.posts.get(src_uri)
        if post is None:
            return None
        return auto_excerpt_length(post.front_matter, self.options.hexo_excerpt_length)

    def _hexo_report(self, src_uri: str, diagnostics: list[Diagnostic]) -> None:
        """Log each problem once per build (a post is converted again for each blog excerpt)."""
        offset = self._hexo_offsets.get(src_uri, 0)
        fresh = []
        for diagnostic in diagnostics:
            key = (src_uri, diagnostic.message)
            if key not in self._hexo_reported:
                self._hexo_reported.add(key)
                fresh.append(replace(diagnostic, line=diagnostic.line + offset))
        self.warn(src_uri, fresh)

    def warn(self, src_path: str, diagnostics: list[Diagnostic]) -> None:
        """Log each diagnostic as ``docs/<src_path>:<line>: …`` (a warning, so --strict fails)."""
        shown = os.path.relpath(os.path.join(self.config.docs_dir, src_path))
        for diagnostic in diagnostics:
            log.warning(diagnostic.format(shown))


def check_cache_dir(cache_dir: str, option: str, config: MkDocsConfig) -> None:
    """The cache must be a folder of the plugin's own (see ``cachedir.claim_cache_dir``)."""
    try:
        claim_cache_dir(
            cache_dir,
            option,
            config_dir=os.path.dirname(os.path.abspath(config.config_file_path)),
            docs_dir=config.docs_dir,
            site_dir=config.site_dir,
        )
    except CacheDirRefused as error:
        raise PluginError(str(error)) from None


def refuse_a_build_inside_a_figure_worker() -> None:
    """Stop here (before MkDocs empties site_dir) a build that a figure worker's import of the main
    script started; the worker dies, and the figure is reported with the same fix."""
    found = build_started_by_a_worker_import()
    if found is not None:
        script, line = found
        raise PluginError(
            f"{script}:{line}: this build was started by a figure worker process importing the main "
            "script, and would empty site_dir under the build that started the worker. Put the "
            'script\'s code under `if __name__ == "__main__":` (spawned processes import the main '
            "script)."
        )


def katex_options(options: ZigzagConfig) -> KatexOptions:
    """The ``katex_*`` options as the engine takes them."""
    return KatexOptions.build(
        macros=options.katex_macros,
        trust=options.katex_trust,
        max_size=float(options.katex_max_size),
        max_expand=int(options.katex_max_expand),
        output=options.katex_output,
        strict=options.katex_strict,
        fleqn=options.katex_fleqn,
        leqno=options.katex_leqno,
        min_rule_thickness=options.katex_min_rule_thickness,
        timeout=float(options.katex_timeout),
    )


def _url_of(files: Files, src_uri: str) -> str | None:
    """The site URL of the file *src_uri* as published now (Material's blog moves post assets)."""
    file = files.get_file_from_path(src_uri)
    return None if file is None else file.url


def _front_matter(file: File) -> dict[str, Any]:
    """What a ``post_link`` needs of a page's front matter: its title and whether it is published.

    Read with the Hexo reader, which bounds YAML aliases: the linked page is not the page being built, so
    a malformed or hostile block there must not stall this one (its own build reports the problem).
    """
    front_matter = parse_front_matter(file.content_string, allow_bare=False)
    return {
        "title": front_matter.title,
        "published": front_matter.published,
        "draft": front_matter.data.get("draft") is True,
    }


def _find_asset_references(markdown: str) -> list[tuple[str, int]]:
    """The assets a post's tags name, with lines (the Hexo dialect's parser, imported when needed)."""
    from mkdocs_zigzag.hexo.tags import find_asset_references

    references: list[tuple[str, int]] = find_asset_references(markdown)
    return references


def _plugin_options_in_mkdocs_yml(config_file_path: str | None) -> frozenset[str]:
    """The zigzag options written in mkdocs.yml (and the files it INHERITs), whatever their values; none
    when it cannot be read again (MkDocs read it a moment ago, so that is an unusual setup)."""
    if not config_file_path:
        return frozenset()
    try:
        with open(config_file_path, "rb") as file:
            data = yaml_load(file, get_yaml_loader())
    except Exception:  # ConfigurationError, OSError: MkDocs has already reported on the file
        return frozenset()
    plugins = data.get("plugins") if isinstance(data, dict) else None
    entries = plugins.items() if isinstance(plugins, dict) else (
        next(iter(item.items())) if isinstance(item, dict) and len(item) == 1 else (item, None)
        for item in plugins or ()
    )
    for name, options in entries:
        if isinstance(name, str) and name.rsplit("/", 1)[-1] == "zigzag":
            return frozenset(str(key) for key in options) if isinstance(options, dict) else frozenset()
    return frozenset()

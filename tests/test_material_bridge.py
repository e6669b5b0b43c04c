"""The private parts of MkDocs and Material that ``material_bridge`` touches, checked as installed.

Each test fails naming the attribute, class or function an upgrade removed or renamed, so the bridge is
mended before a site changes in silence. The last tests keep every such touch inside the bridge.
"""

from __future__ import annotations

import ast
import concurrent.futures
import hashlib
import inspect
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import ROOT, run_build, write_site
from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from material.plugins.blog.plugin import BlogPlugin
from material.plugins.blog.structure import Excerpt
from material.plugins.search.plugin import SearchPlugin
from mkdocs.config import load_config
from mkdocs.plugins import PluginCollection, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from mkdocs_zigzag import material_bridge
from mkdocs_zigzag.hexo.theme_pages import CategoryEntry
from mkdocs_zigzag.plugin import ZigzagPlugin

if TYPE_CHECKING:
    from collections.abc import Callable
    from xml.etree.ElementTree import Element

    from conftest import BuiltSite
    from markdown import Markdown


class _Record(Treeprocessor):  # type: ignore[misc]  # markdown ships no types
    def __init__(self, md: Markdown, seen: list[tuple[str, str] | None]) -> None:
        super().__init__(md)
        self.seen = seen

    def run(self, root: Element) -> None:
        self.seen.append(material_bridge.converted_file(self.md))


class _RecordExtension(Extension):  # type: ignore[misc]  # markdown ships no types
    """Records, while a page converts, which file the bridge says the converter converts."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, str] | None] = []

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_Record(md, self.seen), "record", 100)


def _rendered_page(tmp_path: Path, markdown: str) -> tuple[Page, _RecordExtension]:
    """A page of a plain MkDocs site converted by MkDocs itself."""
    root = write_site(tmp_path / "p", {"docs/posts/note.md": markdown}, {"plugins": []})
    config = load_config(str(root / "mkdocs.yml"))
    recorder = _RecordExtension()
    config.markdown_extensions.append(recorder)
    file = File("posts/note.md", config.docs_dir, config.site_dir, config.use_directory_urls)
    page = Page(None, file, config)
    page.read_source(config)
    page.render(config, Files([file]))
    return page, recorder


def test_page_title_from_render_is_what_the_bridge_reads_and_clears(tmp_path: Path) -> None:
    page, _ = _rendered_page(tmp_path, "# Heading of the body\n\nText.\n")
    assert hasattr(page, "_title_from_render"), "MkDocs' Page has no `_title_from_render` any more"
    assert material_bridge.rendered_title(page) == "Heading of the body", "Page._title_from_render changed"
    material_bridge.forget_rendered_title(page)
    assert page.title == "Note", "Page.title no longer falls back when `_title_from_render` is None"


def test_relpath_treeprocessor_names_the_file_being_converted(tmp_path: Path) -> None:
    _, recorder = _rendered_page(tmp_path, "Text.\n")
    assert recorder.seen == [("posts/note.md", "posts/note/")], (
        "MkDocs' 'relpath' treeprocessor no longer carries the page's `file`"
    )


def test_file_content_is_where_mkdocs_keeps_in_memory_content(tmp_path: Path) -> None:
    assert "_content" in vars(File), "MkDocs' File has no `_content` any more"
    site = tmp_path / "site"
    file = material_bridge.CachedFile("a.txt", src_dir=None, dest_dir=str(site), use_directory_urls=True)
    file.content_string = "in memory"
    assert file._content == "in memory", "File.content_string no longer sets `_content`"
    file.copy_file()  # written by MkDocs' own code, not linked from abs_src_path
    assert (site / "a.txt").read_text(encoding="utf-8") == "in memory"


def test_excerpt_has_what_the_front_matter_excerpt_swaps_in() -> None:
    render = inspect.signature(Excerpt.render)
    assert list(render.parameters) == ["self", "page", "separator"], "Excerpt.render(page, separator) changed"
    source = inspect.getsource(Excerpt)
    for name in ("self.post = post", "self.more = ", "self.post.markdown", "self.content"):
        assert name in source, f"Material's Excerpt no longer uses `{name}`"


def test_readtime_is_importable_and_counts_words() -> None:
    from material.plugins.blog.readtime import readtime

    assert readtime("<p>" + "word " * 529 + "</p>", 265) == 2, "material.plugins.blog.readtime changed"
    options = BlogPlugin.config_class()
    for name in ("post_readtime", "post_readtime_words_per_minute"):
        assert name in dict(options._schema), f"Material's blog has no option `{name}` any more"


def test_process_pool_keeps_its_processes_by_pid() -> None:
    # Used by figures/render.py (_stop_pool) to terminate workers of a failed build.
    pool = concurrent.futures.ProcessPoolExecutor(max_workers=1)
    try:
        assert isinstance(getattr(pool, "_processes", None), dict), "ProcessPoolExecutor has no `_processes`"
    finally:
        pool.shutdown()


@pytest.mark.slow
def test_a_front_matter_excerpt_and_title_reach_the_blog_index(build_site: Callable[..., BuiltSite]) -> None:
    post = (
        "---\ntitle: Front title\ndate: 2024-08-17\nexcerpt: The excerpt of the front matter.\n---\n\n"
        "# Body heading\n\nBody text.\n\n<!-- more -->\n\nMore text.\n"
    )
    built = build_site(
        {"docs/index.md": "# Home\n", "docs/blog/index.md": "# Blog\n", "docs/blog/posts/p.md": post},
        {"plugins": ["blog", "zigzag"]},
    )
    index = built.read("blog/index.html")
    assert "The excerpt of the front matter." in index and "Body text." not in index
    assert "Front title" in index
    page = built.read("blog/2024/08/17/p/index.html")
    assert "<h1>Front title</h1>" in page and "Body heading" in page


# --- Material's blog never writes into docs_dir ---------------------------------------------------------


def test_blog_resolve_is_what_the_bridge_wraps() -> None:
    for name, parameters in (
        ("_resolve", ["self", "files", "config"]),
        ("_resolve_posts", ["self", "files", "config"]),
        ("_resolve_post", ["self", "file", "config"]),
        ("_is_excluded", ["self", "post"]),
    ):
        method = getattr(BlogPlugin, name, None)
        assert method is not None, f"Material's BlogPlugin has no `{name}` any more"
        assert list(inspect.signature(method).parameters) == parameters, f"BlogPlugin.{name} changed"
    # Why the wrappers exist: if Material stops writing into docs_dir, they can go.
    assert "_save_to_file" in inspect.getsource(BlogPlugin._resolve), "BlogPlugin._resolve no longer writes"
    assert "os.makedirs" in inspect.getsource(BlogPlugin._resolve_posts), (
        "`_resolve_posts` no longer makedirs"
    )
    assert inspect.isgeneratorfunction(BlogPlugin._resolve_posts), "BlogPlugin._resolve_posts not a generator"


def _hashes(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    } | {path.relative_to(folder).as_posix() + "/": "dir" for path in folder.rglob("*") if path.is_dir()}


@pytest.mark.slow
def test_a_blog_without_entry_page_or_posts_folder_leaves_docs_alone(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"docs/index.md": "# Home\n"}, {"plugins": ["blog", "zigzag"]})
    before = _hashes(root / "docs")
    # MkDocs keeps one blog plugin per process, whose temporary folder an earlier build's shutdown removed;
    # a blog with posts recreates it, this one would not (a test artifact: `mkdocs build` is one build).
    blog = load_config(str(root / "mkdocs.yml")).plugins["material/blog"]
    Path(blog.temp_dir).mkdir(exist_ok=True)
    built = run_build(root, strict=True)
    assert _hashes(root / "docs") == before  # no docs/blog/index.md, no docs/blog/posts/
    assert '<h1 id="blog">Blog</h1>' in built.read("blog/index.html")
    assert [m for m in built.messages() if "entry page" in m] == [
        "mkdocs_zigzag: docs/blog/index.md does not exist: the blog's entry page is generated in memory, "
        "titled 'Blog' (Material's blog would write the file into docs_dir). To choose its title and text, "
        "create docs/blog/index.md."
    ]


@pytest.mark.slow
def test_posts_of_a_blog_without_entry_page_are_published(tmp_path: Path) -> None:
    post = "---\ndate: 2024-08-17\n---\n\n# A post\n\nText.\n"
    root = write_site(
        tmp_path / "site",
        {"docs/index.md": "# Home\n", "docs/blog/posts/p.md": post},
        {"plugins": ["blog", "zigzag"]},
    )
    before = _hashes(root / "docs")
    built = run_build(root, strict=True)
    assert _hashes(root / "docs") == before
    assert "A post" in built.read("blog/index.html")
    assert '<h1 id="a-post">A post</h1>' in built.read("blog/2024/08/17/p/index.html")


def test_the_wrapped_posts_walk_creates_no_folder(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"docs/index.md": "# Home\n"}, {"plugins": ["blog", "zigzag"]})
    config = load_config(str(root / "mkdocs.yml"))
    material_bridge.keep_blog_out_of_docs(config)
    material_bridge.keep_blog_out_of_docs(config)  # twice: wrapped once
    blog = config.plugins["material/blog"]
    assert list(blog._resolve_posts(Files([]), config)) == []
    assert not (root / "docs" / "blog").exists()
    assert blog._resolve.zigzag_wrapped is True


# --- Material's tags plugin: a tags page, and the anchor of each tag on it ------------------------------


def test_tags_listing_slugify_is_what_the_bridge_calls() -> None:
    from material.plugins.tags.structure.listing.manager import ListingManager
    from material.plugins.tags.structure.tag import Tag

    method = getattr(ListingManager, "_slugify", None)
    assert method is not None, "Material's tags ListingManager has no `_slugify` any more"
    assert list(inspect.signature(method).parameters) == ["self", "tag"], "ListingManager._slugify changed"
    assert Tag("C++").name == "C++", "Material's Tag(name) changed"


def _tags_config(root: Path) -> Any:
    config = load_config(str(root / "mkdocs.yml"))
    config.plugins.on_config(config)  # the tags plugin makes its listing manager here
    return config


@pytest.mark.parametrize(
    ("name", "anchor"),
    [("C++", "tag:c"), ("Machine Learning", "tag:machine-learning"), ("机器学习", "tag:机器学习")],
)
def test_a_tag_anchor_is_the_one_material_gives(tmp_path: Path, name: str, anchor: str) -> None:
    root = write_site(tmp_path / "site", {"docs/index.md": "# Home\n"}, {"plugins": ["tags", "zigzag"]})
    assert material_bridge.tag_anchor(_tags_config(root), name) == anchor


def test_no_tag_anchor_without_the_tags_plugin(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"docs/index.md": "# Home\n"}, {"plugins": ["zigzag"]})
    config = _tags_config(root)
    assert material_bridge.tag_anchor(config, "C++") is None
    assert material_bridge.tags_page(Files([]), config, "tags/index.md") is None


def _files(config: Any) -> Files:
    from mkdocs.structure.files import get_files

    return get_files(config)


def test_a_tags_page_is_generated_in_memory_when_the_site_has_none(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"docs/index.md": "# Home\n"}, {"plugins": ["tags", "zigzag"]})
    config = _tags_config(root)
    files = _files(config)
    assert material_bridge.tags_page(files, config, "tags/index.md") == "tags/index.md"
    page = files.get_file_from_path("tags/index.md")
    assert page is not None and page.generated_by == material_bridge.TAGS_PAGE_GENERATOR
    assert page.content_string == "# Tags\n\n<!-- material/tags -->\n"
    assert page.url == "tags/"
    # Again (mkdocs serve reuses the files' names): the same page, not a second one.
    assert material_bridge.tags_page(files, config, "tags/index.md") == "tags/index.md"
    assert [file.src_uri for file in files.documentation_pages()] == ["index.md", "tags/index.md"]
    assert sorted(path.name for path in (root / "docs").iterdir()) == ["index.md"]


def test_the_authors_tags_page_is_used(tmp_path: Path) -> None:
    docs = {"docs/index.md": "# Home\n", "docs/blog/tags.md": "# 标签\n\n<!-- material/tags -->\n"}
    root = write_site(tmp_path / "site", docs, {"plugins": ["tags", "zigzag"]})
    config = _tags_config(root)
    files = _files(config)
    assert material_bridge.tags_page(files, config, "tags/index.md") == "blog/tags.md"
    assert files.get_file_from_path("tags/index.md") is None


def test_a_page_at_the_tags_path_without_a_listing_is_left_alone(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    docs = {"docs/index.md": "# Home\n", "docs/tags/index.md": "---\ntitle: About tags\n---\n"}
    root = write_site(tmp_path / "site", docs, {"plugins": ["tags", "zigzag"]})
    config = _tags_config(root)
    files = _files(config)
    with caplog.at_level(logging.INFO):
        assert material_bridge.tags_page(files, config, "tags/index.md") is None
    page = files.get_file_from_path("tags/index.md")
    assert page is not None and page.generated_by is None
    shown = os.path.relpath(root / "docs" / "tags" / "index.md")
    assert [record.getMessage() for record in caplog.records if "listing" in record.getMessage()] == [
        f"mkdocs_zigzag: {shown} holds no <!-- material/tags --> listing and no `type: tags`, so old tag "
        "URLs lead to the home page. To list the tags there, add `type: tags` to its front matter."
    ]


def test_a_theme_type_tags_page_is_the_tags_page(tmp_path: Path) -> None:
    """Hexo themes' `type: tags` page (the adapter adds the directive in memory) is where old tags go."""
    docs = {"docs/index.md": "# Home\n", "docs/tags/index.md": "---\ntype: tags\n---\n"}
    root = write_site(tmp_path / "site", docs, {"plugins": ["tags", "zigzag"]})
    config = _tags_config(root)
    files = _files(config)
    typed = ["about/tags.md", "tags/index.md"]
    assert material_bridge.tags_page(files, config, "tags/index.md", typed) == "tags/index.md"
    assert material_bridge.tags_page(files, config, "t/index.md", typed) == "about/tags.md"
    assert material_bridge.tags_directive(config) == "<!-- material/tags -->"
    assert [file.src_uri for file in files.documentation_pages()] == ["index.md", "tags/index.md"]


def test_blog_category_views_are_what_the_bridge_reads(tmp_path: Path) -> None:
    """Material's blog attaches a ``Category`` view (``name``, ``posts``) to each category page's file."""
    from material.plugins.blog.structure import Category

    root = write_site(tmp_path / "project", {"docs/index.md": "# Home\n"}, {"plugins": ["blog", "zigzag"]})
    file = File("category/a.md", str(tmp_path), str(tmp_path / "site"), True)
    view = Category("A / B", file, load_config(str(root / "mkdocs.yml")))
    view.posts.extend(["p1", "p2"])
    assert file.page is view
    other = File("index.md", str(tmp_path), str(tmp_path / "site"), True)
    found = material_bridge.blog_categories(Files([file, other]))
    assert found == [CategoryEntry("A / B", "category/a.md", 2)]


# --- The order of the plugins' events ------------------------------------------------------------------


def _collection(*plugins: tuple[str, Any]) -> PluginCollection:
    collection = PluginCollection()
    for name, plugin in plugins:
        plugin.load_config({})
        collection[name] = plugin
    return collection


def test_the_usual_plugin_lists_are_fine_in_any_order(tmp_path: Path) -> None:
    for order in (["search", "blog", "zigzag"], ["zigzag", "blog", "search"]):
        root = write_site(tmp_path / "-".join(order), {}, {"plugins": order})
        config = load_config(str(root / "mkdocs.yml"))
        assert material_bridge.plugin_order_problems(config.plugins, config.plugins["zigzag"]) == []


def test_a_blog_that_reads_posts_before_zigzag_is_reported() -> None:
    class EarlyBlog(BlogPlugin):  # type: ignore[misc]
        @event_priority(10)
        def on_files(self, files: Files, *, config: Any) -> None:
            return None

        @event_priority(20)
        def on_page_content(self, html: str, *, page: Any, config: Any, files: Any) -> None:
            return None

    ours = ZigzagPlugin()
    problems = material_bridge.plugin_order_problems(
        _collection(("blog", EarlyBlog()), ("zigzag", ours)), ours
    )
    assert len(problems) == 2
    assert problems[0].startswith(
        "the plugin 'blog' reads the blog posts (on_files) before zigzag normalizes"
    )
    assert problems[1].startswith("the plugin 'blog' times the posts (on_page_content) before zigzag")


def test_search_that_indexes_after_the_math_is_back_is_reported() -> None:
    class LateSearch(SearchPlugin):  # type: ignore[misc]
        @event_priority(-300)
        def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> None:
            return None

    ours = ZigzagPlugin()
    problems = material_bridge.plugin_order_problems(
        _collection(("zigzag", ours), ("material/search", LateSearch())), ours
    )
    assert problems == [
        "the plugin 'material/search' indexes the pages (on_page_context) outside the span in which zigzag "
        "shows it each formula as its TeX, so search indexes KaTeX's glyphs instead. List zigzag before it "
        "and leave their event priorities as they are."
    ]


@pytest.mark.slow
def test_a_build_warns_about_the_plugin_order(
    build_site: Callable[..., BuiltSite], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(material_bridge, "plugin_order_problems", lambda _plugins, _ours: ["in the way"])
    built = build_site({"docs/index.md": "# Home\n"}, expect_warnings=["in the way"])
    assert [r.name for r in built.records if r.levelno == logging.WARNING] == [
        "mkdocs.plugins.mkdocs_zigzag.build"
    ]


# --- Only the bridge touches private parts -------------------------------------------------------------

PACKAGE = ROOT / "mkdocs_zigzag"

NOT_MKDOCS = {
    ("figures/engine.py", "_getframe"): "sys._getframe: the standard library's documented frame access",
    ("figures/mathtext_memo.py", "_parse_cached"): "matplotlib's parser cache, shared across renderers",
    ("figures/render.py", "_processes"): "concurrent.futures' pool (tested above), not MkDocs or Material",
    ("figures/engine.py", "_inheriting"): "multiprocessing's own test for a worker's bootstrapping import",
    ("figures/mathtext_memo.py", "_output_type"): "matplotlib's mathtext parser, part of its cache key",
    ("figures/render.py", "_exit"): "os._exit: a worker whose parent died ends at once, running no cleanup",
}
"""Private names of other libraries that the package may use outside the bridge, and why."""


def _own_private_names(trees: dict[str, ast.Module]) -> set[str]:
    """Every ``_name`` the package itself defines (functions, classes, attributes it assigns on self)."""
    names: set[str] = set()
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        names.add(target.id)
                    elif (
                        isinstance(target, ast.Attribute)
                        and isinstance(target.value, ast.Name)
                        and target.value.id in ("self", "cls")
                    ):
                        names.add(target.attr)
    return {name for name in names if name.startswith("_")}


def _foreign_private_access(path: str, tree: ast.Module, own: set[str]) -> list[tuple[str, int, str]]:
    found = []
    for node in ast.walk(tree):
        name = None
        if isinstance(node, ast.Attribute):
            name = node.attr
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "setattr", "hasattr", "delattr")
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            name = node.args[1].value
        if name and name.startswith("_") and not name.startswith("__") and name not in own:
            found.append((path, node.lineno, name))
    return found


def test_only_the_bridge_touches_private_attributes_of_other_libraries() -> None:
    trees = {
        path.relative_to(PACKAGE).as_posix(): ast.parse(path.read_text(encoding="utf-8"))
        for path in PACKAGE.rglob("*.py")
    }
    own = _own_private_names(trees)
    found = [
        f"mkdocs_zigzag/{path}:{line}: ._{name.lstrip('_')}"
        for path, tree in trees.items()
        if path != "material_bridge.py"
        for path, line, name in _foreign_private_access(path, tree, own)
        if (path, name) not in NOT_MKDOCS
    ]
    assert found == [], "private parts of MkDocs/Material outside material_bridge.py: " + ", ".join(found)


def test_the_private_access_check_sees_a_page_attribute() -> None:
    tree = ast.parse("def f(page):\n    return page._title_from_render or getattr(page, '_x', None)\n")
    assert _foreign_private_access("x.py", tree, set()) == [
        ("x.py", 2, "_title_from_render"),
        ("x.py", 2, "_x"),
    ]

"""Hexo front matter meets MkDocs and Material's blog: the MkDocs side of ``hexo.frontmatter``.

Material's blog opens each post file itself (``open(file.abs_src_path)``) and insists on its own front
matter (``categories`` a list, ``date`` a date). So each post whose Hexo front matter differs from what the
blog would read gets a normalized copy in the cache (``<cache_dir>/posts/<src_uri>``): the same body byte
for byte, front matter rewritten, the same number of lines where possible; ``file.abs_src_path`` points
there until the blog has read it (``on_nav`` points it back at the author's file). Nothing in ``docs/``
is written. Other pages are handed normalized front matter through ``on_page_read_source``.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import os
import posixpath
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from typing import TYPE_CHECKING, Any

import yaml
from material.plugins.blog.plugin import BlogPlugin
from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import YAML_RE, get_data

from mkdocs_zigzag.atomic import write_atomic
from mkdocs_zigzag.diagnostics import Diagnostic
from mkdocs_zigzag.hexo.frontmatter import (
    HexoFrontMatter,
    NotUtf8Error,
    material_meta,
    normalized_source,
    parse_front_matter,
    read_source,
)
from mkdocs_zigzag.material_bridge import forget_rendered_title, rendered_title

if TYPE_CHECKING:
    from datetime import tzinfo

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page


def blog_post_dirs(config: MkDocsConfig) -> list[str]:
    """The posts folders (``blog/posts``, relative to ``docs/``) of every enabled Material blog."""
    dirs = []
    for plugin in config.plugins.values():
        if isinstance(plugin, BlogPlugin) and plugin.config.enabled:
            root = posixpath.normpath(plugin.config.blog_dir)
            dirs.append(posixpath.normpath(plugin.config.post_dir.format(blog=root)))
    return dirs


@dataclass
class HexoPost:
    """One blog post read with Hexo's rules."""

    source_path: str
    """The author's file (diagnostics and line numbers refer to it)."""
    front_matter: HexoFrontMatter
    copy_path: str | None
    """The normalized copy the blog reads, or ``None`` when the file is fine as it is."""


@dataclass
class HexoPosts:
    """The blog posts of one build, by ``src_uri``."""

    posts: dict[str, HexoPost] = field(default_factory=dict)

    def source_path(self, file: File) -> str | None:
        """The author's file behind *file* (during ``on_files`` its ``abs_src_path`` is the copy)."""
        post = self.posts.get(file.src_uri)
        return post.source_path if post else file.abs_src_path

    def restore_source_paths(self, files: Files) -> None:
        """Point each post back at the author's file once Material's blog has read the copy.

        Everything after ``on_files`` (asset folders beside the post, line numbers, ``--dirty`` checks)
        then sees the real file.
        """
        for src_uri, post in self.posts.items():
            file = files.get_file_from_path(src_uri)
            if post.copy_path is not None and file is not None and file.abs_src_path == post.copy_path:
                file.abs_src_path = post.source_path


def file_time(path: str) -> datetime:
    """The file's birth time where the OS records one (as Hexo uses), else its modification time."""
    stat = os.stat(path)
    return datetime.fromtimestamp(getattr(stat, "st_birthtime", stat.st_mtime), tz=timezone.utc)


def _material_reading(source: str) -> tuple[dict[str, Any], str] | None:
    """What Material's blog reads from *source* (its metadata and body), or ``None`` where it fails."""
    match = YAML_RE.match(source)
    if not match:
        return None
    try:
        # Material's own loader is yaml.SafeLoader; libyaml's reads the same YAML the same way, faster.
        meta = yaml.load(match.group(1), getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except yaml.YAMLError:
        return None
    if not isinstance(meta, dict):
        return None
    return _with_datetimes(meta), source[match.end() :].lstrip("\n")


def _with_datetimes(meta: dict[str, Any]) -> dict[str, Any]:
    """*meta* with its ``date`` values as Material's blog validates them (a date is midnight)."""

    def as_datetime(value: object) -> object:
        if isinstance(value, date) and not isinstance(value, datetime):
            return datetime.combine(value, time())
        return value

    dates = meta.get("date")
    if dates is None:
        return meta
    if isinstance(dates, dict):
        return {**meta, "date": {key: as_datetime(value) for key, value in dates.items()}}
    return {**meta, "date": as_datetime(dates)}


def normalize_blog_posts(
    files: Files, config: MkDocsConfig, cache_dir: str, time_zone: tzinfo | None
) -> tuple[HexoPosts, list[tuple[str, list[Diagnostic]]]]:
    """Read every post under a blog's posts folder with Hexo's rules; point the blog at normalized copies.

    Returns the posts and, per ``src_path``, the diagnostics to log.
    """
    result = HexoPosts()
    reports: list[tuple[str, list[Diagnostic]]] = []
    post_dirs = blog_post_dirs(config)
    if not post_dirs:
        return result, reports
    code = _normalization_code_digest()
    for file in files.documentation_pages():
        if not any(file.src_uri.startswith(post_dir + "/") for post_dir in post_dirs):
            continue
        if file.abs_src_path is None:  # generated by another plugin: not an author's Hexo file
            continue
        source_path = file.abs_src_path
        source = read_author_file(source_path)
        front_matter = parse_front_matter(
            source, time_zone=time_zone, file_time=file_time(source_path), date_required=True
        )
        meta = material_meta(front_matter, slug=posixpath.splitext(posixpath.basename(file.src_uri))[0])
        cached_copy = os.path.join(cache_dir, "posts", *file.src_uri.split("/"))
        sidecar = os.path.join(cache_dir, "post-keys", *file.src_uri.split("/")) + ".key"
        diagnostics = list(front_matter.diagnostics)
        try:
            copy_path = _normalized_copy(cached_copy, sidecar, source, front_matter, meta, code)
        except OSError as error:  # a read-only cache, or a file where one of its folders should be
            copy_path = None
            diagnostics.append(_unwritable_copy(cached_copy, error))
        if copy_path is not None:
            file.abs_src_path = copy_path
        result.posts[file.src_uri] = HexoPost(source_path, front_matter, copy_path)
        if diagnostics:
            reports.append((file.src_path, diagnostics))
    return result, reports


def _unwritable_copy(copy_path: str, error: OSError) -> Diagnostic:
    """The warning for a post whose normalized copy cannot be written into the cache."""
    return Diagnostic(
        1,
        f"cannot write this post's normalized copy {copy_path} ({error.strerror or error}); Material's blog "
        "reads the post as written, without Hexo's front-matter rules.",
        "Make the cache folder (option cache_dir) writable, or delete it: it is rebuilt.",
    )


def _normalization_code_digest() -> str:
    """Digest of the code that decides and writes normalized copies (a new version redoes every copy)."""
    import mkdocs_zigzag
    from mkdocs_zigzag.hexo import frontmatter

    digest = hashlib.sha256(mkdocs_zigzag.__version__.encode())
    for path in (__file__, frontmatter.__file__):
        with open(path, "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()


def _normalized_copy(
    copy_path: str, sidecar: str, source: str, front_matter: HexoFrontMatter, meta: dict[str, Any], code: str
) -> str | None:
    """The normalized copy of a post for Material's blog (written if needed), or None when it reads fine.

    Deciding means parsing the post again as Material would and dumping *meta* as YAML, several ms per
    post; *sidecar* (``<cache_dir>/post-keys/<src_uri>.key``) remembers the verdict for this source,
    metadata and code, so a warm build of an unchanged post only checks the copy's digest.
    """
    key = hashlib.sha256("\x00".join([code, source, repr(list(meta.items()))]).encode("utf-8")).hexdigest()
    try:
        # Damaged bytes (a truncated or garbled file) never match a key: a miss, not a UnicodeDecodeError.
        with open(sidecar, encoding="utf-8", errors="replace") as handle:
            recorded = handle.read(1024).split("\n")
    except OSError:
        recorded = []
    if len(recorded) >= 3 and recorded[0] == key:
        if recorded[1] == "same":
            return None
        try:
            with open(copy_path, "rb") as handle:
                if hashlib.sha256(handle.read()).hexdigest() == recorded[2]:
                    return copy_path
        except OSError:
            pass
    if _material_reading(source) == (_with_datetimes(meta), front_matter.body.lstrip("\n")):
        with contextlib.suppress(OSError):  # the verdict is only remembered to save time
            write_if_changed(sidecar, f"{key}\nsame\n-\n")
        return None
    text = normalized_source(source, front_matter, meta)
    write_if_changed(copy_path, text)  # OSError: the caller reports it
    with contextlib.suppress(OSError):
        write_if_changed(sidecar, f"{key}\ncopy\n{hashlib.sha256(text.encode('utf-8')).hexdigest()}\n")
    return copy_path


def write_if_changed(path: str, text: str) -> bool:
    """Write *text* to *path* atomically (temp file + ``os.replace``) unless it already holds it."""
    data = text.encode("utf-8")
    try:
        with open(path, "rb") as handle:
            if handle.read() == data:
                return False
    except FileNotFoundError:
        pass
    write_atomic(path, data)
    return True


def read_author_file(path: str) -> str:
    """The author's Markdown file; one that is not UTF-8 stops the build with its name and line."""
    try:
        return read_source(path, os.path.relpath(path))
    except NotUtf8Error as error:
        raise PluginError(str(error)) from None


def page_source(page: Page, time_zone: tzinfo | None) -> tuple[str | None, list[Diagnostic]]:
    """For a page outside the blog: its source with normalized front matter, or ``None`` if MkDocs' is right.

    Only a front-matter block that opens the file counts here (a page is documentation first: a line
    ``Note: …`` above a ``---`` rule is text, not Hexo's bare front matter).
    """
    path = page.file.abs_src_path
    if path is None:
        return None, []
    source = read_author_file(path)
    front_matter = parse_front_matter(source, time_zone=time_zone, allow_bare=False)
    if not front_matter.has_front_matter:
        return None, front_matter.diagnostics
    meta = material_meta(front_matter)
    body, mkdocs_meta = get_data(source)
    if mkdocs_meta == meta and body == front_matter.body.lstrip("\n"):
        return None, front_matter.diagnostics
    return normalized_source(source, front_matter, meta), front_matter.diagnostics


def front_matter_title_heading(html_content: str, page: Page, post: HexoPost) -> str:
    """Show the front-matter title as the post's heading when the body has another ``<h1>`` of its own.

    Material adds ``<h1>title</h1>`` only when the content has no ``<h1>``, and its blog titles an excerpt
    with the body's first ``<h1>``: a post that starts with ``# 声明`` would be shown as "声明". Hexo always
    shows the front-matter title above the body; so do we, and the index then titles the excerpt with it.
    """
    title = post.front_matter.title
    if not title or "<h1" not in html_content or rendered_title(page) == title:
        return html_content
    forget_rendered_title(page)  # the blog's excerpt then starts with "# <title>"
    return f"<h1>{html.escape(title)}</h1>\n{html_content}"

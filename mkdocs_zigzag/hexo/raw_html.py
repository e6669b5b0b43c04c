"""Raw HTML in a post that names a file of its asset folder: ``<img src="weights.png">`` and the like.

Hexo publishes a post's asset folder beside the post, so ``<img src="weights.png">``, ``<video src>``,
``<source src>``, ``<video poster>``, ``<img srcset>`` and ``<a href="data.pdf">`` written as raw HTML just
work there. MkDocs rewrites the links of Markdown elements only, and Material's blog publishes a post away
from its asset folder, so these would break, on the post and on every index, archive and category page that
shows its excerpt. Markdown images get the same treatment from ``hexo.extension``'s tree processor; raw
HTML never reaches the element tree: Python-Markdown keeps it in ``md.htmlStash`` until its ``raw_html``
postprocessor puts it back. So a postprocessor that runs just before that one rewrites the stash.

Each stashed fragment is read with :class:`html.parser.HTMLParser` (never a regex over the author's HTML);
only the start tags with an attribute to change are written again, everything else stays byte for byte.
A name resolves as a Markdown image's does (``render.post_asset_image_src``); the URL is the asset's URL
relative to the page being shown (the post, or the view showing its excerpt). A relative name that is in no
asset folder and is not a file of ``docs/`` either is reported at its line. No MkDocs here.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Protocol
from urllib.parse import unquote

from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from mkdocs_zigzag.diagnostics import Diagnostic
from mkdocs_zigzag.hexo.render import post_asset_image_src

if TYPE_CHECKING:
    from collections.abc import Callable

    from markdown import Markdown

    from mkdocs_zigzag.hexo.render import PageContext

URL_ATTRIBUTES = ("src", "href", "poster", "srcset")
_MAY_NAME_A_FILE = re.compile(r"(?:src|href|poster|srcset)\s*=", re.IGNORECASE)
"""A quick test before parsing a fragment: an attribute that may name a file (HTML allows spaces at ``=``)."""
_URL_VALUE = re.compile(
    r"""(?:src|href|poster|srcset)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE
)
"""Attributes that name a file (``srcset`` a list of them)."""

SOURCE_PRIORITY = 40
"""The source lines are kept before any preprocessor changes them (the first core one is at 30)."""

PRIORITY = 31
"""Just before Python-Markdown's ``raw_html`` postprocessor (30) puts the stash back into the page."""

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_PAGE_EXTENSIONS = frozenset({"", ".html", ".htm"})


@dataclass
class RewrittenHtml:
    """A fragment with its asset names rewritten, and the names no file answers to."""

    html: str
    missing: list[tuple[str, str, str]] = field(default_factory=list)
    """``(tag, attribute, value)`` of each relative name that is neither an asset nor a docs file."""


def rewrite_asset_references(fragment: str, context: PageContext) -> RewrittenHtml:
    """*fragment* with each ``src``/``href``/``poster``/``srcset`` that names a file of the page's asset
    folder pointing at that file's URL from the page being shown."""
    if not may_name_an_asset(fragment):
        return RewrittenHtml(fragment)
    reader = _StartTags(fragment)
    reader.feed(fragment)
    reader.close()
    result = RewrittenHtml(fragment)
    pieces: list[str] = []
    done = 0
    for start, raw, tag, attrs in reader.tags:
        changed = False
        new_attrs: list[tuple[str, str | None]] = []
        for name, value in attrs:
            if name in URL_ATTRIBUTES and value:
                new_value = _resolve_attribute(name, value, context, tag, result.missing)
                if new_value != value:
                    changed = True
                    value = new_value
            new_attrs.append((name, value))
        if changed:
            pieces.append(fragment[done:start])
            pieces.append(_start_tag(tag, new_attrs, self_closing=raw.rstrip().endswith("/>")))
            done = start + len(raw)
    if not pieces:
        return result
    pieces.append(fragment[done:])
    result.html = "".join(pieces)
    return result


def may_name_an_asset(fragment: str) -> bool:
    """Whether *fragment* has an attribute that may name a file of an asset folder (a quick test)."""
    return _MAY_NAME_A_FILE.search(fragment) is not None and not _only_inert_urls(fragment)


def _only_inert_urls(fragment: str) -> bool:
    """Whether every value that could be a URL attribute's is one no rule here touches: a URL with a
    scheme, a path from the root, a fragment, a template, or a path through ``..`` (the figures' and
    tags' own HTML, already pointing at the built files). Over-matching (``data-src=``, text) only
    means a fragment is parsed; a real attribute is never missed, so nothing is skipped wrongly."""
    for match in _URL_VALUE.finditer(fragment):
        value = next(group for group in match.groups() if group is not None)
        for candidate in value.split(","):
            url = candidate.strip().split(None, 1)[0] if candidate.strip() else ""
            if not url or _SCHEME.match(url) or url.startswith(("/", "#", "{")):
                continue
            path = unquote(url.split("#", 1)[0].split("?", 1)[0])
            if ".." not in path.split("/"):
                return False
    return True


def _resolve_attribute(
    name: str, value: str, context: PageContext, tag: str, missing: list[tuple[str, str, str]]
) -> str:
    if name != "srcset":
        return _resolve_url(value, context, tag, name, missing)
    candidates = []
    for candidate in value.split(","):
        parts = candidate.strip().split(None, 1)
        if not parts:
            continue
        parts[0] = _resolve_url(parts[0], context, tag, name, missing)
        candidates.append(" ".join(parts))
    return ", ".join(candidates)


def _resolve_url(
    value: str, context: PageContext, tag: str, attribute: str, missing: list[tuple[str, str, str]]
) -> str:
    """The asset's URL from the page for *value*, else *value* (noting it when no file answers to it)."""
    value = value.strip()
    relative = post_asset_image_src(context, value)
    path_end = min((i for i in (value.find("?"), value.find("#")) if i >= 0), default=len(value))
    if relative is not None:
        asset = posixpath.normpath(posixpath.join(posixpath.dirname(context.src_uri), unquote(relative)))
        url = context.assets.get(asset)
        return value if url is None else url + value[path_end:]
    if _names_a_missing_file(value, path_end, attribute, context):
        missing.append((tag, attribute, value))
    return value


def _names_a_missing_file(value: str, path_end: int, attribute: str, context: PageContext) -> bool:
    """Whether *value* is a relative file name that is neither an asset nor a file of ``docs/``."""
    path = unquote(value[:path_end])
    if not path or _SCHEME.match(value) or value.startswith(("/", "#", "{")) or path.endswith("/"):
        return False
    if attribute == "href" and posixpath.splitext(path)[1].lower() in _PAGE_EXTENSIONS:
        return False  # a link to a page by its URL, not a file name
    if ".." in path.split("/"):
        return False  # relative to the page's URL or to its file: not an asset name either way
    base = posixpath.dirname(context.src_uri)
    return (
        posixpath.normpath(posixpath.join(base, path)) not in context.site_files
        and context.asset_folder + posixpath.normpath(path) not in context.assets
    )


def _start_tag(tag: str, attrs: list[tuple[str, str | None]], *, self_closing: bool) -> str:
    parts = [tag]
    for name, value in attrs:
        parts.append(name if value is None else f'{name}="{html.escape(value, quote=True)}"')
    return "<" + " ".join(parts) + (" />" if self_closing else ">")


class _StartTags(HTMLParser):
    """Every start tag of a fragment: offset, raw text, name and attributes."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.line_starts = [0, *(match.end() for match in re.finditer("\n", text))]
        self.tags: list[tuple[int, str, str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text()
        if raw is not None and any(name in URL_ATTRIBUTES for name, _ in attrs):
            line, column = self.getpos()
            self.tags.append((self.line_starts[line - 1] + column, raw, tag, attrs))

    handle_startendtag = handle_starttag


def missing_file_diagnostics(
    missing: list[tuple[str, str, str]], source_lines: list[str], context: PageContext
) -> list[Diagnostic]:
    """A located warning for each name no file answers to (the line is the first that holds the name)."""
    diagnostics = []
    for tag, attribute, value in missing:
        line = next((index for index, text in enumerate(source_lines, 1) if value in text), 1)
        diagnostics.append(
            Diagnostic(
                line,
                f'raw HTML <{tag} {attribute}="{value}"> names a file that is neither in the post\'s asset '
                f"folder ({context.asset_folder}) nor in docs/, so it will not be found in the site.",
                f"Put the file in docs/{context.asset_folder}, or correct the name.",
            )
        )
    return diagnostics


class TagHost(Protocol):
    """What this pass needs of the tag extension (:class:`~mkdocs_zigzag.hexo.extension.HexoTagExtension`,
    which registers it: named by its shape, so the two modules do not import each other)."""

    context_for: Callable[[str, str], PageContext | None]
    """The tag renderers' view of a page."""
    report: Callable[[str, list[Diagnostic]], None]
    """Logs the diagnostics of a page."""

    def page_being_converted(self, md: Markdown) -> tuple[str, str] | None:
        """``(src_uri, url)`` of the page *md* converts."""


class _SourceLines(Preprocessor):  # type: ignore[misc]  # markdown ships no types
    """Keeps the lines of the Markdown being converted (for the line of a warning)."""

    def __init__(self, md: Markdown, holder: RawHtmlAssetPostprocessor) -> None:
        super().__init__(md)
        self.holder = holder

    def run(self, lines: list[str]) -> list[str]:
        """Record *lines* (a new conversion starts: its stash is empty); return them unchanged."""
        self.holder.source_lines = lines
        self.holder.done = 0
        return lines


class RawHtmlAssetPostprocessor(Postprocessor):  # type: ignore[misc]  # markdown ships no types
    """Rewrites asset names in the raw HTML Python-Markdown stashed (see the module docstring)."""

    def __init__(self, md: Markdown, extension: TagHost) -> None:
        super().__init__(md)
        self.extension = extension
        self.source_lines: list[str] = []
        self.done = 0
        """Stash entries already rewritten in this conversion. Postprocessors run more than once per
        conversion (``toc`` runs them on every heading's HTML), and the stash holds every formula's
        markup: each entry is looked at once, not once per heading."""

    def run(self, text: str) -> str:
        """Rewrite the stash entries added since the last run; *text* (placeholders still in it) is
        returned as it is."""
        stash = self.md.htmlStash.rawHtmlBlocks
        start, self.done = (self.done if self.done <= len(stash) else 0), len(stash)
        todo = [
            i for i in range(start, len(stash)) if isinstance(stash[i], str) and may_name_an_asset(stash[i])
        ]
        if not todo:
            return text  # the usual page: its figures' and tags' HTML already points at the built files
        page = self.extension.page_being_converted(self.md)
        context = self.extension.context_for(*page) if page is not None else None
        if context is None:
            return text
        missing: list[tuple[str, str, str]] = []
        for index in todo:
            rewritten = rewrite_asset_references(stash[index], context)
            stash[index] = rewritten.html
            missing.extend(rewritten.missing)
        if missing:
            unique = list(dict.fromkeys(missing))
            self.extension.report(
                context.src_uri, missing_file_diagnostics(unique, self.source_lines, context)
            )
        return text


def register_raw_html_assets(md: Markdown, extension: TagHost) -> None:
    """Add the raw-HTML asset rewrite to *md* (called by the tag extension's ``extendMarkdown``)."""
    postprocessor = RawHtmlAssetPostprocessor(md, extension)
    md.preprocessors.register(_SourceLines(md, postprocessor), "hexo_raw_html_source", SOURCE_PRIORITY)
    md.postprocessors.register(postprocessor, "hexo_raw_html_assets", PRIORITY)

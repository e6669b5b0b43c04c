"""Render Hexo tags found by :mod:`mkdocs_zigzag.hexo.tags` into Markdown and HTML.

Arguments follow Hexo's own tag plugins (``lib/plugins/tag/*.ts`` of Hexo 8, NexT's ``tabs``,
hexo-math): the same target, class, width, height, title and alt. Theme tags (NexT, Butterfly, Fluid) and
Hexo's embeds and the themes' tags are tables of renderers in :mod:`mkdocs_zigzag.hexo.theme_tags`, handed to
:class:`TagRenderer` by :func:`mkdocs_zigzag.hexo.tag_pass.render_tags`.
Where this port deliberately differs (page-relative URLs, alt from the title, a located
:class:`Diagnostic` instead of silently empty output), the migration guide says so. Inline tags become
HTML handed to *stash* (Python-Markdown's ``htmlStash`` in the extension) so Markdown does not touch it
again; block tags become Markdown that the site's own extensions render (admonitions, content tabs,
fenced code, ``$$`` display math), keeping the line count where the syntax allows. Nothing here imports
MkDocs.
"""

from __future__ import annotations

import html
import json
import os
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from mkdocs_zigzag.diagnostics import Diagnostic, LocatedError
from mkdocs_zigzag.hexo.tags import (
    BLOCK_TAGS,
    LITERAL_BLOCK_TAGS,
    MATH_FLAGS,
    Block,
    Tag,
    Text,
    asset_name,
    single_line_math,
)
from mkdocs_zigzag.images import ImageAttributes
from mkdocs_zigzag.katex.dialect import tag_formula

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping

# Hexo's img tag: an argument is the image URL when this finds something in it, or when it starts with "/".
# (Only the leading part of Hexo's rUrl decides whether it matches; the rest of it is optional.)
_HEXO_URL = re.compile(
    r"[A-Za-z]{3,9}:(?://)?(?:[-;:&=+$,\w]+@)?[A-Za-z0-9.-]+|(?:www.|[-;:&=+$,\w]+@)[A-Za-z0-9.-]+", re.ASCII
)
_NON_DIGIT = re.compile(r"\D", re.ASCII)
_META_DOUBLE = r'"?([^"]+)?"?'
_META_SINGLE = r"'?([^']+)?'?"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# What JavaScript's encodeURI leaves alone (besides letters, digits and "_.-~", which quote() keeps).
_ENCODE_URI_SAFE = ";,/?:@&=+$!*'()#"

_CITE_URL_TITLE = re.compile(r"(\S.*)\s+(https?://\S+)\s+(.+)", re.IGNORECASE)
_CITE_URL = re.compile(r"(\S.*)\s+(https?://\S+)", re.IGNORECASE)
_CITE_AUTHOR_TITLE = re.compile(r"([^,]+),\s*([^,]+)")

# Just before a tag, these make it a Markdown link destination: "[text](", "![alt](<", "[ref]: ".
_LINK_DESTINATION = re.compile(r"\]\(<?$|^ {0,3}\[[^\]]+\]:[ \t]*<?$")

_TAB_START = re.compile(r"^[ \t]*<!--\s*tab(?:\s+(?P<caption>.*?))?\s*-->[ \t]*$")
_TAB_END = re.compile(r"^[ \t]*<!--\s*endtab\s*-->[ \t]*$")

_CODE_OPTION = re.compile(r"^(lang|line_number|highlight|first_line|mark|wrap|line_threshold):(.*)$")

MAX_CUSTOM_TAG_OUTPUT = 100_000
"""The most characters an inline tag of another part of the plugin may put in a page."""

MARKDOWN_FEATURES = frozenset({"admonition", "details", "tabbed", "md_in_html", "superfences"})
"""Markdown extensions some block tags render to; the extension tells which ones the site has."""


FigureHtml = Callable[[str, str, ImageAttributes], "str | None"]
"""The figure side's hook: ``(src_uri, page-relative url, image) -> HTML`` for an ``asset_img`` target it
generates, or ``None`` to keep the plain ``<img>``."""


CustomTag = Callable[[Sequence[str], "PageContext"], str]
"""A renderer for a tag of another part of the plugin: ``(args, page) -> HTML``; raises :class:`TagError`."""


@dataclass(frozen=True)
class PostTarget:
    """A post that ``post_link`` / ``post_path`` can name."""

    url: str
    """URL of the post, relative to the page being rendered."""
    title: str
    src_uri: str
    """The post's Markdown file (docs-relative), for links written as Markdown."""
    published: bool = True
    """``False`` for a draft (``published: false``): it is not in the built site, so it is never linked."""
    anchor: Callable[[str], str | None] | None = None
    """The id in the post's page that a Hexo ``#anchor`` names, or ``None`` if no heading has it."""


@dataclass
class PageContext:
    """What the renderers know about the page whose tags they render."""

    src_uri: str
    """The page's Markdown file, docs-relative with ``/`` (``blog/posts/foo.md``)."""
    assets: Mapping[str, str]
    """Site files (at least those of the page's asset folder): docs-relative src_uri to page-relative URL."""
    find_post: Callable[[str], PostTarget | None] = lambda _key: None
    """Look up a post by Hexo slug (path under the posts folder) or by title; may raise :class:`TagError`."""
    site_root_url: str = "./"
    """The site root, relative to the page (``../../``), for Hexo's root-absolute ``/path`` URLs."""
    asset_paths: Mapping[str, str] = field(default_factory=dict)
    """Absolute paths of assets that are real files under ``docs_dir`` (for the symlink check)."""
    docs_dir: str | None = None
    figure_html: FigureHtml | None = None
    alt_from_title: bool = True
    """Use the title as ``alt`` when the tag gives none (Hexo writes no alt)."""
    custom_tags: Mapping[str, CustomTag] = field(default_factory=dict)
    """Inline tags other parts of the plugin render (the figure engine's ``zigzag_number``), by name."""
    site_files: Collection[str] = frozenset()
    """Every file of the site, docs-relative (to tell a Markdown image beside the page from a post asset)."""
    features: Collection[str] = MARKDOWN_FEATURES
    """Markdown extensions the site has, among :data:`MARKDOWN_FEATURES`."""
    embeds: bool = False
    """Embed other sites' players (YouTube, …) as Hexo does; off: a link card, no third-party request."""
    site_url: str | None = None
    """The site's full URL (MkDocs' ``site_url``), for ``full_url_for``."""
    code_dir: str = "downloads/code"
    """Hexo's ``code_dir``: where ``include_code`` reads files, relative to ``docs_dir``."""
    front_matter: Mapping[str, Any] = field(default_factory=dict)
    """The page's front matter: hexo-math reads a post's ``katex:`` / ``mathjax:`` options from it."""
    math_tag_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """hexo-math's site-wide options by tag name (``katex``, ``mathjax``), from ``_config.yml``'s ``math:``:
    under the front matter's and the tag's own (see :mod:`mkdocs_zigzag.hexo.math_setup`)."""

    @property
    def asset_folder(self) -> str:
        """The page's asset folder, as Hexo's ``post_asset_folder``: ``posts/foo.md`` owns ``posts/foo/``."""
        return asset_folder_of(self.src_uri)


@dataclass
class RenderedMarkdown:
    """Markdown with every tag rendered, and the problems found."""

    text: str
    diagnostics: list[Diagnostic]


class TagError(LocatedError):
    """A tag that cannot be rendered: becomes a Diagnostic and the tag is shown as text.

    Custom tag renderers raise it too: *message* says what is wrong, *fix* how to fix it.
    """

    def __init__(self, message: str, fix: str, kind: str = "other") -> None:
        super().__init__(message, fix)
        self.kind = kind
        """``refused`` (outside the asset folder), ``case`` (wrong case), ``missing``, ``unpublished`` (a
        ``post_link`` to a draft) or ``other``."""


def element_html(tag: str, attrs: Mapping[str, str | None], text: str | None = None) -> str:
    """Serialize one element with ElementTree (which escapes attribute values and text)."""
    element = ET.Element(tag, {key: value for key, value in attrs.items() if value is not None})
    if text is not None:
        element.text = text
    return ET.tostring(element, encoding="unicode", method="html")


def encode_url(url: str) -> str:
    """Percent-encode a URL as hexo-util's ``encodeURL`` does (already-encoded parts stay as they are)."""
    return quote(unquote(url), safe=_ENCODE_URI_SAFE)


@dataclass(frozen=True)
class ImgArgs:
    """Hexo's reading of an ``img`` argument list."""

    src: str | None
    classes: tuple[str, ...]
    width: str | None
    height: str | None
    title: str | None
    alt: str | None


def parse_img_args(args: Sequence[str], is_src: Callable[[int, str], bool] | None = None) -> ImgArgs:
    """Split ``[class names] url [width] [height] [title [alt]]`` exactly as Hexo's img tag does.

    *is_src* overrides Hexo's URL test (``asset_img`` marks the argument that named the asset).
    """
    rest = list(args)
    classes: list[str] = []
    src = None
    index = 0
    while rest:
        item = rest.pop(0)
        if (is_src(index, item) if is_src else False) or _HEXO_URL.search(item) or item.startswith("/"):
            src = item
            break
        classes.append(item)
        index += 1
    width = height = title = alt = None
    if rest:
        if not _NON_DIGIT.search(rest[0]):
            width = rest.pop(0)
            if rest and not _NON_DIGIT.search(rest[0]):
                height = rest.pop(0)
        meta = " ".join(rest)
        title_re = _META_DOUBLE if meta.startswith('"') else _META_SINGLE
        alt_re = _META_DOUBLE if meta.endswith('"') else _META_SINGLE
        match = re.search(title_re + r"\s*" + alt_re, meta)
        if match:
            title, alt = match.group(1), match.group(2)
    return ImgArgs(src, tuple(classes), width, height, title, alt)


def _escape_flag(args: list[str]) -> bool:
    """Pop Hexo's trailing ``true``/``false`` escape argument; return whether to escape (default yes)."""
    if args and args[-1] in ("true", "false"):
        return args.pop() == "true"
    return True


InlineRenderer = Callable[["TagRenderer", Tag], str]
"""Renders one inline tag of a theme (see :mod:`mkdocs_zigzag.hexo.theme_tags`)."""
BlockRenderer = Callable[["TagRenderer", Block, str], str]
"""Renders one block tag of a theme, given its rendered inner text."""


class TagRenderer:
    """Renders the tags of one page; collects diagnostics with lines of the scanned text.

    Hexo's own tags are methods; the themes' tags come as tables (*inline_tags*, *block_tags*), so this
    module need not know the module that holds them (:func:`mkdocs_zigzag.hexo.tag_pass.render_tags`).
    """

    def __init__(
        self,
        context: PageContext,
        stash: Callable[[str], str],
        *,
        inline_tags: Mapping[str, InlineRenderer] | None = None,
        block_tags: Mapping[str, BlockRenderer] | None = None,
    ) -> None:
        self.context = context
        self.stash = stash
        self.inline_tags = inline_tags or {}
        self.block_tags = block_tags or {}
        self.diagnostics: list[Diagnostic] = []

    # --- assets -----------------------------------------------------------------------------

    def resolve_asset(self, name: str) -> tuple[str, str]:
        """The (src_uri, page-relative URL) of asset *name*; raises :class:`TagError` if it cannot be used."""
        context = self.context
        folder = context.asset_folder
        if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or "\\" in name:
            raise TagError(
                f"'{name}' is an absolute path, not a name in the post's asset folder '{folder}' (refused).",
                f"Put the file in '{folder}' and write its name relative to that folder.",
                "refused",
            )
        if ".." in name.split("/"):
            raise TagError(
                f"'{name}' points outside the post's asset folder '{folder}' ('..' is refused).",
                f"Put the file in '{folder}' and write its name relative to that folder.",
                "refused",
            )
        src_uri = folder + posixpath.normpath(name)
        url = context.assets.get(src_uri)
        if url is None:
            lowered = src_uri.casefold()
            for candidate in context.assets:
                if candidate.casefold() == lowered:
                    written = candidate[len(folder) :]
                    raise TagError(
                        f"no file '{name}' in the post's asset folder '{folder}'; there is '{written}' "
                        "(names are case-sensitive on the web server).",
                        f"Write the name as '{written}'.",
                        "case",
                    )
            raise TagError(
                f"no file '{name}' in the post's asset folder '{folder}'.",
                f"Put '{name}' in '{folder}' or correct the name.",
                "missing",
            )
        refuse_link_outside(context, src_uri, name)
        return src_uri, url

    def _source_relative(self, src_uri: str) -> str:
        """*src_uri* relative to the page's Markdown file: what a Markdown link needs (MkDocs rewrites it)."""
        base = posixpath.dirname(self.context.src_uri)
        return quote(posixpath.relpath(src_uri, base or "."))

    def render_asset_img(self, tag: Tag) -> str:
        """``{% asset_img [class names] name [width] [height] [title [alt]] %}``."""
        if not tag.args:
            raise TagError("the tag names no file.", "Write {% asset_img <file> [title] %}.")
        found: tuple[int, str, str] | None = None
        problems: dict[str, TagError] = {}
        for index, arg in enumerate(tag.args):
            try:
                src_uri, url = self.resolve_asset(arg)
            except TagError as problem:
                problems.setdefault(arg, problem)
                continue
            found = (index, src_uri, url)
            break
        if found is None:
            # Like Hexo, any argument may be the file; report the one that most looks like it was meant.
            named = asset_name(tag) or tag.args[0]
            for kind in ("refused", "case"):
                for arg, candidate in problems.items():
                    if candidate.kind == kind and (
                        arg == named or "/" in arg or "\\" in arg or kind == "case"
                    ):
                        raise candidate
            raise problems[named]
        found_index, src_uri, url = found
        parsed = parse_img_args(tag.args, lambda i, _item: i == found_index)
        alt = parsed.alt
        if alt is None and self.context.alt_from_title:
            alt = parsed.title
        if self.context.figure_html is not None:
            image = ImageAttributes(alt, parsed.title, parsed.classes, parsed.width, parsed.height)
            figure = self.context.figure_html(src_uri, url, image)
            if figure is not None:
                return self.stash(figure)
        return self.stash(self._img_html(url, parsed, alt))

    def _img_html(self, url: str, parsed: ImgArgs, alt: str | None) -> str:
        return element_html(
            "img",
            {
                "src": url,
                "class": " ".join(parsed.classes) or None,
                "width": parsed.width,
                "height": parsed.height,
                "title": parsed.title,
                "alt": alt,
            },
        )

    def render_asset_path(self, tag: Tag, in_markdown_link: bool) -> str:
        """``{% asset_path name %}``: the asset's URL as text."""
        if not tag.args:
            raise TagError("the tag names no file.", "Write {% asset_path <file> %}.")
        src_uri, url = self.resolve_asset(tag.args[0])
        return self._source_relative(src_uri) if in_markdown_link else url

    def render_asset_link(self, tag: Tag) -> str:
        """``{% asset_link name [title] [escape] %}``."""
        if not tag.args:
            raise TagError("the tag names no file.", "Write {% asset_link <file> [title] %}.")
        args = list(tag.args)
        name = args.pop(0)
        src_uri, url = self.resolve_asset(name)
        escape = _escape_flag(args)
        title = " ".join(args) if args else src_uri[len(self.context.asset_folder) :]
        return self.stash(self._link_html(url, title, title, escape))

    @staticmethod
    def _link_html(url: str, title_attr: str, text: str, escape: bool) -> str:
        if escape:
            return element_html("a", {"href": url, "title": title_attr}, text)
        # Hexo's "false": the author asked for the text to go in as HTML.
        marker = "\x00"
        return element_html("a", {"href": url, "title": title_attr}, marker).replace(marker, text)

    # --- img --------------------------------------------------------------------------------

    def render_img(self, tag: Tag) -> str:
        """``{% img [class names] /path/to/image [width] [height] [title [alt]] %}``."""
        parsed = parse_img_args(tag.args)
        if parsed.src is None:
            raise TagError(
                "the tag has no image URL (Hexo would write an <img> without src"
                + (
                    f", taking {', '.join(repr(c) for c in parsed.classes)} as class names)."
                    if parsed.classes
                    else ")."
                ),
                "Write a URL ('/images/x.png', 'https://…'), or {% asset_img <file> %} for a post's file.",
            )
        src = parsed.src
        if src.startswith("/") and not src.startswith("//"):
            url = self.context.site_root_url + encode_url(src[1:])
        else:
            url = encode_url(src)
        alt = parsed.alt
        if alt is None and self.context.alt_from_title:
            alt = parsed.title
        return self.stash(self._img_html(url, parsed, alt))

    def render_link(self, tag: Tag) -> str:
        """``{% link text url [external] [title] %}``: the first argument that is a URL ends the text."""
        args = list(tag.args)
        text: list[str] = []
        url = None
        while args:
            item = args.pop(0)
            if _HEXO_URL.search(item):
                url = item
                break
            text.append(item)
        if url is None:
            raise TagError(
                "the tag has no URL (Hexo's link tag needs one such as 'https://…').",
                "Write {% link <text> <url> %}, or a Markdown link [text](url).",
            )
        external = False
        if args and args[0] in ("true", "false"):
            external = args.pop(0) == "true"
        title = " ".join(args)
        attrs = {"href": encode_url(url), "title": title or None, "target": "_blank" if external else None}
        return self.stash(element_html("a", attrs, " ".join(text)))

    # --- posts ------------------------------------------------------------------------------

    def _find_post(self, tag: Tag) -> tuple[PostTarget, str, list[str]]:
        """The post a ``post_link`` / ``post_path`` names, its ``#anchor`` (as the built page spells it)
        and the remaining arguments."""
        if not tag.args:
            raise TagError("the tag names no post.", f"Write {{% {tag.name} <post slug or title> %}}.")
        args = list(tag.args)
        key = args.pop(0)
        # Hexo splits "slug#hash" only when there is exactly one "#"; a title may hold several.
        parts = key.split("#")
        slug, hash_ = (parts[0], parts[1]) if len(parts) == 2 else (key, "")
        post = self.context.find_post(slug)
        if post is None and hash_:
            post, hash_ = self.context.find_post(key), ""
        if post is None:
            raise TagError(
                f"no post with slug or title '{slug}'.",
                "Write the post's path under the posts folder without '.md' "
                "(folders included, as Hexo's slug: 'Python/PythonBasis'), or its exact title.",
            )
        if not post.published:
            raise TagError(
                f"'{slug}' is a draft (published: false): it is not in the built site, so it is not linked.",
                "Publish it, or remove the link; the link text is shown without a link.",
                "unpublished",
            )
        if hash_ and post.anchor is not None:
            found = post.anchor(unquote(hash_))
            if found is None:
                self.diagnostics.append(
                    Diagnostic(
                        tag.line,
                        f"Hexo tag '{tag.source}': the post '{slug}' has no heading '#{hash_}'.",
                        "Write the anchor of one of its headings; the link goes to the top of the post.",
                    )
                )
                hash_ = ""
            else:
                hash_ = found
        return post, hash_, args

    def render_post_link(self, tag: Tag) -> str:
        """``{% post_link slug[#anchor]|title [text] [escape] %}``: Hexo's title attribute and text."""
        try:
            post, hash_, args = self._find_post(tag)
        except TagError as problem:
            if problem.kind != "unpublished":
                raise
            self.diagnostics.append(
                Diagnostic(tag.line, f"Hexo tag '{tag.source}': {problem.message}", problem.fix)
            )
            # The author's own words stay in the sentence; the draft's title is never published.
            args = list(tag.args[1:])
            escape = _escape_flag(args)
            text = " ".join(args)
            return self.stash(html.escape(text) if escape else text)
        url = post.url + (f"#{quote(hash_, safe=_ENCODE_URI_SAFE)}" if hash_ else "")
        escape = _escape_flag(args)
        if args:
            return self.stash(self._link_html(url, post.title, " ".join(args), escape))
        # The post's own title is not the author's HTML: always escaped.
        return self.stash(self._link_html(url, post.title, post.title, True))

    def render_post_path(self, tag: Tag, in_markdown_link: bool) -> str:
        """``{% post_path slug[#anchor]|title %}``: the post's URL as text."""
        post, hash_, _ = self._find_post(tag)
        fragment = f"#{quote(hash_, safe=_ENCODE_URI_SAFE)}" if hash_ else ""
        return (self._source_relative(post.src_uri) if in_markdown_link else post.url) + fragment

    # --- blocks -----------------------------------------------------------------------------

    def need(self, feature: str, tag: Tag, extension: str) -> bool:
        """Whether the site has the Markdown extension *feature*; if not, a located warning naming it."""
        if feature in self.context.features:
            return True
        self.diagnostics.append(
            Diagnostic(
                tag.line,
                f"'{{% {tag.name} %}}' needs a Markdown extension the site does not enable: {extension}.",
                f"Add '{extension}' to markdown_extensions in mkdocs.yml.",
            )
        )
        return False

    def render_block(self, block: Block, inner: str) -> str:
        """Markdown for a block tag; *inner* is its content with inner tags already rendered."""
        name = block.open.name
        if name == "raw":
            return inner
        if name in ("math", "mathjax", "katex"):
            return self.render_math(block, inner)  # hexo-math's options are JSON, not HTML text
        block = replace(block, open=decode_entities(block.open))
        if name in ("codeblock", "code"):
            return self.render_codeblock(block, inner)
        if name in ("tabs", "subtabs", "subsubtabs"):
            return self.render_tabs(block, inner)
        if name in ("blockquote", "quote", "pullquote"):
            return self.render_quote(block, inner)
        try:
            return self.block_tags[name](self, block, inner)
        except TagError as problem:
            self.diagnostics.append(
                Diagnostic(block.open.line, f"Hexo tag '{block.open.source}': {problem.message}", problem.fix)
            )
            return inner

    def render_math(self, block: Block, inner: str) -> str:
        """hexo-math's tags as hexo-math renders them, handed to the math extension as TeX (no dialect
        applies: the tags ran before the blog's Markdown renderer).

        ``{% katex [json] %}`` and ``{% mathjax [json] %}`` (hexo-math 4 and 5) are inline unless their
        options say display: KaTeX's ``displayMode`` defaults to false, hexo-math's MathJax
        ``conversion.display`` too.
        ``{% math %}`` (hexo-math 3, the last to have it) is display when its content spans lines, inline
        otherwise; the arguments ``inline`` or ``display``/``block`` of older tag plugins decide when given.
        """
        name, args = block.open.name, block.open.args
        if name == "math":
            flags = {arg.lower() for arg in args} & MATH_FLAGS
            if flags & {"display", "block"}:
                display = True
            elif "inline" in flags:
                display = False
            else:
                # Hexo trims one newline at each end of a block tag's body before hexo-math looks.
                display = "\n" in re.sub(r"^\n|\n$", "", inner)
            return tag_formula(inner, display)
        page_options = self.context.front_matter.get(name)
        if page_options is False:
            return inner  # hexo-math: `katex: false` / `mathjax: false` leaves the content as written
        # hexo-math merges shallowly: the tag's JSON over the post's front matter over _config.yml's.
        options: dict[str, Any] = dict(self.context.math_tag_options.get(name, {}))
        if isinstance(page_options, dict):
            options.update(page_options)
        if args:
            try:
                tag_options = json.loads(" ".join(args))
            except ValueError as error:
                self.diagnostics.append(
                    Diagnostic(
                        block.open.line,
                        f"Hexo tag '{block.open.source}': its options are not JSON ({error}).",
                        "Write them as hexo-math does, e.g. {% katex '{\"displayMode\": true}' %}.",
                    )
                )
                tag_options = {}
            if isinstance(tag_options, dict):
                options.update(tag_options)
        if name == "katex":
            display = options.get("displayMode") is True
            macros = options.get("macros")
        else:
            conversion = options.get("conversion")
            display = isinstance(conversion, dict) and conversion.get("display") is True
            tex = options.get("tex")
            macros = tex.get("macros") if isinstance(tex, dict) else None
        return tag_formula(inner, display, macro_definitions(macros, name))

    def render_codeblock(self, block: Block, inner: str) -> str:
        """``{% codeblock [title] [lang:x] [url] [link text] [options] %}`` → a fenced code block."""
        options: dict[str, str] = {}
        caption: list[str] = []
        for arg in block.open.args:
            match = _CODE_OPTION.match(arg)
            if match:
                options[match.group(1)] = match.group(2)
            else:
                caption.append(arg)
        title = " ".join(caption)
        cite = _CITE_URL_TITLE.match(title) or _CITE_URL.match(title)
        if cite:
            title = cite.group(1)
        longest = max((len(run) for run in re.findall(r"`{3,}", inner)), default=2)
        fence = "`" * (longest + 1)
        info = options.get("lang", "")
        if "superfences" in self.context.features:
            extras = []
            if title:
                extras.append(f'title="{title.replace(chr(34), chr(39))}"')
            if options.get("first_line", "").isdigit():
                extras.append(f'linenums="{options["first_line"]}"')
            line_count = len(inner.strip("\n").split("\n"))
            marks, beyond = _expand_marks(options.get("mark", ""), line_count)
            if beyond:
                self.diagnostics.append(
                    Diagnostic(
                        block.open.line,
                        f"Hexo tag '{block.open.source}': 'mark:{options['mark']}' names lines past the "
                        f"block's {line_count}; only lines 1-{line_count} can be marked.",
                        f"Write marks within 1-{line_count}.",
                    )
                )
            if marks:
                extras.append(f'hl_lines="{" ".join(marks)}"')
            info = " ".join(filter(None, [info, *extras]))
        body = inner if inner.startswith("\n") else "\n" + inner
        if not body.endswith("\n"):
            body += "\n"
        return fence + info + body + fence

    def render_tabs(self, block: Block, inner: str) -> str:
        """NexT's ``{% tabs name[, active] %}`` of ``<!-- tab caption -->`` parts → Material content tabs."""
        name, _, active_text = " ".join(block.open.args).partition(",")
        try:
            active = int(active_text.strip() or 0)
        except ValueError:
            active = 0
        if not self.need("tabbed", block.open, "pymdownx.tabbed"):
            return inner
        out: list[str] = []
        number = 0
        in_tab = False
        for line in inner.split("\n"):
            start = _TAB_START.match(line)
            if start and not _TAB_END.match(line):
                number += 1
                caption = (start.group("caption") or "").split("@")[
                    0
                ].strip() or f"{name.strip()} {number}".strip()
                flags = ("!" if number == 1 else "") + ("+" if number == active else "")
                out.append(f'==={flags} "{caption.replace(chr(34), chr(39))}"')
                in_tab = True
            elif _TAB_END.match(line):
                out.append("")
                in_tab = False
            else:
                out.append("    " + line if in_tab and line.strip() else line)
        return "\n".join(out)

    def render_quote(self, block: Block, inner: str) -> str:
        """``{% blockquote [author[, source]] [link] [link title] %}`` and ``{% pullquote [class] %}``."""
        if block.open.name == "pullquote":
            attrs = {"class": " ".join(["pullquote", *block.open.args])}
            footer = ""
        else:
            attrs = {}
            footer = _quote_footer(" ".join(block.open.args))
        if not self.need("md_in_html", block.open, "md_in_html"):
            return "\n".join("> " + line if line.strip() else line for line in inner.split("\n"))
        opening = element_html("blockquote", {**attrs, "markdown": "1"}).removesuffix("</blockquote>")
        body = inner if inner.endswith("\n") else inner + "\n"
        return opening + body + footer + "</blockquote>"

    # --- the page ---------------------------------------------------------------------------

    def render_tag(self, tag: Tag, in_markdown_link: bool) -> str:
        """Output for one inline tag; raises :class:`TagError` when it cannot be rendered."""
        name = tag.name
        # Paths are text: written from the Markdown file when they are a Markdown link's target.
        if name == "asset_path":
            return self.render_asset_path(tag, in_markdown_link)
        if name == "post_path":
            return self.render_post_path(tag, in_markdown_link)
        renderers: dict[str, Callable[[Tag], str]] = {
            "asset_img": self.render_asset_img,
            "asset_image": self.render_asset_img,
            "asset_link": self.render_asset_link,
            "img": self.render_img,
            "image": self.render_img,
            "post_link": self.render_post_link,
            "link": self.render_link,
            "a": self.render_link,
            "anchor": self.render_link,
        }
        if name in renderers:
            return renderers[name](tag)
        if name in self.inline_tags:
            return self.inline_tags[name](self, tag)
        custom = self.context.custom_tags.get(name)
        if custom is not None:
            output = custom(tag.args, self.context)
            if len(output) > MAX_CUSTOM_TAG_OUTPUT:
                raise TagError(
                    f"the tag wrote {len(output):,} characters (more than {MAX_CUSTOM_TAG_OUTPUT:,}).",
                    "Check its arguments; it is shown as text.",
                )
            return self.stash(output)
        if not name:
            raise TagError("the tag is empty.", "Write a tag name after '{%', or remove the tag.")
        if name.startswith("end") and name[3:] in BLOCK_TAGS:
            raise TagError(
                f"'{{% {name} %}}' closes no open '{{% {name[3:]} %}}'.",
                f"Remove it or add the '{{% {name[3:]} %}}' it should close.",
            )
        raise TagError(
            f"unknown Hexo tag '{name}'.",
            "Write it as Markdown, or remove it; it is shown as text.",
        )

    def render_nodes(self, text: str, nodes: Sequence[Text | Tag | Block]) -> str:
        """The Markdown for *nodes* (slices of *text*), every tag rendered."""
        out: list[str] = []
        for node in nodes:
            if isinstance(node, Text):
                out.append(text[node.start : node.end])
            elif isinstance(node, Block):
                if node.open.name in LITERAL_BLOCK_TAGS:
                    inner = text[node.content_start : node.content_end]
                else:
                    inner = self.render_nodes(text, node.children)
                out.append(self.render_block(node, inner))
            elif (tex := single_line_math(node)) is not None:
                out.append(tag_formula(tex, False))  # hexo-math 1.x: always inline ($…$)
            elif node.name in BLOCK_TAGS:
                # An unclosed block: the parser reported it already.
                out.append(self.stash(html.escape(node.source)))
            else:
                line_start = text.rfind("\n", 0, node.start) + 1
                in_markdown_link = bool(_LINK_DESTINATION.search(text[line_start : node.start]))
                try:
                    out.append(self.render_tag(decode_entities(node), in_markdown_link))
                except TagError as problem:
                    self.diagnostics.append(
                        Diagnostic(node.line, f"Hexo tag '{node.source}': {problem.message}", problem.fix)
                    )
                    out.append(self.stash(html.escape(node.source)))
        return "".join(out)


_MACRO_NAME = re.compile(r"\\?([A-Za-z]+)")
_MACRO_PARAMETER = re.compile(r"#([1-9])")


def macro_definitions(macros: object, engine: str) -> str:
    """hexo-math's ``macros`` options as TeX ``\\def`` s, run before the formula (not shown as its TeX).

    KaTeX's ``macros`` maps ``"\\RR"`` to an expansion; MathJax's ``tex.macros`` maps ``RR`` to an
    expansion or to ``[expansion, argument count]``. A ``\\def`` inside a formula is local to it in KaTeX,
    as the option was local to the tag. Names that are not a control word are left out.
    """
    if not isinstance(macros, dict):
        return ""
    definitions: list[str] = []
    for key, value in macros.items():
        match = _MACRO_NAME.fullmatch(str(key))
        if match is None:
            continue
        if engine == "mathjax" and isinstance(value, list) and value and isinstance(value[0], str):
            count = value[1] if len(value) > 1 and isinstance(value[1], int) else 0
            expansion = value[0]
        elif isinstance(value, str):
            expansion = value
            count = max((int(n) for n in _MACRO_PARAMETER.findall(value)), default=0)
        else:
            continue
        parameters = "".join(f"#{n}" for n in range(1, min(count, 9) + 1))
        definitions.append(f"\\def\\{match[1]}{parameters}{{{expansion}}}")
    return "".join(definitions)


def decode_entities(tag: Tag) -> Tag:
    """*tag* with HTML entities in its arguments turned into their characters (``&nbsp;`` → U+00A0).

    Hexo writes arguments into HTML as they are (hexo-util's ``escapeHTML`` leaves entities alone), so
    the reader sees ``&nbsp;`` as a space; our renderers escape text, so they must get the character.
    """
    if not any("&" in arg for arg in tag.args):
        return tag
    return replace(tag, args=tuple(html.unescape(arg) for arg in tag.args))


def indented(inner: str) -> str:
    """*inner* indented by four spaces (blank lines stay empty), for admonition content."""
    return "\n".join("    " + line if line.strip() else "" for line in inner.split("\n"))


def _expand_marks(spec: str, line_count: int) -> tuple[list[str], bool]:
    """Hexo's ``mark:1,3-5`` as line numbers within the block's *line_count* lines, and whether it named more.

    Bounded by the block, so ``mark:1-100000000`` costs no more than the block itself.
    """
    lines: set[int] = set()
    beyond = False
    for part in filter(None, (p.strip() for p in spec.split(","))):
        low, _, high = part.partition("-")
        if low.isdigit() and (not high or high.isdigit()):
            first, last = int(low), int(high or low)
            beyond = beyond or last > line_count
            lines.update(range(max(first, 1), min(last, line_count) + 1))
    return [str(n) for n in sorted(lines)], beyond


def _quote_footer(text: str) -> str:
    """Hexo's blockquote footer: ``author[, source title]`` or ``author link [link title]``."""
    if not text:
        return ""
    author = source = title = ""
    match = _CITE_URL_TITLE.search(text)
    if match:
        author, source, title = match.groups()
    elif match := _CITE_URL.search(text):
        author, source = match.groups()
    elif match := _CITE_AUTHOR_TITLE.search(text):
        author, title = match.groups()
    else:
        author = text
    footer = ET.Element("footer")
    if author:
        ET.SubElement(footer, "strong").text = author
    if source:
        cite = ET.SubElement(footer, "cite")
        shown = title or re.sub(r"^https?://|/(index.html?)?$", "", source)
        ET.SubElement(cite, "a", {"href": source}).text = shown
    elif title:
        ET.SubElement(footer, "cite").text = title
    return ET.tostring(footer, encoding="unicode", method="html")


def site_root_url(page_url: str) -> str:
    """The site root relative to a page at *page_url* (``blog/posts/`` → ``../../``; the root → ``./``)."""
    folder = page_url if page_url.endswith("/") else posixpath.dirname(page_url)
    return posixpath.relpath(".", folder or ".") + "/"


def asset_folder_of(src_uri: str) -> str:
    """The asset folder a page owns, as Hexo's ``post_asset_folder``: ``posts/foo.md`` → ``posts/foo/``."""
    return posixpath.splitext(src_uri)[0] + "/"


def refuse_link_outside(context: PageContext, src_uri: str, name: str) -> None:
    """Raise :class:`TagError` if the asset *src_uri* is a symbolic link out of the asset folder."""
    real = context.asset_paths.get(src_uri)
    if real is None or context.docs_dir is None:
        return
    folder = context.asset_folder
    root = os.path.realpath(os.path.join(context.docs_dir, folder))
    if not os.path.realpath(real).startswith(root + os.sep):
        raise TagError(
            f"'{name}' is a link to a file outside the post's asset folder '{folder}' (refused).",
            f"Copy the file into '{folder}' instead of linking to it.",
            "refused",
        )


def post_asset_image_src(context: PageContext, src: str) -> str | None:
    """Hexo's ``marked.postAsset``: ``![alt](cell.jpg)`` in ``posts/foo.md`` names ``posts/foo/cell.jpg``.

    Returns the image path relative to the page's Markdown file (which MkDocs then turns into a URL), or
    ``None`` to leave *src* alone: a URL, a root-absolute path, a file that exists beside the page, or a
    name the asset folder does not have (MkDocs reports that one as a broken link). Raises
    :class:`TagError` for a symbolic link out of the asset folder, which the tags refuse too.
    """
    if not src or _SCHEME.match(src) or src.startswith(("/", "#")):
        return None
    path = unquote(src.split("#", 1)[0].split("?", 1)[0])
    if not path or ".." in path.split("/"):
        return None
    base = posixpath.dirname(context.src_uri)
    if posixpath.normpath(posixpath.join(base, path)) in context.site_files:
        return None
    candidate = context.asset_folder + posixpath.normpath(path)
    if candidate not in context.assets:
        return None
    refuse_link_outside(context, candidate, src)
    return quote(posixpath.relpath(candidate, base or "."))

"""Theme tags (NexT, Butterfly, Fluid) and Hexo's remaining core tags, rendered with Material's components.

One table per kind: :data:`INLINE` (``{% name args %}``) and :data:`BLOCKS` (``{% name %}…{% endname %}``),
each entry a function of the :class:`~mkdocs_zigzag.hexo.render.TagRenderer` and the tag. Arguments follow
each theme's own ``scripts/tags`` (NexT 8, Butterfly 5, Fluid 1.9); where two themes share a name with
different syntax (``label``, ``btn``, ``note``), the form of the arguments tells which theme wrote it.

The page never asks another host for anything until the reader clicks: a player or widget of another site
(YouTube, Vimeo, Bilibili, JSFiddle, gists, caniuse, an ``iframe`` or ``video`` elsewhere) becomes a link
card to the original, unless the site turns ``embeds`` on. Theme icons (Font Awesome classes) are dropped:
Material ships its own icons and a class alone would show nothing. Nothing here imports MkDocs.
"""

from __future__ import annotations

import hashlib
import html
import os
import posixpath
import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from mkdocs_zigzag.hexo.render import TagError, element_html, encode_url, indented

if TYPE_CHECKING:
    from mkdocs_zigzag.hexo.render import BlockRenderer, InlineRenderer, TagRenderer
    from mkdocs_zigzag.hexo.tags import Block, Tag


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_ICON = re.compile(r"^(?:fa[bsrl]?|fas|far|fab|fa-[\w-]+|iconfont|icon-[\w-]+)(?:\s|$)")
_TIMELINE_START = re.compile(r"^[ \t]*<!--\s*timeline\s*(?P<title>.*?)\s*-->[ \t]*$")
_TIMELINE_END = re.compile(r"^[ \t]*<!--\s*endtimeline\s*-->[ \t]*$")
_FEATURE = re.compile(r"^[\w.-]+$")

MAX_INCLUDED_CODE = 1_000_000
"""The largest file ``include_code`` puts in a page, in bytes."""

# Colours and classes of the three themes' notes, as Material admonition types.
NOTE_KINDS = {
    "default": "note",
    "primary": "abstract",
    "secondary": "note",
    "light": "note",
    "dark": "note",
    "info": "info",
    "success": "success",
    "warning": "warning",
    "danger": "danger",
    # Butterfly's colours
    "blue": "info",
    "pink": "quote",
    "red": "danger",
    "purple": "example",
    "orange": "warning",
    "green": "success",
}
_NOTE_IGNORED = frozenset({"no-icon", "flat", "modern", "simple", "disabled", "icon-padding"})

# --- shared pieces ----------------------------------------------------------------------------


def _comma_args(tag: Tag) -> list[str]:
    """The themes' ``args.join(' ').split(',')``, each part trimmed."""
    return [part.strip() for part in " ".join(tag.args).split(",")]


def _is_icon(value: str) -> bool:
    """A Font Awesome (or theme icon font) class list, which Material cannot show."""
    return bool(_ICON.match(value.strip()))


def is_other_host(url: str) -> bool:
    """Whether *url* names another host (``https://…``, ``//host/…``): loading it is a third-party request."""
    return url.startswith("//") or bool(
        _SCHEME.match(url) and not url.lower().startswith(("mailto:", "tel:"))
    )


def site_url_of(renderer: TagRenderer, url: str) -> str:
    """A theme's ``url_for``: ``/path`` from the site root (page-relative here), a post's file, else as is."""
    if is_other_host(url) or url.startswith("#"):
        return encode_url(url)
    if url.startswith("/"):
        return renderer.context.site_root_url + encode_url(url.lstrip("/"))
    # A bare name: the post's asset folder holds it (post_asset_folder), else it is relative as written.
    src_uri = renderer.context.asset_folder + posixpath.normpath(url)
    if ".." not in url.split("/") and src_uri in renderer.context.assets:
        _, page_url = renderer.resolve_asset(url)
        return page_url
    return encode_url(url)


def link_card(title: str, url: str, text: str | None = None, kind: str = "example") -> str:
    """A Material admonition holding a link to *url*: what a player of another site becomes."""
    link = element_html("a", {"href": url}, text or url)
    heading = element_html("p", {"class": "admonition-title"}, title)
    return f'<div class="admonition {kind} zigzag-link-card">{heading}<p>{link}</p></div>'


def _embed_or_card(renderer: TagRenderer, title: str, url: str, embed: str) -> str:
    """*embed* when the site embeds other sites, else a link card to *url* (no request before a click)."""
    return renderer.stash(embed if renderer.context.embeds else link_card(title, url))


def _iframe(src: str, width: str = "100%", height: str = "400") -> str:
    return element_html(
        "iframe",
        {
            "src": src,
            "width": width,
            "height": height,
            "frameborder": "0",
            "loading": "lazy",
            "allowfullscreen": "allowfullscreen",
        },
        "",
    )


def _keep_lines(renderer: TagRenderer, html_text: str, inner: str) -> str:
    """Stashed *html_text* in a paragraph of its own, with as many line breaks as the block had."""
    breaks = inner.count("\n")
    if breaks < 2:
        return renderer.stash(html_text) + "\n" * breaks
    return "\n" + renderer.stash(html_text) + "\n" * (breaks - 1)


# --- Hexo core -------------------------------------------------------------------------------


def render_iframe(renderer: TagRenderer, tag: Tag) -> str:
    """``{% iframe url [width] [height] %}``: Hexo's defaults (100% × 300); another host's page as a card."""
    if not tag.args:
        raise TagError("the tag names no URL.", "Write {% iframe <url> [width] [height] %}.")
    url = tag.args[0]
    width = tag.args[1] if len(tag.args) > 1 and tag.args[1] != "default" else "100%"
    height = tag.args[2] if len(tag.args) > 2 and tag.args[2] != "default" else "300"
    if not is_other_host(url):
        return renderer.stash(_iframe(site_url_of(renderer, url), width, height))
    return _embed_or_card(renderer, "Embedded page", encode_url(url), _iframe(encode_url(url), width, height))


def render_url_for(renderer: TagRenderer, tag: Tag) -> str:
    """``{% url_for text path [relative] %}``: a link to a path of the site (written page-relative)."""
    if len(tag.args) < 2:
        raise TagError("the tag needs a text and a path.", "Write {% url_for <text> <path> %}.")
    return renderer.stash(element_html("a", {"href": site_url_of(renderer, tag.args[1])}, tag.args[0]))


def render_full_url_for(renderer: TagRenderer, tag: Tag) -> str:
    """``{% full_url_for text path %}``: a link with the site's full URL (``site_url`` + path)."""
    if len(tag.args) < 2:
        raise TagError("the tag needs a text and a path.", "Write {% full_url_for <text> <path> %}.")
    path = tag.args[1]
    site = renderer.context.site_url
    if is_other_host(path):
        url = encode_url(path)
    elif site:
        url = site.rstrip("/") + "/" + encode_url(path.lstrip("/"))
    else:
        url = site_url_of(renderer, "/" + path.lstrip("/"))
    return renderer.stash(element_html("a", {"href": url}, tag.args[0]))


_INCLUDE_OPTION = re.compile(r"^(lang|from|to):(.*)$", re.IGNORECASE)


def render_include_code(renderer: TagRenderer, tag: Tag) -> str:
    """``{% include_code [title] [lang:x] [from:n] [to:n] path %}``: a file of ``docs/<code_dir>/``."""
    options: dict[str, str] = {}
    words: list[str] = []
    for arg in tag.args:
        match = _INCLUDE_OPTION.match(arg)
        if match:
            options[match.group(1).lower()] = match.group(2)
        else:
            words.append(arg)
    if not words:
        raise TagError("the tag names no file.", "Write {% include_code [title] <path under code_dir> %}.")
    path = words[-1].lstrip("/")
    title = " ".join(words[:-1]) or posixpath.basename(path)
    context = renderer.context
    code_dir = context.code_dir.strip("/")
    if ".." in path.split("/") or "\\" in path or context.docs_dir is None:
        raise TagError(
            f"'{path}' is not a path inside '{code_dir}/' (refused).",
            f"Put the file in docs/{code_dir}/ and write its path from there.",
            "refused",
        )
    root = os.path.realpath(os.path.join(context.docs_dir, code_dir))
    real = os.path.realpath(os.path.join(root, path))
    if not real.startswith(root + os.sep):
        raise TagError(
            f"'{path}' leads outside '{code_dir}/' (a link out of the folder is refused).",
            f"Copy the file into docs/{code_dir}/.",
            "refused",
        )
    try:
        if os.path.getsize(real) > MAX_INCLUDED_CODE:
            raise TagError(
                f"'{path}' is larger than {MAX_INCLUDED_CODE:,} bytes.",
                "Include a smaller file or a part of it.",
            )
        with open(real, encoding="utf-8", errors="replace") as handle:
            code = handle.read()
    except OSError:
        raise TagError(
            f"no file '{path}' in docs/{code_dir}/.",
            f"Put it there, or correct the path ('{code_dir}' is Hexo's code_dir).",
        ) from None
    lines = code.split("\n")
    first = int(options["from"]) - 1 if options.get("from", "").isdigit() else 0
    last = int(options["to"]) if options.get("to", "").isdigit() else len(lines)
    body = "\n".join(lines[max(first, 0) : last]).strip("\n")
    lang = options.get("lang") or posixpath.splitext(path)[1][1:]
    longest = max((len(run) for run in re.findall(r"`{3,}", body)), default=2)
    fence = "`" * (longest + 1)
    info = lang
    if "superfences" in context.features:
        info = " ".join(filter(None, [lang, f'title="{title.replace(chr(34), chr(39))}"']))
    return f"\n\n{fence}{info}\n{body}\n{fence}\n\n"


# --- embeds of other sites (hexo-tag-embed and the themes) -------------------------------------


def render_youtube(renderer: TagRenderer, tag: Tag) -> str:
    """``{% youtube id [video|playlist] [cookie] %}``."""
    if not tag.args:
        raise TagError("the tag names no video.", "Write {% youtube <video id> %}.")
    video = quote(tag.args[0], safe="-_")
    playlist = len(tag.args) > 1 and tag.args[1] == "playlist"
    url = f"https://www.youtube.com/{'playlist?list=' if playlist else 'watch?v='}{video}"
    embed_src = f"https://www.youtube-nocookie.com/embed/{'videoseries?list=' if playlist else ''}{video}"
    return _embed_or_card(renderer, "Video on YouTube", url, _iframe(embed_src, "560", "315"))


def render_vimeo(renderer: TagRenderer, tag: Tag) -> str:
    """``{% vimeo id %}``."""
    if not tag.args:
        raise TagError("the tag names no video.", "Write {% vimeo <video id> %}.")
    video = quote(tag.args[0], safe="")
    return _embed_or_card(
        renderer,
        "Video on Vimeo",
        f"https://vimeo.com/{video}",
        _iframe(f"https://player.vimeo.com/video/{video}"),
    )


def render_bilibili(renderer: TagRenderer, tag: Tag) -> str:
    """``{% bilibili BV… | av-number [page] %}`` (hexo-tag-bilibili and the themes' variants)."""
    if not tag.args:
        raise TagError("the tag names no video.", "Write {% bilibili <BV id> %}.")
    video = tag.args[0].removeprefix("https://www.bilibili.com/video/").strip("/")
    if video.isdigit():
        video = "av" + video
    video = quote(video, safe="")
    query = "aid=" + video[2:] if video.startswith("av") else "bvid=" + video
    player = f"https://player.bilibili.com/player.html?{query}"
    return _embed_or_card(
        renderer, "Video on Bilibili", f"https://www.bilibili.com/video/{video}/", _iframe(player)
    )


def render_gist(renderer: TagRenderer, tag: Tag) -> str:
    """``{% gist id [filename] %}``."""
    if not tag.args:
        raise TagError("the tag names no gist.", "Write {% gist <gist id> [file name] %}.")
    gist = quote(tag.args[0], safe="/")
    url = f"https://gist.github.com/{gist}"
    script = f"https://gist.github.com/{gist}.js" + (
        f"?file={quote(tag.args[1])}" if len(tag.args) > 1 else ""
    )
    return _embed_or_card(renderer, "Code on GitHub Gist", url, element_html("script", {"src": script}, ""))


def render_jsfiddle(renderer: TagRenderer, tag: Tag) -> str:
    """``{% jsfiddle id [tabs] [skin] [width] [height] %}``."""
    if not tag.args:
        raise TagError("the tag names no fiddle.", "Write {% jsfiddle <fiddle id> %}.")
    fiddle = quote(tag.args[0].strip("/"), safe="/")
    tabs = tag.args[1] if len(tag.args) > 1 and tag.args[1] != "default" else "js,resources,html,css,result"
    skin = tag.args[2] if len(tag.args) > 2 and tag.args[2] != "default" else "light"
    width = tag.args[3] if len(tag.args) > 3 and tag.args[3] != "default" else "100%"
    height = tag.args[4] if len(tag.args) > 4 and tag.args[4] != "default" else "300"
    embed = _iframe(
        f"https://jsfiddle.net/{fiddle}/embedded/{quote(tabs, safe=',')}/{quote(skin)}", width, height
    )
    return _embed_or_card(renderer, "Example on JSFiddle", f"https://jsfiddle.net/{fiddle}/", embed)


def render_caniuse(renderer: TagRenderer, tag: Tag) -> str:
    """NexT's ``{% caniuse feature[@periods] %}`` / ``{% can … %}``: a card linking to caniuse.com."""
    feature, _, _periods = "".join(tag.args).partition("@")
    if not feature or not _FEATURE.match(feature):
        raise TagError(
            "the tag names no caniuse feature.", "Write {% can <feature id> %}, e.g. {% can flexbox %}."
        )
    return renderer.stash(
        link_card(
            f"Browser support: {feature}", f"https://caniuse.com/{feature}", f"caniuse.com/{feature}", "info"
        )
    )


# --- media -------------------------------------------------------------------------------------


def render_video(renderer: TagRenderer, tag: Tag) -> str:
    """NexT's ``{% video url [poster] %}``: a ``<video>`` of the site's file; another host's as a card."""
    if not tag.args:
        raise TagError("the tag names no video.", "Write {% video <url> [poster] %}.")
    url = tag.args[0]
    poster = tag.args[1] if len(tag.args) > 1 else None
    attrs = {
        "src": site_url_of(renderer, url),
        "preload": "metadata",
        "controls": "controls",
        "playsinline": "playsinline",
        "poster": site_url_of(renderer, poster) if poster else None,
    }
    video = element_html("video", attrs, "")
    if not is_other_host(url) and not (poster and is_other_host(poster)):
        return renderer.stash(video)
    return _embed_or_card(renderer, "Video", encode_url(url), video)


def render_pdf(renderer: TagRenderer, tag: Tag) -> str:
    """NexT's ``{% pdf url [height] %}``: a card linking to the PDF (NexT's viewer is another host's)."""
    if not tag.args:
        raise TagError("the tag names no PDF.", "Write {% pdf <url> %}.")
    url = site_url_of(renderer, tag.args[0])
    name = posixpath.basename(tag.args[0].rstrip("/")) or tag.args[0]
    height = tag.args[1] if len(tag.args) > 1 else "500px"
    embed = element_html(
        "iframe", {"src": url, "width": "100%", "height": height, "loading": "lazy", "title": name}, ""
    )
    if is_other_host(tag.args[0]):
        return _embed_or_card(renderer, "PDF document", url, embed)
    return renderer.stash(
        embed if renderer.context.embeds else link_card("PDF document", url, name, "abstract")
    )


def render_inline_img(renderer: TagRenderer, tag: Tag) -> str:
    """Butterfly's ``{% inlineImg src [height] %}``: an image in the line of text."""
    if not tag.args:
        raise TagError("the tag names no image.", "Write {% inlineImg <src> [height] %}.")
    height = tag.args[1] if len(tag.args) > 1 else None
    style = f"height:{height}" if height and re.fullmatch(r"[\d.]+(?:px|em|rem|%)?", height) else None
    attrs = {"class": "inline-img", "src": site_url_of(renderer, tag.args[0]), "alt": "", "style": style}
    return renderer.stash(element_html("img", attrs))


# --- buttons and labels ---------------------------------------------------------------------------


def render_button(renderer: TagRenderer, tag: Tag) -> str:
    """``{% btn url, text[, icon][, title|option] %}`` (NexT, Butterfly, Fluid) → ``.md-button``."""
    parts = _comma_args(tag)
    url = parts[0] if parts else ""
    if not url:
        raise TagError("the button has no URL.", "Write {% btn <url>, <text> %}.")
    text = parts[1] if len(parts) > 1 else ""
    # NexT and Butterfly: url, text, icon, title (NexT) or layout words (Butterfly); Fluid: url, text, title.
    icon_given = len(parts) >= 4 or (len(parts) == 3 and _is_icon(parts[2]))
    rest = [part for part in parts[3 if icon_given else 2 :] if part]
    layout_words = {"block", "center", "right", "outline", "larger"}
    title = next((part for part in rest if not set(part.split()) <= layout_words), None)
    attrs = {"class": "md-button", "href": site_url_of(renderer, url), "title": title}
    return renderer.stash(element_html("a", attrs, text or url))


def render_label(renderer: TagRenderer, tag: Tag) -> str:
    """NexT / Fluid ``{% label class@text %}``, Butterfly ``{% label text [colour] %}`` → ``<mark>``."""
    joined = " ".join(tag.args)
    if "@" in joined:
        kind, _, text = joined.partition("@")
        kind = kind.strip() or "default"
    else:
        text = tag.args[0] if tag.args else ""
        kind = tag.args[1] if len(tag.args) > 1 else "default"
    if not text.strip():
        raise TagError("the label has no text.", "Write {% label primary@<text> %}.")
    return renderer.stash(element_html("mark", {"class": f"zigzag-label {kind}"}, text.strip()))


def render_hide_inline(renderer: TagRenderer, tag: Tag) -> str:
    """Butterfly's ``{% hideInline content[, button text] %}``: text shown when the reader opens it.

    Butterfly shows a button in the sentence and reveals the text with its script. A ``<details>`` would
    end the paragraph (HTML closes a ``<p>`` at one, whatever the CSS), so this is a button and a popover
    (HTML's ``popovertarget``): phrasing content that stays in the line, opened on click without script.
    The id is unique per page and per post, since a blog index shows several posts' excerpts at once.
    """
    parts = _comma_args(tag)
    content = parts[0] if parts else ""
    display = parts[1] if len(parts) > 1 and parts[1] else "Click"
    digest = hashlib.sha256(f"{renderer.context.src_uri}:{tag.start}".encode()).hexdigest()[:10]
    ident = f"zigzag-hide-{digest}"
    attrs = {"type": "button", "class": "md-button zigzag-hide-inline", "popovertarget": ident}
    button = element_html("button", attrs, display)
    shown = {"id": ident, "popover": "auto", "class": "zigzag-hide-inline-content"}
    body = element_html("span", shown, content)
    return renderer.stash(button + body)


# --- blocks ------------------------------------------------------------------------------------


def render_note(renderer: TagRenderer, block: Block, inner: str) -> str:
    """Notes of NexT (``[class] [no-icon] [summary]``), Butterfly (``[colour] [icon] [style]``) and Fluid."""
    args = list(block.open.args)
    kind = "note"
    leading = 0
    # Leading classes, colours, icons and styles; what follows is NexT's summary (a collapsible title).
    while leading < len(args) and (
        args[leading] in NOTE_KINDS or args[leading] in _NOTE_IGNORED or _is_icon(args[leading])
    ):
        if args[leading] in NOTE_KINDS and kind == "note" and args[leading] != "default":
            kind = NOTE_KINDS[args[leading]]
        leading += 1
    summary = " ".join(args[leading:])
    if not renderer.need("admonition", block.open, "admonition"):
        return inner
    marker = "???" if summary and "details" in renderer.context.features else "!!!"
    # An empty title ("") hides Material's default one, as NexT's note has none.
    return f'{marker} {kind} "{summary.replace(chr(34), chr(39))}"' + indented(inner)


def render_center_quote(renderer: TagRenderer, block: Block, inner: str) -> str:
    """NexT's ``{% cq %}`` / ``{% centerquote %}``: a quotation set in the middle of the column."""
    if not renderer.need("md_in_html", block.open, "md_in_html"):
        return "\n".join("> " + line if line.strip() else line for line in inner.split("\n"))
    body = inner if inner.endswith("\n") else inner + "\n"
    return (
        '<blockquote class="zigzag-center-quote" style="text-align: center" markdown="1">'
        + body
        + "</blockquote>"
    )


def _collapsible(renderer: TagRenderer, block: Block, inner: str, kind: str, title: str) -> str:
    """A collapsed Material admonition (``??? kind "title"``), or an open one without ``pymdownx.details``."""
    if not renderer.need("admonition", block.open, "admonition"):
        return inner
    marker = "???" if renderer.need("details", block.open, "pymdownx.details") else "!!!"
    return f'{marker} {kind} "{title.replace(chr(34), chr(39))}"' + indented(inner)


def render_hide_block(renderer: TagRenderer, block: Block, inner: str) -> str:
    """Butterfly's ``{% hideBlock [button text] %}`` and ``{% hideToggle title %}``: a collapsed block."""
    parts = _comma_args(block.open)
    title = parts[0] if parts and parts[0] else "Click"
    return _collapsible(renderer, block, inner, "note", title)


def render_fold(renderer: TagRenderer, block: Block, inner: str) -> str:
    """Fluid's ``{% fold [class] @title %}``: a collapsed block."""
    kind, _, title = " ".join(block.open.args).partition("@")
    return _collapsible(
        renderer, block, inner, NOTE_KINDS.get(kind.strip(), "note"), title.strip() or "Details"
    )


def render_timeline(renderer: TagRenderer, block: Block, inner: str) -> str:
    """Butterfly's ``{% timeline [headline][, colour] %}`` of ``<!-- timeline title -->…`` items."""
    headline = _comma_args(block.open)[0] if block.open.args else ""
    out: list[str] = []
    in_item = False
    for line in inner.split("\n"):
        start = _TIMELINE_START.match(line)
        if start:
            # Two trailing spaces: a line break between the item's title and its text.
            out.append("- **" + start.group("title").replace("*", r"\*") + "**  ")
            in_item = True
        elif _TIMELINE_END.match(line):
            out.append("")
            in_item = False
        else:
            out.append("    " + line if in_item and line.strip() else line)
    body = "\n".join(out)
    if not renderer.need("admonition", block.open, "admonition"):
        return body
    title = f' "{headline.replace(chr(34), chr(39))}"' if headline else ' ""'
    return "!!! abstract zigzag-timeline" + title + indented(body)


def _grid(renderer: TagRenderer, block: Block, inner: str) -> str:
    """Images of a group, each in a ``<figure>`` cell of Material's grid (``<div class="grid">``)."""
    if not renderer.need("md_in_html", block.open, "md_in_html"):
        return inner
    lines = []
    for line in inner.split("\n"):
        text = line.strip()
        lines.append(f'<figure markdown="span">{text}</figure>' if text else "")
    return '<div class="grid zigzag-gallery" markdown="1">' + "\n".join(lines) + "</div>"


def render_gallery(renderer: TagRenderer, block: Block, inner: str) -> str:
    """Butterfly's ``{% gallery [button][, limit] %}`` of Markdown images (a remote list is refused)."""
    if block.open.args and _comma_args(block.open)[0] == "url":
        raise TagError(
            "a gallery loaded from a URL needs a script and a request to that address.",
            "List the images between {% gallery %} and {% endgallery %} instead.",
        )
    return _grid(renderer, block, inner)


def render_link_grid(renderer: TagRenderer, block: Block, inner: str) -> str:
    """NexT's ``{% linkgrid [image] [delimiter] [comment] %}`` of ``name | url | text | image`` lines."""
    args = list(block.open.args)
    delimiter = args[1] if len(args) > 1 else "|"
    comment = args[2] if len(args) > 2 else "%"
    out = []
    skipped = 0
    for line in inner.split("\n"):
        item = [part.strip() for part in line.split(delimiter)]
        if not line.strip() or item[0].startswith(comment) or len(item) < 2:
            skipped += 1  # kept as line breaks after the list, which a blank line would loosen
            continue
        link = element_html("a", {"href": site_url_of(renderer, item[1])}, item[0])
        text = html.escape(item[2]) if len(item) > 2 and item[2] else ""
        image = item[3] if len(item) > 3 else ""
        picture = ""
        if image and not is_other_host(image):
            picture = (
                element_html("img", {"src": site_url_of(renderer, image), "alt": "", "width": "48"}) + " "
            )
        out.append(f"- {picture}**{link}**" + (f" — {text}" if text else ""))
    items = "\n" + "\n".join(out) + "\n" * (skipped - 1)
    if not renderer.need("md_in_html", block.open, "md_in_html"):
        return items
    return '<div class="grid cards zigzag-link-grid" markdown="1">' + items + "</div>"


def render_mermaid(renderer: TagRenderer, block: Block, inner: str) -> str:
    """``{% mermaid [graph LR] %}`` (NexT puts the arguments first) → Material's ``pre.mermaid``."""
    head = " ".join(block.open.args)
    # Butterfly's argument is a JSON config and Fluid's are HTML attributes: neither is diagram text.
    lines = [head] if head and not head.startswith(("{", "'{")) and "=" not in head else []
    source = "\n".join([*lines, inner.strip("\n")])
    code = "<code>" + html.escape(source, quote=False) + "</code>"
    return _keep_lines(renderer, f'<pre class="mermaid">{code}</pre>', inner)


INLINE: dict[str, InlineRenderer] = {
    "iframe": render_iframe,
    "url_for": render_url_for,
    "full_url_for": render_full_url_for,
    "include_code": render_include_code,
    "include-code": render_include_code,
    "youtube": render_youtube,
    "vimeo": render_vimeo,
    "bilibili": render_bilibili,
    "gist": render_gist,
    "jsfiddle": render_jsfiddle,
    "caniuse": render_caniuse,
    "can": render_caniuse,
    "video": render_video,
    "pdf": render_pdf,
    "inlineImg": render_inline_img,
    "button": render_button,
    "btn": render_button,
    "label": render_label,
    "hideInline": render_hide_inline,
}
"""Inline tags by name."""

BLOCKS: dict[str, BlockRenderer] = {
    "note": render_note,
    "subnote": render_note,
    "centerquote": render_center_quote,
    "center-quote": render_center_quote,
    "cq": render_center_quote,
    "hideBlock": render_hide_block,
    "hideToggle": render_hide_block,
    "fold": render_fold,
    "timeline": render_timeline,
    "grouppicture": _grid,
    "gp": _grid,
    "groupimage": _grid,
    "gi": _grid,
    "gallery": render_gallery,
    "linkgrid": render_link_grid,
    "lg": render_link_grid,
    "mermaid": render_mermaid,
}
"""Block tags by name (their names are in :data:`mkdocs_zigzag.hexo.tags.BLOCK_TAGS` for the parser)."""

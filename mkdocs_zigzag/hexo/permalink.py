"""Hexo 8.1.2's URL rules: where each post, page, asset, tag, category, archive and home page lives.

No MkDocs here. Ported from ``hexojs/hexo`` (``lib/plugins/filter/post_permalink.ts``,
``lib/plugins/processor/post.ts``, ``processor/asset.ts``, ``processor/common.ts``, ``lib/models/*.ts``,
``lib/hexo/router.ts``), ``hexojs/hexo-util`` 4.0.0 (``Permalink``, ``slugize``, ``encodeURL``,
``url_for``, ``full_url_for``, ``pretty_urls``) and the generators hexo-generator-index 3 / -archive 2 /
-category 2 / -tag 2 over hexo-pagination 3, and checked against the oracle vectors (``tests/data``).

Vocabulary (the vectors' names): a *path* is Hexo's own, relative to ``root`` and not encoded
(``2023/05/01/My First Post/``, ``links.html``, ``""`` for the home page); its *public file* is what
``hexo generate`` writes under ``public/`` (``X/`` -> ``X/index.html``); its *href* is ``url_for(path)``
(``root`` + percent-encoding + ``pretty_urls``); its *permalink* is ``full_url_for(path)``.

Dates follow Hexo, which follows the machine: a wall clock in the front matter is read in the machine's
time zone, ``timezone:`` moves it to that zone, and the URL's date parts are formatted in the machine's
zone again. The machine's zone is therefore a parameter (``machine_tz``), never read from this process.
"""

from __future__ import annotations

import hashlib
import math
import posixpath
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit
from zoneinfo import ZoneInfo

from mkdocs_zigzag.hexo.frontmatter import parse_hexo_date
from mkdocs_zigzag.hexo.slugize import slugize

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from datetime import tzinfo

    from mkdocs_zigzag.hexo.hexo_config import HexoConfig

__all__ = [
    "HexoPermalink",
    "HexoPost",
    "HexoSite",
    "ListPage",
    "PostUrl",
    "archive_path",
    "category_path",
    "category_slug",
    "encode_url",
    "full_url_for",
    "page_path",
    "parse_post_filename",
    "post_asset_path",
    "public_file",
    "route_key",
    "tag_path",
    "tag_slug",
    "url_for",
]

POST_DIR = "_posts/"
DRAFT_DIR = "_drafts/"

#: File types Hexo renders to HTML out of the box (hexo-renderer-marked, Hexo's own html renderer).
MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown", ".mkd", ".mkdn", ".mdwn", ".mdtxt", ".mdtext"})
RENDERED_EXTENSIONS = MARKDOWN_EXTENSIONS | {".html", ".htm"}


# --- hexo-util Permalink ------------------------------------------------------------------------------------

# JavaScript's `\w` is ASCII-only; `\w*[^_\W]`: a name may not end with `_` (`:title_` is `:title` + `_`).
_PARAM = re.compile(r":(\w*[^_\W])", re.ASCII)
_JS_REGEXP_SPECIALS = re.compile(r"[-\[\]/{}()*+?.\\^$|]")


class HexoPermalink:
    """hexo-util's ``Permalink``: a rule such as ``:year/:month/:title/`` that parses and stringifies."""

    def __init__(self, rule: str, segments: Mapping[str, str] | None = None) -> None:
        """Compile *rule*; *segments* gives a parameter's own pattern (default: ``(.+?)``)."""
        if not rule:
            raise ValueError("a permalink rule is required")
        self.rule = rule
        self.params: list[str] = []
        own = dict(segments or {})

        def group(match: re.Match[str]) -> str:
            name = match.group(1)
            self.params.append(name)
            return own.get(name, "(.+?)")

        # hexo-util escapes with its own escapeRegExp, which leaves `:` alone so parameters survive it.
        escaped = _JS_REGEXP_SPECIALS.sub(lambda m: "\\" + m.group(0), rule)
        self.regex = re.compile("^" + _PARAM.sub(group, escaped) + "$", re.DOTALL)

    def parse(self, text: str) -> dict[str, str] | None:
        """The parameters *text* gives the rule, or ``None`` when it does not match."""
        match = self.regex.match(text)
        if match is None:
            return None
        return dict(zip(self.params, match.groups(), strict=True))

    def stringify(self, data: Mapping[str, object]) -> str:
        """The rule with each ``:name`` replaced by ``String(data[name])`` (``undefined`` when missing)."""
        return _PARAM.sub(
            lambda m: _js_string(data[m.group(1)]) if m.group(1) in data else "undefined", self.rule
        )


def _js_string(value: object) -> str:
    """``String(value)`` as JavaScript's template replacement writes it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ",".join("" if item is None else _js_string(item) for item in value)
    if isinstance(value, dict):
        return "[object Object]"
    return str(value)


# --- File names: the post's slug and the date new_post_name gives it ----------------------------------------

_FILENAME_SEGMENTS = {
    "year": r"(\d{4})",
    "month": r"(\d{2})",
    "day": r"(\d{2})",
    "i_month": r"(\d{1,2})",
    "i_day": r"(\d{1,2})",
    "hash": r"([0-9a-f]{12})",
}

# processor/post.ts: file-name parameters that never overwrite the post's own data.
_PRESERVED_KEYS = frozenset({"title", "year", "month", "day", "i_month", "i_day", "hash"})


def _node_extname(path: str) -> str:
    """Node's ``path.extname``: the last ``.suffix`` of the base name, ``""`` for ``.hidden`` or none."""
    base = posixpath.basename(path)
    dot = base.rfind(".")
    return "" if dot <= 0 else base[dot:]


def _strip_extname(path: str) -> str:
    extension = _node_extname(path)
    return path[: len(path) - len(extension)] if extension else path


def parse_post_filename(new_post_name: str, path: str) -> dict[str, str]:
    """processor/post.ts ``parseFilename``: what the file name (*path* under ``_posts/``) says.

    Always has ``title`` (the post's slug): the ``:title`` part when *new_post_name* matches (the default
    ``:title.md`` matches everything, keeping folders, spaces and case), else the slugized path.
    """
    rule = _strip_extname(new_post_name)
    stem = _strip_extname(path)
    data = HexoPermalink(rule, _FILENAME_SEGMENTS).parse(stem) if rule else None
    if data is not None and "title" in data:
        return data
    result = dict(data or {})
    result["title"] = slugize(stem)
    return result


# --- Dates as Hexo reads them (toDate, adjustDateForTimezone) -----------------------------------------------

# V8 reads these strings as exact instants: a date-only ISO form is UTC, an explicit offset is kept.
_ISO_DATE_ONLY = re.compile(r"^\s*[+-]?\d{4,6}-\d{2}-\d{2}\s*$")
_EXPLICIT_OFFSET = re.compile(r"(?:[Zz]|(?:GMT|UTC)?[+-]\d{2}:?\d{2}|\bGMT|\bUTC)\s*$")


def _front_matter_instant(value: object, machine_tz: tzinfo) -> datetime | None:
    """Hexo's ``toDate(value)``: an aware instant, or ``None`` when Hexo finds no date in *value*."""
    if value is None or value == "" or value == 0 or value is False:
        return None  # `if (data.date)`: a falsy value is no date at all
    if isinstance(value, datetime):
        # hexo-front-matter turned the YAML timestamp into the machine's wall clock.
        if value.tzinfo is not None:
            return value
        return value.replace(tzinfo=machine_tz)
    if isinstance(value, date):
        return datetime.combine(value, time()).replace(tzinfo=machine_tz)
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            return None
        return datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(milliseconds=value)
    if isinstance(value, str):
        wall = parse_hexo_date(value)
        if wall is None:
            return None
        if _ISO_DATE_ONLY.match(value) or _EXPLICIT_OFFSET.search(value):
            # parse_hexo_date gave the UTC wall clock of an exact instant.
            return wall.replace(tzinfo=timezone.utc)
        return wall.replace(tzinfo=machine_tz)
    return None


def _adjust_for_timezone(instant: datetime, machine_tz: tzinfo, zone: tzinfo) -> datetime:
    """processor/common.ts ``adjustDateForTimezone``: read the machine's wall clock in *zone* instead."""
    machine_offset = instant.astimezone(machine_tz).utcoffset() or timedelta()
    zone_offset = instant.astimezone(zone).utcoffset() or timedelta()
    return instant + machine_offset - zone_offset


# --- Posts --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HexoPost:
    """A post file as Hexo's post processor sees it."""

    source: str
    """Path under ``source/``: ``_posts/Algorithm/Sort/shell.md`` or ``_drafts/idea.md``."""
    front_matter: Mapping[str, Any]
    """Front matter as parsed (:func:`mkdocs_zigzag.hexo.frontmatter.parse_front_matter` ``.data``)."""
    birth_time: datetime | None = None
    """The file's creation time (aware), which Hexo uses for a post without a date."""


@dataclass
class PostUrl:
    """Where Hexo puts one post, with everything that decided it."""

    source: str
    slug: str
    """Hexo's ``post.slug``: from the file name only (a front-matter ``slug:`` is ignored, as in Hexo)."""
    title: str
    published: bool
    """``False`` for drafts and ``published: false``: Hexo still computes the path but writes no page."""
    date: datetime
    """The post's instant, in the machine's time zone (what the URL's date parts show)."""
    date_source: str
    """``front-matter``, ``file-name`` or ``file-birthtime``."""
    categories: list[list[str]]
    """Category hierarchies as written (empty for unpublished posts: Hexo gives them none)."""
    tags: list[str]
    front_matter_permalink: str | None
    category_token: str = ""
    """What ``:category`` expanded to."""
    path: str = ""
    """``post.path`` verbatim (starts with ``/`` when it came from a front-matter ``permalink``)."""
    unstable: list[str] = field(default_factory=list)
    """Why this URL may differ between builds (a date from the file's creation time, ``:id``)."""

    @property
    def url_path(self) -> str:
        """The path relative to ``root``, leading ``/`` removed (the vectors' ``url_path``)."""
        return self.path.lstrip("/")


def _js_title(value: object) -> str:
    if value is None:
        return ""
    return _js_string(value)


def _names(value: object) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [_js_string(item) for item in items if item is not None and item != ""]


def _hierarchies(value: object) -> list[list[str]]:
    """Post ``setCategories``: a list holding a list means several hierarchies, else one."""
    if value is None or value == "":
        return []
    items = value if isinstance(value, list) else [value]
    items = [item for item in items if isinstance(item, list) or (item is not None and item != "")]
    if not items:
        return []
    if any(isinstance(item, list) for item in items):
        hierarchies = (_names(item) if isinstance(item, list) else _names([item]) for item in items)
        return [names for names in hierarchies if names]
    return [_names(items)]


def _relative_to_post_dir(source: str) -> str:
    """The path the post processor parses: under ``_posts/`` or ``_drafts/``."""
    for folder in (POST_DIR, DRAFT_DIR):
        if source.startswith(folder):
            return source[len(folder) :]
    return source


def read_post(
    post: HexoPost,
    config: HexoConfig,
    machine_tz: tzinfo,
    *,
    show_drafts: bool = False,
    now: datetime | None = None,
) -> PostUrl:
    """processor/post.ts for one file: slug, date, categories and tags, before the permalink is made.

    A draft, or a post with ``published: false``, gets no page unless *show_drafts* (``hexo server
    --draft`` lists every post, and gives all of them their categories and tags). With ``future: false``
    a post dated after *now* gets none either (models/post.ts ``notPublished``).
    """
    data = dict(post.front_matter)
    is_draft = post.source.startswith(DRAFT_DIR)
    published = show_drafts or (not is_draft and data.get("published") is not False)
    info = parse_post_filename(config.new_post_name, _relative_to_post_dir(post.source))
    unstable: list[str] = []

    instant = _front_matter_instant(data.get("date"), machine_tz)
    date_source = "front-matter"
    if (
        instant is None
        and not data.get("date")
        and info.get("year")
        and (info.get("month") or info.get("i_month"))
        and (info.get("day") or info.get("i_day"))
    ):
        # The file name's date is the machine's local midnight.
        month = int(info.get("month") or info["i_month"])
        day = int(info.get("day") or info["i_day"])
        try:
            instant = datetime(int(info["year"]), month, day, tzinfo=machine_tz)
            date_source = "file-name"
        except ValueError:
            instant = None
    if instant is not None:
        if config.timezone:
            instant = _adjust_for_timezone(instant, machine_tz, ZoneInfo(config.timezone))
    else:
        date_source = "file-birthtime"
        unstable.append(
            "the post has no date: Hexo used the file's creation time, which every checkout changes"
        )
        instant = post.birth_time or datetime(1970, 1, 1, tzinfo=timezone.utc)

    if not config.future and instant > (now or datetime.now(timezone.utc)):
        published = False
    categories_value = data["categories"] if data.get("categories") is not None else data.get("category")
    tags_value = data["tags"] if data.get("tags") is not None else data.get("tag")
    permalink_value = data.get("permalink")
    return PostUrl(
        source=post.source,
        slug=info["title"],
        title=_js_title(data.get("title")),
        published=published,
        date=instant.astimezone(machine_tz),
        date_source=date_source,
        categories=_hierarchies(categories_value) if published else [],
        tags=list(dict.fromkeys(_names(tags_value))) if published and tags_value is not None else [],
        front_matter_permalink=_js_string(permalink_value) if permalink_value else None,
        unstable=unstable,
    )


def post_path(
    post: PostUrl,
    front_matter: Mapping[str, Any],
    config: HexoConfig,
    *,
    category_token: str | None = None,
    filename_info: Mapping[str, str] | None = None,
) -> str:
    """filter/post_permalink.ts: ``post.path``.

    *category_token* is the slug of the post's last category in the site's creation order (see
    :class:`HexoSite`); without one, ``default_category``. *filename_info* holds the new_post_name
    parameters that Hexo copies into the post (``:lang`` from ``:lang/:title.md``).
    """
    if post.front_matter_permalink:
        permalink = post.front_matter_permalink
        if config.post_asset_folder and not permalink.endswith(("/", ".html")):
            permalink += "/"
        return permalink if permalink.startswith("/") else "/" + permalink

    moment = post.date
    slug = post.slug
    digest = (
        hashlib.sha1((slug + str(math.floor(moment.timestamp()))).encode("utf-8")).hexdigest()[:12]
        if slug
        else None
    )
    meta: dict[str, object] = {
        "id": front_matter.get("id") or front_matter.get("_id"),
        "title": slug,
        "name": posixpath.basename(slug.rstrip("/")) if slug.strip("/") else "",
        "post_title": slugize(post.title, transform=1),
        "year": f"{moment.year:04d}",
        "month": f"{moment.month:02d}",
        "day": f"{moment.day:02d}",
        "hour": f"{moment.hour:02d}",
        "minute": f"{moment.minute:02d}",
        "second": f"{moment.second:02d}",
        "i_month": str(moment.month),
        "i_day": str(moment.day),
        "timestamp": str(math.floor(moment.timestamp())),
        "hash": digest,
        "category": category_token if category_token is not None else config.default_category,
    }
    rule = HexoPermalink(config.permalink)
    if "id" in rule.params and not meta["id"]:
        post.unstable.append("`:id` without an `id:` in the front matter is Hexo's random database id")
    # The post's own fields come next (front matter, then Hexo's defaults), then permalink_defaults.
    own: dict[str, object] = {"layout": "post", "comments": True, "published": post.published}
    own.update(front_matter)
    own.update({key: value for key, value in (filename_info or {}).items() if key not in _PRESERVED_KEYS})
    own["source"] = post.source
    own["slug"] = slug
    for key, value in own.items():
        meta.setdefault(key, value)
    for key, value in config.permalink_defaults.items():
        meta.setdefault(key, value)
    result = rule.stringify(meta)
    if config.post_asset_folder and not result.endswith(("/", ".html")):
        result += "/"
    return result


def post_asset_path(post_path_value: str, asset: str) -> str:
    """models/post_asset.ts: an asset of the post's folder lives under the post's path (``.html`` dropped)."""
    joined = posixpath.normpath(posixpath.join(re.sub(r"\.html?$", "", post_path_value), asset))
    return joined.lstrip("/")


# --- Pages and other files ----------------------------------------------------------------------------------


def page_path(source: str, front_matter_permalink: str | None = None) -> str:
    """processor/asset.ts: a rendered page's path (``about/index.md`` -> ``about/index.html``).

    A front-matter ``permalink`` replaces it: ``X/`` gets ``index``, a name without extension ``.html``.
    """
    if front_matter_permalink:
        path = front_matter_permalink
        if path.endswith("/"):
            path += "index"
        if not _node_extname(path):
            path += ".html"
        return path.lstrip("/")
    return _strip_extname(source) + ".html"


def is_rendered_page(source: str) -> bool:
    """Whether Hexo renders *source* (a path under ``source/``, not ``_posts``/``_drafts``) into a page."""
    return _node_extname(source).lower() in RENDERED_EXTENSIONS


def route_key(path: str) -> str:
    """router.ts ``format``: Hexo's route for a path (``X/`` -> ``X/index.html``, a ``?query`` dropped)."""
    route = re.sub(r"\?.*$", "", path.lstrip("/").replace("\\", "/"), flags=re.DOTALL)
    if not route or route.endswith("/"):
        route += "index.html"
    return route


def public_file(path: str) -> str:
    """The file *path* is written to under ``public/``: its route joined as a file system does."""
    return posixpath.normpath(route_key(path))


# --- Links: encodeURL, url_for, full_url_for ----------------------------------------------------------------

# encodeURI leaves these (besides ASCII letters and digits) as they are.
_ENCODE_URI_SAFE = ";,/?:@&=+$-_.!~*'()#"
_SCHEME = re.compile(r"^[a-z][a-z0-9.+-]*:$", re.IGNORECASE)


def encode_url(text: str) -> str:
    """hexo-util ``encodeURL`` for a path (``encodeURI(unescape(text))``): escapes are not doubled."""
    colon = text.find(":")
    if colon >= 0 and _SCHEME.match(text[: colon + 1]):
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https"):
            return text  # `new URL` gives a null origin: Hexo returns it untouched
        path = quote(unquote(parts.path), safe=_ENCODE_URI_SAFE)
        query = f"?{parts.query}" if parts.query else ""
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        return f"{parts.scheme}://{parts.netloc}{path}{query}{fragment}"
    return quote(unquote(text), safe=_ENCODE_URI_SAFE)


def _pretty(url: str, config: HexoConfig) -> str:
    """hexo-util ``prettyUrls``: drop ``index.html`` / ``.html`` from links when the site asks."""
    if not config.trailing_index:
        url = re.sub(r"index\.html$", "", url)
    if not config.trailing_html and not url.endswith("index.html"):
        url = re.sub(r"\.html$", "", url)
    return url


def url_for(path: str, config: HexoConfig) -> str:
    """hexo-util ``url_for``: what a theme links to (``/blog/2023/05/01/My%20First%20Post/``)."""
    if re.match(r"^(#|//|https?:)", path):
        return path
    return _pretty(encode_url(re.sub(r"/{2,}", "/", config.root + path)), config)


def full_url_for(path: str, config: HexoConfig) -> str:
    """hexo-util ``full_url_for``: the absolute URL (``url`` already holds the sub-path)."""
    if re.match(r"^(//|https?:)", path):
        return path
    return _pretty(encode_url(config.url + re.sub(r"/{2,}", "/", "/" + path)), config)


# --- Tags, categories, archives, pagination -----------------------------------------------------------------


def tag_slug(name: str, config: HexoConfig) -> str:
    """models/tag.ts: ``tag_map`` replaces the name, then slugize with ``filename_case``."""
    mapped = config.tag_map.get(name) or name
    return slugize(mapped, transform=config.filename_case)


def tag_path(name: str, config: HexoConfig) -> str:
    """models/tag.ts: ``tag_dir/<slug>/``."""
    tag_dir = config.tag_dir if config.tag_dir.endswith("/") else config.tag_dir + "/"
    return f"{tag_dir}{tag_slug(name, config)}/"


def category_slug(hierarchy: Sequence[str], config: HexoConfig) -> str:
    """models/category.ts: the parent's slug, ``/``, then the mapped and slugized name (``ml/深度学习``)."""
    return "/".join(
        slugize(config.category_map.get(name) or name, transform=config.filename_case) for name in hierarchy
    )


def category_path(hierarchy: Sequence[str], config: HexoConfig) -> str:
    """models/category.ts: ``category_dir/<slug>/`` (``category_dir: /`` puts categories at the root)."""
    category_dir = "" if config.category_dir == "/" else config.category_dir
    if not category_dir.endswith("/"):
        category_dir += "/"
    return f"{category_dir}{category_slug(hierarchy, config)}/"


def archive_path(
    config: HexoConfig, year: int | None = None, month: int | None = None, day: int | None = None
) -> str:
    """hexo-generator-archive: ``archive_dir/``, ``archive_dir/YYYY/``, ``archive_dir/YYYY/MM/``(``DD/``)."""
    base = config.archive_dir if config.archive_dir.endswith("/") else config.archive_dir + "/"
    if year is None:
        return base
    path = f"{base}{year}/"
    if month is not None:
        path += f"{month:02d}/"
        if day is not None:
            path += f"{day:02d}/"
    return path


def paginated_paths(base: str, count: int, per_page: int, pagination_dir: str) -> list[str]:
    """hexo-pagination: ``base`` for page 1, ``base + "page/N/"`` after (one page when *per_page* is 0)."""
    if base and not base.endswith("/"):
        base += "/"
    total = math.ceil(count / per_page) if per_page else 1
    return [base if number == 1 else f"{base}{pagination_dir}/{number}/" for number in range(1, total + 1)]


@dataclass(frozen=True)
class ListPage:
    """One page of a generated listing (home, archive, category, tag)."""

    kind: str
    """``index``, ``archive``, ``category`` or ``tag``."""
    path: str
    base: str
    page_number: int
    pages_total: int
    posts: tuple[str, ...]
    """Sources of the posts listed, in page order."""
    name: str | None = None
    slug: str | None = None
    parent: str | None = None
    year: int | None = None
    month: int | None = None


@dataclass
class _Category:
    name: str
    parent: _Category | None
    hierarchy: tuple[str, ...]
    created: int
    """Creation order in the site (Hexo's model order)."""
    posts: list[str] = field(default_factory=list)

    def slug(self, config: HexoConfig) -> str:
        return category_slug(self.hierarchy, config)


class HexoSite:
    """The URLs of a whole Hexo site: posts in the order Hexo read them, and the listings generated from them.

    The order of *posts* stands for the order Hexo processed the files (it reads folders in the file
    system's order); it decides ``:category`` for a post with several hierarchies (the category created
    last) and the order of posts with equal dates. Pass them sorted by ``source`` for a build that does
    not depend on the disk.
    """

    def __init__(
        self,
        config: HexoConfig,
        posts: Iterable[HexoPost],
        *,
        machine_tz: tzinfo,
        show_drafts: bool | None = None,
        now: datetime | None = None,
    ) -> None:
        """Read every post, build the category tree in creation order, and compute each post's path.

        *show_drafts* defaults to ``render_drafts``; *now* (for ``future: false``) to the current time.
        """
        self.config = config
        self.machine_tz = machine_tz
        self.show_drafts = config.render_drafts if show_drafts is None else show_drafts
        self.now = now
        self.posts: list[PostUrl] = []
        self._categories: dict[tuple[str, ...], _Category] = {}
        self._tags: dict[str, list[str]] = {}
        self._front: dict[str, Mapping[str, Any]] = {}
        for post in posts:
            self._add(post)

    def _add(self, post: HexoPost) -> None:
        record = read_post(post, self.config, self.machine_tz, show_drafts=self.show_drafts, now=self.now)
        self._front[post.source] = post.front_matter
        own: list[_Category] = []
        for hierarchy in record.categories:
            parent: _Category | None = None
            for depth in range(len(hierarchy)):
                key = tuple(hierarchy[: depth + 1])
                category = self._categories.get(key)
                if category is None:
                    category = _Category(hierarchy[depth], parent, key, len(self._categories))
                    self._categories[key] = category
                if category not in own:
                    own.append(category)
                parent = category
        # Post.categories: the model's order, i.e. creation order across the whole site.
        own.sort(key=lambda item: item.created)
        if own:
            record.category_token = own[-1].slug(self.config)
        else:
            record.category_token = self.config.default_category
        info = parse_post_filename(self.config.new_post_name, _relative_to_post_dir(post.source))
        record.path = post_path(
            record,
            post.front_matter,
            self.config,
            category_token=record.category_token if own else None,
            filename_info=info,
        )
        if record.published:
            for category in own:
                category.posts.append(record.source)
            for tag in record.tags:
                self._tags.setdefault(tag, []).append(record.source)
        self.posts.append(record)

    def post(self, source: str) -> PostUrl:
        """The post read from *source* (a path under ``source/``)."""
        for record in self.posts:
            if record.source == source:
                return record
        raise KeyError(source)

    @property
    def published_posts(self) -> list[PostUrl]:
        """Posts that get a page, in the order Hexo read them."""
        return [post for post in self.posts if post.published]

    def _by_date(self, sources: Iterable[str] | None = None) -> list[PostUrl]:
        """Posts sorted by ``-date`` (a stable sort: equal dates keep the reading order)."""
        wanted = None if sources is None else set(sources)
        chosen = [post for post in self.published_posts if wanted is None or post.source in wanted]
        return sorted(chosen, key=lambda post: post.date.timestamp(), reverse=True)

    def _paginate(
        self, kind: str, base: str, posts: list[PostUrl], per_page: int, **extra: Any
    ) -> list[ListPage]:
        paths = paginated_paths(base, len(posts), per_page, self.config.pagination_dir)
        if base and not base.endswith("/"):
            base += "/"
        pages = []
        for number, path in enumerate(paths, start=1):
            chunk = posts[(number - 1) * per_page : number * per_page] if per_page else posts
            pages.append(
                ListPage(kind, path, base, number, len(paths), tuple(post.source for post in chunk), **extra)
            )
        return pages

    def index_pages(self) -> list[ListPage]:
        """hexo-generator-index: the home list and its ``page/N/`` pages (``sticky`` posts first)."""
        posts = self._by_date()
        posts.sort(key=lambda post: -_sticky(self._front.get(post.source, {})))
        return self._paginate("index", self.config.index_path, posts, self.config.index_per_page)

    def archive_pages(self) -> list[ListPage]:
        """hexo-generator-archive: ``archives/``, then per year and month (and day when configured)."""
        config = self.config
        posts = self._by_date()
        if not posts:
            return []
        pages = self._paginate("archive", archive_path(config), posts, config.archive_per_page)
        if not config.archive_yearly:
            return pages
        years: dict[int, list[PostUrl]] = {}
        for post in posts:
            years.setdefault(post.date.year, []).append(post)
        for year in sorted(years):
            year_posts = years[year]
            pages += self._paginate(
                "archive", archive_path(config, year), year_posts, config.archive_per_page, year=year
            )
            if not (config.archive_monthly or config.archive_daily):
                continue
            for month in range(1, 13):
                month_posts = [post for post in year_posts if post.date.month == month]
                if not month_posts:
                    continue
                if config.archive_monthly:
                    pages += self._paginate(
                        "archive",
                        archive_path(config, year, month),
                        month_posts,
                        config.archive_per_page,
                        year=year,
                        month=month,
                    )
                if config.archive_daily:
                    for day in range(1, 32):
                        day_posts = [post for post in month_posts if post.date.day == day]
                        if day_posts:
                            pages += self._paginate(
                                "archive",
                                archive_path(config, year, month, day),
                                day_posts,
                                config.archive_per_page,
                                year=year,
                                month=month,
                            )
        return pages

    def category_pages(self) -> list[ListPage]:
        """hexo-generator-category: one listing per category that has published posts, ancestors included."""
        pages: list[ListPage] = []
        for category in self._categories.values():
            posts = self._by_date(category.posts)
            if not posts:
                continue
            pages += self._paginate(
                "category",
                category_path(category.hierarchy, self.config),
                posts,
                self.config.category_per_page,
                name=category.name,
                slug=category.slug(self.config),
                parent=category.parent.name if category.parent else None,
            )
        return pages

    def tag_pages(self) -> list[ListPage]:
        """hexo-generator-tag: one listing per tag of a published post (``tag_map``, ``filename_case``)."""
        pages: list[ListPage] = []
        for name, sources in self._tags.items():
            posts = self._by_date(sources)
            pages += self._paginate(
                "tag",
                tag_path(name, self.config),
                posts,
                self.config.tag_per_page,
                name=name,
                slug=tag_slug(name, self.config),
            )
        return pages

    def list_pages(self) -> list[ListPage]:
        """Every generated listing: home, archives, categories, tags."""
        return self.index_pages() + self.archive_pages() + self.category_pages() + self.tag_pages()


def _sticky(front_matter: Mapping[str, Any]) -> float:
    value = front_matter.get("sticky")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0
    return float(value)

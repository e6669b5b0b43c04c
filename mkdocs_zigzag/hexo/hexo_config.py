"""A Hexo site's ``_config.yml`` (and its theme's math settings) read into one typed settings object.

No MkDocs here: :func:`load_hexo_config` takes the Hexo folder and returns a :class:`HexoConfig` holding
what Hexo 8.1.2 would resolve (its ``default_config.ts`` under the file's values, ``root`` derived from
``url`` when unset, ``url`` without a trailing ``/``), plus the keys this port does not use, listed once so
the caller can log them. :func:`hexo_config_from_mapping` does the same for an already parsed mapping.
"""

from __future__ import annotations

import json
import math
import posixpath
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from mkdocs_zigzag.hexo.frontmatter import HexoYamlLoader

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "HexoConfig",
    "HexoConfigError",
    "ThemeMath",
    "find_hexo_config",
    "hexo_config_from_mapping",
    "load_hexo_config",
]

#: Keys of ``_config.yml`` this port reads (everything else is reported by :attr:`HexoConfig.unused_keys`).
USED_KEYS = frozenset(
    {
        "title",
        "subtitle",
        "description",
        "author",
        "language",
        "timezone",
        "url",
        "root",
        "permalink",
        "permalink_defaults",
        "pretty_urls",
        "source_dir",
        "public_dir",
        "tag_dir",
        "archive_dir",
        "category_dir",
        "new_post_name",
        "filename_case",
        "post_asset_folder",
        "default_category",
        "category_map",
        "tag_map",
        "per_page",
        "pagination_dir",
        "theme",
        "theme_config",
        "marked",
        "kramed",
        "math",
        "mathjax",
        "index_generator",
        "archive_generator",
        "category_generator",
        "tag_generator",
        "feed",
        "keywords",
        "future",
        "render_drafts",
    }
)


class HexoConfigError(Exception):
    """``_config.yml`` cannot be read (missing, not YAML, not a mapping); the message says which file."""


@dataclass(frozen=True)
class ThemeMath:
    """The math settings of the blog's theme (NexT, Butterfly or Fluid), reduced to what matters here."""

    engine: str | None
    """``"katex"``, ``"mathjax"`` or ``None`` when the theme renders no math."""
    every_page: bool
    """Math on every page (``True``) or only on pages whose front matter asks for it (``mathjax: true``)."""
    source: str
    """Where it was read: ``"next"``, ``"butterfly"``, ``"fluid"``."""
    tags: str | None = None
    """MathJax's automatic equation numbers as the theme set them (NexT 8 and Butterfly 4+
    ``math.mathjax.tags``: ``none``, ``ams`` or ``all``); None when the theme does not say."""


@dataclass(frozen=True)
class HexoConfig:
    """What Hexo 8.1.2 resolves from ``_config.yml``: settings that shape URLs, site metadata, rendering."""

    title: str = "Hexo"
    subtitle: str = ""
    description: str = ""
    author: str = "John Doe"
    language: str = "en"
    keywords: str = ""
    timezone: str = ""
    """Hexo's ``timezone`` (an IANA name; ``""``: the machine's zone)."""
    url: str = "http://example.com"
    """Without a trailing ``/`` (Hexo strips it)."""
    root: str = "/"
    """Always ends with ``/``; derived from ``url``'s path when ``_config.yml`` has none."""
    permalink: str = ":year/:month/:day/:title/"
    permalink_defaults: dict[str, str] = field(default_factory=dict)
    trailing_index: bool = True
    """``pretty_urls.trailing_index``: links keep ``index.html`` (files always do)."""
    trailing_html: bool = True
    """``pretty_urls.trailing_html``: links keep ``.html`` (files always do)."""
    source_dir: str = "source"
    public_dir: str = "public"
    tag_dir: str = "tags"
    archive_dir: str = "archives"
    category_dir: str = "categories"
    pagination_dir: str = "page"
    per_page: int = 10
    new_post_name: str = ":title.md"
    filename_case: int = 0
    post_asset_folder: bool = False
    future: bool = True
    """``future: false`` hides posts dated after the build."""
    render_drafts: bool = False
    """Drafts are posts in every build (as ``hexo server --draft`` does for one run)."""
    default_category: str = "uncategorized"
    category_map: dict[str, str] = field(default_factory=dict)
    tag_map: dict[str, str] = field(default_factory=dict)
    theme: str = "landscape"
    index_path: str = ""
    """``index_generator.path``: where the home list lives (``""``: the site root)."""
    index_per_page: int = 10
    archive_per_page: int = 10
    archive_yearly: bool = True
    archive_monthly: bool = True
    archive_daily: bool = False
    category_per_page: int = 10
    tag_per_page: int = 10
    feeds: tuple[tuple[str, str], ...] = ()
    """``(type, path)`` of each feed hexo-generator-feed writes (``("atom", "atom.xml")``); empty without a
    ``feed`` section (the plugin is installed by hand, so the section is the sign it is used)."""
    feed_limit: int = 20
    """``feed.limit``: how many posts a feed holds (0: all)."""
    feed_content: bool = True
    """``feed.content``: entries carry the whole post, not only its summary."""
    marked: dict[str, Any] = field(default_factory=dict)
    """``marked:`` options as written (hexo-renderer-marked: ``gfm``, ``breaks``, ``postAsset``...)."""
    kramed: dict[str, Any] = field(default_factory=dict)
    math: ThemeMath | None = None
    hexo_math: dict[str, Any] | None = None
    """hexo-math's site-wide ``math:`` section of ``_config.yml`` as written (None: no such section)."""
    filter_mathjax: dict[str, Any] | None = None
    """hexo-filter-mathjax's ``mathjax:`` section of ``_config.yml`` as written (None: no such section)."""
    dependencies: tuple[str, ...] = ()
    """The npm packages of the blog's ``package.json`` (``dependencies`` and ``devDependencies``), sorted:
    which Markdown renderer and math plugins the blog ran."""
    unused_keys: tuple[str, ...] = ()
    """Top-level keys of ``_config.yml`` this port does not use, sorted, each once."""
    problems: tuple[str, ...] = ()
    """Values not usable as written (an unknown time zone, a ``per_page`` that is not a number)."""

    @property
    def feed_paths(self) -> tuple[str, ...]:
        """The files the feeds are written to (``atom.xml``)."""
        return tuple(path for _kind, path in self.feeds)

    @property
    def site_url(self) -> str:
        """MkDocs' ``site_url``: ``url`` (holding the sub-path) or, when it has none, its host + ``root``."""
        parts = urlsplit(self.url)
        if parts.path.strip("/") or self.root == "/":
            return self.url + "/"
        return f"{parts.scheme}://{parts.netloc}{self.root}"


def find_hexo_config(folder: Path) -> Path | None:
    """The site config Hexo would load from *folder*: ``_config.yml``, else another ``_config.*`` file."""
    candidate = folder / "_config.yml"
    if candidate.is_file():
        return candidate
    for other in sorted(folder.glob("_config.*")):
        # Hexo's findConfigPath: any file whose stem is `_config` (`_config.yaml`, `_config.json`).
        if other.is_file() and other.stem == "_config" and other.suffix in (".yaml", ".json"):
            return other
    return None


def load_hexo_config(folder: Path) -> HexoConfig:
    """Read *folder*'s ``_config.yml`` and its theme's math settings as Hexo would resolve them."""
    path = find_hexo_config(folder)
    if path is None:
        raise HexoConfigError(f"{folder}: no _config.yml, so this is not a Hexo site folder.")
    data = _read_mapping(path)
    if data is None:
        raise HexoConfigError(f"{path}: not a YAML mapping of settings.")
    theme = str(data.get("theme") or "")
    theme_data = _theme_settings(folder, theme, data.get("theme_config"))
    config = hexo_config_from_mapping(data, theme_settings=theme_data)
    return replace(config, dependencies=package_dependencies(folder))


def package_dependencies(folder: Path) -> tuple[str, ...]:
    """The npm packages *folder*'s ``package.json`` depends on, sorted (none when it is missing or broken:
    the math setup then falls back to Hexo's defaults)."""
    try:
        data = json.loads((folder / "package.json").read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return ()
    if not isinstance(data, dict):
        return ()
    names: set[str] = set()
    for key in ("dependencies", "devDependencies"):
        section = data.get(key)
        if isinstance(section, dict):
            names.update(str(name) for name in section)
    return tuple(sorted(names))


def _read_mapping(path: Path) -> dict[str, Any] | None:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise HexoConfigError(f"{path}: cannot be read ({error.strerror}).") from None
    try:
        data = yaml.load(text, Loader=HexoYamlLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise HexoConfigError(
            f"{where}: {problem}; fix the YAML so Hexo (and this plugin) can read it."
        ) from None
    if data is None:
        return {}
    return {str(key): value for key, value in data.items()} if isinstance(data, dict) else None


def _theme_settings(folder: Path, theme: str, overrides: object) -> dict[str, Any]:
    """Theme settings merged as Hexo does: theme's file < ``_config.<theme>.yml`` < ``theme_config``."""
    merged: dict[str, Any] = {}
    if theme:
        for candidate in (
            folder / "themes" / theme / "_config.yml",
            folder / "node_modules" / f"hexo-theme-{theme}" / "_config.yml",
        ):
            if candidate.is_file():
                merged = _deep_merge(merged, _read_mapping(candidate) or {})
                break
        alternate = folder / f"_config.{theme}.yml"
        if alternate.is_file():
            merged = _deep_merge(merged, _read_mapping(alternate) or {})
    if isinstance(overrides, dict):
        merged = _deep_merge(merged, overrides)
    return merged


def _deep_merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """hexo-util ``deepMerge`` for mappings: nested mappings merge, anything else replaces."""
    result = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _deep_merge(result[key], value)
        else:
            result[key] = value
    return result


def hexo_config_from_mapping(
    data: dict[str, Any], *, theme_settings: dict[str, Any] | None = None
) -> HexoConfig:
    """A :class:`HexoConfig` from a parsed ``_config.yml`` (Hexo's defaults fill what is missing)."""
    problems: list[str] = []
    defaults = HexoConfig()

    def text(key: str, default: str) -> str:
        value = data.get(key)
        if value is None:
            return default
        if isinstance(value, list):
            # `language: [zh-CN, en]`: Hexo's first language is the site's.
            return _text(value[0]) if value else default
        return _text(value)

    def number(section: dict[str, Any], key: str, default: int, label: str) -> int:
        value = section.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            problems.append(f"`{label}: {value!r}` is not a number; using {default}.")
            return default
        return int(value)

    url = text("url", defaults.url).rstrip("/")
    root_value = data.get("root")
    # Hexo's load_config: without `root`, the path of `url` is the root.
    root = _text(root_value) if root_value else urlsplit(url).path or "/"
    root = root.rstrip("/") + "/"
    if not root.startswith("/"):
        root = "/" + root

    time_zone = text("timezone", "")
    if time_zone:
        try:
            ZoneInfo(time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(f"`timezone: {time_zone}` is not a known time zone; dates are read as UTC.")
            time_zone = ""

    pretty_value = data.get("pretty_urls")
    pretty: dict[str, Any] = pretty_value if isinstance(pretty_value, dict) else {}
    per_page = number(data, "per_page", defaults.per_page, "per_page")

    def generator(name: str) -> dict[str, Any]:
        value = data.get(name)
        return value if isinstance(value, dict) else {}

    index_generator, archive_generator = generator("index_generator"), generator("archive_generator")
    feed_section = generator("feed")
    filename_case = data.get("filename_case", 0)
    if filename_case not in (0, 1, 2) or isinstance(filename_case, bool):
        problems.append(f"`filename_case: {filename_case!r}` is not 0, 1 or 2; using 0.")
        filename_case = 0

    return HexoConfig(
        title=text("title", defaults.title),
        subtitle=text("subtitle", ""),
        description=text("description", ""),
        author=text("author", defaults.author),
        language=text("language", defaults.language),
        keywords=text("keywords", ""),
        timezone=time_zone,
        url=url,
        root=root,
        permalink=text("permalink", defaults.permalink) or defaults.permalink,
        permalink_defaults=_string_map(data.get("permalink_defaults")),
        trailing_index=pretty.get("trailing_index") is not False,
        trailing_html=pretty.get("trailing_html") is not False,
        source_dir=text("source_dir", defaults.source_dir),
        public_dir=text("public_dir", defaults.public_dir),
        tag_dir=text("tag_dir", defaults.tag_dir),
        archive_dir=text("archive_dir", defaults.archive_dir),
        category_dir=text("category_dir", defaults.category_dir),
        pagination_dir=text("pagination_dir", defaults.pagination_dir) or "page",
        per_page=per_page,
        new_post_name=text("new_post_name", defaults.new_post_name) or defaults.new_post_name,
        filename_case=int(filename_case),
        post_asset_folder=bool(data.get("post_asset_folder", False)),
        future=data.get("future", True) is not False,
        render_drafts=data.get("render_drafts", False) is True,
        default_category=text("default_category", defaults.default_category),
        category_map=_string_map(data.get("category_map")),
        tag_map=_string_map(data.get("tag_map")),
        theme=text("theme", defaults.theme),
        index_path=_text(index_generator.get("path") or ""),
        index_per_page=number(index_generator, "per_page", per_page, "index_generator.per_page"),
        archive_per_page=number(archive_generator, "per_page", per_page, "archive_generator.per_page"),
        archive_yearly=archive_generator.get("yearly", True) is not False,
        archive_monthly=archive_generator.get("monthly", True) is not False,
        archive_daily=archive_generator.get("daily", False) is True,
        category_per_page=number(
            generator("category_generator"), "per_page", per_page, "category_generator.per_page"
        ),
        tag_per_page=number(generator("tag_generator"), "per_page", per_page, "tag_generator.per_page"),
        feeds=_feeds(data.get("feed")),
        feed_limit=number(feed_section, "limit", 20, "feed.limit"),
        feed_content=feed_section.get("content", True) is not False,
        marked=dict(data["marked"]) if isinstance(data.get("marked"), dict) else {},
        kramed=dict(data["kramed"]) if isinstance(data.get("kramed"), dict) else {},
        math=theme_math(theme_settings or {}, str(data.get("theme") or "")),
        hexo_math=dict(data["math"]) if isinstance(data.get("math"), dict) else None,
        filter_mathjax=dict(data["mathjax"]) if isinstance(data.get("mathjax"), dict) else None,
        unused_keys=tuple(sorted(key for key in data if key not in USED_KEYS)),
        problems=tuple(problems),
    )


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _string_map(value: object) -> dict[str, str]:
    """A ``name: replacement`` mapping (``category_map``, ``tag_map``, ``permalink_defaults``) as text."""
    if not isinstance(value, dict):
        return {}
    return {_text(key): _text(item) for key, item in value.items() if item is not None}


def _feeds(value: object) -> tuple[tuple[str, str], ...]:
    """hexo-generator-feed 4's ``index.js``: which feeds (``type``) go to which files (``path``)."""
    if not isinstance(value, dict) or value.get("enable") is False:
        return ()
    raw_type, raw_path = value.get("type"), value.get("path")
    # A list of types stays a list (even of one); anything else is one type, `atom` unless `rss2`.
    type_list = isinstance(raw_type, list)
    if isinstance(raw_type, list):
        types = list(dict.fromkeys(str(item) for item in raw_type if item in ("atom", "rss2")))
        if not types:
            types, type_list = ["atom"], False
    else:
        types = [str(raw_type)] if raw_type in ("atom", "rss2") else ["atom"]
    # A path of another shape than the type (a string for a list of types, or the reverse) is ignored.
    if not raw_path or isinstance(raw_path, list) != type_list:
        paths = [f"{kind}.xml" for kind in types]
    elif isinstance(raw_path, list):
        paths = [str(item) for item in raw_path]
        if len(paths) > len(types):
            paths = paths[: len(types)]
        elif len(paths) < len(types):
            paths.append(f"{types[1]}.xml")
    else:
        paths = [str(raw_path)]
    paths = [path if posixpath.splitext(path)[1] else path + ".xml" for path in paths]
    return tuple(zip(types, paths, strict=False))


def theme_math(settings: dict[str, Any], theme: str = "") -> ThemeMath | None:
    """The math engine of a NexT (5 to 8), Butterfly or Fluid theme config, or ``None`` when it enables none.

    *theme* is ``_config.yml``'s ``theme``: NexT 5 and Butterfly 3 share a top-level ``mathjax:`` section
    whose ``per_page`` means the opposite in each.
    """
    math_section = settings.get("math")
    if isinstance(math_section, dict):
        mathjax = math_section.get("mathjax")
        tags_value = mathjax.get("tags") if isinstance(mathjax, dict) else None
        tags = str(tags_value).lower() if isinstance(tags_value, str) else None
        # Butterfly 4.x/5.x: `math: {use: katex|mathjax, per_page: true, mathjax: {tags: none}}`.
        use = math_section.get("use")
        if isinstance(use, str) and use.lower() in ("katex", "mathjax"):
            every_page = math_section.get("per_page", True) is not False
            return ThemeMath(use.lower(), every_page, "butterfly", tags)
        # NexT 8: `math: {every_page: false, mathjax: {enable: true, tags: none}, katex: {enable: false}}`.
        # NexT 7 and the first 8.x: `per_page: true` instead (only posts with `mathjax: true`), and their
        # MathJax numbered as AMS (no `tags` option yet). With both engines on, NexT loads MathJax.
        for engine in ("mathjax", "katex"):
            section = math_section.get(engine)
            if isinstance(section, dict) and section.get("enable") is True:
                if "every_page" in math_section or "per_page" not in math_section:
                    return ThemeMath(engine, math_section.get("every_page") is True, "next", tags)
                ams = "ams" if engine == "mathjax" else None
                return ThemeMath(engine, math_section.get("per_page") is False, "next", tags or ams)
        # NexT 6: `math: {enable: true, per_page: true, engine: mathjax|katex}`; its MathJax numbered as AMS.
        engine_name = math_section.get("engine")
        if math_section.get("enable") is True and isinstance(engine_name, str):
            engine = engine_name.lower()
            if engine in ("katex", "mathjax"):
                every_page = math_section.get("per_page") is False
                return ThemeMath(engine, every_page, "next", "ams" if engine == "mathjax" else None)
    post = settings.get("post")
    if isinstance(post, dict) and isinstance(post.get("math"), dict):
        # Fluid: `post: {math: {enable: true, specific: false, engine: mathjax}}`.
        fluid = post["math"]
        if fluid.get("enable") is True:
            engine = str(fluid.get("engine") or "mathjax").lower()
            return ThemeMath(engine, fluid.get("specific") is not True, "fluid")
    name = theme.lower()
    for engine in ("katex", "mathjax"):
        section = settings.get(engine)
        if not isinstance(section, dict) or section.get("enable") is not True:
            continue
        if engine == "mathjax" and ("next" in name or ("butterfly" not in name and "cdn" in section)):
            # NexT 5: top-level `mathjax: {enable: true, per_page: false, cdn: …}`; `per_page: true` loads
            # MathJax only on posts with `mathjax: true` (MathJax 2, numbering nothing).
            return ThemeMath(engine, section.get("per_page") is not True, "next")
        # Butterfly 3.x: top-level `mathjax: {enable: true, per_page: false}` / `katex: {...}`;
        # `per_page: true` loads it on every page.
        return ThemeMath(engine, section.get("per_page") is not False, "butterfly")
    return None

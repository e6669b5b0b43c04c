"""Hexo front matter: split a post as hexo-front-matter 4.2.1 does, read it with Hexo's date rules.

No MkDocs here: :func:`parse_front_matter` takes the file's text and returns a :class:`HexoFrontMatter`
(Hexo's fields, typed), the body (a byte-identical suffix of the file), the 1-based file line where the
body starts, and :class:`~mkdocs_zigzag.diagnostics.Diagnostic` objects for what the author must fix.
:func:`material_meta` maps it to the metadata MkDocs and Material's blog understand.

Dates follow what Hexo 8 displays on a machine whose clock runs in UTC: the wall clock as written is the
wall clock shown (a YAML timestamp ``2024-8-17 12:06:54``, a quoted string, a ``Z`` timestamp); a
timestamp with an explicit offset is shown converted to UTC (js-yaml converts it, hexo-front-matter then
reads the UTC fields as local time); epoch milliseconds are shown in UTC. Hexo's ``timezone`` option
(``hexo_timezone`` here) says in which zone that wall clock is: the date becomes timezone-aware there,
so the instant is right while the displayed date and the post URL keep the wall clock as written. The
machine's own time zone never matters (Hexo's would; a build must not change with the machine).
"""

from __future__ import annotations

import email.utils
import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import yaml
from markupsafe import Markup

from mkdocs_zigzag.diagnostics import Diagnostic
from mkdocs_zigzag.hexo.slugize import CATEGORY_LEVEL_SEPARATOR, category_level_names

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import tzinfo

# hexo-front-matter 4.2.1, lib/front_matter.ts: the same patterns, with CRLF accepted (Hexo's file reader
# turns CRLF into LF before splitting; here the body must stay byte-identical, so the pattern bends instead).
_PREFIX_SEPARATOR = re.compile(r"^(-{3,}|;{3,})")
_FRONT_MATTER = re.compile(r"^(-{3,}|;{3,})\r?\n([\s\S]+?)\r?\n\1(?:\r?\n)?([\s\S]*)")
_FRONT_MATTER_BARE = re.compile(r"^([\s\S]+?)\r?\n(-{3,}|;{3,})(?:\r?\n)?([\s\S]*)")

#: Keys Hexo gives a meaning to (``slug`` it ignores: the file name is the slug); every other key is kept.
HEXO_KEYS = frozenset(
    {
        "title",
        "date",
        "updated",
        "tags",
        "tag",
        "categories",
        "category",
        "excerpt",
        "description",
        "permalink",
        "published",
        "comments",
        "lang",
        "layout",
        "slug",
    }
)


@dataclass(frozen=True)
class SplitPost:
    """A post cut into its front-matter block and its body, as hexo-front-matter's ``split`` cuts it."""

    raw: str | None
    """The text between the separators (``None`` when the file has no front matter)."""
    body: str
    """Everything after the closing separator line: a byte-identical suffix of the file."""
    separator: str
    """``---`` (YAML), ``;;;`` (JSON), or ``""`` without front matter."""
    raw_line: int
    """1-based file line of the first line of *raw*."""
    body_line: int
    """1-based file line where *body* starts."""


def split_post(source: str, *, allow_bare: bool = True) -> SplitPost:
    """Split *source* into front matter and body exactly as hexo-front-matter 4.2.1 does.

    ``---``/``;;;`` (three or more) open and the same run closes; with *allow_bare* (Hexo's rule for posts)
    a file that does not start with a separator may still have front matter ending at the first separator
    line (``title: x`` / ``---``). Whether the block is front matter at all is decided when it is parsed.
    """
    match = _FRONT_MATTER.match(source)
    if match:
        return SplitPost(
            raw=match.group(2),
            body=match.group(3),
            separator=match.group(1),
            raw_line=2,
            body_line=_line_at(source, match.start(3)),
        )
    if _PREFIX_SEPARATOR.match(source) or not allow_bare:
        return SplitPost(raw=None, body=source, separator="", raw_line=1, body_line=1)
    match = _FRONT_MATTER_BARE.match(source)
    if match:
        return SplitPost(
            raw=match.group(1),
            body=match.group(3),
            separator=match.group(2),
            raw_line=1,
            body_line=_line_at(source, match.start(3)),
        )
    return SplitPost(raw=None, body=source, separator="", raw_line=1, body_line=1)


def _line_at(source: str, offset: int) -> int:
    return source.count("\n", 0, offset) + 1


class NotUtf8Error(ValueError):
    """A post or page whose bytes are not UTF-8 text: the message names the file, line and byte."""


def read_source(path: str, shown: str) -> str:
    """The text of the Markdown file at *path* (UTF-8, an initial BOM dropped), as MkDocs and Hexo read it.

    Raises :class:`NotUtf8Error` naming *shown* (the path as the author sees it, ``docs/…``) and the line
    of the first byte that is not UTF-8, instead of a bare ``UnicodeDecodeError`` naming no file.
    """
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise NotUtf8Error(
            f"{shown}:{line}: the file is not UTF-8 text (byte 0x{data[error.start]:02x} cannot start or "
            "continue a UTF-8 character), so it cannot be read. Save it as UTF-8 (Hexo reads posts as "
            "UTF-8 too), e.g. `iconv -f GBK -t UTF-8`, if it was written in another encoding."
        ) from None


# --- YAML as js-yaml reads it, with Hexo's timestamp rule ------------------------------------------------

_BOOL_TAG = "tag:yaml.org,2002:bool"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
# js-yaml 4 (YAML 1.2 core schema): only true/false are booleans; YAML 1.1's yes/no/on/off stay strings.
_JS_YAML_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


class HexoYamlLoader(yaml.SafeLoader):
    """PyYAML's safe loader with js-yaml's booleans and hexo-front-matter's timestamp rule.

    Timestamps are YAML 1.1's (one-digit month/day/hour only when a time is present, as in js-yaml) and
    become naive datetimes holding the wall clock Hexo displays (see the module docstring).
    """


HexoYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
HexoYamlLoader.add_implicit_resolver(_BOOL_TAG, _JS_YAML_BOOL, list("tTfF"))


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> datetime:
    value = yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    if not isinstance(value, datetime):
        return datetime.combine(value, time())
    if value.tzinfo is not None:
        # A "Z" timestamp keeps its fields; an offset is converted to UTC first (js-yaml), then
        # hexo-front-matter reads the UTC fields as the local wall clock.
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


HexoYamlLoader.add_constructor(_TIMESTAMP_TAG, _construct_timestamp)

if yaml.__with_libyaml__:

    class _HexoYamlCLoader(yaml.CSafeLoader):
        """The same rules over libyaml's scanner and parser (five times faster on a blog's posts)."""

    _HexoYamlCLoader.yaml_implicit_resolvers = HexoYamlLoader.yaml_implicit_resolvers
    _HexoYamlCLoader.add_constructor(_TIMESTAMP_TAG, _construct_timestamp)
    _FAST_LOADER: type = _HexoYamlCLoader
    _FAST_DUMPER: type = yaml.CSafeDumper
else:  # pragma: no cover - PyYAML built without libyaml
    _FAST_LOADER = HexoYamlLoader
    _FAST_DUMPER = yaml.SafeDumper


def _escape_tabs(raw: str) -> str:
    """hexo-front-matter's ``escapeYAML``: each tab that indents a line (not the first) becomes two spaces."""
    return re.sub(r"\n(\t+)", lambda m: "\n" + "  " * len(m.group(1)), raw)


# --- Dates as Hexo's ``toDate`` reads them (``new Date(value)`` in V8, on a UTC machine) --------------------

_ISO_OR_LEGACY = re.compile(
    r"^\s*(\d{4})([-/])(\d{1,2})\2(\d{1,2})"
    r"(?:(?:[Tt]|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?"
    r"\s*(Z|z|(?:GMT|UTC)?[+-]\d{2}:?\d{2})?\s*$"
)
_US_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$")


def parse_hexo_date(value: object) -> datetime | None:
    """The wall clock Hexo displays for a front-matter date *value*, or ``None`` when Hexo finds no date.

    Accepts what reaches Hexo's ``toDate``: a datetime from YAML, epoch milliseconds, or a string in the
    forms V8's ``Date`` reads (ISO 8601 with ``T`` or a space, one-digit fields, ``/`` separators,
    ``M/D/YYYY``, RFC 2822 such as ``Sat, 17 Aug 2024 12:06:54 +0800``).
    """
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            return datetime(1970, 1, 1) + timedelta(milliseconds=value)
        except OverflowError:
            return None
    if isinstance(value, str):
        return _parse_date_string(value)
    return None


def _parse_date_string(text: str) -> datetime | None:
    match = _ISO_OR_LEGACY.match(text)
    if match:
        year, _, month, day, hour, minute, second, fraction, offset = match.groups()
        micro = int((fraction or "0")[:6].ljust(6, "0"))
        try:
            wall = datetime(
                int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0), micro
            )
        except ValueError:
            return None
        if offset and offset.upper() != "Z":
            digits = re.sub(r"^(?:GMT|UTC)", "", offset).replace(":", "")
            delta = timedelta(hours=int(digits[1:3]), minutes=int(digits[3:5]))
            wall = wall - delta if digits[0] == "+" else wall + delta
        return wall
    match = _US_DATE.match(text)
    if match:
        month, day, year, hour, minute, second = match.groups()
        try:
            return datetime(
                int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
            )
        except ValueError:
            return None
    parsed = email.utils.parsedate_tz(text)
    if parsed is None:
        return None
    try:
        wall = datetime(*parsed[:6])
    except ValueError:
        return None
    offset_seconds = parsed[9]
    return wall if offset_seconds is None else wall - timedelta(seconds=offset_seconds)


def resolve_time_zone(name: str) -> tzinfo | None:
    """The zone Hexo's ``timezone`` option names (``""`` → ``None``: dates stay naive, read as UTC)."""
    return ZoneInfo(name) if name else None


# --- The parsed post -------------------------------------------------------------------------------------


@dataclass
class HexoFrontMatter:
    """A Hexo post's front matter, read with Hexo's rules, and where its body starts."""

    data: dict[str, Any]
    """Every key as parsed (timestamps as the displayed wall clock); empty without front matter."""
    body: str
    """The Markdown after the front matter: a byte-identical suffix of the file."""
    body_line: int
    """1-based file line where *body* starts."""
    has_front_matter: bool
    """Whether a block was recognised (a block that is not a mapping is body, as in Hexo)."""
    title: str | None = None
    date: datetime | None = None
    """Created date: aware in ``hexo_timezone`` when one is set, else naive (Material reads it as UTC)."""
    updated: datetime | None = None
    tags: list[str] = field(default_factory=list)
    categories: list[list[str]] = field(default_factory=list)
    """Category hierarchies: ``categories: [A, B]`` is one, ``[[A, B], [C]]`` two (Hexo's rule)."""
    excerpt: str | None = None
    description: str | None = None
    published: bool = True
    extra: dict[str, Any] = field(default_factory=dict)
    """Every other key, untouched (``permalink``, ``comments``, ``lang``, ``layout`` and unknown ones)."""
    key_lines: dict[str, int] = field(default_factory=dict)
    """1-based file line of each top-level key."""
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def category_names(self) -> list[str]:
        """Every level of every hierarchy named by its path (``Algorithm / Sort``), once each, in order.

        Material's categories are flat: a category per level keeps Hexo's tree apart (``Python / Basics``
        and ``Java / Basics`` are two categories, as in Hexo) and lists the post on each level's page.
        """
        return list(dict.fromkeys(name for path in self.categories for name in category_level_names(path)))


def parse_front_matter(
    source: str,
    *,
    time_zone: tzinfo | None = None,
    file_time: datetime | None = None,
    allow_bare: bool = True,
    date_required: bool = False,
) -> HexoFrontMatter:
    """Read a Hexo post: split it, parse its YAML/JSON block, type Hexo's keys, report what is wrong.

    *time_zone* is Hexo's ``timezone``; *file_time* (an aware instant) stands in for a date that is
    missing (when *date_required*, as for blog posts) or invalid, as Hexo uses the file's birth time.
    Diagnostics carry file lines.
    """
    split = split_post(source, allow_bare=allow_bare)
    diagnostics: list[Diagnostic] = []
    data: dict[str, Any] | None = None
    key_lines: dict[str, int] = {}
    if split.raw is not None:
        if split.separator.startswith(";"):
            data = _parse_json_block(split, diagnostics)
            key_lines = _json_key_lines(split)
        else:
            data, key_lines = _parse_yaml_block(split, diagnostics)
    if data is None:
        if split.raw is not None and not diagnostics:
            # Not a mapping (a paragraph above a thematic break, say): Hexo keeps the whole file as body.
            split = SplitPost(raw=None, body=source, separator="", raw_line=1, body_line=1)
        data = {}
    result = HexoFrontMatter(
        data=data,
        body=split.body,
        body_line=split.body_line,
        has_front_matter=bool(data),
        key_lines=key_lines,
        diagnostics=diagnostics,
    )
    _type_keys(result, time_zone, file_time, date_required, split.raw_line)
    return result


def _parse_yaml_block(
    split: SplitPost, diagnostics: list[Diagnostic]
) -> tuple[dict[str, Any] | None, dict[str, int]]:
    assert split.raw is not None
    text = _escape_tabs(split.raw)
    try:
        loader = _FAST_LOADER(text)
        try:
            node = loader.get_single_node()
            too_big = node is not None and _expanded_size(node) > MAX_EXPANDED_NODES
            data = loader.construct_document(node) if node is not None and not too_big else None
        finally:
            loader.dispose()
        if too_big:
            assert node is not None
            diagnostics.append(
                Diagnostic(
                    split.raw_line + _first_alias_line(node),
                    f"front matter expands to more than {MAX_EXPANDED_NODES:,} values through YAML aliases "
                    "(`*name`); the post is built without it.",
                    "Write the values out instead of repeating anchors (`&name`) inside one another.",
                )
            )
            return None, {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = split.raw_line + (mark.line if mark is not None else 0)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        diagnostics.append(
            Diagnostic(
                line,
                f"front matter is not valid YAML ({problem}); the post is built without it.",
                "Fix the YAML (quote values that contain ': ' or start with a special character).",
            )
        )
        return None, {}
    if not isinstance(data, dict):
        return None, {}
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                lines.setdefault(str(key_node.value), split.raw_line + key_node.start_mark.line)
    return {str(key): value for key, value in data.items()}, lines


MAX_EXPANDED_NODES = 10_000
"""Most values a front-matter block may hold once its YAML aliases are expanded (a real one holds tens).

An alias (``*a``) is a reference, so ten lines of anchors nested in one another ("billion laughs") parse
in microseconds into a value that every later step (comparison, ``repr``, YAML dump, Material's reading)
walks as billions of values."""


def _expanded_size(node: yaml.Node) -> float:
    """How many values *node* stands for with every alias expanded (``inf`` for a recursive one).

    Each distinct node is sized once (an alias is the same node object as its anchor), so this takes
    time in the size of the text, not of the expansion.
    """
    sizes: dict[int, float] = {}
    in_progress: set[int] = set()

    def size(current: yaml.Node) -> float:
        key = id(current)
        if key in sizes:
            return sizes[key]
        if key in in_progress:
            return float("inf")  # an anchor that contains itself
        in_progress.add(key)
        total = 1.0
        if isinstance(current, yaml.SequenceNode):
            for item in current.value:
                total += size(item)
                if total > MAX_EXPANDED_NODES:
                    break
        elif isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                total += size(key_node) + size(value_node)
                if total > MAX_EXPANDED_NODES:
                    break
        in_progress.discard(key)
        sizes[key] = total
        return total

    try:
        return size(node)
    except RecursionError:  # nesting deeper than Python's stack: no real front matter does that
        return float("inf")


def _first_alias_line(node: yaml.Node) -> int:
    """0-based line, in the block, of the first node reached twice (an alias), else of *node*."""
    seen: set[int] = set()
    stack = [node]
    first: int | None = None
    while stack:
        current = stack.pop()
        if id(current) in seen:
            line = current.start_mark.line
            first = line if first is None else min(first, line)
            continue
        seen.add(id(current))
        if isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            stack.extend(item for pair in current.value for item in pair)
    return node.start_mark.line if first is None else first


def _parse_json_block(split: SplitPost, diagnostics: list[Diagnostic]) -> dict[str, Any] | None:
    assert split.raw is not None
    try:
        data = json.loads("{" + split.raw + "}")
    except json.JSONDecodeError as error:
        diagnostics.append(
            Diagnostic(
                split.raw_line + error.lineno - 1,
                f"front matter between ';;;' is not valid JSON ({error.msg}); the post is built without it.",
                'Write it as JSON members without the braces, e.g. "title": "…", "date": "2024-08-17".',
            )
        )
        return None
    return data if isinstance(data, dict) else None


def _json_key_lines(split: SplitPost) -> dict[str, int]:
    assert split.raw is not None
    lines: dict[str, int] = {}
    for index, line in enumerate(split.raw.splitlines()):
        match = re.match(r'\s*"((?:[^"\\]|\\.)*)"\s*:', line)
        if match:
            lines.setdefault(match.group(1), split.raw_line + index)
    return lines


def _as_names(value: object) -> list[str]:
    """A tag/category value as Hexo lists it: a scalar is one name, empty entries are dropped."""
    items = value if isinstance(value, list) else [value]
    return [_name(item) for item in items if item is not None and item != ""]


def _name(item: object) -> str:
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, float) and item.is_integer():
        return str(int(item))
    return str(item)


def _hierarchies(value: object) -> list[list[str]]:
    """Hexo's ``setCategories``: a flat list is one hierarchy; when the first item is a list, each is one."""
    if value is None or value == "":
        return []
    items = value if isinstance(value, list) else [value]
    items = [item for item in items if item is not None and item != ""]
    if not items:
        return []
    if not isinstance(items[0], list):
        return [_as_names(items)]
    return [names for names in (_as_names(item) for item in items) if names]


TEXT_KEYS = (
    "title",
    "excerpt",
    "description",
    "summary",
    "author",
    "subtitle",
    "status",
    "lang",
    "permalink",
    "layout",
)
"""Keys whose value is text for Hexo, its themes or Material: a mapping or list there is a mistake."""


def _drop_structured_names(data: dict[str, Any], key: str, line: int, diagnostics: list[Diagnostic]) -> None:
    """Drop what is not a name from a tag/category value (only categories nest: a list per path)."""
    value = data.get(key)
    dropped = 0

    def names(items: list[Any]) -> list[Any]:
        nonlocal dropped
        kept = [item for item in items if not isinstance(item, (dict, list))]
        dropped += len(items) - len(kept)
        return kept

    if isinstance(value, dict):
        dropped, cleaned = 1, None
    elif isinstance(value, list):
        cleaned = []
        for item in value:
            if isinstance(item, list) and key.startswith("categor"):
                cleaned.append(names(item))
            else:
                cleaned.extend(names([item]))
    else:
        return
    if not dropped:
        return
    diagnostics.append(
        Diagnostic(
            line,
            f"front matter `{key}` holds {dropped} value(s) that are mappings or lists, not names; "
            "they are ignored.",
            f"List {key} as names, e.g. {key}: [A, B]"
            + (" (a list of such lists for several category paths)." if key.startswith("categor") else "."),
        )
    )
    data[key] = cleaned


def _type_keys(
    result: HexoFrontMatter,
    time_zone: tzinfo | None,
    file_time: datetime | None,
    date_required: bool,
    first_line: int,
) -> None:
    data = result.data

    def line_of(key: str) -> int:
        return result.key_lines.get(key, first_line)

    for key in TEXT_KEYS:
        value = data.get(key)
        if isinstance(value, (dict, list)):
            shape = "a mapping" if isinstance(value, dict) else "a list"
            result.diagnostics.append(
                Diagnostic(
                    line_of(key),
                    f"front matter `{key}` is {shape}, not text; it is ignored.",
                    f"Write it as text; quote it if it starts with `{{` or `[`: {key}: '…'.",
                )
            )
            del data[key]
    for key in ("tags", "tag", "categories", "category"):
        _drop_structured_names(data, key, line_of(key), result.diagnostics)
    if data.get("title") is not None:
        result.title = _name(data["title"])
    # Hexo: `tag`/`category` are used only when the plural is absent.
    tags = data["tags"] if data.get("tags") is not None else data.get("tag")
    result.tags = list(dict.fromkeys(_as_names(tags))) if tags is not None else []
    categories = data["categories"] if data.get("categories") is not None else data.get("category")
    result.categories = _hierarchies(categories)
    if data.get("excerpt") is not None:
        result.excerpt = _name(data["excerpt"])
    if data.get("description") is not None:
        result.description = _name(data["description"])
    # Only an explicit `false` unpublishes (js-yaml's booleans: `published: no` is the text "no").
    result.published = data.get("published") is not False

    dates = {"date": data.get("date"), "updated": data.get("updated")}
    if isinstance(dates["date"], dict):
        # Material's own form, `date: {created: …, updated: …}`: a post written for MkDocs keeps working.
        created, updated = dates["date"].get("created"), dates["date"].get("updated", dates["updated"])
        dates = {"date": created, "updated": updated}
    for key in ("date", "updated"):
        if dates[key] is None:
            continue
        wall = parse_hexo_date(dates[key])
        if wall is not None:
            setattr(result, key, _in_zone(wall, time_zone))
            continue
        falls_back = key == "date" and file_time is not None
        result.diagnostics.append(
            Diagnostic(
                line_of(key),
                f"front matter `{key}: {dates[key]!r}` is not a date Hexo can read; "
                + ("using the file's time instead." if falls_back else "it is ignored."),
                "Write it as `YYYY-MM-DD HH:mm:ss`, e.g. `2024-08-17 12:06:54`.",
            )
        )
        if falls_back:
            assert file_time is not None
            result.date = _file_date(file_time, time_zone)
    if result.date is None and date_required and dates["date"] is None and file_time is not None:
        result.diagnostics.append(
            Diagnostic(
                first_line if result.has_front_matter else 1,
                "the post has no `date`; using the file's time, which changes with every checkout.",
                "Add `date: YYYY-MM-DD HH:mm:ss` to its front matter.",
            )
        )
        result.date = _file_date(file_time, time_zone)

    result.extra = {key: value for key, value in data.items() if key not in HEXO_KEYS}
    for key in ("permalink", "comments", "lang", "layout"):
        if key in data:
            result.extra[key] = data[key]


def _in_zone(wall: datetime, time_zone: tzinfo | None) -> datetime:
    """The displayed wall clock, placed in Hexo's ``timezone`` when one is set."""
    return wall if time_zone is None else wall.replace(tzinfo=time_zone)


def _file_date(file_time: datetime, time_zone: tzinfo | None) -> datetime:
    """An instant (the file's time) as a post date: its wall clock in ``timezone``, else in UTC."""
    if time_zone is not None:
        return file_time.astimezone(time_zone)
    return file_time.astimezone(timezone.utc).replace(tzinfo=None)


# --- What MkDocs and Material's blog are given -----------------------------------------------------------

#: Other keys whose string values Material's templates print as HTML (``<meta name="author">``, the
#: navigation's ``subtitle`` and ``status`` class): escaped like titles, never passed through as markup.
PRINTED_AS_HTML = ("author", "subtitle", "status")


def material_meta(front_matter: HexoFrontMatter, *, slug: str | None = None) -> dict[str, Any]:
    """``page.meta`` for MkDocs and Material's blog: Hexo's keys mapped, every other key kept.

    ``date`` (+ ``updated``) → ``date: {created, updated}``; ``tags``/``tag`` → a list; categories → every
    level of every hierarchy as a category named by its path (``Algorithm``, ``Algorithm / Sort``: Hexo
    lists a post on each level's page); ``excerpt`` → also ``description`` (the ``<meta
    name="description">``) unless one is given; ``published: false`` →
    ``draft: true``; *slug* (the file stem, Hexo's ``:title``) → ``slug``.
    """
    meta: dict[str, Any] = dict(front_matter.extra)
    for key in PRINTED_AS_HTML:
        if isinstance(meta.get(key), str):
            meta[key] = _text(meta[key])
    # Material's templates print titles, tag and category names and the description as raw HTML (MkDocs
    # does not autoescape): they are the author's text, so they go in escaped, as Hexo's themes show them.
    if front_matter.title is not None:
        meta["title"] = _text(front_matter.title)
    if front_matter.date is not None:
        if front_matter.updated is not None:
            meta["date"] = {"created": front_matter.date, "updated": front_matter.updated}
        else:
            meta["date"] = front_matter.date
    elif front_matter.updated is not None:
        meta["updated"] = front_matter.updated
    if front_matter.tags:
        meta["tags"] = [_text(tag) for tag in front_matter.tags]
    if front_matter.categories:
        meta["categories"] = [_text(name) for name in front_matter.category_names]
    if front_matter.excerpt is not None:
        meta["excerpt"] = front_matter.excerpt
    description = front_matter.description if front_matter.description is not None else front_matter.excerpt
    if description is not None:
        meta["description"] = _text(description)
    if not front_matter.published:
        meta["draft"] = True
    if slug is not None:
        meta["slug"] = slug
    return meta


def _text(value: object) -> str:
    """Author's plain text as HTML text: ``<`` ``>`` ``&`` and quotes escaped."""
    return html.escape(str(value))


# --- Names and titles as Material's templates and slugs take them ---------------------------------------
#
# Material prints titles, tag and category names as HTML (MkDocs does not autoescape), so they reach it
# escaped (``_text``). Two places still see them the wrong way round: slugs (``R&amp;D`` would slug to
# ``rampd``: they must come from the author's text) and ``<title>{{ page.title | striptags }}`` for pages
# without a ``title`` in their metadata (category and other view pages): ``striptags`` un-escapes, so
# ``&lt;/title&gt;&lt;script&gt;`` would become markup. Each has one function here.

Slugify = Callable[[str, str], str]
"""Material's slugify signature: ``(text, separator) -> slug``."""

#: Options of Material's blog and tags plugins that slug names this plugin hands them escaped.
SLUGIFY_OPTIONS = ("categories_slugify", "tags_slugify")


def slugify_text(slugify: Slugify, *, levels: bool = False) -> Slugify:
    """*slugify* over the author's text: the HTML-escaped name is un-escaped first (``R&amp;D`` → ``R&D``).

    With *levels* (categories), a nested category's name (``Python / Basics``, see
    :data:`~mkdocs_zigzag.hexo.slugize.CATEGORY_LEVEL_SEPARATOR`) is slugged level by level and joined
    with ``/``, as Hexo does: its page is ``…/python/basics/`` with any slugify, not ``python--basics``.
    Idempotent: an already wrapped function is returned as it is (``mkdocs serve`` reuses plugins).
    """
    if getattr(slugify, "zigzag_text_slugify", False):
        return slugify

    def slugify_unescaped(text: str, separator: str) -> str:
        text = html.unescape(text)
        if levels and CATEGORY_LEVEL_SEPARATOR in text:
            return "/".join(slugify(level, separator) for level in text.split(CATEGORY_LEVEL_SEPARATOR))
        return slugify(text, separator)

    slugify_unescaped.zigzag_text_slugify = True  # type: ignore[attr-defined]
    return slugify_unescaped


def slug_from_text(plugins: Iterable[object]) -> None:
    """Make Material's blog and tags plugins slug category and tag names from the author's text.

    Duck-typed over MkDocs' plugin collection (no Material import here): every plugin of Material's
    package whose config has a ``*_slugify`` option above gets it wrapped by :func:`slugify_text`; the
    blog's ``categories_allowed`` is compared with escaped names, so it is escaped too (once).
    """
    for plugin in plugins:
        if not type(plugin).__module__.startswith("material.plugins."):
            continue
        config: Any = getattr(plugin, "config", None)
        for option in SLUGIFY_OPTIONS:
            slugify = getattr(config, option, None)
            if callable(slugify):
                setattr(config, option, slugify_text(slugify, levels=option == "categories_slugify"))
        allowed = getattr(config, "categories_allowed", None)
        if isinstance(allowed, list) and not getattr(config, "zigzag_allowed_escaped", False):
            config.categories_allowed = [_text(name) for name in allowed]
            config.zigzag_allowed_escaped = True


def template_title(meta_title: object, rendered_title: str | None) -> Markup | None:
    """The title to put in ``page.meta["title"]`` so that Material's templates print it safely, or None.

    *meta_title* is the page's ``title`` metadata, *rendered_title* MkDocs' ``page.title`` (from the first
    ``<h1>`` when there is no metadata title: HTML text, entities kept). A title in this plugin's escaped
    form becomes :class:`markupsafe.Markup`, so ``| e`` (Material's ``aria-label``) does not escape it
    twice; a page titled by its ``<h1>`` gets that title as metadata, so ``<title>`` prints it as it is
    instead of through ``striptags``, which un-escapes. Any other metadata title (an author's raw text
    outside Hexo front matter) is left alone.
    """
    if meta_title is not None:
        if isinstance(meta_title, str) and not isinstance(meta_title, Markup) and _is_escaped(meta_title):
            return Markup(meta_title)
        return None
    if not rendered_title or isinstance(rendered_title, Markup) or "<" in rendered_title:
        return None  # a title MkDocs took from an <h1> never holds '<' (tags are stripped): a nav title
    return Markup(_text(html.unescape(rendered_title)))


def _is_escaped(text: str) -> bool:
    """Whether *text* is HTML text as :func:`_text` writes it (escaping its unescaped form gives it back)."""
    return _text(html.unescape(text)) == text


def normalized_source(source: str, front_matter: HexoFrontMatter, meta: dict[str, Any]) -> str:
    """*source* with its front matter replaced by *meta* as plain YAML, the body byte for byte the same.

    The new block keeps the original's line count where it can (padding with YAML comment lines, or one
    flow-style line when the block form is longer), so a body line is the same line in both files.
    """
    lines_before_body = front_matter.body_line - 1
    room = lines_before_body - 2  # the opening and closing '---'
    # Block style; lists of scalars inline when that is too long; one flow line as the last resort.
    for flow_style in (False, None, True):
        block = yaml.dump(
            meta,
            Dumper=_FAST_DUMPER,
            allow_unicode=True,
            sort_keys=False,
            default_flow_style=flow_style,
            width=2**31 - 1,
        )
        if block.count("\n") <= room:
            break
    block += "#\n" * max(0, room - block.count("\n"))
    return f"---\n{block}---\n{front_matter.body}"

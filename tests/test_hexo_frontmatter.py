"""Hexo front matter: the oracle vectors real Hexo produced, and the rules around them."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from mkdocs_zigzag.diagnostics import body_line_offset
from mkdocs_zigzag.hexo.frontmatter import (
    material_meta,
    normalized_source,
    parse_front_matter,
    parse_hexo_date,
    split_post,
)

VECTORS = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "hexo_oracle_frontmatter.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip()
]
FILE_TIME = datetime(2026, 11, 26, 3, 4, 5, tzinfo=timezone.utc)
UTC_MACHINE = "process TZ=UTC, config timezone=''"
UTC_MACHINE_SHANGHAI = "process TZ=UTC, config timezone='Asia/Shanghai'"


def _iso_utc(value: datetime) -> str:
    aware = value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
    return aware.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _as_oracle(value: Any) -> Any:
    """Our parsed value in the oracle's JSON form (dates as ``{"$date": …}``)."""
    if isinstance(value, datetime):
        return {"$date": _iso_utc(value)}
    if isinstance(value, list):
        return [_as_oracle(item) for item in value]
    if isinstance(value, dict):
        return {key: _as_oracle(item) for key, item in value.items()}
    return value


@pytest.fixture(params=["libyaml", "pure-python"])
def yaml_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each vector through libyaml (the fast path) and through PyYAML's own parser (its fallback)."""
    from mkdocs_zigzag.hexo import frontmatter

    if request.param == "pure-python":
        monkeypatch.setattr(frontmatter, "_FAST_LOADER", frontmatter.HexoYamlLoader)
    else:
        assert yaml.__with_libyaml__ and frontmatter._FAST_LOADER is not frontmatter.HexoYamlLoader
    return str(request.param)


@pytest.mark.parametrize("case", VECTORS, ids=[case["id"] for case in VECTORS])
def test_parse_matches_hexo_front_matter(case: dict[str, Any], yaml_loader: str) -> None:
    fm = parse_front_matter(case["file_text"], file_time=FILE_TIME, date_required=True)
    expected = dict(case["front_matter_parse_utc"])
    assert fm.body == expected.pop("_content")
    assert _as_oracle(fm.data) == expected
    assert case["file_text"].endswith(fm.body)
    assert body_line_offset(case["file_text"], fm.body) == fm.body_line - 1


@pytest.mark.parametrize("case", VECTORS, ids=[case["id"] for case in VECTORS])
@pytest.mark.parametrize("setting", [UTC_MACHINE, UTC_MACHINE_SHANGHAI])
def test_post_fields_match_hexo(case: dict[str, Any], setting: str) -> None:
    zone = ZoneInfo("Asia/Shanghai") if "Shanghai'" in setting else None
    fm = parse_front_matter(case["file_text"], time_zone=zone, file_time=FILE_TIME, date_required=True)
    post = case["hexo_post_utc"]
    shown = case["dates_by_setting"][setting]
    assert fm.date is not None
    if shown["date"] == "<file birthtime>":
        # Hexo falls back to the file's birth time; so do we, with a located warning.
        assert _iso_utc(fm.date) == _iso_utc(FILE_TIME)
        assert len(fm.diagnostics) == 1 and fm.diagnostics[0].line in (1, 3)
    else:
        assert _iso_utc(fm.date) == shown["date"]
        assert fm.date.strftime("%Y-%m-%d") == shown["date_helper"]
        assert fm.date.strftime("%H:%M:%S") == shown["time_helper"]
        assert fm.diagnostics == []
    assert (fm.title or "") == post["title"]
    assert fm.tags == [tag["name"] for tag in post["tags"]]
    assert fm.published is post["published"]
    hexo_fields = ("permalink", "comments", "lang", "layout")
    assert {k: v for k, v in fm.extra.items() if k not in hexo_fields} == post["extra_keys"]
    # Hexo's categories are a tree (name, parent); ours are hierarchies whose levels are those nodes.
    nodes = [
        {"name": name, "parent": path[index - 1] if index else None}
        for path in fm.categories
        for index, name in enumerate(path)
    ]
    assert nodes == [{"name": c["name"], "parent": c["parent"]} for c in post["categories"]]


def test_every_oracle_vector_is_checked() -> None:
    assert len(VECTORS) == 16
    assert {case["id"] for case in VECTORS} >= {"fm01", "fm07", "fm11", "fm13", "fm15", "fm21", "fm23"}


def test_slug_is_the_file_name_even_when_front_matter_sets_one() -> None:
    case = next(c for c in VECTORS if c["id"] == "fm31")
    fm = parse_front_matter(case["file_text"])
    assert material_meta(fm, slug="fm31")["slug"] == case["hexo_post_utc"]["slug"] == "fm31"


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("2024-8-17 12:06:54", "2024-08-17 12:06:54"),
        ("2024-8-7 2:06:54", "2024-08-07 02:06:54"),
        ("2024-08-17", "2024-08-17 00:00:00"),
        ("2024-08-17T12:06:54Z", "2024-08-17 12:06:54"),
        # An explicit offset: js-yaml converts to UTC, hexo-front-matter shows those UTC fields.
        ("2024-08-17T12:06:54+08:00", "2024-08-17 04:06:54"),
        ('"2024-08-17 12:06:54"', "2024-08-17 12:06:54"),
        ('"2024/8/17 12:06"', "2024-08-17 12:06:00"),
        ('"8/17/2024"', "2024-08-17 00:00:00"),
        ('"Sat, 17 Aug 2024 12:06:54 +0800"', "2024-08-17 04:06:54"),
        ("1723896414000", "2024-08-17 12:06:54"),
    ],
)
def test_dates_as_hexo_shows_them(written: str, shown: str) -> None:
    fm = parse_front_matter(f"---\ntitle: t\ndate: {written}\n---\nbody\n")
    assert fm.diagnostics == []
    assert fm.date is not None and fm.date.strftime("%Y-%m-%d %H:%M:%S") == shown


def test_one_digit_month_without_a_time_is_a_string_but_still_a_date() -> None:
    # js-yaml (and PyYAML) only accept one-digit fields when a time follows; Hexo then reads the string.
    fm = parse_front_matter("---\ndate: 2024-8-17\n---\n")
    assert fm.data["date"] == "2024-8-17"
    assert fm.date == datetime(2024, 8, 17)


def test_time_zone_keeps_the_wall_clock_and_moves_the_instant() -> None:
    fm = parse_front_matter("---\ndate: 2024-8-17 12:06:54\n---\n", time_zone=ZoneInfo("Asia/Shanghai"))
    assert fm.date is not None
    assert fm.date.strftime("%Y-%m-%d %H:%M") == "2024-08-17 12:06"
    assert _iso_utc(fm.date) == "2024-08-17T04:06:54.000Z"


def test_invalid_date_is_reported_at_its_line_and_falls_back_to_the_file_time() -> None:
    fm = parse_front_matter("---\ntitle: t\n\ndate: 2024-13-45 99:00\n---\nbody\n", file_time=FILE_TIME)
    assert [d.line for d in fm.diagnostics] == [4]
    assert "2024-13-45 99:00" in fm.diagnostics[0].message and "YYYY-MM-DD" in fm.diagnostics[0].fix
    assert fm.date == datetime(2026, 11, 26, 3, 4, 5)


def test_invalid_updated_is_reported_and_dropped() -> None:
    fm = parse_front_matter("---\ndate: 2024-08-17\nupdated: soon\n---\n")
    assert [(d.line, "updated" in d.message) for d in fm.diagnostics] == [(3, True)]
    assert fm.updated is None and fm.date == datetime(2024, 8, 17)


def test_missing_date_of_a_post_warns_and_uses_the_file_time() -> None:
    fm = parse_front_matter("---\ntitle: t\n---\nbody\n", file_time=FILE_TIME, date_required=True)
    assert fm.date == datetime(2026, 11, 26, 3, 4, 5)
    assert len(fm.diagnostics) == 1 and "no `date`" in fm.diagnostics[0].message
    assert parse_front_matter("---\ntitle: t\n---\n", file_time=FILE_TIME).diagnostics == []


def test_tabs_indenting_yaml_are_accepted(yaml_loader: str) -> None:
    fm = parse_front_matter("---\ntitle: t\ntags:\n\t- a\n\t- b\ncategories:\n\t- [x, y]\n\t- z\n---\nbody\n")
    assert fm.diagnostics == []
    assert fm.tags == ["a", "b"]
    assert fm.categories == [["x", "y"], ["z"]]
    assert fm.category_names == ["x", "x / y", "z"]


def test_json_front_matter_between_triple_semicolons() -> None:
    source = ';;;\n"title": "JSON post",\n"date": "2024-08-17 12:06:54",\n"tags": ["a"]\n;;;\nbody\n'
    fm = parse_front_matter(source)
    assert (fm.title, fm.date, fm.tags, fm.body, fm.body_line) == (
        "JSON post", datetime(2024, 8, 17, 12, 6, 54), ["a"], "body\n", 6
    )
    assert fm.key_lines["date"] == 3


def test_broken_json_and_yaml_are_located(yaml_loader: str) -> None:
    bad_json = parse_front_matter(';;;\n"title": "x",\n"date": oops\n;;;\nbody\n')
    assert [d.line for d in bad_json.diagnostics] == [3] and "JSON" in bad_json.diagnostics[0].message
    assert bad_json.body == "body\n"
    bad_yaml = parse_front_matter("---\ntitle: x\ntags: [a, b\nmore: 1\n---\nbody\n")
    assert bad_yaml.diagnostics and bad_yaml.diagnostics[0].line in (3, 4, 5)
    assert bad_yaml.body == "body\n" and bad_yaml.data == {}


def test_a_paragraph_above_a_rule_is_not_front_matter() -> None:
    source = "Just a paragraph of text\n---\nmore\n"
    fm = parse_front_matter(source)
    assert (fm.has_front_matter, fm.body, fm.body_line) == (False, source, 1)


def test_bare_front_matter_only_where_allowed() -> None:
    source = "title: x\n---\nbody\n"
    assert parse_front_matter(source).title == "x"
    assert parse_front_matter(source, allow_bare=False).has_front_matter is False


def test_js_yaml_booleans(yaml_loader: str) -> None:
    fm = parse_front_matter("---\ncomments: no\npublished: false\n---\n")
    assert fm.extra["comments"] == "no"
    assert fm.published is False


def test_crlf_files_split_with_the_body_unchanged() -> None:
    source = "---\r\ntitle: t\r\ndate: 2024-08-17\r\n---\r\nbody\r\n"
    fm = parse_front_matter(source)
    assert (fm.title, fm.body, fm.body_line) == ("t", "body\r\n", 5)


def test_split_reports_where_the_body_starts() -> None:
    split = split_post("---\na: 1\nb: 2\n---\n\n# h\n")
    assert (split.raw, split.body, split.raw_line, split.body_line) == ("a: 1\nb: 2", "\n# h\n", 2, 5)


def test_material_meta_maps_hexo_keys_and_keeps_the_rest() -> None:
    source = (
        "---\ntitle: 2024\ndate: 2024-8-17 12:06:54\nupdated: 2024-09-01\ntag: one\ncategory: [A, B]\n"
        "excerpt: Short.\npublished: false\npermalink: x/y/\ncomments: false\nlang: zh\nlayout: post\n"
        "math: true\n---\nbody\n"
    )
    meta = material_meta(parse_front_matter(source), slug="file-stem")
    assert meta == {
        "permalink": "x/y/", "comments": False, "lang": "zh", "layout": "post", "math": True,
        "title": "2024",
        "date": {"created": datetime(2024, 8, 17, 12, 6, 54), "updated": datetime(2024, 9, 1)},
        "tags": ["one"], "categories": ["A", "A / B"], "excerpt": "Short.", "description": "Short.",
        "draft": True, "slug": "file-stem",
    }


def test_description_wins_over_excerpt_for_the_meta_tag() -> None:
    meta = material_meta(parse_front_matter("---\nexcerpt: E\ndescription: D\n---\n"))
    assert (meta["excerpt"], meta["description"]) == ("E", "D")


@pytest.mark.parametrize("case", VECTORS, ids=[case["id"] for case in VECTORS])
def test_normalized_copy_keeps_body_and_line_numbers(case: dict[str, Any]) -> None:
    source = case["file_text"]
    fm = parse_front_matter(source, file_time=FILE_TIME, date_required=True)
    meta = material_meta(fm, slug=case["id"])
    copy = normalized_source(source, fm, meta)
    head, block, body = copy.split("---\n", 2)
    assert head == "" and body == fm.body
    assert yaml.safe_load(block) == meta
    if fm.body_line >= 4:
        assert body_line_offset(copy, fm.body) == body_line_offset(source, fm.body)


def test_parse_hexo_date_rejects_what_v8_rejects() -> None:
    for value in ("not a date", "2024-02-30", True, None, [2024]):
        assert parse_hexo_date(value) is None


def test_material_date_mapping_is_understood() -> None:
    fm = parse_front_matter("---\ndate:\n  created: 2024-08-17\n  updated: 2024-9-1 08:00:00\n---\n")
    assert fm.diagnostics == []
    assert (fm.date, fm.updated) == (datetime(2024, 8, 17), datetime(2024, 9, 1, 8))
    assert material_meta(fm)["date"] == {"created": datetime(2024, 8, 17), "updated": datetime(2024, 9, 1, 8)}


# --- Names and titles as Material's templates and slugs take them (issue 15, item 3) -------------------


def test_slugs_come_from_the_author_s_text_not_its_escaped_form() -> None:
    from pymdownx.slugs import slugify

    from mkdocs_zigzag.hexo.frontmatter import slugify_text

    plain = slugify(case="lower")
    wrapped = slugify_text(plain)
    assert plain("R&amp;D", "-") == "rampd"  # what Material would do with the escaped name
    assert wrapped("R&amp;D", "-") == "rd" == plain("R&D", "-")
    assert wrapped("a &lt;b&gt; c", "-") == plain("a <b> c", "-")
    assert slugify_text(wrapped) is wrapped  # serve reuses plugins: never wrapped twice


def test_material_blog_and_tags_plugins_slug_from_text() -> None:
    from material.plugins.blog.plugin import BlogPlugin
    from material.plugins.tags.plugin import TagsPlugin

    from mkdocs_zigzag.hexo.frontmatter import slug_from_text

    blog, tags = BlogPlugin(), TagsPlugin()
    blog.load_config({"categories_allowed": ["R&D", "plain"]})
    tags.load_config({})

    class Other:  # a plugin of another package with a like-named option is left alone
        config = type("C", (), {"tags_slugify": staticmethod(lambda text, sep: text)})()

    other = Other()
    for _ in range(2):  # idempotent
        slug_from_text([blog, tags, other])
    assert blog.config.categories_slugify("R&amp;D", "-") == "rd"
    assert tags.config.tags_slugify("R&amp;D", "-") == "rd"
    assert blog.config.categories_allowed == ["R&amp;D", "plain"]
    assert other.config.tags_slugify("R&amp;D", "-") == "R&amp;D"


def test_categories_allowed_names_nested_categories_by_their_path() -> None:
    """Material compares a post's categories with `categories_allowed`: a nested one is listed by its path."""
    from material.plugins.blog.plugin import BlogPlugin

    from mkdocs_zigzag.hexo.frontmatter import slug_from_text
    from mkdocs_zigzag.hexo.slugize import hexo_slugify

    blog = BlogPlugin()
    blog.load_config(
        {"categories_allowed": ["R&D", "R&D / Sort"], "categories_slugify": hexo_slugify(transform=1)}
    )
    slug_from_text([blog])
    names = material_meta(parse_front_matter("---\ncategories: [R&D, Sort]\n---\n"))["categories"]
    assert names == ["R&amp;D", "R&amp;D / Sort"]
    assert all(name in blog.config.categories_allowed for name in names)
    assert [blog.config.categories_slugify(name, "-") for name in names] == ["r-d", "r-d/sort"]


def test_template_title_is_html_printed_as_it_is() -> None:
    from markupsafe import Markup, escape

    from mkdocs_zigzag.hexo.frontmatter import template_title

    hostile = "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; R&amp;D"
    # A view (category page) titled by its rendered <h1>: becomes metadata, so <title> skips striptags.
    title = template_title(None, hostile)
    assert isinstance(title, Markup) and str(title) == hostile
    assert str(escape(title)) == hostile  # `| e` in aria-label: not escaped twice
    assert "<" not in str(title) and title.striptags() == "</title><script>alert(1)</script> & R&D"
    # Quotes in a rendered title are escaped too (it may land in an attribute).
    assert template_title(None, 'Say "hi" &amp; go') == "Say &quot;hi&quot; &amp; go"
    # This plugin's escaped metadata title: marked safe as it is.
    meta_title = template_title(hostile, hostile)
    assert isinstance(meta_title, Markup) and str(meta_title) == hostile
    # An author's raw title (Hexo front matter off) is not HTML text: left alone.
    assert template_title('Say "hi" & <b>go</b>', "x") is None
    assert template_title(None, None) is None and template_title(None, "") is None
    # A title written in mkdocs.yml's nav may hold markup on purpose: not a rendered <h1>, left alone.
    assert template_title(None, "<b>Home</b>") is None
    assert template_title(title, title) is None  # already done


def test_front_matter_names_reach_material_escaped_once() -> None:
    source = (
        "---\ntitle: '</title><script>alert(1)</script> & R&D'\n"
        "categories: ['</title><script>alert(2)</script>', 'R&D']\ntags: ['R&D']\n---\nbody\n"
    )
    meta = material_meta(parse_front_matter(source))
    assert meta["title"] == "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; R&amp;D"
    assert meta["categories"] == [
        "&lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt;",
        "&lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt; / R&amp;D",  # one hierarchy: R&D is its child
    ]
    assert meta["tags"] == ["R&amp;D"]


def test_other_keys_material_prints_as_html_are_escaped() -> None:
    source = "---\nauthor: '\"><script>x</script>'\nsubtitle: a<b\nstatus: [new]\nmath: a<b\n---\n"
    meta = material_meta(parse_front_matter(source))
    assert meta["author"] == "&quot;&gt;&lt;script&gt;x&lt;/script&gt;"
    assert meta["subtitle"] == "a&lt;b"
    assert meta["math"] == "a<b"  # a key Material does not print: untouched
    assert "status" not in meta  # a list where text is expected: dropped with a warning (item 17)


# --- Hostile front matter (issue 15, items 5, 14, 17) ----------------------------------------------------

ALIAS_BOMB = (
    "---\ntitle: Bomb\n"
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True))
    + "---\nbody\n"
)


def test_yaml_alias_bomb_is_refused_with_a_located_warning(yaml_loader: str) -> None:
    import time

    started = time.perf_counter()
    fm = parse_front_matter(ALIAS_BOMB)
    assert time.perf_counter() - started < 1.0
    assert (fm.data, fm.title, fm.body) == ({}, None, "body\n")
    assert [(d.line, d.message) for d in fm.diagnostics] == [
        (
            3,  # the anchor repeated inside the others
            "front matter expands to more than 10,000 values through YAML aliases (`*name`); "
            "the post is built without it.",
        )
    ]
    meta = material_meta(fm)
    assert len(repr(meta)) < 100  # what the normalized-copy key and dump walk stays small


def test_aliases_of_a_normal_size_and_recursive_ones(yaml_loader: str) -> None:
    fm = parse_front_matter("---\ntitle: ok\nbase: &b [x, y]\ntags: *b\n---\n")
    assert (fm.title, fm.tags, fm.diagnostics) == ("ok", ["x", "y"], [])
    recursive = parse_front_matter("---\ntitle: r\na: &a [1, *a]\n---\n")
    assert recursive.title is None and "expands to more than" in recursive.diagnostics[0].message


def test_a_post_that_is_not_utf8_is_named_with_its_line(tmp_path: Path) -> None:
    from mkdocs_zigzag.hexo.frontmatter import NotUtf8Error, read_source

    post = tmp_path / "gbk.md"
    post.write_bytes(b"---\ntitle: t\n---\n\n" + "中文".encode("gbk") + b"\n")
    with pytest.raises(NotUtf8Error) as raised:
        read_source(str(post), "docs/blog/posts/gbk.md")
    assert str(raised.value).startswith(
        "docs/blog/posts/gbk.md:5: the file is not UTF-8 text (byte 0xd6 cannot start or continue a UTF-8 "
        "character), so it cannot be read. Save it as UTF-8"
    )
    bom = tmp_path / "bom.md"
    bom.write_bytes(b"\xef\xbb\xbf# ok\n")
    assert read_source(str(bom), "x") == "# ok\n"


@pytest.mark.parametrize(
    ("yaml_text", "key", "shape"),
    [
        ("title: {a: 1}", "title", "a mapping"),
        ("title: [a, b]", "title", "a list"),
        ("excerpt: {a: 1}", "excerpt", "a mapping"),
        ("description: [x]", "description", "a list"),
        ("author: {name: x}", "author", "a mapping"),
    ],
)
def test_structured_values_where_text_is_expected_warn(yaml_text: str, key: str, shape: str) -> None:
    fm = parse_front_matter(f"---\ndate: 2024-08-17\n{yaml_text}\n---\nbody\n")
    assert [(d.line, d.message) for d in fm.diagnostics] == [
        (3, f"front matter `{key}` is {shape}, not text; it is ignored.")
    ]
    meta = material_meta(fm)
    assert key not in meta and "{" not in repr(meta.get("description", ""))
    assert fm.title is None and fm.excerpt is None and fm.description is None


def test_structured_tags_and_categories_are_dropped_with_a_warning() -> None:
    fm = parse_front_matter(
        "---\ntags: [a, {b: 1}, [c]]\ncategories: [[A, {x: 1}], [B], {y: 2}]\n---\n"
    )
    assert fm.tags == ["a"]
    assert fm.categories == [["A"], ["B"]]
    assert [(d.line, d.message.split(";")[0]) for d in fm.diagnostics] == [
        (2, "front matter `tags` holds 2 value(s) that are mappings or lists, not names"),
        (3, "front matter `categories` holds 2 value(s) that are mappings or lists, not names"),
    ]
    assert material_meta(fm) == {"tags": ["a"], "categories": ["A", "B"]}

"""Hexo URL rules the oracle vectors do not reach: each case states the Hexo source line it follows."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from mkdocs_zigzag.hexo.hexo_config import HexoConfig, hexo_config_from_mapping
from mkdocs_zigzag.hexo.permalink import (
    HexoPermalink,
    HexoPost,
    HexoSite,
    archive_path,
    category_path,
    encode_url,
    page_path,
    paginated_paths,
    parse_post_filename,
    post_asset_path,
    public_file,
    tag_path,
    url_for,
)
from mkdocs_zigzag.hexo.slugize import escape_diacritic, slugize

UTC = ZoneInfo("UTC")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _config(**settings: Any) -> HexoConfig:
    return hexo_config_from_mapping(settings)


def _path(source: str, front_matter: dict[str, Any], machine_tz: ZoneInfo = UTC, **settings: Any) -> str:
    site = HexoSite(_config(**settings), [HexoPost(source, front_matter)], machine_tz=machine_tz)
    return site.posts[0].path


WALL = datetime(2024, 8, 17, 12, 6, 54)


# --- slugize ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "options", "expected"),
    [
        ("Ｆｕｌｌ ｗｉｄｔｈ", {}, "Full-width"),  # full-width Latin is in hexo-util's table
        ("Ærø Œuvre", {}, "AEro-OEuvre"),
        ("a\u0000b\u001fc", {}, "abc"),  # control characters vanish, they do not split
        ("a\ufeffb", {}, "a-b"),  # JavaScript's \s has U+FEFF, Python's does not
        ("a\u0085b", {}, "a\u0085b"),  # ...and Python's has U+0085 (NEL), JavaScript's does not
        ("Hello World", {"separator": "_"}, "Hello_World"),
        ("Hello World", {"transform": 2}, "HELLO-WORLD"),
        ("--Hello--", {}, "Hello"),
    ],
)
def test_slugize_follows_hexo_util(text: str, options: dict[str, Any], expected: str) -> None:
    assert slugize(text, **options) == expected


def test_escape_diacritic_keeps_cjk_and_emoji() -> None:
    assert escape_diacritic("Crème 机器 🚀") == "Creme 机器 🚀"


# --- Permalink rule --------------------------------------------------------------------------------------


def test_permalink_parameter_names_end_before_an_underscore() -> None:
    rule = HexoPermalink(":title_:year")
    assert rule.params == ["title", "year"]
    assert rule.stringify({"title": "a", "year": "2024"}) == "a_2024"


def test_permalink_missing_parameter_is_undefined_as_in_javascript() -> None:
    assert HexoPermalink(":lang/:title/").stringify({"title": "x"}) == "undefined/x/"


# --- Post URLs -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("permalink", "expected"),
    [
        (":year/:month/:day/:hour/:minute/:second/:title/", "2024/08/17/12/06/54/hello/"),
        (":year/:i_month/:i_day/:name/", "2024/8/17/hello/"),
        (":timestamp/", "1723896414/"),
        (":layout/:title/", "post/hello/"),
        (":id/", "42/"),
        (":title.html", "hello.html"),
    ],
)
def test_every_placeholder(permalink: str, expected: str) -> None:
    assert _path("_posts/hello.md", {"date": WALL, "id": 42}, permalink=permalink) == expected


def test_front_matter_slug_is_ignored() -> None:
    assert _path("_posts/file-name.md", {"date": WALL, "slug": "mine"}, permalink=":title/") == "file-name/"


def test_id_without_front_matter_is_flagged_unstable() -> None:
    config = _config(permalink=":id/")
    site = HexoSite(config, [HexoPost("_posts/a.md", {"date": WALL})], machine_tz=UTC)
    assert site.posts[0].unstable == [
        "`:id` without an `id:` in the front matter is Hexo's random database id"
    ]


def test_hash_is_sha1_of_slug_and_unix_seconds() -> None:
    # URLS.md: `p/4744508fb463/` for hello-world dated 2024-08-17 12:06:54 UTC.
    assert _path("_posts/hello-world.md", {"date": WALL}, permalink="p/:hash/") == "p/4744508fb463/"
    # The same wall clock on a machine in Shanghai is another instant, hence another hash.
    assert _path("_posts/hello-world.md", {"date": WALL}, SHANGHAI, permalink="p/:hash/") != "p/4744508fb463/"


def test_machine_time_zone_alone_does_not_move_the_date() -> None:
    # A wall clock is read in the machine's zone and formatted in it again: no `timezone`, no shift.
    front = {"date": datetime(2021, 7, 7, 1, 0, 0)}
    assert _path("_posts/a.md", front, SHANGHAI) == "2021/07/07/a/"


def test_timezone_setting_moves_the_date_on_a_machine_elsewhere() -> None:
    front = {"date": datetime(2021, 7, 7, 7, 7, 7)}
    assert _path("_posts/a.md", front, UTC, timezone="Asia/Shanghai") == "2021/07/06/a/"
    assert _path("_posts/a.md", front, SHANGHAI, timezone="Asia/Shanghai") == "2021/07/07/a/"
    # A machine west of the zone moves the date forward.
    front = {"date": datetime(2021, 7, 7, 23, 0, 0)}
    assert _path("_posts/a.md", front, ZoneInfo("America/New_York"), timezone="UTC") == "2021/07/07/a/"
    assert _path("_posts/a.md", front, UTC, timezone="America/New_York") == "2021/07/08/a/"


def test_string_dates_follow_v8() -> None:
    # A date-only ISO string is UTC midnight; other strings are the machine's wall clock.
    assert _path("_posts/a.md", {"date": "2021-01-05"}, SHANGHAI) == "2021/01/05/a/"
    assert _path("_posts/a.md", {"date": "2021-01-05"}, ZoneInfo("America/New_York")) == "2021/01/04/a/"
    assert _path("_posts/a.md", {"date": "2021-1-5 10:00"}, ZoneInfo("America/New_York")) == "2021/01/05/a/"


def test_no_date_uses_the_birth_time_in_the_machine_zone() -> None:
    born = datetime(2022, 2, 22, 20, 0, tzinfo=timezone.utc)
    site = HexoSite(_config(), [HexoPost("_posts/a.md", {}, born)], machine_tz=SHANGHAI)
    assert site.posts[0].path == "2022/02/23/a/"
    assert site.posts[0].date_source == "file-birthtime"


def test_new_post_name_nested_date_pattern() -> None:
    assert parse_post_filename(":year/:month/:title.md", "2021/03/hello.md") == {
        "year": "2021",
        "month": "03",
        "title": "hello",
    }
    # Without :day the file name gives no date (Hexo needs year, month and day).
    site = HexoSite(
        _config(new_post_name=":year/:month/:title.md"),
        [HexoPost("_posts/2021/03/hello.md", {}, datetime(2020, 1, 1, tzinfo=timezone.utc))],
        machine_tz=UTC,
    )
    assert site.posts[0].path == "2020/01/01/hello/"


def test_new_post_name_i_month_date_and_lang_parameter() -> None:
    config: dict[str, Any] = {
        "new_post_name": ":lang/:year-:i_month-:i_day-:title.md",
        "permalink": ":lang/:year/:title/",
    }
    assert _path("_posts/fr/2021-3-2-salut.md", {}, **config) == "fr/2021/salut/"
    # The file name's parameters overwrite the front matter's (processor/post.ts copies them after).
    assert _path("_posts/fr/2021-3-2-salut.md", {"lang": "de"}, **config) == "fr/2021/salut/"


def test_new_post_name_without_title_slugizes_the_path() -> None:
    assert parse_post_filename(":year-:month-:day.md", "2021-03-02.md")["title"] == "2021-03-02"


def test_post_asset_folder_appends_a_slash_unless_html() -> None:
    assert _path("_posts/a.md", {"date": WALL}, permalink=":title", post_asset_folder=True) == "a/"
    assert _path("_posts/a.md", {"date": WALL}, permalink=":title.html", post_asset_folder=True) == "a.html"
    front = {"date": WALL, "permalink": "x/y"}
    assert _path("_posts/a.md", front, post_asset_folder=True) == "/x/y/"
    assert _path("_posts/a.md", front) == "/x/y"


def test_post_asset_of_an_html_permalink() -> None:
    assert post_asset_path("2024/a.html", "img.png") == "2024/a/img.png"
    assert post_asset_path("/custom/", "sub/img.png") == "custom/sub/img.png"


def test_category_token_is_the_category_created_last_site_wide() -> None:
    # `Tutorials` exists before this post creates Programming/Python: Python is created last.
    posts = [
        HexoPost("_posts/a.md", {"date": WALL, "categories": "Tutorials"}),
        HexoPost("_posts/b.md", {"date": WALL, "categories": [["Programming", "Python"], ["Tutorials"]]}),
    ]
    site = HexoSite(_config(permalink=":category/:title/"), posts, machine_tz=UTC)
    assert site.post("_posts/b.md").path == "Programming/Python/b/"
    reverse = HexoSite(_config(permalink=":category/:title/"), posts[::-1], machine_tz=UTC)
    assert reverse.post("_posts/b.md").path == "Tutorials/b/"


def test_unpublished_posts_have_default_category_and_no_listing() -> None:
    posts = [HexoPost("_posts/a.md", {"date": WALL, "published": False, "categories": "X", "tags": "t"})]
    site = HexoSite(_config(permalink=":category/:title/"), posts, machine_tz=UTC)
    assert site.posts[0].path == "uncategorized/a/"
    assert site.list_pages() == []


def test_drafts_are_posts_under_show_drafts() -> None:
    posts = [HexoPost("_drafts/idea.md", {"date": WALL, "categories": "X", "tags": "t"})]
    hidden = HexoSite(_config(), posts, machine_tz=UTC)
    assert [page.path for page in hidden.list_pages()] == []
    shown = HexoSite(_config(), posts, machine_tz=UTC, show_drafts=True)
    assert [page.path for page in shown.list_pages()] == [
        "",
        "archives/",
        "archives/2024/",
        "archives/2024/08/",
        "categories/X/",
        "tags/t/",
    ]


# --- Listings --------------------------------------------------------------------------------------------


def test_listing_paths() -> None:
    config = _config(category_map={"机器学习": "ml"}, tag_map={"C++": "cpp"}, filename_case=1)
    assert tag_path("C++", config) == "tags/cpp/"
    assert tag_path("深度 学习", config) == "tags/深度-学习/"
    assert category_path(["机器学习", "Deep Learning"], config) == "categories/ml/deep-learning/"
    # models/category.ts empties `/` and then appends `/` again: the path is root-relative, the file is A/.
    assert category_path(["A"], _config(category_dir="/")) == "/A/"
    assert public_file(category_path(["A"], _config(category_dir="/"))) == "A/index.html"
    assert archive_path(config, 2024, 3) == "archives/2024/03/"
    assert paginated_paths("tags/x", 21, 10, "page") == ["tags/x/", "tags/x/page/2/", "tags/x/page/3/"]
    assert paginated_paths("", 5, 0, "page") == [""]


def test_sticky_posts_lead_the_home_page_only() -> None:
    posts = [
        HexoPost("_posts/old.md", {"date": datetime(2020, 1, 1), "sticky": 1}),
        HexoPost("_posts/new.md", {"date": datetime(2024, 1, 1)}),
    ]
    site = HexoSite(_config(), posts, machine_tz=UTC)
    assert site.index_pages()[0].posts == ("_posts/old.md", "_posts/new.md")
    assert site.archive_pages()[0].posts == ("_posts/new.md", "_posts/old.md")


def test_daily_archives_when_configured() -> None:
    config = _config(archive_generator={"daily": True, "monthly": False})
    site = HexoSite(config, [HexoPost("_posts/a.md", {"date": WALL})], machine_tz=UTC)
    assert [page.path for page in site.archive_pages()] == [
        "archives/",
        "archives/2024/",
        "archives/2024/08/17/",
    ]


# --- Pages and links -------------------------------------------------------------------------------------


def test_page_paths() -> None:
    assert page_path("about/index.md") == "about/index.html"
    assert page_path("old/contact.md", "contact/") == "contact/index.html"
    assert page_path("x.md", "/feed.xml") == "feed.xml"
    assert page_path("x.md", "plain") == "plain.html"


def test_links_keep_escapes_and_apply_pretty_urls() -> None:
    assert encode_url("a%20b c") == "a%20b%20c"
    assert encode_url("Q&A session/") == "Q&A%20session/"
    config = _config(root="/blog/", pretty_urls={"trailing_index": False})
    assert url_for("about/index.html", config) == "/blog/about/"
    assert url_for("links.html", config) == "/blog/links.html"
    assert url_for("https://elsewhere.example/x", config) == "https://elsewhere.example/x"
    assert public_file("a?b") == "a"


def test_hexo_slugify_for_material_categories() -> None:
    from mkdocs_zigzag.hexo.slugize import hexo_slugify

    slug = hexo_slugify(transform=1, mapping={"机器学习": "ml"})
    assert slug("机器学习", "-") == "ml"
    assert slug("Machine Learning", "-") == "machine-learning"
    assert slug("Machine Learning", "_") == "machine_learning"


def test_show_drafts_lists_unpublished_posts_too() -> None:
    posts = [HexoPost("_posts/a.md", {"date": WALL, "published": False, "categories": "X"})]
    site = HexoSite(_config(permalink=":category/:title/"), posts, machine_tz=UTC, show_drafts=True)
    assert site.posts[0].path == "X/a/"
    assert [page.path for page in site.category_pages()] == ["categories/X/"]


def test_future_false_hides_posts_dated_after_now() -> None:
    posts = [HexoPost("_posts/a.md", {"date": datetime(2030, 1, 1), "tags": "t"})]
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    hidden = HexoSite(_config(future=False), posts, machine_tz=UTC, now=now)
    assert (hidden.posts[0].published, hidden.list_pages()) == (False, [])
    shown = HexoSite(_config(), posts, machine_tz=UTC, now=now)
    assert shown.posts[0].published is True


def test_render_drafts_shows_drafts_in_every_build() -> None:
    posts = [HexoPost("_drafts/idea.md", {"date": WALL})]
    assert HexoSite(_config(render_drafts=True), posts, machine_tz=UTC).posts[0].published is True

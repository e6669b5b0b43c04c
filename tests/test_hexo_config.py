"""Reading a Hexo ``_config.yml`` (and the theme's math settings) into :class:`HexoConfig`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from mkdocs_zigzag.hexo.hexo_config import (
    HexoConfigError,
    ThemeMath,
    hexo_config_from_mapping,
    load_hexo_config,
)

if TYPE_CHECKING:
    from pathlib import Path

SITE_CONFIG = """\
title: 之字形
subtitle: Notes
description: A blog
author: Ada
language: [zh-CN, en]
timezone: Asia/Shanghai
url: https://example.org/blog/
permalink: :category/:name/
permalink_defaults:
  lang: en
pretty_urls:
  trailing_html: false
new_post_name: :year-:month-:day-:title.md
tag_dir: t
category_dir: c
archive_dir: a
category_map:
  机器学习: ml
tag_map:
  C++: cpp
default_category: misc
filename_case: 1
post_asset_folder: true
per_page: 5
archive_generator:
  per_page: 0
  monthly: false
marked:
  breaks: false
feed:
  type: [atom, rss2]
theme: next
deploy:
  type: git
highlight:
  enable: true
"""


def test_site_settings_are_read_as_hexo_resolves_them(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text(SITE_CONFIG, encoding="utf-8")
    config = load_hexo_config(tmp_path)
    assert (config.title, config.subtitle, config.description, config.author) == (
        "之字形",
        "Notes",
        "A blog",
        "Ada",
    )
    assert config.language == "zh-CN"
    assert config.timezone == "Asia/Shanghai"
    assert config.url == "https://example.org/blog"
    assert config.root == "/blog/"  # derived from url, as Hexo's load_config does
    assert config.site_url == "https://example.org/blog/"
    assert config.permalink == ":category/:name/"
    assert config.permalink_defaults == {"lang": "en"}
    assert (config.trailing_index, config.trailing_html) == (True, False)
    assert config.new_post_name == ":year-:month-:day-:title.md"
    assert (config.tag_dir, config.category_dir, config.archive_dir) == ("t", "c", "a")
    assert config.category_map == {"机器学习": "ml"}
    assert config.tag_map == {"C++": "cpp"}
    assert config.default_category == "misc"
    assert config.filename_case == 1
    assert config.post_asset_folder is True
    assert (config.per_page, config.index_per_page, config.archive_per_page) == (5, 5, 0)
    assert (config.archive_yearly, config.archive_monthly) == (True, False)
    assert config.marked == {"breaks": False}
    assert config.feed_paths == ("atom.xml", "rss2.xml")
    assert config.unused_keys == ("deploy", "highlight")
    assert config.problems == ()
    assert config.math is None


def test_defaults_are_hexo_defaults() -> None:
    config = hexo_config_from_mapping({})
    assert (config.url, config.root, config.permalink) == (
        "http://example.com",
        "/",
        ":year/:month/:day/:title/",
    )
    assert (config.tag_dir, config.category_dir, config.archive_dir) == ("tags", "categories", "archives")
    assert config.site_url == "http://example.com/"
    assert config.feed_paths == ()


def test_root_without_a_path_in_url_gives_the_site_url() -> None:
    config = hexo_config_from_mapping({"url": "https://example.org", "root": "/blog"})
    assert config.root == "/blog/"
    assert config.site_url == "https://example.org/blog/"


def test_bad_values_are_reported_not_raised() -> None:
    config = hexo_config_from_mapping({"timezone": "Mars/Olympus", "per_page": "ten", "filename_case": 3})
    assert config.timezone == ""
    assert config.per_page == 10
    assert config.filename_case == 0
    assert config.problems == (
        "`timezone: Mars/Olympus` is not a known time zone; dates are read as UTC.",
        "`per_page: 'ten'` is not a number; using 10.",
        "`filename_case: 3` is not 0, 1 or 2; using 0.",
    )


def test_missing_or_broken_config_is_a_clean_error(tmp_path: Path) -> None:
    with pytest.raises(HexoConfigError, match=r"no _config\.yml"):
        load_hexo_config(tmp_path)
    (tmp_path / "_config.yml").write_text("title: [unclosed\n", encoding="utf-8")
    with pytest.raises(HexoConfigError, match=r"_config\.yml:2: .*fix the YAML"):
        load_hexo_config(tmp_path)


@pytest.mark.parametrize(
    ("theme", "files", "expected"),
    [
        (
            "next",
            {"themes/next/_config.yml": "math:\n  every_page: false\n  mathjax:\n    enable: true\n"},
            ThemeMath("mathjax", False, "next"),
        ),
        (
            # `_config.next.yml` beside the site config overrides the theme's own file.
            "next",
            {
                "themes/next/_config.yml": "math:\n  mathjax:\n    enable: true\n",
                "_config.next.yml": "math:\n  every_page: true\n  mathjax:\n    enable: false\n  katex:\n"
                "    enable: true\n",
            },
            ThemeMath("katex", True, "next"),
        ),
        (
            "butterfly",
            {"node_modules/hexo-theme-butterfly/_config.yml": "math:\n  use: katex\n  per_page: false\n"},
            ThemeMath("katex", False, "butterfly"),
        ),
        (
            "butterfly",
            {"_config.butterfly.yml": "mathjax:\n  enable: true\n  per_page: true\n"},
            ThemeMath("mathjax", True, "butterfly"),
        ),
        (
            "fluid",
            {
                "_config.fluid.yml": "post:\n  math:\n    enable: true\n    specific: true\n"
                "    engine: katex\n"
            },
            ThemeMath("katex", False, "fluid"),
        ),
        (
            # NexT 7: `per_page: true` loads math on posts with `mathjax: true`; MathJax first; AMS numbers.
            "next",
            {
                "themes/next/_config.yml": "math:\n  per_page: true\n  mathjax:\n    enable: true\n"
                "  katex:\n    enable: true\n"
            },
            ThemeMath("mathjax", False, "next", "ams"),
        ),
        (
            "next",
            {"themes/next/_config.yml": "math:\n  per_page: false\n  katex:\n    enable: true\n"},
            ThemeMath("katex", True, "next"),
        ),
        (
            # NexT 6: `math.engine`, and `math.enable` to turn it on.
            "next",
            {
                "themes/next/_config.yml": "math:\n  enable: true\n  per_page: false\n  engine: mathjax\n"
                "  mathjax:\n    cdn: //cdn.example/MathJax.js\n"
            },
            ThemeMath("mathjax", True, "next", "ams"),
        ),
        (
            "next",
            {"themes/next/_config.yml": "math:\n  enable: false\n  per_page: true\n  engine: mathjax\n"},
            None,
        ),
        (
            # NexT 5: a top-level `mathjax:` whose `per_page: true` means "posts that ask" (Butterfly 3's
            # means "every page").
            "next",
            {"themes/next/_config.yml": "mathjax:\n  enable: true\n  per_page: false\n  cdn: //x/m.js\n"},
            ThemeMath("mathjax", True, "next"),
        ),
        (
            "next",
            {"_config.next.yml": "mathjax:\n  enable: true\n  per_page: true\n"},
            ThemeMath("mathjax", False, "next"),
        ),
        (
            # A theme folder renamed: NexT 5's `cdn` tells it from Butterfly 3.
            "my-theme",
            {"themes/my-theme/_config.yml": "mathjax:\n  enable: true\n  per_page: true\n  cdn: //x/m.js\n"},
            ThemeMath("mathjax", False, "next"),
        ),
        ("landscape", {}, None),
    ],
)
def test_theme_math(tmp_path: Path, theme: str, files: dict[str, str], expected: ThemeMath | None) -> None:
    (tmp_path / "_config.yml").write_text(f"theme: {theme}\n", encoding="utf-8")
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert load_hexo_config(tmp_path).math == expected


def test_theme_config_in_the_site_config_wins(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text(
        "theme: next\ntheme_config:\n  math:\n    katex:\n      enable: true\n", encoding="utf-8"
    )
    assert load_hexo_config(tmp_path).math == ThemeMath("katex", False, "next")


@pytest.mark.parametrize(
    ("feed", "expected"),
    [
        ({}, (("atom", "atom.xml"),)),
        ({"type": "rss2"}, (("rss2", "rss2.xml"),)),
        ({"type": "rss2", "path": "feed"}, (("rss2", "feed.xml"),)),
        ({"type": ["atom", "rss2"], "path": ["a.xml"]}, (("atom", "a.xml"), ("rss2", "rss2.xml"))),
        ({"type": ["atom", "rss2"], "path": "one.xml"}, (("atom", "atom.xml"), ("rss2", "rss2.xml"))),
        ({"type": ["atom"], "path": ["x", "y"]}, (("atom", "x.xml"),)),
        ({"type": "json"}, (("atom", "atom.xml"),)),
        ({"enable": False}, ()),
    ],
)
def test_feed_files_follow_hexo_generator_feed(
    feed: dict[str, object], expected: tuple[tuple[str, str], ...]
) -> None:
    assert hexo_config_from_mapping({"feed": feed}).feeds == expected

"""Nested Hexo categories as Material categories: one per level, named by its path, at Hexo's own URL.

The oracle lines are ``tests/data/hexo_oracle_urls.jsonl`` (a byte copy of the shared Hexo 8.1.2 URL vectors,
see ``hexo_oracle_urls.origin.md``): each post line lists the categories Hexo made for the post with their
paths; each category line is a category page Hexo wrote.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Any

import pytest
from pymdownx.slugs import slugify

from mkdocs_zigzag.hexo.frontmatter import material_meta, parse_front_matter, slugify_text
from mkdocs_zigzag.hexo.hexo_config import hexo_config_from_mapping
from mkdocs_zigzag.hexo.old_urls import listing_target
from mkdocs_zigzag.hexo.permalink import HexoPost, HexoSite
from mkdocs_zigzag.hexo.slugize import HexoSlugify, category_level_names, hexo_slugify

ORACLE = Path(__file__).parent / "data" / "hexo_oracle_urls.jsonl"
VECTORS: list[dict[str, Any]] = [json.loads(line) for line in ORACLE.read_text(encoding="utf-8").splitlines()]
VARIANTS = sorted({v["variant"] for v in VECTORS})


def _config_of(variant: str) -> dict[str, Any]:
    vector = next(v for v in VECTORS if v["variant"] == variant)
    return {k: v for k, v in vector["config"].items() if k != "process_TZ"}


def _material_category_path(name: str, variant: str) -> str:
    """Where Material's blog puts the page of category *name* with ``mkdocs-zigzag init``'s settings.

    ``categories_url_format: <category_dir>/{slug}``, ``categories_slugify: hexo_slugify(...)`` (wrapped
    as the plugin wraps it: names reach Material escaped), then Material's ``_format_path_for_category``
    and MkDocs' directory URL of ``<path>.md``.
    """
    config = _config_of(variant)
    slug = slugify_text(hexo_slugify(transform=config["filename_case"], mapping=config["category_map"] or {}))
    url_format = config["category_dir"].strip("/") + "/{slug}"
    path = posixpath.normpath(url_format.format(slug=slug(name, "-")).strip("/"))
    return path + "/"


POSTS = [v for v in VECTORS if v["kind"] == "post" and v["hexo"]["published"] and v["hexo"]["categories"]]


@pytest.mark.parametrize("vector", POSTS, ids=[v["id"] for v in POSTS])
def test_each_level_of_a_post_is_a_category_at_hexos_url(vector: dict[str, Any]) -> None:
    meta = material_meta(parse_front_matter(f"---\n{vector['front_matter']}\n---\n"))
    paths = [_material_category_path(name, vector["variant"]) for name in meta["categories"]]
    assert sorted(paths) == sorted(category["path"] for category in vector["hexo"]["categories"])


CATEGORY_PAGES = [v for v in VECTORS if v["kind"] == "category" and v["page_number"] == 1]


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_category_page_hexo_wrote_is_a_material_category_page(variant: str) -> None:
    """Each category page in the vectors is the page of one Material category of the site's posts.

    The lines are a sample: every post is in some variant's lines, so the site is every published post.
    """
    published = {
        v["source"]: v["front_matter"] for v in VECTORS if v["kind"] == "post" and v["hexo"]["published"]
    }
    names = {
        name
        for text in published.values()
        for name in material_meta(parse_front_matter(f"---\n{text}\n---\n")).get("categories", [])
    }
    material = {_material_category_path(name, variant) for name in names}
    hexo = {v["url_path"] for v in CATEGORY_PAGES if v["variant"] == variant}
    assert hexo and hexo <= material
    if _config_of(variant)["filename_case"] == 0:  # with it, Python/python share a page, in Hexo too
        assert len(material) == len(names)  # no two categories share a page


def test_a_nested_category_is_named_by_its_path_and_slugged_level_by_level() -> None:
    assert category_level_names(["Algorithm", "Sort"]) == ["Algorithm", "Algorithm / Sort"]
    slug = HexoSlugify(transform=0, mapping={"机器学习": "ml"})
    assert slug("Algorithm / Sort") == "Algorithm/Sort"
    assert slug("机器学习 / 深度学习") == "ml/深度学习"  # category_map per level, as Hexo maps names
    assert slug("Machine Learning / Deep Learning", "_") == "Machine_Learning/Deep_Learning"
    assert HexoSlugify(transform=1)("Programming / Python") == "programming/python"
    assert slug("TCP/IP") == "TCP-IP"  # a `/` inside a name is not a level: Hexo slugizes it away


def test_same_named_children_of_different_parents_stay_apart() -> None:
    fm = parse_front_matter("---\ncategories: [[Python, Basics], [Java, Basics]]\n---\n")
    assert fm.category_names == ["Python", "Python / Basics", "Java", "Java / Basics"]
    hexo = HexoSlugify()
    assert [hexo(name) for name in fm.category_names] == ["Python", "Python/Basics", "Java", "Java/Basics"]
    # Material's default slugify on an ordinary site, as the plugin hands it to the blog: level by level.
    default = slugify_text(slugify(case="lower"), levels=True)
    names = [default(name, "-") for name in fm.category_names]
    assert names == ["python", "python/basics", "java", "java/basics"]
    assert default("R&amp;D", "-") == "rd" and default("TCP/IP", "-") == "tcpip"  # one level each
    assert slugify_text(slugify(case="lower"))("Python / Basics", "-") == "python--basics"  # tags: one name


def test_old_nested_category_urls_need_no_redirect() -> None:
    """listing_target gives the old URL itself: the Material page is there, so no redirect is written."""
    config = hexo_config_from_mapping(_config_of("f"))
    posts = [
        HexoPost("_posts/a.md", {"date": "2024-01-01 00:00:00", "categories": ["机器学习", "深度学习"]}),
        HexoPost("_posts/b.md", {"date": "2024-01-02 00:00:00", "categories": [["Python", "Basics"]]}),
    ]
    from zoneinfo import ZoneInfo

    site = HexoSite(config, posts, machine_tz=ZoneInfo("UTC"))
    pages = site.category_pages()
    assert [(page.path, listing_target(page, config)) for page in pages] == [
        ("c/ml/", "c/ml/"),
        ("c/ml/深度学习/", "c/ml/深度学习/"),
        ("c/python/", "c/python/"),
        ("c/python/basics/", "c/python/basics/"),
    ]

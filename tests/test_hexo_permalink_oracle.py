"""Every URL vector of what real Hexo 8.1.2 generated, against :mod:`mkdocs_zigzag.hexo.permalink`.

``tests/data/hexo_oracle_urls.jsonl`` is a byte copy of ``shared/hexo-oracle/url_vectors.sample.jsonl`` (see
``hexo_oracle_urls.origin.md``). Each variant's whole site is rebuilt from the 26 posts' front matter (each
post's lines carry it; every post appears in some variant), in the order of their sources, on a machine in the
vector's ``process_TZ``. A post without a date gets, as its birth time, the instant Hexo reported for it in
that run (``hexo.date_utc``), so even run-dependent URLs are compared exactly; what stays run-dependent is
which of two colliding routes won the file, and the post lists of pages holding such posts.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from mkdocs_zigzag.hexo.frontmatter import parse_front_matter
from mkdocs_zigzag.hexo.hexo_config import HexoConfig, hexo_config_from_mapping
from mkdocs_zigzag.hexo.permalink import (
    HexoPost,
    HexoSite,
    ListPage,
    encode_url,
    full_url_for,
    page_path,
    post_asset_path,
    public_file,
    route_key,
    url_for,
)

ORACLE = Path(__file__).parent / "data" / "hexo_oracle_urls.jsonl"
VECTORS: list[dict[str, Any]] = [json.loads(line) for line in ORACLE.read_text(encoding="utf-8").splitlines()]
POST_LINES = [v for v in VECTORS if v["kind"] == "post"]
FRONT_MATTER = {v["source"]: v["front_matter"] for v in POST_LINES}


def _birth(source: str, variant: str) -> datetime:
    """The birth time Hexo saw for *source* in *variant*'s run (another run's when the variant omits it)."""
    lines = [v for v in POST_LINES if v["source"] == source]
    lines.sort(key=lambda v: v["variant"] != variant)
    return datetime.fromisoformat(lines[0]["hexo"]["date_utc"].replace("Z", "+00:00"))


def _config(vector: dict[str, Any]) -> HexoConfig:
    return hexo_config_from_mapping({k: v for k, v in vector["config"].items() if k != "process_TZ"})


@cache
def _site(variant: str) -> HexoSite:
    vector = next(v for v in VECTORS if v["variant"] == variant)
    posts = [
        HexoPost(source, parse_front_matter(f"---\n{text}\n---\n").data, _birth(source, variant))
        for source, text in sorted(FRONT_MATTER.items())
    ]
    return HexoSite(_config(vector), posts, machine_tz=ZoneInfo(vector["config"]["process_TZ"]))


def _links(path: str, vector: dict[str, Any]) -> None:
    config = _config(vector)
    assert encode_url(path) == vector["url_path_encoded"]
    assert url_for(path, config) == vector["href"]
    assert full_url_for(path, config) == vector["permalink"]


@pytest.mark.parametrize("vector", POST_LINES, ids=[v["id"] for v in POST_LINES])
def test_post_url(vector: dict[str, Any]) -> None:
    post = _site(vector["variant"]).post(vector["source"])
    hexo = vector["hexo"]
    assert post.slug == hexo["slug"]
    assert post.path == hexo["post.path"]
    assert post.url_path == vector["url_path"]
    assert post.category_token == hexo["category_token"]
    assert post.date_source == vector["date_source"]
    assert post.date.strftime("%Y-%m-%d %H:%M:%S") == hexo["date_local"]
    assert post.published == hexo["published"]
    assert (post.date_source == "file-birthtime") == bool(post.unstable)
    _links(post.url_path, vector)
    if vector["generated"]:
        assert route_key(post.path) == vector["hexo_route"]
        assert public_file(post.path) == vector["public_file"]
    else:
        # Drafts and `published: false`: the path is computed, no file is written.
        assert "hexo_route" not in vector
        assert vector["public_file"] is None


PAGE_LINES = [v for v in VECTORS if v["kind"] in ("page", "source_asset", "post_asset")]


@pytest.mark.parametrize("vector", PAGE_LINES, ids=[v["id"] for v in PAGE_LINES])
def test_page_and_file_url(vector: dict[str, Any]) -> None:
    source = vector["source"]
    if vector["kind"] == "page":
        permalink = parse_front_matter(f"---\n{vector['front_matter']}\n---\n").data.get("permalink")
        path = page_path(source, permalink)
    elif vector["kind"] == "post_asset":
        post_source = source.rsplit("/", 1)[0] + ".md"
        path = post_asset_path(_site(vector["variant"]).post(post_source).path, source.rsplit("/", 1)[1])
    else:
        path = source
    assert path == vector["url_path"]
    assert route_key(path) == vector["hexo_route"]
    assert public_file(path) == vector["public_file"]
    _links(path, vector)


LIST_LINES = [v for v in VECTORS if v["kind"] in ("index", "archive", "category", "tag")]


def _list_page(vector: dict[str, Any]) -> ListPage:
    site = _site(vector["variant"])
    pages = {
        "index": site.index_pages,
        "archive": site.archive_pages,
        "category": site.category_pages,
        "tag": site.tag_pages,
    }[vector["kind"]]()
    matches = [
        page for page in pages if page.path == vector["url_path"] and page.name in (None, vector.get("name"))
    ]
    assert len(matches) == 1, [page.path for page in pages]
    return matches[0]


@pytest.mark.parametrize("vector", LIST_LINES, ids=[v["id"] for v in LIST_LINES])
def test_list_page_url(vector: dict[str, Any]) -> None:
    page = _list_page(vector)
    assert (page.page_number, page.pages_total, page.base) == (
        vector["page_number"],
        vector["pages_total"],
        vector["base"],
    )
    for key in ("name", "slug", "parent", "year", "month"):
        if key in vector:
            assert getattr(page, key) == vector[key], key
    assert route_key(page.path) == vector["hexo_route"]
    assert public_file(page.path) == vector["public_file"]
    _links(page.path, vector)
    if not vector["run_dependent"]:
        assert list(page.posts) == vector["posts_listed"]

"""A warm build reuses each post's normalized copy instead of re-parsing and re-dumping its front matter.

Found by benchmarks/build_bench.py (scale part): deciding and writing the copies cost ~2.2 ms per post on
every build (two YAML parses and up to three YAML dumps), about 11% of a plain build at 1,000 posts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

import mkdocs_zigzag.blog as blog

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from conftest import BuiltSite

POST = """---
title: 你好
date: 2024-8-17 12:06:54
tags: [数学, 博客]
categories: 机器学习
---

第一段文字。
"""
FILES = {
    "docs/index.md": "# Home\n",
    "docs/blog/index.md": "# Blog\n",
    "docs/blog/posts/hello.md": POST,
}
CONFIG = {"plugins": ["blog", "zigzag"]}
PAGE = "blog/2024/08/17/hello/index.html"


def _count_calls(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    calls: list[int] = []
    original = getattr(blog, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(blog, name, counted)
    return calls


@pytest.mark.slow
def test_unchanged_post_is_not_normalized_again(
    build_site: Callable[..., BuiltSite], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "site"
    first = build_site(FILES, CONFIG, root=root)
    page = first.read(PAGE)
    copy = root / ".cache" / "zigzag" / "posts" / "blog" / "posts" / "hello.md"
    assert copy.is_file(), "a one-digit-month Hexo date needs a normalized copy"

    dumps, readings = (
        _count_calls(monkeypatch, "normalized_source"),
        _count_calls(monkeypatch, "_material_reading"),
    )
    second = build_site(FILES, CONFIG, root=root)
    assert (dumps, readings) == ([], [])
    assert second.read(PAGE) == page

    edited = {**FILES, "docs/blog/posts/hello.md": POST.replace("第一段文字。", "改过的文字。")}
    third = build_site(edited, CONFIG, root=root)
    assert len(dumps) == 1 and len(readings) == 1
    assert "改过的文字。" in third.read(PAGE)
    assert "第一段文字。" not in third.read(PAGE)


@pytest.mark.slow
def test_damaged_copy_is_rewritten(
    build_site: Callable[..., BuiltSite], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "site"
    page = build_site(FILES, CONFIG, root=root).read(PAGE)
    copy = root / ".cache" / "zigzag" / "posts" / "blog" / "posts" / "hello.md"
    copy.write_text("---\ntitle: wrong\n---\n\nnot the post\n", encoding="utf-8")

    dumps = _count_calls(monkeypatch, "normalized_source")
    again = build_site(FILES, CONFIG, root=root)
    assert len(dumps) == 1
    assert again.read(PAGE) == page
    text = copy.read_text(encoding="utf-8")
    assert "2024-08-17 12:06:54" in text
    assert "not the post" not in text


@pytest.mark.slow
def test_time_zone_change_redoes_the_copy(
    build_site: Callable[..., BuiltSite], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "site"
    shanghai = {"plugins": ["blog", {"zigzag": {"hexo_timezone": "Asia/Shanghai"}}]}
    tokyo = {"plugins": ["blog", {"zigzag": {"hexo_timezone": "Asia/Tokyo"}}]}
    before = build_site(FILES, shanghai, root=root).read(PAGE)
    dumps = _count_calls(monkeypatch, "normalized_source")
    after = build_site(FILES, tokyo, root=root).read(PAGE)
    assert len(dumps) == 1
    assert "2024-08-17 12:06:54+08:00" in before
    assert "2024-08-17 12:06:54+09:00" in after

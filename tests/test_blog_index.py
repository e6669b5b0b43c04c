"""A missing blog index page is named before Material's blog writes it into docs/ (blog_index.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs_zigzag.blog_index import missing_blog_indexes

if TYPE_CHECKING:
    from pathlib import Path


def test_a_missing_index_is_named_with_the_one_line_fix(tmp_path: Path) -> None:
    (tmp_path / "blog" / "posts").mkdir(parents=True)
    assert missing_blog_indexes(str(tmp_path), ["blog"]) == [
        "docs/blog/index.md does not exist, so Material's blog plugin writes it (holding '# Blog') into "
        "your docs folder during this build. Create it yourself to own its title: "
        "printf '# Blog\\n' > docs/blog/index.md"
    ]


def test_an_existing_index_says_nothing(tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "index.md").write_text("# News\n", encoding="utf-8")
    assert missing_blog_indexes(str(tmp_path), ["news/", "news"]) == []


def test_each_blog_is_checked_once_and_a_root_blog_is_docs_index(tmp_path: Path) -> None:
    messages = missing_blog_indexes(str(tmp_path), [".", "blog", "blog/"], shown_docs_dir="site-src")
    assert [m.split(" ")[0] for m in messages] == ["site-src/index.md", "site-src/blog/index.md"]

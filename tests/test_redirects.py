"""Redirect pages for old Hexo URLs: file paths, relative targets, HTML like mkdocs-redirects', conflicts."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from mkdocs_zigzag.redirects import (
    FileCopy,
    plan_redirects,
    redirect_file_path,
    redirect_html,
    relative_target,
)


@pytest.mark.parametrize(
    ("old_url", "expected"),
    [
        ("2023/05/01/My First Post/", "2023/05/01/My First Post/index.html"),
        ("2023/05/01/My%20First%20Post/", "2023/05/01/My First Post/index.html"),
        ("legacy/old-page.html", "legacy/old-page.html"),
        ("no/trailing-slash", "no/trailing-slash/index.html"),
        ("", "index.html"),
        ("page/2/", "page/2/index.html"),
        ("/categories/机器学习/", "categories/机器学习/index.html"),
        ("../../etc/x.html", "etc/x.html"),  # never outside site_dir
    ],
)
def test_redirect_file_path(old_url: str, expected: str) -> None:
    assert redirect_file_path(old_url) == expected


@pytest.mark.parametrize(
    ("file_path", "new_url", "expected"),
    [
        (
            "2023/05/01/My First Post/index.html",
            "blog/2023/05/01/my-post/",
            "../../../../blog/2023/05/01/my-post/",
        ),
        ("legacy/old-page.html", "blog/old-page/", "../blog/old-page/"),
        ("tags/C/index.html", "blog/tags/#c", "../../blog/tags/#c"),
        ("page/2/index.html", "", "../../"),
        ("atom.xml", "feed_atom.xml", "feed_atom.xml"),
        ("x/index.html", "blog/深度 学习/", "../blog/%E6%B7%B1%E5%BA%A6%20%E5%AD%A6%E4%B9%A0/"),
        ("x/index.html", "https://elsewhere.example/a", "https://elsewhere.example/a"),
    ],
)
def test_relative_target(file_path: str, new_url: str, expected: str) -> None:
    assert relative_target(file_path, new_url) == expected


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script = ""
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script += data


def test_redirect_html_has_refresh_canonical_and_link() -> None:
    page = redirect_html("../blog/a&b/", "https://example.org/blog/a&b/")
    parser = _Collect()
    parser.feed(page)
    attrs = {tag: found for tag, found in parser.tags if tag in ("meta", "link", "a")}
    assert ("meta", {"http-equiv": "refresh", "content": "0; url=../blog/a&b/"}) in parser.tags
    assert attrs["link"] == {"rel": "canonical", "href": "https://example.org/blog/a&b/"}
    assert attrs["a"] == {"href": "../blog/a&b/"}
    assert (
        parser.script
        == 'var anchor=window.location.hash.substr(1);location.href="../blog/a&b/"+(anchor?"#"+anchor:"")'
    )
    assert page.startswith("<!doctype html>\n")


def test_redirect_html_cannot_be_broken_out_of() -> None:
    target = 'x"></script><script>alert(1)</script>'
    page = redirect_html(target)
    parser = _Collect()
    parser.feed(page)
    # One script element, whose string literal holds the whole target; attributes hold it escaped.
    assert [tag for tag, _ in parser.tags].count("script") == 1
    assert '"x\\"><\\/script><script>alert(1)<\\/script>"' in parser.script
    assert ("a", {"href": target}) in parser.tags


def test_plan_redirects() -> None:
    plan = plan_redirects(
        [
            ("2023/05/01/My First Post/", "blog/2023/05/01/my-post/"),
            ("tags/C/", "blog/tags/#c"),
            ("tags/C/", "blog/tags/#c-sharp"),  # Hexo's C++/C# collision: the first wins
            ("about/", "about/"),  # unchanged URL: MkDocs wrote the page itself
            ("links.html", "blog/links/"),  # another page lives there now
            ("CNAME", "CNAME"),  # a file without extension that is still there
            ("2024/08/17/post/diagram.png", "blog/2024/08/17/post/diagram.png"),  # a moved post asset
        ],
        site_url="https://example.org/site",
        existing={"about/index.html", "links.html", "CNAME"},
    )
    files, problems = plan.pages, plan.problems
    assert [(f.path, f.target) for f in files] == [
        ("2023/05/01/My First Post/index.html", "../../../../blog/2023/05/01/my-post/"),
        ("tags/C/index.html", "../../blog/tags/#c"),
    ]
    assert '<link rel="canonical" href="https://example.org/site/blog/2023/05/01/my-post/">' in files[0].html
    assert problems == [
        "old URLs 'tags/C/' and 'tags/C/' are the same file (tags/C/index.html); it redirects to the first "
        "one's new URL only.",
        "old URL 'links.html' is now another page's URL (links.html); it cannot also redirect to "
        "'blog/links/'. Give one of the two pages another URL.",
    ]
    assert plan.copies == [FileCopy("2024/08/17/post/diagram.png", "blog/2024/08/17/post/diagram.png")]

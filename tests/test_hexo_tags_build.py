"""End-to-end: small temporary sites built by MkDocs with Hexo tags in their pages."""

from __future__ import annotations

import importlib.util
import os
import posixpath
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import pytest
from conftest import run_build, write_site
from mkdocs.exceptions import Abort

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from conftest import BuiltSite

pytestmark = pytest.mark.slow

EXTENSIONS = ["admonition", "md_in_html", "pymdownx.details", "pymdownx.superfences", "attr_list"]

POST = """\
---
title: Foo post
---
# Foo

<p align="center">{% asset_img cell.jpg 神经元 %}</p>

See {% post_link bar %}, [the pdf]({% asset_path "paper v2.pdf" %}) and {% img /images/logo.png 50 Logo %}.

```
{% asset_img in-code.jpg %}
```

Inline `{% asset_img in-span.jpg %}` too.

![细胞](cell.jpg "Hexo's postAsset") ![beside](beside.png)
"""

FILES: dict[str, str | bytes] = {
    "docs/index.md": "# Home\n",
    "docs/posts/foo.md": POST,
    "docs/posts/foo/cell.jpg": b"\xff\xd8jpeg",
    "docs/posts/foo/paper v2.pdf": b"%PDF",
    "docs/posts/bar.md": "---\ntitle: The Bar\n---\n\nbar\n",
    "docs/images/logo.png": b"\x89PNG",
    "docs/posts/beside.png": b"\x89PNG",
}


def srcs(html: str, attribute: str) -> list[str]:
    """Values of *attribute* in the page's article (markup we emitted or MkDocs did)."""
    article = html[html.index("<article") : html.index("</article>")]
    return re.findall(rf'{attribute}="([^"]*)"', article)


def assert_resolves(built: BuiltSite, page_path: str, url: str, expected: str) -> None:
    """*url*, as the browser resolves it from *page_path*, is the site file *expected*."""
    base = posixpath.dirname(page_path)
    target = posixpath.normpath(posixpath.join(base, unquote(url)))
    assert target == expected
    assert (built.site_dir / target).exists() or (built.site_dir / target / "index.html").exists()


@pytest.mark.parametrize(
    ("directory_urls", "page"),
    [(True, "posts/foo/index.html"), (False, "posts/foo.html")],
)
def test_urls_resolve_with_and_without_directory_urls(
    build_site: Callable[..., BuiltSite], directory_urls: bool, page: str
) -> None:
    built = build_site(FILES, {"use_directory_urls": directory_urls, "markdown_extensions": EXTENSIONS})
    html = built.read(page)
    img_cell, img_logo = srcs(html, "src")[:2]
    assert_resolves(built, page, img_cell, "posts/foo/cell.jpg")
    assert_resolves(built, page, img_logo, "images/logo.png")
    hrefs = [h for h in srcs(html, "href") if "bar" in h or "paper" in h]
    assert_resolves(built, page, hrefs[0], "posts/bar" if directory_urls else "posts/bar.html")
    assert_resolves(built, page, hrefs[1], "posts/foo/paper v2.pdf")
    assert '<p align="center"><img src="' in html
    assert 'title="神经元" alt="神经元"' in html
    assert 'title="The Bar">The Bar</a>' in html
    assert "{% asset_img in-code.jpg %}" in html
    assert "<code>{% asset_img in-span.jpg %}</code>" in html
    # Markdown images: one names the post's asset (Hexo's postAsset), one a file beside the page.
    markdown_cell, beside = srcs(html, "src")[-2:]
    assert_resolves(built, page, markdown_cell, "posts/foo/cell.jpg")
    assert_resolves(built, page, beside, "posts/beside.png")


def test_sub_path_site_url_keeps_urls_page_relative(build_site: Callable[..., BuiltSite]) -> None:
    built = build_site(
        FILES, {"site_url": "https://example.org/deep/sub/", "markdown_extensions": EXTENSIONS}, strict=True
    )
    html = built.read("posts/foo/index.html")
    assert srcs(html, "src")[:2] == ["cell.jpg", "../../images/logo.png"]
    assert "example.org" not in " ".join(srcs(html, "src"))


BAD = """\
---
title: Bad
---
# Bad

{% asset_img missing.jpg 不存在 %}
{% asset_img Cell.JPG %}
{% asset_img %}
{% post_link nowhere %}
{% wavedrom abc %}
{% asset_img ../bar/secret.jpg %}
{% asset_img /etc/passwd %}
{% asset_img leak.txt %}
{% %}
{% note info %}
"""

BAD_WARNINGS = [
    "docs/posts/foo.md:6: Hexo tag '{% asset_img missing.jpg 不存在 %}': no file 'missing.jpg' in the post's "
    "asset folder 'posts/foo/'. Put 'missing.jpg' in 'posts/foo/' or correct the name.",
    "docs/posts/foo.md:7: Hexo tag '{% asset_img Cell.JPG %}': no file 'Cell.JPG' in the post's asset folder "
    "'posts/foo/'; there is 'cell.jpg' (names are case-sensitive on the web server). "
    "Write the name as 'cell.jpg'.",
    "docs/posts/foo.md:8: Hexo tag '{% asset_img %}': the tag names no file. "
    "Write {% asset_img <file> [title] %}.",
    "docs/posts/foo.md:9: Hexo tag '{% post_link nowhere %}': no post with slug or title 'nowhere'. "
    "Write the post's path under the posts folder without '.md' "
    "(folders included, as Hexo's slug: 'Python/PythonBasis'), or its exact title.",
    "docs/posts/foo.md:10: Hexo tag '{% wavedrom abc %}': unknown Hexo tag 'wavedrom'. "
    "Write it as Markdown, or remove it; it is shown as text.",
    "docs/posts/foo.md:11: Hexo tag '{% asset_img ../bar/secret.jpg %}': "
    "'../bar/secret.jpg' points outside the post's asset folder 'posts/foo/' ('..' is refused). "
    "Put the file in 'posts/foo/' and write its name relative to that folder.",
    "docs/posts/foo.md:12: Hexo tag '{% asset_img /etc/passwd %}': "
    "'/etc/passwd' is an absolute path, not a name in the post's asset folder 'posts/foo/' (refused). "
    "Put the file in 'posts/foo/' and write its name relative to that folder.",
    "docs/posts/foo.md:13: Hexo tag '{% asset_img leak.txt %}': "
    "'leak.txt' is a link to a file outside the post's asset folder 'posts/foo/' (refused). "
    "Copy the file into 'posts/foo/' instead of linking to it.",
    "docs/posts/foo.md:14: Hexo tag '{% %}': the tag is empty. "
    "Write a tag name after '{%', or remove the tag.",
    "docs/posts/foo.md:15: Hexo tag '{% note info %}' opens a block that is never closed. "
    "Add '{% endnote %}' after its content; the tag is shown as text.",
]


def _bad_site(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    root = tmp_path / "bad"
    outside = tmp_path / "outside.txt"
    outside.write_text("secret", encoding="utf-8")
    (root / "docs/posts/foo").mkdir(parents=True)
    os.symlink(outside, root / "docs/posts/foo/leak.txt")
    files: dict[str, str | bytes] = {
        "docs/index.md": "# Home\n",
        "docs/posts/foo.md": BAD,
        "docs/posts/foo/cell.jpg": b"jpeg",
        "docs/posts/bar/secret.jpg": b"jpeg",
    }
    write_site(root, files, {"markdown_extensions": EXTENSIONS})
    return root, files


def test_every_bad_tag_is_reported_at_its_file_line_and_the_page_still_builds(tmp_path: Path) -> None:
    root, _ = _bad_site(tmp_path)
    built = run_build(root)
    assert [w.removeprefix("mkdocs_zigzag: ") for w in built.warnings] == BAD_WARNINGS
    html = built.read("posts/foo/index.html")
    for tag in (
        "{% asset_img missing.jpg 不存在 %}",
        "{% wavedrom abc %}",
        "{% note info %}",
        "{% asset_img %}",
    ):
        assert tag in html
    assert "<img" not in html[html.index("<article") : html.index("</article>")]


def test_strict_build_fails_on_a_bad_tag(tmp_path: Path) -> None:
    root, _ = _bad_site(tmp_path)
    with pytest.raises(Abort):
        run_build(root, strict=True)


def test_turning_tags_off_leaves_them_as_text(build_site: Callable[..., BuiltSite]) -> None:
    built = build_site(
        FILES,
        {"plugins": [{"zigzag": {"hexo_tags": False}}], "markdown_extensions": EXTENSIONS},
        # Without the tags, MkDocs itself sees the tag as a link target.
        expect_warnings=[
            "contains a link '{% asset_path \"paper v2.pdf\" %}'",
            "contains a link 'cell.jpg', but the target 'posts/cell.jpg' is not found",
        ],
    )
    assert "{% asset_img cell.jpg 神经元 %}" in built.read("posts/foo/index.html")


BLOG_POST = """\
---
date: 2024-08-17
categories:
  - 机器学习
---
# Zero

<p align="center">{% asset_img cell.jpg 神经元 %}</p>

<!-- more -->

{% asset_img missing.png %}
"""


def test_material_blog_post_and_its_excerpt_resolve_assets(build_site: Callable[..., BuiltSite]) -> None:
    files: dict[str, str | bytes] = {
        "docs/index.md": "# Home\n",
        "docs/blog/index.md": "# Blog\n",
        "docs/blog/posts/zero.md": BLOG_POST,
        "docs/blog/posts/zero/cell.jpg": b"jpeg",
    }
    built = build_site(
        files,
        {"plugins": [{"blog": {"blog_dir": "blog"}}, "zigzag"], "markdown_extensions": EXTENSIONS},
        expect_warnings=["docs/blog/posts/zero.md:12: Hexo tag '{% asset_img missing.png %}'"],
    )
    # Reported once, although the post is converted again for its excerpt on the blog index.
    assert len(built.warnings) == 1
    # Material's blog publishes files of blog/posts/ one folder up (docs/blog/posts/zero/cell.jpg is served
    # as blog/zero/cell.jpg); the URL follows wherever MkDocs puts the file.
    post_page = "blog/2024/08/17/zero/index.html"
    (post_src,) = srcs(built.read(post_page), "src")
    assert_resolves(built, post_page, post_src, "blog/zero/cell.jpg")
    index_html = built.read("blog/index.html")
    (excerpt_src,) = [s for s in srcs(index_html, "src") if "cell.jpg" in s]
    assert_resolves(built, "blog/index.html", excerpt_src, "blog/zero/cell.jpg")


def test_seed_post_through_materials_blog_shows_its_four_figures(seed_project: Path) -> None:
    # Only the post: the site's other pages quote figures and numbers of the figure engine.
    (seed_project / "docs/experiment.md").write_text("# Experiment\n", encoding="utf-8")
    if importlib.util.find_spec("mkdocs_zigzag.figures.engine") is None:
        # Stand-in figure files in the post's asset folder until the figure engine generates them.
        folder = seed_project / "docs/blog/posts/zero-centered-activation"
        folder.mkdir()
        for name in ("cell.jpg", "sigma-sigma-prime.jpg", "tanh-tanh-prime.jpg", "zig-zag-gradient.png"):
            (folder / name).write_bytes(b"stand-in")
    built = run_build(seed_project, strict=True)
    assert built.warnings == []
    page = "blog/2024/08/17/zero-centered-activation/index.html"
    html = built.read(page)
    for name, title in [
        ("cell.jpg", "神经元"),
        ("sigma-sigma-prime.jpg", "Sigmoid"),
        ("tanh-tanh-prime.jpg", "tanh"),
        ("zig-zag-gradient.png", "收敛速度"),
    ]:
        stem = name.rsplit(".", 1)[0]
        found = [src for src in srcs(html, "src") if posixpath.basename(unquote(src)).startswith(stem)]
        assert found, name
        for src in found:
            # Material's blog publishes blog/posts/<post>/ files one folder up, as blog/<post>/.
            # (generated figures add Material's #only-light / #only-dark fragment)
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(urlsplit(src).path)))
            assert posixpath.dirname(target) == "blog/zero-centered-activation"
            assert (built.site_dir / target).is_file()
        assert f'alt="{title}"' in html

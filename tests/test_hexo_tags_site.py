"""TagSite: the per-page context the plugin hands the renderers, built from plain file records."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.utils import get_relative_url

from mkdocs_zigzag.hexo.render import PageContext, TagError
from mkdocs_zigzag.hexo.site import SiteFile, TagSite
from mkdocs_zigzag.hexo.tag_pass import render_tags

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path


def test_asset_folder_holds_its_subfolders_but_not_a_sibling_with_the_same_prefix() -> None:
    site = TagSite(
        [
            SiteFile("posts/foo.md", "posts/foo/"),
            SiteFile("posts/foo/cell.jpg", "posts/foo/cell.jpg", "/docs/posts/foo/cell.jpg"),
            SiteFile("posts/foo/sub/pic.png", "posts/foo/sub/pic.png"),
            SiteFile("posts/foobar/x.png", "posts/foobar/x.png"),
        ],
        relative_url=get_relative_url,
    )
    context = site.context("posts/foo.md", "blog/2024/08/17/foo/")
    assert dict(context.assets) == {
        "posts/foo/cell.jpg": "../../../../../posts/foo/cell.jpg",
        "posts/foo/sub/pic.png": "../../../../../posts/foo/sub/pic.png",
    }
    assert dict(context.asset_paths) == {"posts/foo/cell.jpg": "/docs/posts/foo/cell.jpg"}
    assert context.site_root_url == "../../../../../"
    assert "posts/foobar/x.png" in context.site_files


def test_posts_are_found_by_stem_path_or_title_and_front_matter_is_read_only_when_needed() -> None:
    reads: list[str] = []

    def meta(src: str, data: dict[str, str]) -> Callable[[], dict[str, str]]:
        def read() -> dict[str, str]:
            reads.append(src)
            return data

        return read

    site = TagSite(
        [
            SiteFile("posts/foo.md", "posts/foo/", read_meta=meta("foo", {})),
            SiteFile(
                "posts/bar.md", "posts/bar.html", read_meta=meta("bar", {"title": "Bar!", "slug": "ignored"})
            ),
        ],
        relative_url=get_relative_url,
    )
    context = site.context("posts/foo.md", "posts/foo/")
    assert reads == []
    for key in ("bar", "posts/bar", "Bar!"):
        post = context.find_post(key)
        assert post is not None
        assert (post.url, post.title, post.src_uri) == ("../bar.html", "Bar!", "posts/bar.md")
    assert context.find_post("nope") is None
    assert context.find_post("ignored") is None  # a front-matter slug, which Hexo ignores too
    assert sorted(reads) == ["bar", "foo"]


def test_the_figure_engines_callback_reaches_every_page() -> None:
    def figure_html(src_uri: str, url: str, _image: object) -> str | None:
        return f'<figure data-src="{src_uri}" data-url="{url}"></figure>'

    site = TagSite(
        [SiteFile("posts/foo/cell.jpg", "posts/foo/cell.jpg")],
        relative_url=get_relative_url,
        figure_html=figure_html,
    )
    rendered = render_tags("{% asset_img cell.jpg %}", site.context("posts/foo.md", "blog/foo/"))
    assert (
        rendered.text == '<figure data-src="posts/foo/cell.jpg" data-url="../../posts/foo/cell.jpg"></figure>'
    )


def test_custom_tags_of_other_parts_render_and_report_like_hexo_tags() -> None:
    def number(args: Sequence[str], page: PageContext) -> str:
        if len(args) != 2:
            raise TagError(
                f"needs a figure and a key, got {len(args)} arguments.", "Write {% number fig key %}."
            )
        return f"{page.src_uri}:{args[0]}:{args[1]}"

    site = TagSite([], relative_url=get_relative_url, custom_tags={"number": number})
    rendered = render_tags("x {% number a.png k %}\n{% number %}", site.context("p.md", "p/"))
    assert rendered.text == "x p.md:a.png:k\n{% number %}"
    assert [(d.line, d.message, d.fix) for d in rendered.diagnostics] == [
        (
            2,
            "Hexo tag '{% number %}': needs a figure and a key, got 0 arguments.",
            "Write {% number fig key %}.",
        )
    ]


def test_post_link_to_an_alias_bomb_front_matter_neither_stalls_nor_raises(tmp_path: Path) -> None:
    """build._front_matter reads with the bounded Hexo reader: 9**9 expanded values are refused, not built."""
    from functools import partial

    from mkdocs.structure.files import File

    from mkdocs_zigzag.build import _front_matter

    lines = ["---", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 9)]
    lines += ["title: *a8", "---", "", "Boom."]
    docs = tmp_path / "docs"
    (docs / "posts").mkdir(parents=True)
    (docs / "posts" / "bomb.md").write_text("\n".join(lines), encoding="utf-8")
    (docs / "posts" / "ok.md").write_text("---\ntitle: Fine\ndraft: true\n---\n\nText.\n", encoding="utf-8")
    files = [File(f"posts/{name}.md", str(docs), str(tmp_path / "site"), True) for name in ("bomb", "ok")]
    assert _front_matter(files[0]) == {"title": None, "published": True, "draft": False}
    assert _front_matter(files[1]) == {"title": "Fine", "published": True, "draft": True}
    site = TagSite(
        [SiteFile(file.src_uri, file.url, file.abs_src_path, partial(_front_matter, file)) for file in files],
        relative_url=get_relative_url,
    )
    post = site.context("posts/ok.md", "posts/ok/").find_post("bomb")
    assert post is not None
    assert (post.url, post.title, post.published) == ("../bomb/", "bomb", True)
    draft = site.context("posts/bomb.md", "posts/bomb/").find_post("Fine")
    assert draft is not None
    assert draft.published is False

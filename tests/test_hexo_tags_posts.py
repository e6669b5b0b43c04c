"""post_link / post_path: Hexo's slug (path under the posts folder), title lookup, anchors, drafts.

The expected ``<a>`` of the oracle cases (t63, t65, t67, t69, t71) is what Hexo 8.1.2 wrote: see
``tests/data/hexo_oracle_tags.jsonl`` (a copy of /work/shared/hexo-oracle/tag_vectors.sample.jsonl).
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from mkdocs.utils import get_relative_url

from mkdocs_zigzag.hexo.posts import PostIndex, hexo_slugize, match_anchor, read_headings, strip_front_matter
from mkdocs_zigzag.hexo.site import SiteFile, TagSite
from mkdocs_zigzag.hexo.tag_pass import render_tags

if TYPE_CHECKING:
    from collections.abc import Callable

ORACLE = Path(__file__).parent / "data" / "hexo_oracle_tags.jsonl"
BY_ID = {c["id"]: c for c in map(json.loads, ORACLE.read_text(encoding="utf-8").splitlines())}


def _meta(data: dict[str, object]) -> Callable[[], dict[str, object]]:
    return lambda: data


def _site(tmp_path: Path, posts: dict[str, tuple[dict[str, object], str]]) -> TagSite:
    """Posts under docs/blog/posts/, each published at blog/<path>/ (Material's layout, flattened)."""
    files = []
    for src, (meta, body) in posts.items():
        path = tmp_path / src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
        url = "blog/" + src.removeprefix("blog/posts/").removesuffix(".md") + "/"
        files.append(SiteFile(src, url, str(path), read_meta=_meta(meta)))
    return TagSite(files, relative_url=get_relative_url, docs_dir=str(tmp_path), post_dirs=["blog/posts"])


@pytest.fixture
def site(tmp_path: Path) -> TagSite:
    return _site(
        tmp_path,
        {
            "blog/posts/hello-world.md": ({"title": "Hello world"}, "---\ntitle: Hello world\n---\n# Hi\n"),
            "blog/posts/title-with-tag.md": ({"title": '"Hello" <new world>!'}, ""),
            "blog/posts/000_124992dbe600fd2b.md": ({"title": "激活函数不以零为中心的问题"}, ""),
            "blog/posts/Python/PythonBasis.md": (
                {"title": "Python basics"},
                "---\ntitle: Python basics\n---\n\n## Hello World\n\n## 列表 List\n\n"
                "```\n## not a heading\n```\n\nSetext\n------\n\n## Hello World\n",
            ),
            "blog/posts/Go/PythonBasis.md": ({"title": "Go, not Python"}, ""),
            "blog/posts/draft.md": ({"title": "Secret draft title", "published": False}, ""),
            "about.md": ({"title": "About"}, ""),
        },
    )


def _render(
    site: TagSite, text: str, src: str = "blog/posts/t63.md", url: str = "blog/t63/"
) -> tuple[str, list[str]]:
    rendered = render_tags(text, site.context(src, url))
    return rendered.text, [d.message + " " + d.fix for d in rendered.diagnostics]


class _Anchor(HTMLParser):
    """The attributes and text of the one ``<a>`` in some HTML."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.attrs: dict[str, str | None] = {}
        self.text = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.attrs = dict(attrs)

    def handle_data(self, data: str) -> None:
        self.text += data


@pytest.mark.parametrize("case_id", ["t63", "t65", "t67", "t69"])
def test_oracle_post_links_have_hexos_text_and_title(site: TagSite, case_id: str) -> None:
    case = BY_ID[case_id]
    html, problems = _render(site, case["tag"])
    assert problems == []
    ours, hexo = _Anchor(html), _Anchor(case["tag_html"])
    # Hexo's root-absolute /2024/08/17/<slug>/ is ../<slug>/ from the post at blog/t63/.
    assert ours.attrs == {**hexo.attrs, "href": hexo.attrs["href"].replace("/2024/08/17/", "../")}
    # t65: Hexo inserts the title as HTML when escape is false (so "<new world>" vanishes as an unknown
    # element); a title is text to us, shown as written.
    assert ours.text == (case["other_posts"][1]["title"] if case_id == "t65" else hexo.text)


def test_oracle_post_path(site: TagSite) -> None:
    html, problems = _render(site, BY_ID["t71"]["tag"])
    assert (html, problems) == ("../hello-world/", [])


def test_slug_is_the_path_under_the_posts_folder_folders_included(site: TagSite) -> None:
    html, problems = _render(site, "{% post_link Python/PythonBasis text %}")
    assert problems == []
    assert html == '<a href="../Python/PythonBasis/" title="Python basics">text</a>'
    # Both folders hold a PythonBasis.md: the bare stem is ambiguous, and Hexo would not find it either.
    html, problems = _render(site, "{% post_link PythonBasis %}")
    assert html == "{% post_link PythonBasis %}"
    assert problems == [
        "Hexo tag '{% post_link PythonBasis %}': 'PythonBasis' names several posts: "
        "blog/posts/Python/PythonBasis.md, blog/posts/Go/PythonBasis.md. Write the post's path under the "
        "posts folder without '.md' (Hexo's slug), or its title."
    ]


def test_without_post_dirs_the_material_posts_folder_is_assumed(tmp_path: Path) -> None:
    site = TagSite(
        [SiteFile("blog/posts/Python/PythonBasis.md", "blog/p/", read_meta=_meta({}))],
        relative_url=get_relative_url,
    )
    post = site.context("a.md", "a/").find_post("Python/PythonBasis")
    assert post is not None
    assert (post.url, post.title) == ("../blog/p/", "Python/PythonBasis")  # no title: Hexo shows the slug


def test_pages_outside_the_posts_folder_are_found_by_docs_path_and_title(site: TagSite) -> None:
    assert _render(site, "{% post_path about %}") == ("../about/", [])
    assert _render(site, "{% post_path About %}") == ("../about/", [])


def test_anchor_written_as_hexo_or_mkdocs_spells_it_is_kept_as_the_built_pages_id(site: TagSite) -> None:
    html, problems = _render(site, "{% post_link Python/PythonBasis#Hello-World %}")
    assert problems == []
    assert html == '<a href="../Python/PythonBasis/#hello-world" title="Python basics">Python basics</a>'
    for anchor, built in [
        ("hello-world", "hello-world"),
        ("Hello-World-1", "hello-world_1"),
        ("Setext", "setext"),
    ]:
        html, problems = _render(site, f"{{% post_path Python/PythonBasis#{anchor} %}}")
        assert (html, problems) == (f"../Python/PythonBasis/#{built}", [])


def test_missing_heading_is_a_located_warning_and_links_the_post(site: TagSite) -> None:
    rendered = render_tags(
        "x\n{% post_link Python/PythonBasis#not-a-heading see %}", site.context("a.md", "a/")
    )
    assert rendered.text == 'x\n<a href="../blog/Python/PythonBasis/" title="Python basics">see</a>'
    assert [(d.line, d.message, d.fix) for d in rendered.diagnostics] == [
        (
            2,
            "Hexo tag '{% post_link Python/PythonBasis#not-a-heading see %}': the post 'Python/PythonBasis' "
            "has no heading '#not-a-heading'.",
            "Write the anchor of one of its headings; the link goes to the top of the post.",
        )
    ]
    # A heading inside fenced code is no heading.
    assert _render(site, "{% post_path Python/PythonBasis#not-a-heading-1 %}")[1] != []


def test_link_to_a_draft_warns_and_publishes_neither_link_nor_title(site: TagSite) -> None:
    for tag, shown in [
        ("{% post_link draft %}", ""),
        ("{% post_link draft the <b>draft</b> %}", "the &lt;b&gt;draft&lt;/b&gt;"),
    ]:
        html, problems = _render(site, tag)
        assert html == shown
        assert "Secret" not in html
        assert problems == [
            f"Hexo tag '{tag}': 'draft' is a draft (published: false): it is not in the built site, so it is "
            "not linked. Publish it, or remove the link; the link text is shown without a link."
        ]
    html, problems = _render(site, "[x]({% post_path draft %})")
    assert html == "[x]({% post_path draft %})"
    assert len(problems) == 1


def test_hexo_slugize_matches_hexo_util() -> None:
    # hexo-util test/slugize.spec: special characters become one separator, diacritics lose their marks.
    assert hexo_slugize("Hello World") == "Hello-World"
    assert hexo_slugize("hello  !@#$ world") == "hello-world"
    assert hexo_slugize("ÀÁÂÃÄÅàáâãäå") == "AAAAAAaaaaaa"
    assert hexo_slugize("列表 List") == "列表-List"


def test_headings_skip_code_and_front_matter_and_honour_explicit_ids() -> None:
    body = strip_front_matter("---\ntitle: '# no'\n---\n# One {#first}\n\n    # indented code\n\n## One\n")
    headings = read_headings(body)
    assert [(h.text, h.id, h.hexo_id) for h in headings] == [("One", "first", "One"), ("One", "one", "One-1")]
    assert match_anchor(headings, "One-1") == "one"
    assert match_anchor(headings, "nope") is None


def test_index_prefers_slug_then_title_then_docs_path() -> None:
    index = PostIndex(["blog/posts"])
    index.add("blog/posts/a.md", "b")
    index.add("blog/posts/b.md", "x")
    found = index.lookup("b")
    assert found is not None and found.src_uri == "blog/posts/b.md"  # slug beats another post's title
    found = index.lookup("blog/posts/a")
    assert found is not None and found.src_uri == "blog/posts/a.md"

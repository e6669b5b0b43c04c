"""Hexo excerpts (issue 13): every spelling of the marker, front-matter keys in order, automatic excerpts."""

from __future__ import annotations

from typing import Any

import markdown
import pytest

from mkdocs_zigzag.hexo.excerpt import (
    MATERIAL_SEPARATOR,
    HexoExcerptExtension,
    auto_excerpt_cut,
    auto_excerpt_length,
    front_matter_excerpt,
    mark_excerpt,
)
from mkdocs_zigzag.hexo.frontmatter import parse_front_matter

SEP = MATERIAL_SEPARATOR


@pytest.mark.parametrize(
    "marker", ["<!--more-->", "<!-- more -->", "<!--MORE-->", "<!--  More\t-->", "<!--\nmore\n-->"]
)
def test_every_spelling_hexo_accepts_becomes_the_separator(marker: str) -> None:
    html = f"<p>one</p>\n{marker}\n<p>two</p>"
    assert mark_excerpt(html, SEP, 150) == f"<p>one</p>\n{SEP}\n<p>two</p>"
    assert mark_excerpt(html, "<!-- cut -->", 0) == "<p>one</p>\n<!-- cut -->\n<p>two</p>"


def test_only_the_first_marker_counts_and_other_comments_do_not() -> None:
    html = "<p>a</p>\n<!-- more text -->\n<!--more-->\n<p>b</p>\n<!--more-->\n<p>c</p>"
    assert (
        mark_excerpt(html, SEP, 0) == f"<p>a</p>\n<!-- more text -->\n{SEP}\n<p>b</p>\n<!--more-->\n<p>c</p>"
    )


def test_a_marker_shown_as_code_is_not_a_marker() -> None:
    md = markdown.Markdown(extensions=["fenced_code"])
    html = md.convert("intro\n\n```html\n<!--more-->\n```\n\n`<!--more-->` in text\n")
    assert mark_excerpt(html, SEP, 0) == html


def _paragraphs(*lengths: int) -> str:
    return "\n".join(f"<p>{'x' * n}</p>" for n in lengths)


def test_automatic_excerpt_cuts_at_the_first_block_boundary_after_the_length() -> None:
    html = _paragraphs(100, 100, 100)
    cut = len("<p>" + "x" * 100 + "</p>\n<p>" + "x" * 100 + "</p>")
    assert auto_excerpt_cut(html, 150) == cut
    assert mark_excerpt(html, SEP, 150) == html[:cut] + f"\n{SEP}" + html[cut:]
    assert auto_excerpt_cut(html, 100) == len("<p>" + "x" * 100 + "</p>")
    assert auto_excerpt_cut(html, 300) is None  # nothing after the boundary: the post is shown whole
    assert mark_excerpt(html, SEP, 0) == html  # 0: off


def test_automatic_excerpt_never_cuts_inside_a_block() -> None:
    formula = '<div class="arithmatex"><span class="katex"><math><annotation>x^2</annotation></math>' + (
        "<span>" + "y" * 300 + "</span></span></div>"
    )
    code = '<div class="highlight"><pre><code>' + "z\n" * 200 + "</code></pre></div>"
    table = "<table><tr><td>" + "t" * 200 + "</td></tr></table>"
    raw = '<div align="center"><p>' + "r" * 100 + "</p><p>" + "r" * 100 + "</p></div>"
    for block in (formula, code, table, raw):
        html = f"<p>intro</p>\n{block}\n<p>after</p>"
        cut = auto_excerpt_cut(html, 150)
        assert cut == len(f"<p>intro</p>\n{block}"), block[:30]


def test_the_title_heading_and_math_markup_do_not_count_as_text() -> None:
    html = "<h1>" + "T" * 200 + "</h1>\n<p>short</p>\n<p>" + "x" * 200 + "</p>\n<p>end</p>"
    assert auto_excerpt_cut(html, 150) == len(
        "<h1>" + "T" * 200 + "</h1>\n<p>short</p>\n<p>" + "x" * 200 + "</p>"
    )
    hidden = "<p><math><annotation>" + "a" * 300 + "</annotation></math>b</p>\n<p>" + "c" * 10 + "</p>"
    assert auto_excerpt_cut(hidden, 150) is None


def test_raw_html_with_stray_or_missing_end_tags_is_never_cut_inside() -> None:
    stray = "<div><p>" + "x" * 200 + "</span></p>" + "y" * 50 + "</div>"
    assert auto_excerpt_cut(f"{stray}\n<p>after</p>", 150) == len(stray)
    unclosed = "<div><p>" + "x" * 200 + "</div>\n<p>after</p>"  # the <div> closes its <p>
    assert auto_excerpt_cut(unclosed, 150) == len("<div><p>" + "x" * 200 + "</div>")
    never = "<div>" + "x" * 200 + "\n<p>after</p>"
    assert auto_excerpt_cut(never, 150) is None


def test_void_elements_and_attributes_with_angle_brackets() -> None:
    html = "<p>" + "x" * 160 + '</p>\n<hr>\n<img alt="a>b" src="i.png">\n<p>more</p>'
    assert auto_excerpt_cut(html, 150) == len("<p>" + "x" * 160 + "</p>")
    html = '<img alt="a>b" src="i.png">\n<p>' + "x" * 160 + "</p>\n<p>more</p>"
    assert auto_excerpt_cut(html, 150) == len('<img alt="a>b" src="i.png">\n<p>' + "x" * 160 + "</p>")


@pytest.mark.parametrize(
    ("keys", "has_marker", "expected"),
    [
        ("excerpt: E\ndescription: D\nsummary: S\n", True, "E"),
        ("excerpt: E\ndescription: D\nsummary: S\n", False, "E"),
        ("description: D\nsummary: S\n", True, None),  # the marker wins over description
        ("description: D\nsummary: S\n", False, "D"),
        ("summary: S\n", False, "S"),
        ("summary: '  '\n", False, None),
        ("summary: {a: 1}\n", False, None),
        ("", False, None),
    ],
)
def test_front_matter_excerpt_order(keys: str, has_marker: bool, expected: str | None) -> None:
    front_matter = parse_front_matter(f"---\ntitle: t\n{keys}---\nbody\n")
    assert front_matter_excerpt(front_matter, has_marker=has_marker) == expected


def test_no_automatic_excerpt_when_front_matter_gives_one() -> None:
    assert auto_excerpt_length(parse_front_matter("---\nsummary: S\n---\n"), 150) == 0
    assert auto_excerpt_length(parse_front_matter("---\ntitle: t\n---\n"), 150) == 150


def test_extension_marks_blog_posts_only() -> None:
    lengths = {"blog/posts/a.md": 20}
    converting: dict[markdown.Markdown, str] = {}
    extension = HexoExcerptExtension(
        lengths.get, converted_file=lambda md: (converting[md], converting[md]) if md in converting else None
    )
    text = "First paragraph, long enough to pass twenty.\n\nSecond.\n\n```\n<!--more-->\n```\n"

    def convert(src_uri: str) -> str:
        md = markdown.Markdown(extensions=["fenced_code", extension])
        converting[md] = src_uri  # what the adapter's callback reads from MkDocs' relpath processor
        return str(md.convert(text))

    post = convert("blog/posts/a.md")
    assert post.split("\n")[:2] == ["<p>First paragraph, long enough to pass twenty.</p>", SEP]
    assert SEP not in convert("about.md")
    assert extension.has_marker(post) and not extension.has_marker("<p>x</p>")


def test_a_post_gets_hexos_more_span_where_its_first_marker_is() -> None:
    # Hexo 8 replaces the marker with '<span id="more"></span>' (oracle: frontmatter_vectors.sample.jsonl).
    converting: dict[markdown.Markdown, str] = {}
    extension = HexoExcerptExtension(
        {"blog/posts/a.md": 0}.get,
        converted_file=lambda md: (converting[md], converting[md]) if md in converting else None,
    )

    def convert(src_uri: str, text: str) -> tuple[str, set[str]]:
        md = markdown.Markdown(extensions=["fenced_code", extension])
        converting[md] = src_uri
        ids: set[str] = set()

        class Ids(markdown.treeprocessors.Treeprocessor):  # what MkDocs' anchor validation reads
            def run(self, root: markdown.util.etree.Element) -> None:
                ids.update(element.get("id", "") for element in root.iter())

        md.treeprocessors.register(Ids(md), "ids", 5)
        return str(md.convert(text)), ids - {""}

    text = "One.\n\n```\n<!--more-->\n```\n\n<!-- MORE -->\n\nTwo.\n\n<!--more-->\n"
    html, ids = convert("blog/posts/a.md", text)
    assert ids == {"more"}
    assert html.count('id="more"') == 1
    assert html.split(SEP)[1].startswith('\n\n<span id="more"></span>\n<p>Two.</p>')
    html, ids = convert("blog/posts/a.md", "One <!--more--> two.")
    assert (html, ids) == (f'<p>One {SEP}<span id="more"></span> two.</p>', {"more"})
    html, ids = convert("about.md", "One.\n\n<!--more-->\n\nTwo.")
    assert ids == set() and 'id="more"' not in html


def test_headings_are_not_excerpts_and_cost_nothing() -> None:
    """``toc`` runs every postprocessor on each heading's HTML before the page's own run: the excerpt rule
    looks at the page once, never at a title (a long title would have been cut, and every heading paid)."""
    asked: list[str] = []

    def length_for(src_uri: str) -> int | None:
        asked.append(src_uri)
        return 5

    md = markdown.Markdown(
        extensions=["toc", HexoExcerptExtension(length_for, converted_file=lambda _md: ("p.md", "p/"))]
    )
    text = "\n\n".join(f"## A heading long enough to be cut {i}\n\nBody {i}." for i in range(8))
    html = md.convert(text)
    # The page's excerpt asks once; the #more anchor's treeprocessor does not even ask: no marker was stashed.
    assert asked == ["p.md"]
    assert html.count(SEP) == 1 and html.index(SEP) == html.index("</h2>") + len("</h2>\n")
    assert [entry["name"] for entry in md.toc_tokens][:2] == [
        "A heading long enough to be cut 0",
        "A heading long enough to be cut 1",
    ]
    md.reset()
    asked.clear()
    assert md.convert(text) == html and asked == ["p.md"]  # the next conversion starts afresh


def test_the_marker_is_searched_for_before_the_math_is_typeset(
    katex_renderer: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The marker pass reads the page with each formula still a placeholder (a tenth of the typeset page's
    size); the automatic cut, which counts the text as shown, reads the typeset page."""
    from mkdocs_zigzag.hexo import excerpt
    from mkdocs_zigzag.katex.extension import KatexExtension

    seen: dict[str, str] = {}
    place, cut = excerpt.place_marker, excerpt.cut_excerpt

    def spy_place(html: str, separator: str) -> tuple[str, bool]:
        seen["marker"] = html
        return place(html, separator)

    def spy_cut(html: str, separator: str, length: int) -> str:
        seen["cut"] = html
        return cut(html, separator, length)

    monkeypatch.setattr(excerpt, "place_marker", spy_place)
    monkeypatch.setattr(excerpt, "cut_excerpt", spy_cut)

    def convert(text: str, length: int) -> str:
        extension = HexoExcerptExtension(lambda _src: length, converted_file=lambda _md: ("p.md", "p/"))
        md = markdown.Markdown(extensions=[KatexExtension(katex_renderer), extension])
        return str(md.convert(text))

    formulas = "\n\n".join(f"Sum ${i} + \\frac{{a}}{{b}}$ here." for i in range(3))
    html = convert(f"{formulas}\n\n<!-- More -->\n\nAfter $x^2$.\n", 0)
    assert html.count('class="katex"') == 4 and html.count(SEP) == 1
    assert html.index(SEP) > html.rindex('class="katex"', 0, html.index("After"))  # after the third formula
    assert 'class="katex"' not in seen["marker"] and "<!-- More -->" in seen["marker"]
    assert "cut" not in seen  # a marker was found: no automatic cut

    seen.clear()
    html = convert(f"{formulas}\n\nAfter $x^2$.\n", 20)
    assert html.count('class="katex"') == 4 and html.count(SEP) == 1
    assert 'class="katex"' in seen["cut"]  # the cut counts what the reader sees of each formula
    assert html.index(SEP) < html.index("After")


def test_the_marker_is_found_only_when_the_answer_depends_on_it() -> None:
    """``has_marker`` (a search of the whole page) is asked only for a post whose ``description`` or
    ``summary`` would be its excerpt, and never for one with an ``excerpt``."""
    asked: list[bool] = []

    def marker() -> bool:
        asked.append(True)
        return True

    both = parse_front_matter("---\nexcerpt: E\nsummary: S\n---\n")
    assert front_matter_excerpt(both, has_marker=marker) == "E"
    assert front_matter_excerpt(parse_front_matter("---\ntitle: t\n---\n"), has_marker=marker) is None
    assert asked == []
    assert front_matter_excerpt(parse_front_matter("---\nsummary: S\n---\n"), has_marker=marker) is None
    assert asked == [True]

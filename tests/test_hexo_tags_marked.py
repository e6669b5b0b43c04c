"""Hexo's comment rule, entities in tag arguments, marked's habits that Python-Markdown reads otherwise."""

from __future__ import annotations

from typing import TYPE_CHECKING

import markdown
import pytest

from mkdocs_zigzag.hexo.extension import HexoTagExtension
from mkdocs_zigzag.hexo.marked import dedent_fences
from mkdocs_zigzag.hexo.render import PageContext
from mkdocs_zigzag.hexo.tag_pass import render_tags
from mkdocs_zigzag.hexo.tags import find_asset_references, parse_tags

if TYPE_CHECKING:
    from mkdocs_zigzag.diagnostics import Diagnostic

CONTEXT = PageContext("posts/foo.md", {"posts/foo/cell.jpg": "cell.jpg"})


def convert(text: str, *extensions: str) -> tuple[str, list[Diagnostic]]:
    reported: list[Diagnostic] = []
    ext = HexoTagExtension(lambda _s, _u: CONTEXT, lambda _s, d: reported.extend(d))
    ext.set_page("posts/foo.md", "posts/foo/")
    return markdown.Markdown(extensions=[ext, *extensions]).convert(text), reported


# --- comments ----------------------------------------------------------------------------------


def test_tags_inside_html_comments_are_left_alone_without_warnings() -> None:
    text = (
        "a\n<!-- {% asset_img missing.png %} {% nosuchtag %} -->\n"
        "<!--\n{% post_link x %}\n-->\n{% asset_img cell.jpg %}"
    )
    rendered = render_tags(text, CONTEXT)
    assert rendered.diagnostics == []
    assert rendered.text == text.replace("{% asset_img cell.jpg %}", '<img src="cell.jpg">')
    assert find_asset_references(text) == [("cell.jpg", 6)]


def test_an_unclosed_comment_runs_to_the_end_as_in_hexo() -> None:
    parsed = parse_tags("{% a %} <!-- {% b %}\n{% c %}")
    assert [n.name for n in parsed.walk()] == ["a"]


def test_comment_markers_in_code_do_not_open_a_comment() -> None:
    parsed = parse_tags("`<!--` {% a %}\n\n```\n<!--\n```\n{% b %} -->")
    assert [n.name for n in parsed.walk()] == ["a", "b"]


def test_comment_in_a_page_converted_is_kept_as_html_comment() -> None:
    html, problems = convert("x\n\n<!-- {% asset_img nope.png %} -->\n\ny")
    assert html == "<p>x</p>\n<!-- {% asset_img nope.png %} -->\n\n<p>y</p>"
    assert problems == []


# --- entities ----------------------------------------------------------------------------------


def test_entities_in_tag_arguments_become_their_characters() -> None:
    rendered = render_tags("{% blockquote Author - &nbsp; %}\nq\n{% endblockquote %}", CONTEXT)
    assert rendered.text == (
        '<blockquote markdown="1">\nq\n<footer><strong>Author - \u00a0</strong></footer></blockquote>'
    )
    rendered = render_tags(
        "{% link R&amp;D https://x.org/?a=1&amp;b=2 %} {% asset_img cell.jpg a&lt;b %}", CONTEXT
    )
    assert rendered.text == (
        '<a href="https://x.org/?a=1&amp;b=2">R&amp;D</a> <img src="cell.jpg" title="a<b" alt="a<b">'
    )


# --- marked's habits ---------------------------------------------------------------------------


@pytest.mark.parametrize("indent", [" ", "  ", "   "])
def test_fence_indented_up_to_three_spaces_is_code(indent: str) -> None:
    text = f"para\n\n{indent}```python\n{indent}x = 1\n\n{indent}  y\n{indent}```\n\nafter"
    html, _ = convert(text, "fenced_code")
    assert html == '<p>para</p>\n<pre><code class="language-python">x = 1\n\n  y\n</code></pre>\n<p>after</p>'


def test_fence_dedent_keeps_lines_and_leaves_lists_and_margins_alone() -> None:
    in_list = "- item\n\n   ```\n   x\n   ```\n"
    assert dedent_fences(in_list) == in_list
    margin = "```\n  ```not a close\n```\n"
    assert dedent_fences(margin) == margin
    assert dedent_fences("  ~~~\n   a\n b\n  ~~~") == "~~~\n a\nb\n~~~"
    assert dedent_fences(" ``` `inline` ```") == " ``` `inline` ```"


def test_backslash_escapes_marked_accepts_lose_the_backslash_in_prose() -> None:
    html, _ = convert(r"10\% of \_x\_, a\|b, \@me, \~ and `code \%`")
    assert html == "<p>10% of _x_, a|b, @me, ~ and <code>code \\%</code></p>"


def test_backslash_before_a_letter_stays() -> None:
    html, _ = convert(r"C:\Users and \d")
    assert html == "<p>C:\\Users and \\d</p>"

"""The tag scanner: Hexo's argument splitting, code that stays literal, blocks, lines, asset references."""

from __future__ import annotations

import pytest

from mkdocs_zigzag.hexo.tags import Block, Tag, find_asset_references, parse_tags, split_tag_args


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        (" asset_img cell.jpg 神经元 %}", ["asset_img", "cell.jpg", "神经元"]),
        (' asset_img cell.jpg "a title" "an alt" %}', ["asset_img", "cell.jpg", "a title", "an alt"]),
        # A quote inside a word is a character (Nunjucks only opens a string at the start of a token).
        (" asset_img cell.jpg it's %}", ["asset_img", "cell.jpg", "it's"]),
        (" asset_img cell.jpg 'A \"cute\" cell' %}", ["asset_img", "cell.jpg", 'A "cute" cell']),
        # A string may hold "%}"; backslash escapes as in Nunjucks.
        (' x "50%} done" %}', ["x", "50%} done"]),
        (r' x "a\"b\nc\n" %}', ["x", 'a"b\nc']),  # and, like Hexo, each argument is trimmed
        # After a delimiter character a quote opens a string, glued to the same argument.
        (' x a="b c" %}', ["x", "a=b c"]),
        (' x "" y %}', ["x", "y"]),
        (" x a\u00a0b %}", ["x", "a", "b"]),
        (" x y -%}", ["x", "y"]),
        (" x a-%}", ["x", "a"]),
        ("%}", []),
    ],
)
def test_arguments_split_like_hexo(inner: str, expected: list[str]) -> None:
    result = split_tag_args(inner)
    assert result is not None
    assert result[0] == expected
    assert inner[: result[1]].endswith("%}")


def test_unclosed_string_or_tag_gives_none() -> None:
    assert split_tag_args(' x "never closed %}') is None
    assert split_tag_args(" x y") is None


def _tags(markdown: str) -> list[tuple[str, tuple[str, ...], int]]:
    return [(n.name, n.args, n.line) for n in parse_tags(markdown).walk() if isinstance(n, Tag)]


def test_tags_have_their_lines_and_raw_html_does_not_hide_them() -> None:
    text = 'intro\n\n<p align="center">{% asset_img cell.jpg 神经元 %}</p>\n\na {% img /x.png %} b\n'
    assert _tags(text) == [("asset_img", ("cell.jpg", "神经元"), 3), ("img", ("/x.png",), 5)]


@pytest.mark.parametrize(
    "text",
    [
        "```\n{% asset_img a.png %}\n```\n",
        "~~~python\n{% asset_img a.png %}\n~~~\n",
        "- item\n\n  ```\n  {% asset_img a.png %}\n  ```\n",
        "> ```\n> {% asset_img a.png %}\n> ```\n",
        "para\n\n    {% asset_img a.png %}\n",
        "a `{% asset_img a.png %}` b",
        "a ``x ` {% asset_img a.png %}`` b",
        "{% raw %}{% asset_img a.png %}{% endraw %}",
        "{% raw %}\n{% asset_img a.png %}\n{% endraw %}",
    ],
)
def test_code_and_raw_stay_literal(text: str) -> None:
    assert _tags(text) == []


def test_a_tag_after_code_is_found() -> None:
    text = "```\n{% a %}\n```\n\n`{% b %}` {% c %}\n\n    {% d %}\n\n{% e %}\n- list\n\n    {% f %}\n"
    assert [name for name, _, _ in _tags(text)] == ["c", "e", "f"]


def test_unmatched_backticks_do_not_hide_a_tag() -> None:
    assert _tags("a ` b {% c %}\n\nnext `x`") == [("c", (), 1)]
    assert _tags("a \\` b {% c %} `x`") == [("c", (), 1)]


def test_blocks_nest_and_literal_blocks_keep_their_content() -> None:
    text = "{% note info %}\nsee {% asset_img a.png %}\n{% math %}\n{% x %}\n{% endmath %}\n{% endnote %}\n"
    parsed = parse_tags(text)
    assert parsed.diagnostics == []
    (note,) = [n for n in parsed.nodes if isinstance(n, Block)]
    assert note.open.name == "note" and note.close.line == 6
    inner = [n for n in note.children if not isinstance(n, str)]
    assert [type(n).__name__ for n in inner] == ["Text", "Tag", "Text", "Block", "Text"]
    math = inner[3]
    assert isinstance(math, Block)
    assert text[math.content_start : math.content_end] == "\n{% x %}\n"


def test_unclosed_block_is_reported_once_and_its_content_still_parsed() -> None:
    parsed = parse_tags("a\n{% note info %}\nb {% asset_img x.png %}\n")
    assert [(d.line, d.message) for d in parsed.diagnostics] == [
        (2, "Hexo tag '{% note info %}' opens a block that is never closed.")
    ]
    assert [n.name for n in parsed.walk() if isinstance(n, Tag)] == ["note", "asset_img"]


def test_unterminated_tag_is_reported() -> None:
    parsed = parse_tags("ok\n{% asset_img x.png\n")
    assert [(d.line, d.message) for d in parsed.diagnostics] == [
        (2, "Hexo tag '{% asset_img x.png' is never closed: no '%}' after '{%'.")
    ]


def test_find_asset_references_in_the_seed_post_form() -> None:
    text = (
        "# t\n\n"
        '<p align="center">{% asset_img cell.jpg 神经元 %}</p>\n'
        "{% asset_img left big zig-zag-gradient.png 收敛 %}\n"
        "```\n{% asset_img code.png %}\n```\n"
        '[pdf]({% asset_path "paper v2.pdf" %}) {% asset_link notes.txt 笔记 %} {% img /x.png %}\n'
    )
    assert find_asset_references(text) == [
        ("cell.jpg", 3),
        ("zig-zag-gradient.png", 4),
        ("paper v2.pdf", 8),
        ("notes.txt", 8),
    ]


def test_the_seed_post_names_its_four_figures_at_their_file_lines() -> None:
    from conftest import SEED_POST

    text = SEED_POST.read_text(encoding="utf-8")
    assert find_asset_references(text) == [
        ("cell.jpg", 14),
        ("sigma-sigma-prime.jpg", 24),
        ("tanh-tanh-prime.jpg", 32),
        ("zig-zag-gradient.png", 78),
    ]

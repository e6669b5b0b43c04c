"""Hostile tag arguments (issue 15 items 4 and 16): bounded output, symlink refusal for Markdown images."""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

import markdown

from mkdocs_zigzag.hexo.extension import HexoTagExtension
from mkdocs_zigzag.hexo.render import PageContext
from mkdocs_zigzag.hexo.tag_pass import render_tags

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from mkdocs_zigzag.diagnostics import Diagnostic

CONTEXT = PageContext("posts/foo.md", {}, features={"superfences"})


def test_codeblock_mark_range_is_bounded_by_the_block_and_warned() -> None:
    started = time.perf_counter()
    rendered = render_tags("{% codeblock mark:1-100000000 %}\na\nb\n{% endcodeblock %}", CONTEXT)
    assert time.perf_counter() - started < 1
    assert rendered.text == '```hl_lines="1 2"\na\nb\n```'
    assert [(d.line, d.message, d.fix) for d in rendered.diagnostics] == [
        (
            1,
            "Hexo tag '{% codeblock mark:1-100000000 %}': 'mark:1-100000000' names lines past the block's 2; "
            "only lines 1-2 can be marked.",
            "Write marks within 1-2.",
        )
    ]


def test_codeblock_marks_within_the_block_are_not_warned() -> None:
    rendered = render_tags("{% codeblock mark:3,1-2 %}\na\nb\nc\n{% endcodeblock %}", CONTEXT)
    assert rendered.text == '```hl_lines="1 2 3"\na\nb\nc\n```'
    assert rendered.diagnostics == []


def test_a_custom_tag_writing_a_huge_page_is_refused() -> None:
    def huge(_args: Sequence[str], _page: PageContext) -> str:
        return "9" * 100_001

    context = PageContext("posts/foo.md", {}, custom_tags={"zigzag_number": huge, "ok": lambda _a, _p: "1"})
    rendered = render_tags("{% zigzag_number f.png key 100000000 %} {% ok %}", context)
    assert rendered.text == "{% zigzag_number f.png key 100000000 %} 1"
    assert [d.message for d in rendered.diagnostics] == [
        "Hexo tag '{% zigzag_number f.png key 100000000 %}': the tag wrote 100,001 characters "
        "(more than 100,000)."
    ]


def test_markdown_image_of_a_symlink_out_of_the_asset_folder_is_refused(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "posts/foo").mkdir(parents=True)
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"x")
    os.symlink(secret, docs / "posts/foo/leak.png")
    (docs / "posts/foo/ok.png").write_bytes(b"x")
    context = PageContext(
        "posts/foo.md",
        {"posts/foo/leak.png": "leak.png", "posts/foo/ok.png": "ok.png"},
        asset_paths={
            "posts/foo/leak.png": str(docs / "posts/foo/leak.png"),
            "posts/foo/ok.png": str(docs / "posts/foo/ok.png"),
        },
        docs_dir=str(docs),
    )
    reported: list[Diagnostic] = []
    ext = HexoTagExtension(lambda _s, _u: context, lambda _s, d: reported.extend(d))
    ext.set_page("posts/foo.md", "posts/foo/")
    html = markdown.Markdown(extensions=[ext]).convert("# T\n\n![a](ok.png)\n\n![b](leak.png)")
    assert (
        html == '<h1>T</h1>\n<p><img alt="a" src="foo/ok.png" /></p>\n<p><img alt="b" src="leak.png" /></p>'
    )
    assert [(d.line, d.message) for d in reported] == [
        (
            5,
            "Image 'leak.png': 'leak.png' is a link to a file outside the post's asset folder "
            "'posts/foo/' (refused).",
        )
    ]

"""Hexo themes' ``type: tags`` / ``type: categories`` pages: ``mkdocs_zigzag.hexo.theme_pages``, no MkDocs."""

from __future__ import annotations

import pytest
from markdown import Markdown

from mkdocs_zigzag.hexo.theme_pages import CategoryEntry, categories_markdown, theme_page_type


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("---\ntitle: 标签\ntype: tags\n---\n", "tags"),
        ('---\ntitle: 标签\ntype: "tags"\ncomments: false\n---\n', "tags"),
        ("---\ntype: categories\n---\nSome text.\n", "categories"),
        (";;;\n\"type\": \"categories\"\n;;;\n", "categories"),
        ("---\ntype: post\n---\n", None),
        ("---\ntype: [tags]\n---\n", None),
        ("# Tags\n\ntype: tags\n", None),  # text, not front matter
        ("Intro\ntype: tags\n---\nbody\n", None),  # Hexo's bare front matter does not count on a page
        ("---\ntitle: no type\n---\n", None),
    ],
)
def test_theme_page_type(source: str, expected: str | None) -> None:
    assert theme_page_type(source) == expected


ENTRIES = [
    CategoryEntry("Notes", "categories/Notes.md", 3),
    CategoryEntry("Algorithm / Sort", "categories/Algorithm/Sort.md", 1),
    CategoryEntry("Algorithm", "categories/Algorithm.md", 2),
    CategoryEntry("Java / Basics", "categories/Java/Basics.md", 1),
    CategoryEntry("Java", "categories/Java.md", 1),
    CategoryEntry("C++ *[x]* &amp; R&amp;D", "categories/C-x-R-D.md", 1),
    CategoryEntry("Python / Basics", "categories/my docs/Python/Basics.md", 4),
]


def test_categories_markdown_is_nested_sorted_and_relative() -> None:
    assert categories_markdown(ENTRIES, "categories/index.md") == (
        "- [Algorithm](Algorithm.md) (2)\n"
        "    - [Sort](Algorithm/Sort.md) (1)\n"
        "- [C\\+\\+ \\*\\[x\\]\\* &amp; R&amp;D](C-x-R-D.md) (1)\n"
        "- [Java](Java.md) (1)\n"
        "    - [Basics](Java/Basics.md) (1)\n"
        "- [Notes](Notes.md) (3)\n"
        "- Python\n"  # a level without a page of its own (not from this plugin) is shown as text
        "    - [Basics](<my docs/Python/Basics.md>) (4)\n"
    )
    elsewhere = categories_markdown(ENTRIES[:1], "about/categories.md")
    assert elsewhere == "- [Notes](../categories/Notes.md) (3)\n"
    assert categories_markdown([], "categories/index.md") == ""


def test_category_names_stay_text_in_the_rendered_list() -> None:
    html = Markdown().convert(categories_markdown(ENTRIES, "categories/index.md"))
    assert '<a href="C-x-R-D.md">C++ *[x]* &amp; R&amp;D</a> (1)' in html
    assert '<a href="my docs/Python/Basics.md">Basics</a> (4)' in html
    assert html.count("<ul>") == 4

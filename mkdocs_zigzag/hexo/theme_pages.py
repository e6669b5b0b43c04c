"""The pages Hexo themes fill in themselves: ``type: tags`` and ``type: categories``.

NexT, Butterfly, Fluid (and most themes) render a page whose front matter says ``type: tags`` (usually
``source/tags/index.md``, body empty) as the list of every tag, and ``type: categories`` as the list of every
category, nested as the category tree. No MkDocs here: :func:`theme_page_type` reads a page's type and
:func:`categories_markdown` writes the category list as Markdown links to the blog's category pages, which
the adapter adds to the page in memory (the file is never written).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mkdocs_zigzag.hexo.frontmatter import parse_front_matter
from mkdocs_zigzag.hexo.slugize import CATEGORY_LEVEL_SEPARATOR

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["THEME_PAGE_TYPES", "CategoryEntry", "categories_markdown", "theme_page_type"]

THEME_PAGE_TYPES = ("tags", "categories")
"""The front-matter ``type`` values themes render as a listing."""

# Python-Markdown's backslash escapes: what could make a category name markup in a link's text.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()>#+\-.!|])")


def theme_page_type(source: str) -> str | None:
    """``tags`` or ``categories`` when *source* (a page) has that front-matter ``type``, else None.

    Only a front-matter block that opens the file counts (as for any page); ``type: "tags"`` is the same.
    """
    if "type" not in source:  # the common case: no need to parse
        return None
    value = parse_front_matter(source, allow_bare=False).data.get("type")
    if isinstance(value, str) and value.strip() in THEME_PAGE_TYPES:
        return value.strip()
    return None


@dataclass(frozen=True)
class CategoryEntry:
    """One category of the blog as its page shows it."""

    name: str
    """As Material's blog has it: HTML text, a nested category named by its path (``Algorithm / Sort``)."""
    src_uri: str
    """The category page's source (a link MkDocs resolves)."""
    posts: int


@dataclass
class _Node:
    name: str
    entry: CategoryEntry | None = None
    children: dict[str, _Node] = field(default_factory=dict)


def categories_markdown(entries: Iterable[CategoryEntry], from_src_uri: str) -> str:
    """A nested Markdown list of *entries*, each its last level's name linking to its page, with its count.

    Written for the page *from_src_uri* (links are relative to it, so MkDocs validates them). Levels are
    sorted by name at each depth, as Hexo's ``list_categories`` does; a child sits under its parent.
    """
    root = _Node("")
    for entry in entries:
        node = root
        for level in entry.name.split(CATEGORY_LEVEL_SEPARATOR):
            node = node.children.setdefault(level, _Node(level))
        node.entry = entry
    base = posixpath.dirname(from_src_uri) or "."
    lines: list[str] = []

    def walk(node: _Node, depth: int) -> None:
        for name in sorted(node.children):
            child = node.children[name]
            text = _MARKDOWN_SPECIAL.sub(r"\\\1", child.name)
            if child.entry is not None:
                target = posixpath.relpath(child.entry.src_uri, base)
                if any(character.isspace() or character in "()<>" for character in target):
                    target = f"<{target}>"
                item = f"[{text}]({target}) ({child.entry.posts})"
            else:
                item = text
            lines.append(f"{'    ' * depth}- {item}")
            walk(child, depth + 1)

    walk(root, 0)
    return "\n".join(lines) + "\n" if lines else ""

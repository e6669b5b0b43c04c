"""End-to-end: a page using every theme tag builds strict, asking no other host for anything."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Callable

    from conftest import BuiltSite

pytestmark = pytest.mark.slow

EVERY_TAG = (Path(__file__).parent / "data" / "hexo_theme_tags" / "every-tag.md").read_text(encoding="utf-8")
EXTENSIONS = [
    "admonition",
    "attr_list",
    "md_in_html",
    "pymdownx.details",
    "pymdownx.superfences",
    {"pymdownx.tabbed": {"alternate_style": True}},
]
FILES: dict[str, str | bytes] = {
    "docs/index.md": "# Home\n",
    "docs/posts/every-tag.md": EVERY_TAG,
    "docs/posts/every-tag/a.png": b"\x89PNG",
    "docs/posts/every-tag/b.png": b"\x89PNG",
    "docs/posts/every-tag/paper.pdf": b"%PDF",
    "docs/posts/every-tag/clip.mp4": b"\x00",
    "docs/posts/Python/PythonBasis.md": "---\ntitle: Python basics\n---\n\n## Hello World\n",
    "docs/images/logo.png": b"\x89PNG",
    "docs/images/frame.html": "<p>frame</p>",
    "docs/downloads/code/hello.py": "print('hello')\n",
}


def test_every_theme_tag_builds_strict_and_loads_nothing_from_another_host(
    build_site: Callable[..., BuiltSite],
) -> None:
    built = build_site(
        FILES, {"markdown_extensions": EXTENSIONS, "site_url": "https://example.org/"}, strict=True
    )
    html = built.read("posts/every-tag/index.html")
    article = html[html.index("<article") : html.index("</article>")]
    # What the browser loads by itself: src, srcset, poster, data; every one is a file of this site.
    loaded = re.findall(r'\b(?:src|srcset|poster|data)="([^"]*)"', article)
    assert loaded and not [url for url in loaded if re.match(r"^(?:[a-z]+:)?//", url)]
    assert "<script" not in article
    assert "{%" not in article.replace("{% asset_img commented-out.png %}", "").replace("{% nosuchtag %}", "")
    # Spot checks, one per family (exact HTML per tag is in test_hexo_tags_theme.py).
    assert '<a href="../Python/PythonBasis/#hello-world" title="Python basics">the basics</a>' in article
    assert "<strong>Author - \u00a0</strong>" in article
    assert "10% and _ this" in article
    assert "a fence indented by one space" in article and "```" not in article
    assert article.count('class="md-button"') == 3
    # caniuse, pdf, remote video, youtube, vimeo, bilibili, gist, jsfiddle, remote iframe
    assert article.count("zigzag-link-card") == 9
    assert '<pre class="mermaid"><code>graph LR\nA --&gt; B</code></pre>' in article
    assert article.count('<div class="grid zigzag-gallery">') == 3
    assert article.count("<details") == 4  # NexT summary, hideToggle, hideBlock, fold
    assert article.count("popovertarget=") == 1  # hideInline: a button in its sentence
    assert "print" in article and "hello" in article  # include_code

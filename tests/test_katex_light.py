"""Search and the blog's read time see each formula as its TeX; the page keeps KaTeX's markup."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

import pytest
from conftest import SEED_POST
from katex_helpers import convert, structure

from mkdocs_zigzag.katex.light import tex_only

if TYPE_CHECKING:
    from mkdocs_zigzag.katex.renderer import MathRenderer


def test_every_formula_becomes_its_escaped_tex(katex_renderer: MathRenderer) -> None:
    html, _, _ = convert(katex_renderer, "Area $a < b^2$ and\n\n$$\n\\frac{1}{2}\n$$\n\nend.")
    assert structure(html).katex == 2
    light = tex_only(html)
    assert 'class="katex"' not in light and "<math" not in light and "katex-html" not in light
    assert "a &lt; b^2" in light and "\\frac{1}{2}" in light
    assert light.startswith("<p>Area ") and light.rstrip().endswith("<p>end.</p>")


def test_the_formulas_the_extension_typeset_give_the_same_copy_by_string_search(
    katex_renderer: MathRenderer,
) -> None:
    source = _seed_post_without_figures().split("---", 2)[2]
    html, _, extension = convert(katex_renderer, source)
    known = extension.typeset_formulas
    assert len(known) == 24 == structure(html).katex
    assert all(markup.startswith('<span class="katex">') and markup in html for markup, _ in known)
    scanned = tex_only(html)
    assert tex_only(html, known) == scanned
    assert "\\frac{\\partial L}{\\partial w}" in scanned and "katex-html" not in scanned
    # Markup another plugin changed is not where the extension left it: the rest is scanned.
    first, tex = known[3]
    changed = html.replace(first, first.replace('aria-hidden="true"', 'aria-hidden="true" data-x="1"', 1))
    assert changed != html
    expected = tex_only(changed)
    assert tex_only(changed, known) == expected
    assert tex in expected and 'data-x="1"' not in expected
    # A formula left out of the known list is still replaced.
    assert tex_only(html, known[:10] + known[11:]) == scanned


def _seed_post_without_figures() -> str:
    lines = SEED_POST.read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(line for line in lines if "asset_img" not in line)


@pytest.mark.slow
def test_search_indexes_tex_read_time_counts_tex_and_the_page_keeps_the_markup(build_site: Any) -> None:
    site = build_site(
        {
            "docs/index.md": "# Home\n",
            "docs/blog/index.md": "# Blog\n",
            "docs/blog/posts/math.md": _seed_post_without_figures(),
        },
        {"plugins": ["search", "blog", "zigzag"]},
    )
    page = site.read("blog/2024/08/17/math/index.html")
    assert structure(page).katex == 24
    # The seed post's words (no figures) read in 1 minute; counted in KaTeX's markup (glyphs and MathML),
    # they would take 2.
    assert re.findall(r"(\d+) min read", page) == ["1"]
    index = json.loads(site.read("search/search_index.json"))
    docs = [doc for doc in index["docs"] if doc["location"].startswith("blog/2024/08/17/math/")]
    texts = " ".join(doc["text"] for doc in docs)
    assert "katex" not in texts and "<math" not in texts  # no glyph spans, no MathML
    assert "\\frac{\\partial L}{\\partial w}" in texts

"""Prototype (benchmarks only, not the plugin): let Material's search and blog read time see each formula
as its TeX instead of KaTeX's HTML+MathML.

Why: on a warm build the plugin's own work is small, but KaTeX's markup is ~15x the bytes of the
``\\(…\\)`` text a client-side-math page carries, and two other plugins parse every post's HTML with
``html.parser``: Material's search (``SearchIndex.add_entry_from_context``, in ``on_page_context``) and
the blog's read time (``readtime()``, in ``on_page_content``). This MkDocs hook file shows what the plugin
would save by handing them a light copy: formulas as their TeX (what a reader types into search anyway,
and what the plain build indexes), the full markup restored before the page is written.

Used by ``build_bench.py --parts scale --prototype`` as an extra warm variant (``hooks:`` in mkdocs.yml).
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.plugins import CombinedEvent, event_priority

# The plugin now does this itself (mkdocs_zigzag/katex/light.py); the hook stays for the benchmark's variant.
from mkdocs_zigzag.katex.light import tex_only as light_math

_SEARCH_ATTRS = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")


def _blog_wpm(config: Any) -> int | None:
    for name, plugin in config.plugins.items():
        if name.split("/")[-1] == "blog" and getattr(plugin.config, "post_readtime", False):
            return int(plugin.config.post_readtime_words_per_minute)
    return None


@event_priority(10)  # before the blog (0) computes the read time from the page's HTML
def on_page_content(html: str, *, page: Any, config: Any, files: Any) -> None:
    """Give blog posts their read time from the light HTML (the blog skips its own when one is set)."""
    post_config = getattr(page, "config", None)
    wpm = _blog_wpm(config)
    if wpm is None or post_config is None or not hasattr(post_config, "readtime") or post_config.readtime:
        return
    if '<span class="katex">' in html:
        from material.plugins.blog.readtime import readtime

        post_config.readtime = readtime(light_math(html), wpm)


@event_priority(10)  # before search (0) indexes page.content
def _on_page_context_light(context: Any, *, page: Any, config: Any, nav: Any) -> None:
    """Let search index the light copy; remember the full one."""
    if page.content and '<span class="katex">' in page.content:
        page._zigzag_full_content = page.content
        page.content = light_math(page.content)


@event_priority(-200)  # after search and the blog (-100): the page is written with the full markup
def _on_page_context_restore(context: Any, *, page: Any, config: Any, nav: Any) -> None:
    """Put KaTeX's markup back (search stripped its data-search attributes from the copy: do the same)."""
    full = getattr(page, "_zigzag_full_content", None)
    if full is not None:
        page.content = _SEARCH_ATTRS.sub("", full)
        del page._zigzag_full_content


on_page_context = CombinedEvent(_on_page_context_light, _on_page_context_restore)

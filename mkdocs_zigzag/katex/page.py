"""Build-time math on a page as other plugins and the browser meet it.

Search and the blog's read time parse each page's HTML: they see a TeX-only view of it (:class:`TexView`,
see :mod:`~mkdocs_zigzag.katex.light` for why), and the page is written with KaTeX's full markup. A page
showing math links KaTeX's stylesheet and preloads the fonts its formulas use (:func:`link_katex`), so no
late font swap shifts the formulas. Nothing here imports MkDocs: URLs come from a mapper the adapter gives.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

from mkdocs_zigzag.katex.fonts import fonts_in
from mkdocs_zigzag.katex.light import KATEX_OPEN, tex_only

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

_PRELOAD = '<link rel="preload" href="{}" as="font" type="font/woff2" crossorigin>'


class TexView:
    """Each page's formulas from its conversion until it is written, and its full markup while hidden.

    MkDocs converts every page before it writes the first one, and keeps each page's content to the end:
    with KaTeX's markup (about 3 kB a formula) that was most of what the plugin added to a build's peak
    memory. So a page is *parked* once converted: its content becomes the TeX-only view, and its full
    markup is kept compressed (a tenth of the size) until the page is written; once written, the page keeps
    the TeX-only view.
    """

    def __init__(self) -> None:
        self._formulas: dict[str, Sequence[tuple[str, str]]] = {}
        """``(markup, TeX)`` of each page's formulas, by src_uri, from its conversion until it is parked."""
        self._full: dict[str, str] = {}
        """Pages whose content search reads as TeX, by src_uri: their full markup, until it is put back."""
        self._parked: dict[str, bytes] = {}
        """Parked pages' full markup, compressed UTF-8, by src_uri: from conversion until put back."""
        self._written: dict[str, str] = {}
        """Pages put back, by src_uri: the TeX-only view they keep once written."""

    def keep(self, src_uri: str, formulas: Sequence[tuple[str, str]]) -> None:
        """Remember the formulas the conversion of *src_uri* typeset (their markup is found by search)."""
        self._formulas[src_uri] = formulas

    def tex_only(self, src_uri: str, html: str) -> str:
        """*html* of the page *src_uri* with each formula as its TeX."""
        return tex_only(html, self._formulas.get(src_uri, ()))

    def park(self, src_uri: str, content: str) -> str | None:
        """The TeX-only view to hold in place of the converted page's *content* until :meth:`restore`
        gives the full markup back (kept compressed meanwhile); None without math. Forgets the formulas."""
        formulas = self._formulas.pop(src_uri, ())
        if KATEX_OPEN not in content:
            return None
        self._full.pop(src_uri, None)
        self._parked[src_uri] = zlib.compress(content.encode("utf-8"), 1)
        return tex_only(content, formulas)

    def hide(self, src_uri: str, content: str | None) -> str | None:
        """The TeX-only view to show in place of *content*, kept until :meth:`restore`; None without math
        (or when the page is parked: its content is the TeX-only view already)."""
        if not content or KATEX_OPEN not in content or src_uri in self._parked:
            return None
        self._full[src_uri] = content
        return self.tex_only(src_uri, content)

    def restore(self, src_uri: str, content: str | None = None) -> str | None:
        """The full markup :meth:`hide` or :meth:`park` took from the page (None if neither did); forget
        the formulas. A parked page's *content* (its TeX-only view) is kept for :meth:`written`."""
        self._formulas.pop(src_uri, None)
        parked = self._parked.pop(src_uri, None)
        if parked is not None:
            if content is not None:
                self._written[src_uri] = content
            return zlib.decompress(parked).decode("utf-8")
        return self._full.pop(src_uri, None)

    def written(self, src_uri: str) -> str | None:
        """The TeX-only view a parked page keeps once written (None for other pages); forget the page."""
        return self._written.pop(src_uri, None)


def link_katex(html: str, url_of: Callable[[str], str]) -> str:
    """*html* with KaTeX's stylesheet linked and its math's fonts preloaded in ``<head>`` (none: no math).

    *url_of* maps a path in KaTeX's assets (``katex.min.css``, ``fonts/….woff2``) to its URL from the page.
    """
    # The markup KaTeX emitted (never text about it: in code, "<" is written as "&lt;").
    if '<span class="katex' not in html:
        return html
    links = [_PRELOAD.format(url_of(f"fonts/{font}.woff2")) for font in fonts_in(html)]
    links.append(f'<link rel="stylesheet" href="{url_of("katex.min.css")}">')
    return html.replace("</head>", "\n".join(links) + "\n</head>", 1)

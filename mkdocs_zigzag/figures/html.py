"""Markup for a generated figure that follows Material's light/dark palette toggle.

Material hides ``img[src$="#only-light"]`` under the dark (slate) scheme and ``img[src$="#only-dark"]``
under the light one, so two ``<img>`` elements, one per themed SVG, swap when the reader toggles the
palette, with no JavaScript of ours. The raster stays at the post's exact image URL for feeds and links.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs_zigzag.images import ImageAttributes


def _attribute(name: str, value: str | None) -> str:
    return "" if value is None else f' {name}="{escape(value, quote=True)}"'


def render_figure_html(
    light_url: str,
    dark_url: str,
    image: ImageAttributes,
    *,
    caption: str | None = None,
) -> str:
    """Two ``<img>`` (``#only-light`` / ``#only-dark``) for a themed figure, optionally in a ``<figure>``.

    *light_url* / *dark_url* are page-relative URLs of the variants; *image*'s width and height are the
    attribute values (the tag's, else the figure's display size); *caption* wraps both in ``<figure>``
    with a ``<figcaption>``. All values are escaped here.
    """
    class_value = " ".join(["zigzag-figure", *image.classes])
    alt = image.alt if image.alt is not None else ""
    sizes = f"{_attribute('width', image.width)}{_attribute('height', image.height)}"
    images = "".join(
        f'<img src="{escape(url, quote=True)}#only-{scheme}"'
        f"{_attribute('alt', alt)}{_attribute('title', image.title)}{_attribute('class', class_value)}{sizes}"
        ' loading="lazy" decoding="async">'
        for scheme, url in (("light", light_url), ("dark", dark_url))
    )
    if caption:
        return f'<figure class="zigzag-figure">{images}<figcaption>{escape(caption)}</figcaption></figure>'
    return images

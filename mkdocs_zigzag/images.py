"""What a tag asks of an image, as one record the tag renderers and the figure side both read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ImageAttributes:
    """The ``<img>`` attributes an ``asset_img`` tag gives (Hexo's reading of its arguments).

    ``alt`` already has the title filled in where the site asks for it (``hexo_alt_from_title``).
    """

    alt: str | None = None
    title: str | None = None
    classes: tuple[str, ...] = ()
    width: str | None = None
    height: str | None = None

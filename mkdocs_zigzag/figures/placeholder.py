"""A visible stand-in for a figure that could not be drawn (without matplotlib: it may be what failed).

The SVG variants carry the reason as text; the raster (Pillow, a dependency of matplotlib) is a plain
warning-coloured panel with a short notice, so a feed or a direct link shows that something is missing.
"""

from __future__ import annotations

import io
import os
import textwrap
from xml.sax.saxutils import escape

from mkdocs_zigzag.atomic import write_atomic
from mkdocs_zigzag.figures.api import DEFAULT_FIGSIZE, THEMES, figsize_problem
from mkdocs_zigzag.figures.cache import raster_file_name

_SVG = """<?xml version="1.0" encoding="utf-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">
  <rect x="1" y="1" width="{inner_w}" height="{inner_h}" fill="{background}" stroke="#d32f2f" \
stroke-width="2" stroke-dasharray="8 4"/>
  <text x="24" y="40" font-family="sans-serif" font-size="18" font-weight="bold" fill="#d32f2f">\
Figure not generated: {title}</text>
{lines}
</svg>
"""


PLACEHOLDER_MIN = (320, 200)
PLACEHOLDER_MAX = (1600, 1200)
"""Bounds of a placeholder's size in pixels: room for its text, and never a huge image to draw."""


def placeholder_size(figsize: object) -> tuple[int, int]:
    """Pixels of the placeholder for a figure of *figsize* inches (the default size when it is bad).

    *figsize* comes from a generator that failed: it may be anything, and the build draws this image.
    """
    if figsize_problem(figsize) is not None:
        figsize = DEFAULT_FIGSIZE
    assert isinstance(figsize, (tuple, list))
    return _clamped(round(figsize[0] * 100), round(figsize[1] * 100))


def _clamped(width: int, height: int) -> tuple[int, int]:
    return (
        min(max(width, PLACEHOLDER_MIN[0]), PLACEHOLDER_MAX[0]),
        min(max(height, PLACEHOLDER_MIN[1]), PLACEHOLDER_MAX[1]),
    )


def write_placeholder(
    folder: str, *, raster_format: str, width: int, height: int, title: str, reason: str
) -> dict[str, str]:
    """Write placeholders into *folder*; returns role → path (``raster``, ``light.svg``, ``dark.svg``).

    The size is kept within :data:`PLACEHOLDER_MIN` and :data:`PLACEHOLDER_MAX`.
    """
    width, height = _clamped(width, height)
    lines = "\n".join(
        f'  <text x="24" y="{72 + 22 * n}" font-family="monospace" font-size="14" fill="{{fg}}">'
        f"{escape(line)}</text>"
        for n, line in enumerate(textwrap.wrap(reason, 80)[: max(1, (height - 90) // 22)])
    )
    files = {}
    for theme in THEMES:
        svg = _SVG.format(
            width=width,
            height=height,
            inner_w=width - 2,
            inner_h=height - 2,
            background=theme.background,
            title=escape(title),
            lines=lines.replace("{fg}", theme.foreground),
        )
        path = os.path.join(folder, f"{theme.name}.svg")
        write_atomic(path, svg.encode("utf-8"))
        files[f"{theme.name}.svg"] = path
    files["raster"] = os.path.join(folder, raster_file_name(raster_format))
    write_atomic(files["raster"], _raster(raster_format, width, height, title))
    return files


def _raster(raster_format: str, width: int, height: int, title: str) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (width, height), "#fdecea")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width - 1, height - 1), outline="#d32f2f", width=3)
    font = ImageFont.load_default(size=max(12, height // 20))
    notice = f"Figure not generated: {title}".encode("ascii", "replace").decode()
    draw.text((20, 20), notice, fill="#b71c1c", font=font)
    draw.text(
        (20, 30 + max(12, height // 20)), "See the build log for the reason.", fill="#b71c1c", font=font
    )
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG" if raster_format == "jpeg" else "PNG")
    return buffer.getvalue()

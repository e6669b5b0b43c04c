"""A visible stand-in for a figure that could not be drawn (without matplotlib: it may be what failed).

The SVG variants carry the reason as text; the raster (Pillow, a dependency of matplotlib) is a plain
warning-coloured panel with a short notice, so a feed or a direct link shows that something is missing.
"""

from __future__ import annotations

import io
import os
import textwrap
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from mkdocs_zigzag.atomic import write_atomic
from mkdocs_zigzag.figures.api import DEFAULT_FIGSIZE, THEMES, display_size, figsize_problem
from mkdocs_zigzag.figures.cache import raster_file_name

if TYPE_CHECKING:
    from collections.abc import Callable

_SVG = """<?xml version="1.0" encoding="utf-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">
  <rect x="1" y="1" width="{inner_w}" height="{inner_h}" fill="{background}" stroke="#d32f2f" \
stroke-width="2" stroke-dasharray="8 4"/>
{lines}
</svg>
"""
_MARGIN = 24
"""Pixels between the box's edge and its text."""
_TITLE_EM, _TITLE_LINE, _TITLE_CHAR = 18, 24, 11.5
_REASON_EM, _REASON_LINE, _REASON_CHAR = 14, 22, 8.6
"""Font size, line height and widest average character (px) of the title (bold sans) and the reason
(monospace: 0.6 em a character): text is wrapped to the box by these, never clipped at its edge."""


PLACEHOLDER_MIN = (320, 200)
PLACEHOLDER_MAX = (1600, 1200)
"""Bounds of a placeholder's size in pixels: room for its text, and never a huge image to draw."""


def placeholder_size(figsize: object, shown_format: str = "svg") -> tuple[int, int]:
    """Pixels of the placeholder for a figure of *figsize* inches shown as *shown_format* (the size the
    figure would have; the default size when *figsize* is bad).

    *figsize* comes from a generator that failed: it may be anything, and the build draws this image.
    """
    if figsize_problem(figsize) is not None:
        figsize = DEFAULT_FIGSIZE
    assert isinstance(figsize, (tuple, list))
    return _clamped(*display_size((figsize[0], figsize[1]), shown_format))


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
    room = width - 2 * _MARGIN
    title_lines = textwrap.wrap(f"Figure not generated: {title}", max(8, int(room / _TITLE_CHAR)))
    texts = [
        f'  <text x="{_MARGIN}" y="{40 + _TITLE_LINE * n}" font-family="sans-serif" font-size="{_TITLE_EM}" '
        f'font-weight="bold" fill="#d32f2f">{escape(line)}</text>'
        for n, line in enumerate(title_lines)
    ]
    top = 40 + _TITLE_LINE * len(title_lines) + 8
    fits = max(1, (height - top) // _REASON_LINE)
    reason_lines = textwrap.wrap(reason, max(8, int(room / _REASON_CHAR)))
    if len(reason_lines) > fits:  # the log has it all; say so rather than cut mid-sentence unseen
        reason_lines = [*reason_lines[: fits - 1], "… (see the build log)"] if fits > 1 else reason_lines[:1]
    files = {}
    for theme in THEMES:
        reason_texts = [
            f'  <text x="{_MARGIN}" y="{top + _REASON_LINE * n}" font-family="monospace" '
            f'font-size="{_REASON_EM}" fill="{theme.foreground}">{escape(line)}</text>'
            for n, line in enumerate(reason_lines)
        ]
        svg = _SVG.format(
            width=width,
            height=height,
            inner_w=width - 2,
            inner_h=height - 2,
            background=theme.background,
            lines="\n".join([*texts, *reason_texts]),
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
    size = max(12, height // 20)
    font = ImageFont.load_default(size=size)
    notice = f"Figure not generated: {title}".encode("ascii", "replace").decode()
    room = width - 40
    lines = [*_fit(notice, lambda text: draw.textlength(text, font=font) <= room), ""]
    lines += _fit("See the build log for the reason.", lambda text: draw.textlength(text, font=font) <= room)
    y = 20
    for line in lines:
        if y + size > height - 10:
            break
        draw.text((20, y), line, fill="#b71c1c", font=font)
        y += size + size // 3
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG" if raster_format == "jpeg" else "PNG")
    return buffer.getvalue()


def _fit(text: str, fits: Callable[[str], bool]) -> list[str]:
    """*text* wrapped into the fewest lines that each *fits*."""
    width = len(text)
    while width > 1:
        lines = textwrap.wrap(text, width)
        if all(fits(line) for line in lines):
            return lines
        width = min(width - 1, int(width * 0.9))
    return textwrap.wrap(text, 1)

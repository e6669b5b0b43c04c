"""Helpers shared by the figure tests: a render task for a generator of a test project's ``figs/gens.py``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs_zigzag.figures.render import RenderTask

if TYPE_CHECKING:
    from pathlib import Path


def figure_task(project: Path, name: str, **changes: object) -> RenderTask:
    """The task drawing generator *name* of ``project/figs/gens.py`` (SVG + PNG at 100 dpi, 60 s), with
    *changes* to any of its fields."""
    fields: dict[str, object] = {
        "key": "k" + name,
        "cache_root": str(project / "cache"),
        "generator": f"figs/gens.py:{name}",
        "config_dir": str(project),
        "params": {},
        "raster_format": "png",
        "dpi": 100,
        "formats": ("svg",),
        "cjk_font": "auto",
        "timeout": 60.0,
    }
    fields.update(changes)
    return RenderTask(**fields)  # type: ignore[arg-type]

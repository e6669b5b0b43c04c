"""What a figure generator is: the contract between the figure engine and the code that draws.

A generator is referenced from ``mkdocs.yml`` as ``module:attribute`` (or ``path/to/file.py:attribute``,
relative to mkdocs.yml). The attribute is either

* a plain function ``draw(fig, theme, **params) -> None`` that draws on a matplotlib ``Figure``; or
* a :class:`FigureGenerator`, made with :func:`figure_generator`, which separates the numpy simulation
  (``simulate(**params) -> data``, run once per figure and shared by both themes, testable without
  matplotlib) from the drawing (``draw(fig, theme, data, **params)``), and declares parameter defaults
  and bounds so bad values in mkdocs.yml are refused with a clear message.

This module must stay importable without matplotlib: a warm build never imports it.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass(frozen=True)
class Theme:
    """Colours of one Material palette, as a figure should use them."""

    name: Literal["light", "dark"]
    foreground: str
    """Text, axes, spines: the palette's body text colour."""
    background: str
    """Figure background (the page background, so figures sit on the page seamlessly)."""
    muted: str
    """Grid lines, secondary annotations."""
    colors: tuple[str, ...]
    """Line/marker colour cycle, readable on *background*."""

    def rc(self) -> dict[str, Any]:
        """matplotlib rc settings for this theme (used inside an ``rc_context``, never globally)."""
        return {
            "figure.facecolor": self.background,
            "savefig.facecolor": self.background,
            "axes.facecolor": self.background,
            "axes.edgecolor": self.foreground,
            "axes.labelcolor": self.foreground,
            "axes.titlecolor": self.foreground,
            "text.color": self.foreground,
            "xtick.color": self.foreground,
            "ytick.color": self.foreground,
            "grid.color": self.muted,
            "legend.edgecolor": self.muted,
            "legend.facecolor": self.background,
            "axes.prop_cycle": _cycler(self.colors),
            "font.size": 11.0,
            "axes.grid": True,
            "grid.alpha": 0.6,
            "svg.hashsalt": "mkdocs-zigzag",
        }


def _cycler(colors: tuple[str, ...]) -> Any:
    from cycler import cycler  # a light dependency of matplotlib, imported only when drawing

    return cycler(color=list(colors))


# Material's default (light) and slate (dark) palettes.
LIGHT = Theme(
    name="light",
    foreground="#1f2328",
    background="#ffffff",
    muted="#c9ced6",
    colors=("#3f51b5", "#e4572e", "#17a398", "#8e44ad", "#f2a541"),
)
DARK = Theme(
    name="dark",
    foreground="#e2e4e9",
    background="#1e2129",
    muted="#4a5060",
    colors=("#8c9eff", "#ff8a65", "#4dd0c4", "#ce93d8", "#ffd54f"),
)
THEMES: tuple[Theme, ...] = (LIGHT, DARK)


@dataclass(frozen=True)
class FigureGenerator:
    """A figure: an optional numpy simulation, a drawing function, and its parameters' rules."""

    draw: Callable[..., None]
    """``draw(fig, theme, data, **params)`` when *simulate* is set, else ``draw(fig, theme, **params)``."""
    simulate: Callable[..., Any] | None = None
    """``simulate(**params) -> data``: numpy only, deterministic for fixed params (seeds are params)."""
    summarize: Callable[[Any], Mapping[str, Any]] | None = None
    """``summarize(data) -> {name: number}``: numbers a page may quote; written as JSON beside the figure."""
    defaults: Mapping[str, Any] = field(default_factory=dict)
    """Every accepted parameter and its default; an unknown parameter is an error."""
    bounds: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    """Inclusive numeric bounds for parameters that need them (counts, ranges, sizes)."""
    figsize: tuple[float, float] = (6.4, 4.0)
    """Size in inches: the raster is figsize × ``figures_dpi`` px (640×400 at 100 dpi); a page shows the
    SVG variants at their real size, 96 px per inch (614×384)."""

    def validate(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """Defaults updated by *params*; ``ValueError`` naming the parameter if unknown or out of bounds."""
        unknown = sorted(set(params) - set(self.defaults))
        if unknown and self.defaults:
            raise ValueError(
                f"unknown parameter(s) {', '.join(map(repr, unknown))}; "
                f"accepted: {', '.join(sorted(self.defaults))}"
            )
        merged = {**self.defaults, **params}
        for name, (low, high) in self.bounds.items():
            value = merged.get(name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(f"parameter {name!r} must be a number in [{low}, {high}], got {value!r}")
            if not low <= value <= high:
                raise ValueError(f"parameter {name!r} must be in [{low}, {high}], got {value!r}")
            default = self.defaults.get(name)
            if isinstance(default, int) and not isinstance(default, bool) and not float(value).is_integer():
                raise ValueError(f"parameter {name!r} must be a whole number, got {value!r}")
        return merged


DEFAULT_FIGSIZE = (6.4, 4.0)
"""A figure's size in inches when its generator does not say (matplotlib's default width)."""
MAX_FIGURE_INCHES = 50.0
"""The largest side a generator may declare (5,000 px at 100 dpi): beyond, a typo, not a figure."""


def figsize_problem(figsize: object) -> str | None:
    """What is wrong with a generator's *figsize* (None when it is a pair of sane sizes in inches).

    It comes from user code and sizes buffers in a worker and the placeholder the build draws: a
    negative, NaN or huge size must be refused before anything is drawn at it.
    """
    if not isinstance(figsize, (tuple, list)) or len(figsize) != 2:
        return f"figsize {figsize!r} is not a pair (width, height) in inches"
    for side in figsize:
        if isinstance(side, bool) or not isinstance(side, numbers.Real):
            return f"figsize {figsize!r} is not a pair of numbers (width, height) in inches"
        inches = float(side)
        if not (math.isfinite(inches) and 0 < inches <= MAX_FIGURE_INCHES):
            return (
                f"figsize {tuple(figsize)!r} is out of range: each side must be a number of inches "
                f"above 0 and at most {MAX_FIGURE_INCHES:g}"
            )
    return None


SVG_PIXELS_PER_INCH = 96.0
"""How a browser sizes an SVG figure: matplotlib writes the size in points (72 per inch), and CSS shows
an inch as 96 px, so a 6.4 in wide SVG is 614 px wide (the PNG variants, saved at 100 dpi, are 640)."""


def display_size(figsize: tuple[float, float], fmt: str) -> tuple[int, int]:
    """The pixels a page shows a variant in format *fmt* of a *figsize* figure at: its real size."""
    per_inch = SVG_PIXELS_PER_INCH if fmt == "svg" else 100.0
    return round(figsize[0] * per_inch), round(figsize[1] * per_inch)


def figure_generator(
    *,
    simulate: Callable[..., Any] | None = None,
    summarize: Callable[[Any], Mapping[str, Any]] | None = None,
    defaults: Mapping[str, Any] | None = None,
    bounds: Mapping[str, tuple[float, float]] | None = None,
    figsize: tuple[float, float] = (6.4, 4.0),
) -> Callable[[Callable[..., None]], FigureGenerator]:
    """Decorator: turn a drawing function into a :class:`FigureGenerator`."""

    def wrap(draw: Callable[..., None]) -> FigureGenerator:
        return FigureGenerator(
            draw=draw,
            simulate=simulate,
            summarize=summarize,
            defaults=dict(defaults or {}),
            bounds=dict(bounds or {}),
            figsize=figsize,
        )

    return wrap


DrawFunction = Callable[["Figure", Theme], None]

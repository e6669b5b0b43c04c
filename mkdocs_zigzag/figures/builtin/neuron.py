"""The article's neuron diagram: inputs x_i, weights w_i, weighted sum Σ with bias b, activation f, output.

Drawn with matplotlib patches in data coordinates on an axes with equal aspect and no frame, in the
theme's colours only; the activation box holds a small σ curve from ``curves.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from mkdocs_zigzag.figures.api import Theme, figure_generator
from mkdocs_zigzag.figures.builtin.curves import logistic

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

_INPUT_X, _SUM_X, _ACTIVATION_X, _OUTPUT_X = 0.55, 4.3, 6.6, 8.9
_INPUT_RADIUS, _SUM_RADIUS, _BOX_HALF = 0.32, 0.58, 0.55
_MIDDLE_Y = 0.0


def _arrow(ax: Axes, theme: Theme, start: tuple[float, float], end: tuple[float, float]) -> None:
    """A straight arrow from *start* to *end* (both already on the shapes' edges)."""
    from matplotlib.patches import FancyArrowPatch

    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14, linewidth=1.4,
                                 color=theme.foreground, shrinkA=0, shrinkB=0, zorder=2))


def _on_circle(
    centre: tuple[float, float], radius: float, towards: tuple[float, float]
) -> tuple[float, float]:
    """The point of the circle (*centre*, *radius*) on the segment towards *towards*."""
    direction = np.subtract(towards, centre)
    x, y = np.asarray(centre) + radius * direction / np.hypot(*direction)
    return float(x), float(y)


def input_positions(inputs: int) -> list[tuple[str, float]]:
    """(mathtext label, y) of each drawn input, top to bottom; with three or more, the last is x_n after ⋮."""
    spacing = 1.05
    names = [rf"$x_{i}$" for i in range(1, inputs)] + [r"$x_n$" if inputs >= 3 else rf"$x_{inputs}$"]
    slots = inputs + 1 if inputs >= 3 else inputs  # one slot for the vertical ellipsis before x_n
    ys = [_MIDDLE_Y + spacing * ((slots - 1) / 2 - i) for i in range(slots)]
    if inputs >= 3:
        ys = ys[:-2] + ys[-1:]  # the second-to-last slot holds the ellipsis
    return list(zip(names, ys, strict=True))


def draw_neuron(ax: Axes, theme: Theme, inputs: int) -> None:
    """Draw the neuron on *ax*: input circles, weighted arrows into Σ, bias, activation box, output."""
    from matplotlib.patches import Circle, FancyBboxPatch

    input_color, sum_color, activation_color = theme.colors[0], theme.colors[2], theme.colors[1]
    sum_centre = (_SUM_X, _MIDDLE_Y)
    positions = input_positions(inputs)
    weight_names = [name.replace("x", "w") for name, _ in positions]

    for (name, y), weight in zip(positions, weight_names, strict=True):
        centre = (_INPUT_X, y)
        ax.add_patch(Circle(centre, _INPUT_RADIUS, facecolor=theme.background, edgecolor=input_color,
                            linewidth=2.0, zorder=3))
        ax.text(*centre, name, ha="center", va="center", fontsize=13, zorder=4)
        start = _on_circle(centre, _INPUT_RADIUS, sum_centre)
        end = _on_circle(sum_centre, _SUM_RADIUS, centre)
        _arrow(ax, theme, start, end)
        # The weight sits a third of the way along its arrow, just above it.
        ax.text(start[0] + 0.36 * (end[0] - start[0]), start[1] + 0.36 * (end[1] - start[1]) + 0.1, weight,
                ha="center", va="bottom", fontsize=12, color=input_color, zorder=4)
    if inputs >= 3:
        ellipsis_y = (positions[-2][1] + positions[-1][1]) / 2
        ax.text(_INPUT_X, ellipsis_y, r"$\vdots$", ha="center", va="center", fontsize=14)

    ax.add_patch(Circle(sum_centre, _SUM_RADIUS, facecolor=theme.background, edgecolor=sum_color,
                        linewidth=2.2, zorder=3))
    ax.text(*sum_centre, r"$\Sigma$", ha="center", va="center", fontsize=20, zorder=4)
    bias_top = (_SUM_X, _MIDDLE_Y + 1.75)
    _arrow(ax, theme, bias_top, (_SUM_X, _MIDDLE_Y + _SUM_RADIUS))
    ax.text(_SUM_X, bias_top[1] + 0.06, r"$b$", ha="center", va="bottom", fontsize=14, color=sum_color)
    ax.text(_SUM_X, _MIDDLE_Y - _SUM_RADIUS - 0.22, r"$z = \sum_i w_i x_i + b$", ha="center", va="top",
            fontsize=12)

    box = FancyBboxPatch((_ACTIVATION_X - _BOX_HALF, _MIDDLE_Y - _BOX_HALF), 2 * _BOX_HALF, 2 * _BOX_HALF,
                         boxstyle="round,pad=0.02,rounding_size=0.14", facecolor=theme.background,
                         edgecolor=activation_color, linewidth=2.2, zorder=3)
    ax.add_patch(box)
    glyph_z = np.linspace(-5.0, 5.0, 61)
    ax.plot(_ACTIVATION_X + glyph_z * 0.08, _MIDDLE_Y - 0.32 + 0.64 * logistic(glyph_z),
            color=activation_color, linewidth=1.8, zorder=4)
    ax.text(_ACTIVATION_X, _MIDDLE_Y + _BOX_HALF + 0.12, r"$f$", ha="center", va="bottom", fontsize=15,
            color=activation_color)

    _arrow(ax, theme, (_SUM_X + _SUM_RADIUS, _MIDDLE_Y), (_ACTIVATION_X - _BOX_HALF - 0.03, _MIDDLE_Y))
    ax.text((_SUM_X + _SUM_RADIUS + _ACTIVATION_X - _BOX_HALF) / 2, _MIDDLE_Y + 0.1, r"$z$", ha="center",
            va="bottom", fontsize=13)
    _arrow(ax, theme, (_ACTIVATION_X + _BOX_HALF + 0.03, _MIDDLE_Y), (_OUTPUT_X - 0.95, _MIDDLE_Y))
    ax.text(_OUTPUT_X - 0.85, _MIDDLE_Y, r"$f(z)$", ha="left", va="center", fontsize=14)

    top = max(y for _, y in positions) + _INPUT_RADIUS
    ax.set_xlim(_INPUT_X - _INPUT_RADIUS - 0.15, _OUTPUT_X + 0.15)
    ax.set_ylim(min(-top, _MIDDLE_Y - 1.3) - 0.1, max(top, bias_top[1] + 0.45) + 0.1)
    ax.set_aspect("equal")
    ax.set_axis_off()


@figure_generator(defaults={"inputs": 3}, bounds={"inputs": (2, 5)}, figsize=(6.4, 3.3))
def neuron_cell(fig: Figure, theme: Theme, inputs: int = 3) -> None:
    """The neuron of the post: inputs x_i, weights w_i, Σ with bias b, activation f, output f(z)."""
    fig.set_layout_engine("none")  # a diagram fills the figure; no ticks or labels to make room for
    ax = fig.add_axes((0.01, 0.01, 0.98, 0.98))
    draw_neuron(ax, theme, int(inputs))

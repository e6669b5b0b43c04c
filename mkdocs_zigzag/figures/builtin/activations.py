"""The article's activation figures: σ with σ′, and tanh with tanh′, drawn in the same style.

Both use the same y range and shade the function's output range, so side by side they show what the
post argues: σ's outputs all lie above the y = 0 line, tanh's are centred on it. The curves come from
``curves.py`` (numpy only); matplotlib is touched only through the ``Figure`` the engine passes in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs_zigzag.figures.api import FigureGenerator, Theme, figure_generator
from mkdocs_zigzag.figures.builtin.curves import ActivationCurves, ActivationName, sample_activation

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

_DEFAULTS = {"z_max": 6.0, "points": 481}
_BOUNDS = {"z_max": (2.0, 20.0), "points": (51, 5001)}
_FIGSIZE = (6.4, 3.9)

# What each figure says about its function, in mathtext (no CJK font needed).
_LABELS: dict[ActivationName, tuple[str, str, str, str]] = {
    # name: (function, derivative, peak label, range label)
    "sigmoid": (
        r"$\sigma(z) = \dfrac{1}{1+e^{-z}}$",
        r"$\sigma'(z) = \sigma(z)\,(1-\sigma(z))$",
        r"$\sigma'(0) = \dfrac{1}{4}$",
        r"outputs in $(0,\,1)$: always positive",
    ),
    "tanh": (
        r"$\tanh(z)$",
        r"$\tanh'(z) = 1-\tanh^2(z)$",
        r"$\tanh'(0) = 1$",
        r"outputs in $(-1,\,1)$: centred on $0$",
    ),
}


def draw_activation(ax: Axes, theme: Theme, curves: ActivationCurves) -> None:
    """Draw one activation and its derivative on *ax*: output range shaded, y = 0 drawn, peak of f′ marked."""
    function_label, derivative_label, peak_label, range_label = _LABELS[curves.name]
    value_color, derivative_color = theme.colors[0], theme.colors[1]
    z_max = float(curves.z[-1])
    low, high = curves.output_range

    ax.axhspan(low, high, color=value_color, alpha=0.09, linewidth=0, zorder=0)
    ax.text(-0.97 * z_max, high - 0.06, range_label, color=theme.foreground, fontsize=10, va="top", ha="left")
    ax.axhline(0.0, color=theme.foreground, linewidth=1.0, zorder=1)
    ax.axvline(0.0, color=theme.muted, linewidth=0.9, zorder=1)

    ax.plot(curves.z, curves.value, color=value_color, linewidth=2.4, label=function_label, zorder=3)
    ax.plot(curves.z, curves.derivative, color=derivative_color, linewidth=2.4, linestyle=(0, (5, 2.5)),
            label=derivative_label, zorder=3)

    peak_z, peak_value = curves.peak
    ax.plot([peak_z], [peak_value], marker="o", markersize=7, color=derivative_color,
            markeredgecolor=theme.background, markeredgewidth=1.5, linestyle="none", zorder=4)
    ax.annotate(
        peak_label, xy=(peak_z, peak_value), xytext=(0.3 * z_max, peak_value - 0.42),
        ha="left", va="center", fontsize=11, color=theme.foreground,
        arrowprops={"arrowstyle": "->", "color": theme.foreground, "linewidth": 1.0, "shrinkB": 5},
        zorder=5,
    )

    _label_saturations(ax, theme, curves)

    ax.set_xlim(-z_max, z_max)
    ax.set_ylim(-1.2, 1.2)
    ax.set_yticks([-1.0, -0.5, 0.0, 0.25, 0.5, 1.0])
    ax.yaxis.set_major_formatter("{x:g}")
    ax.set_xlabel(r"$z$")
    ax.grid(True, linewidth=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="lower right", fontsize=10, framealpha=0.92)


def _label_saturations(ax: Axes, theme: Theme, curves: ActivationCurves) -> None:
    """Name the two flat tails where f′ ≈ 0, on the side of the curve that has room (away from the legend)."""
    z_max = float(curves.z[-1])
    for side in (-1, 1):
        z = side * 0.78 * z_max
        value = float(curves.value[-1] if side > 0 else curves.value[0])
        above = value < -0.5  # tanh's lower tail: room above it; everywhere else, below
        ax.text(z, value + (0.07 if above else -0.07), r"saturated, $f' \approx 0$", ha="center",
                va="bottom" if above else "top", fontsize=10, color=theme.foreground, alpha=0.75)


def _curves(name: ActivationName) -> FigureGenerator:
    """A generator for one activation: numpy sampling as its simulation, ``draw_activation`` as drawing."""

    def simulate(z_max: float, points: int) -> ActivationCurves:
        return sample_activation(name, z_max, points)

    def draw(fig: Figure, theme: Theme, data: ActivationCurves, **params: float) -> None:
        fig.set_layout_engine("constrained", h_pad=0.04, w_pad=0.04)
        draw_activation(fig.add_subplot(), theme, data)

    def summarize(data: ActivationCurves) -> dict[str, float]:
        peak_z, peak_value = data.peak
        return {"derivative_peak_z": peak_z, "derivative_peak": peak_value}

    return figure_generator(simulate=simulate, summarize=summarize, defaults=_DEFAULTS, bounds=_BOUNDS,
                            figsize=_FIGSIZE)(draw)


sigmoid: FigureGenerator = _curves("sigmoid")
"""σ(z) and σ′(z) = σ(z)(1 − σ(z)) over a range showing both saturations; σ′'s maximum ¼ at 0 marked."""

tanh: FigureGenerator = _curves("tanh")
"""tanh(z) and tanh′(z) = 1 − tanh²(z) in the same style; tanh′'s maximum 1 at z = 0 marked."""

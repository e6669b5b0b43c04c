"""The zig-zag figure: both SGD paths of the experiment in ``sgd.py`` over their expected loss's contours.

Two panels with the same axes, one per input kind, each run at its own best learning rate: the
all-positive inputs x = σ(h) (every update moves both weights the same way, so the path zig-zags across
a long narrow valley) and the centred control σ(h) − ½ (round contours, a nearly straight path).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from mkdocs_zigzag.figures.api import FigureGenerator, Theme, figure_generator
from mkdocs_zigzag.figures.builtin.sgd import (
    BOUNDS,
    DEFAULTS,
    INPUT_KINDS,
    KindResult,
    ZigzagExperiment,
    expected_loss,
    run_experiment,
    summarize_experiment,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

_TITLES = {
    "positive": r"$x = \sigma(h)$: all positive",
    "centred": r"$x = \sigma(h) - \frac{1}{2}$: centred",
}
_CONTOUR_LEVELS = 9


def _extent(experiment: ZigzagExperiment) -> tuple[float, float, float, float]:
    """A square window holding start, optimum and both paths, with a margin."""
    points = np.vstack([experiment.start, experiment.target,
                        *(r.trajectory for r in experiment.results.values())])
    low, high = points.min(axis=0), points.max(axis=0)
    centre, half = (low + high) / 2, float((high - low).max()) / 2 * 1.1 + 0.3
    return centre[0] - half, centre[0] + half, centre[1] - half, centre[1] + half


def draw_path(ax: Axes, theme: Theme, experiment: ZigzagExperiment, result: KindResult, color: str,
              extent: tuple[float, float, float, float]) -> None:
    """One panel: contours of the expected loss, the representative SGD path, start and optimum."""
    x0, x1, y0, y1 = extent
    w1, w2 = np.meshgrid(np.linspace(x0, x1, 241), np.linspace(y0, y1, 241))
    loss = expected_loss(result.second_moment, experiment.target, w1, w2)
    start_loss = float(expected_loss(result.second_moment, experiment.target, *experiment.start))
    # Geometric levels, halving down from the start's loss, so the narrow valley shows at every scale.
    levels = start_loss * 2.0 ** np.arange(-_CONTOUR_LEVELS + 1, 3)
    ax.contour(w1, w2, loss, levels=levels, colors=[theme.foreground], alpha=0.28, linewidths=0.9, zorder=1)

    path = result.trajectory
    ax.plot(path[:, 0], path[:, 1], color=color, linewidth=1.5, marker="o", markersize=3.2, zorder=3,
            solid_joinstyle="round")
    ax.plot(*experiment.start, marker="o", markersize=9, markerfacecolor=theme.background,
            markeredgecolor=theme.foreground, markeredgewidth=1.8, linestyle="none", zorder=4)
    ax.plot(*experiment.target, marker="*", markersize=15, color=theme.foreground,
            markeredgecolor=theme.background, markeredgewidth=0.8, linestyle="none", zorder=4)
    ax.annotate(r"$w_0$", tuple(experiment.start), xytext=(-9, 0), textcoords="offset points", ha="right",
                va="center", fontsize=12, color=theme.foreground, zorder=5)
    ax.annotate(r"$w^*$", tuple(experiment.target), xytext=(9, -3), textcoords="offset points", ha="left",
                va="top", fontsize=12, color=theme.foreground, zorder=5)

    # The measured numbers go in the title, where no parameters can make a path cross them.
    ax.set_title(f"{_TITLES[result.kind]}\nlr {result.best_lr:.3g} · median {result.median:.0f} steps\n"
                 f"same-sign updates {result.same_sign_share:.0%}", fontsize=11, linespacing=1.4)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_box_aspect(1)  # the window is square (see _extent), so this keeps w1 and w2 at one scale
    ax.set_xlabel(r"$w_1$")
    ax.grid(False)


def _draw(fig: Figure, theme: Theme, data: ZigzagExperiment, **params: float) -> None:
    """Both panels side by side, sharing axes; positive inputs on the left."""
    fig.set_layout_engine("constrained", h_pad=0.14, w_pad=0.04, wspace=0.04)
    axes = fig.subplots(1, 2, sharex=True, sharey=True)
    extent = _extent(data)
    colors = {"positive": theme.colors[1], "centred": theme.colors[0]}
    for ax, kind in zip(axes, INPUT_KINDS, strict=True):
        draw_path(ax, theme, data, data.results[kind], colors[kind], extent)
    axes[0].set_ylabel(r"$w_2$")


zigzag_gradient: FigureGenerator = figure_generator(
    simulate=run_experiment,
    summarize=summarize_experiment,
    defaults=DEFAULTS,
    bounds=BOUNDS,
    figsize=(6.8, 4.1),
)(_draw)
"""SGD paths of a two-weight linear neuron, all-positive vs centred inputs, over expected-loss contours."""

"""Each built-in generator draws on a plain ``Figure`` in both palettes, with the content it promises."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import numpy as np
import pytest
from matplotlib.collections import Collection
from matplotlib.colors import to_rgb, to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from mkdocs_zigzag.figures.api import THEMES, FigureGenerator, Theme
from mkdocs_zigzag.figures.builtin import BUILTIN_FIGURES, BuiltinFigure
from mkdocs_zigzag.figures.builtin.activations import sigmoid, tanh
from mkdocs_zigzag.figures.builtin.neuron import input_positions, neuron_cell
from mkdocs_zigzag.figures.builtin.zigzag import zigzag_gradient
from mkdocs_zigzag.figures.render import draw_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def render(generator: FigureGenerator, theme: Theme, **params: Any) -> tuple[Figure, Any]:
    """Draw *generator* with the build's own drawing function: validated params, simulation once, PNG."""
    params = generator.validate(params)
    data = generator.simulate(**params) if generator.simulate else None
    with draw_figure(generator, theme, data, params) as fig:
        fig.savefig(io.BytesIO(), format="png", dpi=100)  # the full draw, text layout included
    return fig, data


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def drawn_colors(fig: Figure) -> set[tuple[float, float, float]]:
    """Every visible colour of lines, texts, patches and collections, as RGB (alpha ignored)."""
    colors: list[Any] = []
    for artist in fig.findobj():
        if not artist.get_visible():
            continue
        if isinstance(artist, Line2D):
            colors += [artist.get_color(), artist.get_markerfacecolor(), artist.get_markeredgecolor()]
        elif isinstance(artist, Text) and artist.get_text():
            colors.append(artist.get_color())
        elif isinstance(artist, Patch):
            edge = [artist.get_edgecolor()] if artist.get_linewidth() > 0 else []
            colors += [artist.get_facecolor(), *edge]
        elif isinstance(artist, Collection):
            colors += list(np.atleast_2d(artist.get_edgecolor()))
    visible = [to_rgba(c) for c in colors if not (isinstance(c, str) and c == "none")]
    return {to_rgb(c) for c in visible if c[3] > 0}


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
@pytest.mark.parametrize("figure", BUILTIN_FIGURES, ids=lambda f: f.generator.rpartition(":")[2])
def test_draws_in_the_theme_colours_only(figure: BuiltinFigure, theme: Theme) -> None:
    fig, _ = render(figure.load(), theme)
    palette = {to_rgb(c) for c in (theme.foreground, theme.background, theme.muted, *theme.colors)}
    used = drawn_colors(fig)
    assert used, "nothing drawn"
    assert used <= palette, used - palette
    assert fig.get_facecolor()[:3] == to_rgb(theme.background)


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
@pytest.mark.parametrize(("generator", "peak", "labels"), [
    (sigmoid, 0.25, [r"$\sigma(z)", r"$\sigma'(z)", r"$\sigma'(0) = \dfrac{1}{4}$", "(0,\\,1)"]),
    (tanh, 1.0, [r"$\tanh(z)$", r"$\tanh'(z)", r"$\tanh'(0) = 1$", "(-1,\\,1)"]),
], ids=["sigmoid", "tanh"])
def test_activation_figure_marks_the_derivative_peak(generator: FigureGenerator, peak: float,
                                                    labels: list[str], theme: Theme) -> None:
    fig, curves = render(generator, theme)
    (ax,) = fig.axes
    lines = ax.get_lines()
    assert any(np.array_equal(line.get_ydata(), curves.value) for line in lines)
    assert any(np.array_equal(line.get_ydata(), curves.derivative) for line in lines)
    marker = [0.0, peak]
    assert any(np.ravel(line.get_xydata()).tolist() == marker and line.get_marker() == "o" for line in lines)
    assert any(np.ravel(line.get_ydata()).tolist() == [0.0, 0.0] for line in lines), "no y = 0 reference line"
    shown = "\n".join(texts(fig))
    for label in labels:
        assert label in shown
    legend = ax.get_legend()
    assert legend is not None and len(legend.get_texts()) == 2
    assert ax.get_ylim()[0] < -1.0 and ax.get_ylim()[1] > 1.0  # same y range: σ's empty lower half shows


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_zigzag_figure_draws_both_paths_over_contours(theme: Theme) -> None:
    fig, experiment = render(zigzag_gradient, theme)
    assert len(fig.axes) == 2
    for ax, kind in zip(fig.axes, ("positive", "centred"), strict=True):
        result = experiment.results[kind]
        assert any(np.array_equal(line.get_xydata(), result.trajectory) for line in ax.get_lines())
        assert ax.collections, "no contours"
        assert "all positive" in ax.get_title() if kind == "positive" else "centred" in ax.get_title()
        numbers = f"\nlr {result.best_lr:.3g} · median {result.median:.0f} steps\nsame-sign updates"
        assert numbers in ax.get_title()
        labels = [t.get_text() for t in ax.texts]
        assert r"$w_0$" in labels and r"$w^*$" in labels
    assert fig.axes[0].get_xlabel() == r"$w_1$" and fig.axes[0].get_ylabel() == r"$w_2$"


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
@pytest.mark.parametrize("inputs", [2, 3, 5])
def test_neuron_diagram_names_every_part(theme: Theme, inputs: int) -> None:
    fig, _ = render(neuron_cell, theme, inputs=inputs)
    (ax,) = fig.axes
    shown = texts(fig)
    names = [name for name, _ in input_positions(inputs)]
    assert len(names) == inputs
    for name in names:
        assert name in shown and name.replace("x", "w") in shown
    for part in (r"$\Sigma$", r"$b$", r"$f$", r"$z$", r"$f(z)$", r"$z = \sum_i w_i x_i + b$"):
        assert part in shown
    assert (r"$\vdots$" in shown) == (inputs >= 3)
    # inputs circles, Σ, the activation box; one arrow per input, the bias, Σ → f, f → output
    arrows = [p for p in ax.patches if type(p).__name__ == "FancyArrowPatch"]
    assert len(arrows) == inputs + 3
    assert len(ax.patches) == inputs + 2 + len(arrows)

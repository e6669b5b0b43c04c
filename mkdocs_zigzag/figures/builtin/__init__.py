"""The article's figures: numpy simulations (data) apart from their matplotlib drawing.

:data:`BUILTIN_FIGURES` is the one list of them that the site's docs, the tests and the benchmarks loop
over. Importing this package imports neither numpy nor matplotlib (a warm build must not).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs_zigzag.figures.api import FigureGenerator


@dataclass(frozen=True)
class BuiltinFigure:
    """One built-in figure generator and the image of the article it draws."""

    generator: str
    """The reference ``mkdocs.yml`` binds (``mkdocs_zigzag.figures.builtin.activations:sigmoid``)."""
    asset: str
    """The image name the article's post uses for it."""

    def load(self) -> FigureGenerator:
        """The generator itself (imports its module)."""
        module, _, attribute = self.generator.partition(":")
        generator: FigureGenerator = getattr(importlib.import_module(module), attribute)
        return generator


BUILTIN_FIGURES: tuple[BuiltinFigure, ...] = (
    BuiltinFigure("mkdocs_zigzag.figures.builtin.activations:sigmoid", "sigma-sigma-prime.jpg"),
    BuiltinFigure("mkdocs_zigzag.figures.builtin.activations:tanh", "tanh-tanh-prime.jpg"),
    BuiltinFigure("mkdocs_zigzag.figures.builtin.zigzag:zigzag_gradient", "zig-zag-gradient.png"),
    BuiltinFigure("mkdocs_zigzag.figures.builtin.neuron:neuron_cell", "cell.jpg"),
)
"""Every built-in figure, in the order the article shows them."""

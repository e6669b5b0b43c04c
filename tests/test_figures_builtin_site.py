"""The site itself: the post's four figures are generated in both palettes, and the numbers match the science.

Needs the figure engine (``mkdocs_zigzag.figures.engine``) and the bindings in the site's ``mkdocs.yml``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from conftest import run_build

from mkdocs_zigzag.figures.builtin import BUILTIN_FIGURES, sgd

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.slow
pytest.importorskip("mkdocs_zigzag.figures.engine", reason="the figure engine is not merged yet")

POST_FIGURES = tuple(figure.asset for figure in BUILTIN_FIGURES)


def _zigzag_params(root: Path) -> dict[str, Any]:
    """The parameters mkdocs.yml gives the zig-zag figure (its binding must exist)."""
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"))
    bindings = config.plugins["zigzag"].config.figures
    for binding in bindings:
        if "zig-zag-gradient.png" in binding.asset:
            assert binding.generator == "mkdocs_zigzag.figures.builtin.zigzag:zigzag_gradient"
            return dict(binding.params)
    raise AssertionError("mkdocs.yml binds no generator to zig-zag-gradient.png")


def test_site_generates_the_four_figures_with_both_palettes_and_true_numbers(seed_project: Path) -> None:
    built = run_build(seed_project, strict=True)
    assert not built.warnings, built.warnings
    post_dirs = {path.parent for path in (built.site_dir / "blog").rglob("zig-zag-gradient.png")}
    assert len(post_dirs) == 1, post_dirs
    (post_dir,) = post_dirs
    for name in POST_FIGURES:
        stem = name.rsplit(".", 1)[0]
        assert (post_dir / name).stat().st_size > 1000, name
        assert list(post_dir.glob(f"{stem}.light.*")) and list(post_dir.glob(f"{stem}.dark.*")), name

    direct = sgd.summarize_experiment(sgd.run_experiment(**_zigzag_params(seed_project)))
    expected = json.loads(json.dumps(direct))
    for summary in built.site_dir.rglob("zig-zag-gradient.json"):
        assert json.loads(summary.read_text(encoding="utf-8")) == expected, summary
    assert (post_dir / "zig-zag-gradient.json").exists()

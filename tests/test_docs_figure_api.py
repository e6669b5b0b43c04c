"""docs/figures.md: the complete example builds as written, and the API reference matches the code."""

from __future__ import annotations

import dataclasses
import importlib.util
import inspect
import json
import os
import re
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from conftest import ROOT

from mkdocs_zigzag.figures.api import DARK, LIGHT, FigureGenerator, Theme, figure_generator

if TYPE_CHECKING:
    from pathlib import Path

DOC = ROOT / "docs" / "figures.md"
FENCE = re.compile(r'^```(?P<lang>\w+) title="(?P<path>[^"]+)"\n(?P<body>.*?)^```$', re.MULTILINE | re.DOTALL)


def _titled_blocks() -> dict[str, str]:
    return {m["path"]: m["body"] for m in FENCE.finditer(DOC.read_text(encoding="utf-8"))}


def test_the_example_is_three_files() -> None:
    assert list(_titled_blocks()) == ["figures/damped.py", "mkdocs.yml", "docs/index.md"]


def test_the_documented_decorator_signature_is_the_real_one() -> None:
    text = DOC.read_text(encoding="utf-8")
    parameters = inspect.signature(figure_generator).parameters
    assert list(parameters) == ["simulate", "summarize", "defaults", "bounds", "figsize"]
    for name, parameter in parameters.items():
        default = "" if parameter.default is inspect.Parameter.empty else f" = {parameter.default!r}"
        assert f"    {name}: {parameter.annotation}{default},\n" in text
    assert "def draw(fig: Figure, theme: Theme, data: Any, **params) -> None" in text
    assert "def draw(fig: Figure, theme: Theme, **params) -> None" in text


def test_the_theme_table_lists_every_field_with_its_colours() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert [f.name for f in dataclasses.fields(Theme)] == [
        "name",
        "foreground",
        "background",
        "muted",
        "colors",
    ]
    for field in ("foreground", "background", "muted"):
        assert f"| `{field}` | `{getattr(LIGHT, field)}` | `{getattr(DARK, field)}` |" in text
    assert f"| `colors` | {len(LIGHT.colors)} colours | {len(DARK.colors)} colours |" in text


def _example_module(folder: Path) -> object:
    spec = importlib.util.spec_from_file_location("damped_example", folder / "figures" / "damped.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_the_complete_example_builds_its_figure_and_quotes_its_number(tmp_path: Path) -> None:
    for path, body in _titled_blocks().items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(body, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Figures: 1 (0 cached, 1 rendered)" in result.stderr

    generator = _example_module(tmp_path).damped  # type: ignore[attr-defined]
    assert isinstance(generator, FigureGenerator)
    params = generator.validate({"damping": 0.8})
    assert generator.simulate is not None and generator.summarize is not None
    settle_time = generator.summarize(generator.simulate(**params))["settle_time"]

    site = tmp_path / "site"
    assert sorted(p.name for p in (site / "index").iterdir()) == [
        "damped.dark.svg",
        "damped.json",
        "damped.light.svg",
        "damped.png",
    ]
    assert json.loads((site / "index" / "damped.json").read_text(encoding="utf-8")) == {
        "settle_time": settle_time
    }
    assert (site / "index" / "damped.png").read_bytes().startswith(b"\x89PNG")
    page = (site / "index.html").read_text(encoding="utf-8")
    assert f"the swing stays under 5 % after {settle_time:.1f} s." in page
    assert 'src="index/damped.light.svg#only-light"' in page
    assert 'src="index/damped.dark.svg#only-dark"' in page
    assert 'width="614" height="307"' in page  # 6.4 × 3.2 in, at SVG's 96 px per inch

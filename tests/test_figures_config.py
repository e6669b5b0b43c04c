"""The ``figures`` binding schema and the ``figures_*`` options: what is accepted, what is refused and why."""

from __future__ import annotations

from typing import Any

import pytest

from mkdocs_zigzag.config import ZigzagConfig


def _validate(options: dict[str, Any]) -> tuple[ZigzagConfig, list[str], list[str]]:
    config = ZigzagConfig()
    config.load_dict(options)
    failed, warnings = config.validate()
    return config, [f"{key}: {error}" for key, error in failed], [f"{key}: {w}" for key, w in warnings]


def test_a_full_binding_is_normalized() -> None:
    config, errors, warnings = _validate(
        {
            "figures": [
                {
                    "post": "blog/posts/*.md",
                    "asset": ["cell.jpg", "*-gradient.png"],
                    "generator": "mkdocs_zigzag.figures.builtin.activations:sigmoid",
                    "params": {"points": 400},
                },
                {"post": ["a.md", "b/c.md"], "asset": "x.png", "generator": "figures/gen.py:draw"},
            ],
            "figures_timeout": 30,
            "figures_dpi": 200,
            "figures_formats": ["svg", "png"],
        }
    )
    assert (errors, warnings) == ([], [])
    first, second = config.figures
    assert first.post == ["blog/posts/*.md"]
    assert first.asset == ["cell.jpg", "*-gradient.png"]
    assert first.params == {"points": 400}
    assert second.post == ["a.md", "b/c.md"]
    assert second.asset == ["x.png"]
    assert second.generator == "figures/gen.py:draw"
    assert second.params == {}
    assert (config.figures_timeout, config.figures_dpi, config.figures_formats) == (30, 200, ["svg", "png"])


def test_defaults() -> None:
    config, errors, _ = _validate({})
    assert errors == []
    assert config.figures == []
    assert (config.figures_timeout, config.figures_dpi, config.figures_formats) == (120, 100, ["svg"])
    assert (config.figures_caption, config.figures_cjk_font) == (False, "auto")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"asset": "x.png", "generator": "m:f"}, "figures[1]: Sub-option 'post': 'post' is required"),
        ({"post": "a.md", "generator": "m:f"}, "figures[1]: Sub-option 'asset': 'asset' is required"),
        ({"post": "a.md", "asset": "x.png"}, "figures[1]: Sub-option 'generator': 'generator' is required"),
        ({"post": "a.md", "asset": "x.png", "generator": "gen"}, "generator 'gen' names no function"),
        ({"post": "a.md", "asset": "x.png", "generator": "my-mod:f"}, "is not a valid reference"),
        ({"post": "a.md", "asset": "x.png", "generator": "m:1f"}, "is not a valid reference"),
        ({"post": "/abs.md", "asset": "x.png", "generator": "m:f"}, "post '/abs.md' must be relative"),
        ({"post": "a.md", "asset": "../x.png", "generator": "m:f"}, "asset '../x.png' must be relative"),
        ({"post": "a.md", "asset": [], "generator": "m:f"}, "expected asset as a string or a list"),
        ({"post": 3, "asset": "x.png", "generator": "m:f"}, "expected post as a string or a list"),
        ({"post": "a.md", "asset": "x.png", "generator": "m:f", "params": [1]}, "Sub-option 'params'"),
    ],
)
def test_bad_binding_names_the_entry_and_the_problem(entry: dict[str, Any], message: str) -> None:
    good = {"post": "a.md", "asset": "y.png", "generator": "m:f"}
    _, errors, _ = _validate({"figures": [good, entry]})
    assert len(errors) == 1
    assert errors[0].startswith("figures: figures[1]: ")
    assert message in errors[0]


def test_generator_error_shows_both_accepted_forms() -> None:
    _, errors, _ = _validate({"figures": [{"post": "a.md", "asset": "x.png", "generator": "gen"}]})
    assert "'package.module:function'" in errors[0]
    assert "'path/to/file.py:function'" in errors[0]


def test_unknown_key_in_a_binding_is_a_warning() -> None:
    _, errors, warnings = _validate(
        {"figures": [{"post": "a.md", "asset": "x.png", "generator": "m:f", "parms": {}}]}
    )
    assert errors == []
    assert warnings == ["figures: Sub-option 'parms': Unrecognised configuration name: parms"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"figures_timeout": 0}, "figures_timeout: must be a number from 0.1 to 3600, not 0"),
        ({"figures_timeout": "fast"}, "figures_timeout: Expected type:"),
        ({"figures_dpi": 72.5}, "figures_dpi: Expected type: <class 'int'>"),
        ({"figures_dpi": 5000}, "figures_dpi: must be a number from 10 to 1200, not 5000"),
        ({"figures_formats": ["gif"]}, "figures_formats:"),
    ],
)
def test_bad_figure_options(options: dict[str, Any], message: str) -> None:
    _, errors, _ = _validate(options)
    assert len(errors) == 1
    assert message in errors[0]

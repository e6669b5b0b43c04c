"""The configuration reference documents every option the plugin accepts, with its default."""

from __future__ import annotations

import re

from conftest import ROOT

from mkdocs_zigzag.config import ZigzagConfig


def test_every_option_has_a_row_in_the_configuration_reference() -> None:
    reference = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| `([a-z_]+)` \|", reference, flags=re.MULTILINE))
    options = {name for name, _ in ZigzagConfig._schema}
    assert options - rows == set(), "options missing from docs/configuration.md"
    assert rows - options <= {"post", "asset", "generator", "params"}, "rows for options that do not exist"


def test_every_builtin_figure_is_documented_and_bound_in_the_site() -> None:
    from mkdocs_zigzag.figures.builtin import BUILTIN_FIGURES

    guide = (ROOT / "docs" / "figures.md").read_text(encoding="utf-8")
    site = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for figure in BUILTIN_FIGURES:
        assert f"asset: {figure.asset}" in guide and f"generator: {figure.generator}" in guide, figure
        binding = rf"asset: {re.escape(figure.asset)}\s+generator: {re.escape(figure.generator)}"
        bound = re.search(binding, site)
        assert bound, f"mkdocs.yml does not bind {figure.asset} to {figure.generator}"

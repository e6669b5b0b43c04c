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

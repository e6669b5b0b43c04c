"""cache_dir: a folder the build can write, outside docs_dir and site_dir, or a clear error at on_config."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from conftest import run_build, write_site
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

if TYPE_CHECKING:
    from pathlib import Path


def _on_config(root: Path, cache_dir: str, **config: object) -> None:
    plugins = [{"zigzag": {"cache_dir": cache_dir}}]
    write_site(root, {"docs/index.md": "# Home\n"}, {"plugins": plugins, **config})
    loaded = load_config(str(root / "mkdocs.yml"))
    loaded.plugins.on_config(loaded)


@pytest.mark.parametrize(
    ("cache_dir", "option", "config"),
    [
        ("docs/.cache", "docs_dir", {}),
        ("docs", "docs_dir", {}),
        ("public/cache", "site_dir", {"site_dir": "public"}),
    ],
)
def test_a_cache_inside_docs_or_site_is_refused(
    tmp_path: Path, cache_dir: str, option: str, config: dict[str, object]
) -> None:
    with pytest.raises(PluginError, match=rf"cache_dir \('{cache_dir}'\) is inside {option} .* Set plugins"):
        _on_config(tmp_path, cache_dir, **config)
    if cache_dir != "docs":
        assert not (tmp_path / cache_dir).exists()  # refused before anything is written


def test_a_cache_folder_that_cannot_be_made_is_a_build_error_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / ".cache").write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(PluginError, match=r"cannot write the cache folder .*\.cache/zigzag \(.+\)\. Make it"):
        _on_config(tmp_path, ".cache/zigzag")


@pytest.mark.slow
def test_the_default_cache_beside_mkdocs_yml_builds(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"docs/index.md": "# Home\n\n$x^2$\n"})
    built = run_build(root)
    assert not built.warnings
    assert (root / ".cache" / "zigzag" / "katex").is_dir()

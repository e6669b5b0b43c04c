"""Matching bindings to the assets posts name, and finding a generator's source without importing it."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from mkdocs_zigzag.figures.registry import FigureRegistry, GeneratorRef
from mkdocs_zigzag.hexo.render import asset_folder_of

if TYPE_CHECKING:
    from pathlib import Path


def _registry(*entries: dict[str, Any], config_dir: str = "/site") -> FigureRegistry:
    return FigureRegistry.from_config(
        [{"params": {}, **e, "post": list(e["post"]), "asset": list(e["asset"])} for e in entries], config_dir
    )


def _refs(mapping: dict[str, list[tuple[str, int]]]) -> Any:
    return lambda text: mapping[text]


def test_asset_folder_follows_hexo() -> None:
    assert asset_folder_of("blog/posts/foo.md") == "blog/posts/foo/"
    assert asset_folder_of("foo.md") == "foo/"


def test_plan_binds_named_assets_with_their_lines_first_binding_wins() -> None:
    registry = _registry(
        {"post": ["blog/posts/a.md"], "asset": ["cell.jpg"], "generator": "m:first", "params": {"n": 1}},
        {"post": ["blog/posts/*.md"], "asset": ["*.jpg", "*.png"], "generator": "m:second"},
    )
    plan = registry.plan(
        [
            ("blog/posts/a.md", "A"),
            ("blog/posts/b.md", "B"),
            ("about.md", "C"),
        ],
        _refs(
            {
                "A": [("cell.jpg", 14), ("zig.png", 78), ("cell.jpg", 90)],
                "B": [("sub/pic.png", 5)],
                "C": [("cell.jpg", 1)],
            }
        ),
    )
    found = [(f.post, f.asset, f.line, f.binding.generator.text) for f in plan.figures]
    assert found == [
        ("blog/posts/a.md", "cell.jpg", 14, "m:first"),
        ("blog/posts/a.md", "zig.png", 78, "m:second"),
        ("blog/posts/b.md", "sub/pic.png", 5, "m:second"),
    ]
    assert plan.figures[0].binding.params == {"n": 1}
    spec = plan.figures[2]
    assert spec.raster_uri == "blog/posts/b/sub/pic.png"
    assert spec.variant_uri("dark", "svg") == "blog/posts/b/sub/pic.dark.svg"
    assert spec.summary_uri == "blog/posts/b/sub/pic.json"
    assert (plan.figures[0].raster_format, spec.raster_format) == ("jpeg", "png")
    assert plan.diagnostics == [] and plan.config_warnings == []


def test_an_earlier_glob_binding_wins_over_a_later_exact_one() -> None:
    # Exact post paths are indexed apart from globs; the order of the option must still decide.
    registry = _registry(
        {"post": ["blog/posts/*.md"], "asset": ["cell.jpg"], "generator": "m:glob"},
        {"post": ["blog/posts/a.md", "blog/posts/a.md"], "asset": ["*.jpg", "*.png"], "generator": "m:exact"},
        {"post": ["blog/posts/c.md", "blog/posts/[ab].md"], "asset": ["x.png"], "generator": "m:mixed"},
    )
    plan = registry.plan(
        [("blog/posts/a.md", "A"), ("blog/posts/b.md", "B"), ("blog/posts/c.md", "C"), ("about.md", "D")],
        _refs(
            {
                "A": [("cell.jpg", 1), ("zig.png", 2)],
                "B": [("x.png", 3), ("cell.jpg", 4)],
                "C": [("x.png", 5)],
                "D": [("cell.jpg", 6)],
            }
        ),
    )
    found = [(f.post, f.asset, f.binding.generator.text) for f in plan.figures]
    assert found == [
        ("blog/posts/a.md", "cell.jpg", "m:glob"),
        ("blog/posts/a.md", "zig.png", "m:exact"),
        ("blog/posts/b.md", "x.png", "m:mixed"),
        ("blog/posts/b.md", "cell.jpg", "m:glob"),
        ("blog/posts/c.md", "x.png", "m:mixed"),
    ]
    assert [registry.claims_post(p) for p in ("blog/posts/a.md", "blog/posts/zz.md", "about.md")] == [
        True,
        True,
        False,
    ]


def test_a_binding_that_matches_nothing_is_reported_with_its_index() -> None:
    registry = _registry(
        {"post": ["blog/posts/a.md"], "asset": ["cell.jpg"], "generator": "m:f"},
        {"post": ["blog/posts/a.md"], "asset": ["cel.jpg"], "generator": "m:g"},
        {"post": ["blog/post/a.md"], "asset": ["cell.jpg"], "generator": "m:h"},
    )
    plan = registry.plan([("blog/posts/a.md", "A")], _refs({"A": [("cell.jpg", 3)]}))
    assert [f.asset for f in plan.figures] == ["cell.jpg"]
    assert len(plan.config_warnings) == 2
    assert (
        "plugins.zigzag.figures[1] (post 'blog/posts/a.md', asset 'cel.jpg') matches no image"
        in (plan.config_warnings[0])
    )
    assert "figures[2] (post 'blog/post/a.md'" in plan.config_warnings[1]


def test_an_image_name_the_engine_cannot_write_is_a_located_diagnostic() -> None:
    registry = _registry({"post": ["p.md"], "asset": ["*"], "generator": "m:f"})
    plan = registry.plan([("p.md", "P")], _refs({"P": [("anim.gif", 7)]}))
    assert plan.figures == []
    [(post, diagnostic)] = plan.diagnostics
    assert (post, diagnostic.line) == ("p.md", 7)
    assert "'anim.gif'" in diagnostic.message and ".png" in diagnostic.fix


def test_generator_source_is_found_without_importing_it(tmp_path: Path, monkeypatch: Any) -> None:
    package = tmp_path / "zz_unimported_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "gen.py").write_text("raise RuntimeError('imported!')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    ref = GeneratorRef("zz_unimported_pkg.gen:draw", str(tmp_path))
    assert ref.source_path() == str(package / "gen.py")
    assert "zz_unimported_pkg.gen" not in sys.modules
    assert len(ref.source_digest()) == 64

    (tmp_path / "figs").mkdir()
    (tmp_path / "figs" / "mine.py").write_text("x = 1\n")
    file_ref = GeneratorRef("figs/mine.py:draw", str(tmp_path))
    assert file_ref.is_file and file_ref.attribute == "draw"
    assert file_ref.source_path() == str(tmp_path / "figs" / "mine.py")
    before = file_ref.source_digest()
    (tmp_path / "figs" / "mine.py").write_text("x = 2\n")
    assert file_ref.source_digest() != before

    assert GeneratorRef("no_such_module_zz.gen:f", str(tmp_path)).source_digest() == "missing"
    assert GeneratorRef("figs/none.py:f", str(tmp_path)).source_path() is None

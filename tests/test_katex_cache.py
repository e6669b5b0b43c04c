"""The formula cache: keys, atomic per-page files, and warm builds that never start V8."""

from __future__ import annotations

import json
import os
import time
from typing import TYPE_CHECKING

import pytest
from katex_helpers import convert, make_renderer, structure

from mkdocs_zigzag.katex.cache import FormulaCache, formula_key
from mkdocs_zigzag.katex.engine import Formula, KatexEngine, KatexOptions, Rendered
from mkdocs_zigzag.katex.extension import PageContext
from mkdocs_zigzag.katex.renderer import MathRenderer

if TYPE_CHECKING:
    from pathlib import Path


def _no_engine() -> KatexEngine:
    raise AssertionError("V8 was started although every formula was cached")


def test_key_depends_on_tex_display_options_and_version() -> None:
    options = KatexOptions().digest()
    base = formula_key(Formula("x", False), options, "0.16.47")
    assert base == formula_key(Formula("x", False), options, "0.16.47")
    others = {
        formula_key(Formula("y", False), options, "0.16.47"),
        formula_key(Formula("x", True), options, "0.16.47"),
        formula_key(Formula("x", False), KatexOptions(trust=True).digest(), "0.16.47"),
        formula_key(Formula("x", False), KatexOptions.build(macros={"\\a": "b"}).digest(), "0.16.47"),
        formula_key(Formula("x", False), options, "0.16.46"),
    }
    assert base not in others and len(others) == 5
    # The time limit does not change the HTML, so it does not change the key.
    assert KatexOptions(timeout=1).digest() == KatexOptions(timeout=9).digest()


def test_warm_renderer_reads_disk_and_never_starts_v8(tmp_path: Path) -> None:
    text = "$a$ and $$b$$ and $\\bad{$\n"
    cold = make_renderer(tmp_path)
    try:
        cold_html, cold_diagnostics, _ = convert(cold, text, page=PageContext("p.md"))
        assert cold.engine is not None and cold.engine.started
    finally:
        cold.close()
    files = list(tmp_path.rglob("*.json"))
    assert len(files) == 1
    assert not [p for p in tmp_path.rglob("*") if p.name.startswith(".tmp-")]

    warm = MathRenderer(cold.katex_version, _no_engine, tmp_path)
    warm_html, warm_diagnostics, _ = convert(warm, text, page=PageContext("p.md"))
    assert warm_html == cold_html
    assert warm_diagnostics == cold_diagnostics and len(warm_diagnostics) == 1  # errors are cached too
    assert warm.engine is None


def test_memory_cache_survives_between_conversions(tmp_path: Path) -> None:
    math = make_renderer(None)
    try:
        convert(math, "$a$ $b$")
        engine = math.engine
        assert engine is not None
        engine.close()
        math._engine_factory = _no_engine  # a rebuild of `mkdocs serve`: same instance, memory warm
        html, _, _ = convert(math, "$b$ then $a$")
        assert structure(html).katex == 2
    finally:
        math.close()


def test_page_file_is_rewritten_only_when_its_formulas_change(tmp_path: Path) -> None:
    cache = FormulaCache(tmp_path)
    cache.put("k1", Rendered(html="<b>1</b>"))
    cache.put("k2", Rendered(error="bad"))
    cache.save_page("a.md", ["k1", "k2", "k1"])
    (path,) = tmp_path.rglob("*.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["formulas"] == {"k1": {"html": "<b>1</b>"}, "k2": {"error": "bad"}}
    stamp = path.stat().st_mtime_ns
    cache.save_page("a.md", ["k1", "k2"])
    assert path.stat().st_mtime_ns == stamp
    cache.save_page("a.md", ["k1"])  # the page dropped a formula: its entry goes
    assert json.loads(path.read_text(encoding="utf-8"))["formulas"] == {"k1": {"html": "<b>1</b>"}}


def test_corrupt_page_file_is_a_miss(tmp_path: Path) -> None:
    cache = FormulaCache(tmp_path)
    cache.put("k", Rendered(html="x"))
    cache.save_page("a.md", ["k"])
    (path,) = tmp_path.rglob("*.json")
    path.write_text("{not json", encoding="utf-8")
    fresh = FormulaCache(tmp_path)
    fresh.load_page("a.md")
    assert fresh.get("k") is None


@pytest.mark.slow
def test_warm_site_build_does_not_start_v8(build_site, forbid_v8) -> None:  # type: ignore[no-untyped-def]
    files = {"docs/index.md": "# Home\n\nInline $e^{i\\pi} + 1 = 0$.\n\n$$\n\\int_0^1 x\\,dx\n$$\n"}
    cold = build_site(files)
    cold_page = cold.read("index.html")
    assert structure(cold_page).katex == 2

    forbid_v8()
    warm = build_site(files)
    assert warm.read("index.html") == cold_page


def test_loading_the_plugin_does_not_import_mini_racer() -> None:
    import subprocess
    import sys

    from conftest import ROOT

    code = "import sys, mkdocs_zigzag.plugin; print('py_mini_racer' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "False"


def files_of(cache: FormulaCache, page: str) -> str:
    path = cache._page_file(page)
    assert path is not None
    return path.name


def test_page_files_no_build_used_lately_are_pruned(tmp_path: Path) -> None:
    renderer = MathRenderer("0.16.0", _no_engine, tmp_path)
    cache = renderer.cache
    formula = [Formula("x", False)]
    for page in ("kept.md", "deleted.md", "recent.md"):
        cache.put(formula_key(formula[0], KatexOptions().digest(), "0.16.0"), Rendered(html="<span>x</span>"))
        cache.save_page(page, [formula_key(formula[0], KatexOptions().digest(), "0.16.0")])
    files = {p.name: p for p in tmp_path.glob("??/*.json")}
    assert len(files) == 3
    old = time.time() - 3600
    for path in files.values():
        os.utime(path, (old, old))
    name = {page: files_of(cache, page) for page in ("kept.md", "deleted.md", "recent.md")}
    os.utime(files[name["recent.md"]])  # another build sharing the folder used it a moment ago

    cache.begin_build()
    renderer.render_page(formula, KatexOptions(), "kept.md")  # this build's page (read, not rewritten)
    assert cache.prune() == [name["deleted.md"]]
    assert sorted(p.name for p in tmp_path.glob("??/*.json")) == sorted([name["kept.md"], name["recent.md"]])


@pytest.mark.slow
def test_a_site_build_prunes_the_formulas_of_a_deleted_page(build_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = {"docs/index.md": "# Home\n\n$a+b$\n", "docs/gone.md": "# Gone\n\n$c+d$\n"}
    site = build_site(files, {"plugins": ["zigzag"]})
    folder = site.root / ".cache" / "zigzag" / "katex"
    page_files = list(folder.glob("??/*.json"))
    assert len(page_files) == 2
    old = time.time() - 3600
    for path in page_files:
        os.utime(path, (old, old))
    (site.root / "docs" / "gone.md").unlink()
    site = build_site({}, {"plugins": ["zigzag"]}, root=site.root)
    assert len(list(folder.glob("??/*.json"))) == 1


def test_memory_keeps_the_recent_formulas_and_a_page_file_brings_its_own_back(tmp_path: Path) -> None:
    cache = FormulaCache(tmp_path, memory_entries=2)
    for key in ("k1", "k2"):
        cache.put(key, Rendered(html=f"<b>{key}</b>"))
    cache.save_page("a.md", ["k1", "k2"])
    cache.put("k3", Rendered(html="<b>k3</b>"))
    assert cache.get("k1") is None  # least recently used: dropped
    assert cache.get("k3") == Rendered(html="<b>k3</b>")
    cache.load_page("a.md")  # not every key of the page is in memory: its file is read again
    assert cache.get("k1") == Rendered(html="<b>k1</b>")
    assert cache.get("k3") is None
    assert len(cache._memory) == 2


def test_without_a_folder_memory_keeps_everything() -> None:
    cache = FormulaCache(None, memory_entries=2)
    for key in ("k1", "k2", "k3"):
        cache.put(key, Rendered(html=key))
    assert [cache.get(k) for k in ("k1", "k2", "k3")] == [Rendered(html=k) for k in ("k1", "k2", "k3")]


def test_a_page_larger_than_memory_gets_every_result_and_a_complete_file(tmp_path: Path) -> None:
    math = make_renderer(tmp_path)
    math.cache.memory_entries = 2
    try:
        html, _, _ = convert(math, "$a$ $b$ $c$ $d$", page=PageContext("big.md"))
        assert structure(html).katex == 4
        (path,) = (tmp_path).rglob("*.json")
        assert len(json.loads(path.read_text(encoding="utf-8"))["formulas"]) == 4
    finally:
        math.close()

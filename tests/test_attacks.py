"""Hostile inputs from the adversarial pass of issue 15, kept together so the next pass adds to them.

One section per item of the issue; each test's docstring names the attack it replays. Every test that
plays with the cache checks that the files beside ``mkdocs.yml`` (and ``docs/``) are unchanged after it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from conftest import run_build, write_site
from katex_helpers import make_renderer
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from mkdocs_zigzag.atomic import PRUNE_GRACE_SECONDS, link_into_place, publish_cached_file
from mkdocs_zigzag.cachedir import CACHEDIR_TAG, TAG_SIGNATURE, CacheDirRefused, claim_cache_dir
from mkdocs_zigzag.figures.cache import FigureCache
from mkdocs_zigzag.katex.cache import FormulaCache
from mkdocs_zigzag.katex.engine import Formula, KatexEngine, KatexOptions, Rendered
from mkdocs_zigzag.katex.renderer import MathRenderer

OLD = time.time() - 3 * PRUNE_GRACE_SECONDS
"""An mtime older than the prune grace: what the pruning of issue 15 item 1 deleted."""
HEX = "0123456789abcdef" * 4
"""A name of the shape the caches give their entries (64 hex digits)."""


def snapshot(root: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """sha256 of every file under *root* (by relative path; folders as ``<dir>``), minus *skip* prefixes."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if any(rel == s or rel.startswith(s + "/") for s in skip):
            continue
        if path.is_symlink():
            found[rel] = "-> " + os.readlink(path)
        elif path.is_dir():
            found[rel] = "<dir>"
        else:
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def age(*paths: Path) -> None:
    """Make *paths* (and everything under them) look unused for longer than the prune grace."""
    for top in paths:
        for path in [top, *(top.rglob("*") if top.is_dir() and not top.is_symlink() else [])]:
            os.utime(path, (OLD, OLD), follow_symlinks=False)


# --- item 1: cache pruning must never delete user files -----------------------------------------

LOSS = (
    "from helpers.style import WIDTH\n\n\ndef draw(fig, theme):\n    fig.subplots().plot([0, 1], lw=WIDTH)\n"
)


def _figure_project(root: Path, cache_dir: str) -> Path:
    """The repro of item 1: a generator at figures/loss.py importing figures/helpers/, and data beside."""
    config = {
        "plugins": [
            {"zigzag": {"cache_dir": cache_dir, "figures": [
                {"post": "index.md", "asset": "loss.png", "generator": "figures/loss.py:draw"},
            ]}},
        ],
    }
    files: dict[str, str | bytes] = {
        "docs/index.md": "# Home\n\n{% asset_img loss.png Loss %}\n",
        "figures/loss.py": LOSS,
        "figures/helpers/__init__.py": "",
        "figures/helpers/style.py": "WIDTH = 2.0\n",
        "figures/data/points.csv": "x,y\n0,1\n",
        f"figures/{HEX}/keep.txt": "a user's folder that happens to look like a key\n",
    }
    write_site(root, files, config)
    age(*root.iterdir())
    return root


def _on_config(root: Path) -> None:
    """Run the plugin's on_config for the project in *root*, where the cache dir is checked (a build
    stops there with the PluginError, before anything is written)."""
    loaded = load_config(str(root / "mkdocs.yml"))
    loaded.plugins.on_config(loaded)


@pytest.mark.parametrize("cache_dir", [".", "..", "", "/", "./", "figures/..", "~", "~/cache"])
def test_a_cache_dir_that_is_the_project_or_above_it_is_refused(tmp_path: Path, cache_dir: str) -> None:
    """Attack: ``cache_dir: "."`` (or "..", "", "/", "~") with old generator helpers beside mkdocs.yml:
    one build used to delete figures/helpers/ and figures/data/ with rc 0 and no warning."""
    root = _figure_project(tmp_path / "project", cache_dir)
    before = snapshot(tmp_path)
    refused = r"the option cache_dir .* Set plugins\.zigzag\.cache_dir to a folder"
    with pytest.raises(PluginError, match=refused):
        _on_config(root)
    assert snapshot(tmp_path) == before


def test_a_cache_dir_that_is_a_users_folder_is_refused(tmp_path: Path) -> None:
    """Attack: ``cache_dir: figures`` — a non-empty folder of the user's, without the cache's tag."""
    root = _figure_project(tmp_path / "project", "figures")
    before = snapshot(root)
    with pytest.raises(PluginError) as raised:
        _on_config(root)
    message = str(raised.value)
    assert f"{root / 'figures'}, which already holds files the plugin did not make" in message
    assert f"({HEX}, data, helpers, loss.py) and no CACHEDIR.TAG" in message
    assert "Set plugins.zigzag.cache_dir to a folder of its own" in message
    assert snapshot(root) == before


@pytest.mark.slow
def test_a_build_and_its_prune_leave_the_project_untouched(tmp_path: Path) -> None:
    """Attack: the repro with a proper cache_dir, then every file (cache included) older than the grace
    and a second build that prunes: only the cache's own entries may go."""
    root = _figure_project(tmp_path / "project", ".cache/zigzag")
    before = snapshot(root, skip=(".cache", "site"))
    first = run_build(root)
    assert not first.warnings
    figures = root / ".cache" / "zigzag" / "figures"
    [entry] = list(figures.iterdir())
    (figures / HEX).mkdir()  # an entry no build uses any more
    age(*root.iterdir())
    second = run_build(root)
    assert not second.warnings
    assert snapshot(root, skip=(".cache", "site")) == before
    assert (root / ".cache" / "zigzag" / CACHEDIR_TAG).read_text().startswith(TAG_SIGNATURE + "\n")
    assert [p.name for p in figures.iterdir()] == [entry.name]
    assert (root / "site" / "index" / "loss.png").is_file()


def _claim(tmp_path: Path, cache: Path) -> None:
    claim_cache_dir(
        str(cache),
        "cache",
        config_dir=str(tmp_path),
        docs_dir=str(tmp_path / "docs"),
        site_dir=str(tmp_path / "site"),
    )


def test_the_cache_tags_a_new_or_empty_folder_and_takes_it_again(tmp_path: Path) -> None:
    """The tag is made in a folder that does not exist or is empty, and a tagged folder is the cache's."""
    for cache in (tmp_path / "new" / "cache", tmp_path / "empty"):
        if cache.name == "empty":
            cache.mkdir()
        _claim(tmp_path, cache)
        assert (cache / CACHEDIR_TAG).read_text(encoding="ascii").split("\n")[0] == TAG_SIGNATURE
        (cache / "notes.txt").write_text("the user's, but in the cache's own folder")
        _claim(tmp_path, cache)  # tagged: its own folder, whatever it holds
        assert sorted(p.name for p in cache.iterdir()) == [CACHEDIR_TAG, "notes.txt"]


def test_an_untagged_cache_written_before_tags_is_adopted(tmp_path: Path) -> None:
    """A cache an older version wrote (only katex/, figures/, posts/, post-keys/) keeps working."""
    cache = tmp_path / "cache"
    for name in ("katex", "figures", "posts", "post-keys"):
        (cache / name).mkdir(parents=True)
    _claim(tmp_path, cache)
    assert (cache / CACHEDIR_TAG).is_file()


def test_an_untagged_folder_with_other_files_is_refused_and_left_alone(tmp_path: Path) -> None:
    """Attack: a cache_dir naming a folder that holds the cache's names and one of the user's."""
    cache = tmp_path / "cache"
    (cache / "figures").mkdir(parents=True)
    (cache / "thesis.tex").write_text("years of work")
    (cache / (CACHEDIR_TAG + ".bak")).write_text(TAG_SIGNATURE)
    before = snapshot(cache)
    with pytest.raises(CacheDirRefused, match=r"did not make \(CACHEDIR\.TAG\.bak, thesis\.tex\)"):
        _claim(tmp_path, cache)
    assert snapshot(cache) == before


def test_a_tag_that_is_a_symlink_or_lacks_the_signature_does_not_count(tmp_path: Path) -> None:
    """Attack: a CACHEDIR.TAG that is a link to another folder's tag, or a file with other text."""
    elsewhere = tmp_path / "elsewhere"
    _claim(tmp_path, elsewhere)
    for tag in ("link", "text"):
        cache = tmp_path / tag
        cache.mkdir()
        (cache / "mine.txt").write_text("user data")
        if tag == "link":
            (cache / CACHEDIR_TAG).symlink_to(elsewhere / CACHEDIR_TAG)
        else:
            (cache / CACHEDIR_TAG).write_text("Signature: something else\n")
        with pytest.raises(CacheDirRefused, match="already holds files the plugin did not make"):
            _claim(tmp_path, cache)


def test_figure_prune_deletes_only_the_names_it_makes_and_never_follows_links(tmp_path: Path) -> None:
    """Attack: a figure cache root holding a user's folders, files, links and key-like names."""
    root = tmp_path / "figures"
    user = tmp_path / "user"
    (user / HEX).mkdir(parents=True)
    (user / HEX / "precious.txt").write_text("keep")
    other = "f" * 64
    stale_staging = f".staging-{HEX}-{'a' * 32}"
    entries = {
        HEX: "an old entry",
        other: "a kept entry",
        stale_staging: "a staging folder a killed build left",
        "helpers": "a user's package",
        "data": "a user's data",
        "HEX" + HEX[3:]: "not lower-case hex",
        HEX + "0": "65 digits",
        f".staging-notakey-{'a' * 32}": "not a staging name",
    }
    for name in entries:
        (root / name).mkdir(parents=True)
        (root / name / "file").write_text(name)
    (root / "loss.py").write_text("a user's generator")
    (root / ("e" * 64)).symlink_to(user / HEX)  # key-shaped link to a user's folder
    (root / "failed").mkdir()
    (root / "failed" / ("d" * 64)).mkdir()
    (root / "failed" / "notes").mkdir()
    age(root, user)
    removed = FigureCache(str(root)).prune({other})
    assert sorted(removed) == sorted([HEX, stale_staging, "d" * 64])
    assert sorted(p.name for p in root.iterdir()) == sorted(
        [other, "helpers", "data", "HEX" + HEX[3:], HEX + "0", f".staging-notakey-{'a' * 32}", "loss.py",
         "e" * 64, "failed"]
    )
    assert (user / HEX / "precious.txt").read_text() == "keep"
    assert [p.name for p in (root / "failed").iterdir()] == ["notes"]


def test_figure_prune_skips_a_root_or_failed_folder_that_is_a_link(tmp_path: Path) -> None:
    """Attack: figures/ or figures/failed/ is a symlink to a folder of the user's full of key-like names."""
    user = tmp_path / "user"
    (user / HEX).mkdir(parents=True)
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "failed").symlink_to(user)
    (tmp_path / "linked").symlink_to(user)
    age(user)
    assert FigureCache(str(tmp_path / "root")).prune(set()) == []
    assert FigureCache(str(tmp_path / "linked")).prune(set()) == []
    assert (user / HEX).is_dir()


def test_formula_prune_deletes_only_its_page_files_and_never_follows_links(tmp_path: Path) -> None:
    """Attack: a KaTeX cache folder holding JSON files, folders and links it did not make."""
    katex = tmp_path / "katex"
    page = "ab" + HEX[2:]
    user = tmp_path / "user"
    user.mkdir()
    (user / f"cd{HEX[2:]}.json").write_text("{}")
    made = {
        f"ab/{page}.json": "a page file nobody used",
        f"ab/.{page}.json.{'0' * 32}.tmp": "a temporary a killed build left",
    }
    foreign = {
        "ab/notes.json": "not a digest",
        f"ab/cd{HEX[2:]}.json": "a digest under the wrong prefix",
        f"ab/{page}.JSON": "other extension",
        f"ab/{page}.json.bak": "other extension",
        f"zz/zz{HEX[2:]}.json": "not a hex prefix",
        f"abc/abc{HEX[3:]}.json": "a three-letter folder",
    }
    for rel, text in {**made, **foreign}.items():
        (katex / rel).parent.mkdir(parents=True, exist_ok=True)
        (katex / rel).write_text(text)
    (katex / "cd").symlink_to(user)
    (katex / "ab" / f"ef{HEX[2:]}.json").symlink_to(user / f"cd{HEX[2:]}.json")
    age(katex, user)
    removed = FormulaCache(katex).prune()
    assert sorted(removed) == sorted(rel.split("/")[1] for rel in made)
    for rel in foreign:
        assert (katex / rel).is_file(), rel
    assert (user / f"cd{HEX[2:]}.json").is_file()
    assert (katex / "ab" / f"ef{HEX[2:]}.json").is_symlink()


# --- item 10: two builds at once must not publish *.zigzag-<pid> temporaries --------------------


def test_linking_over_a_link_to_the_same_inode_leaves_no_temporary(tmp_path: Path) -> None:
    """Attack: the site's file is already a hard link to the cache's file (a dirty build, or a second
    build that linked it a moment earlier); ``os.replace`` between two links to one inode does nothing
    and used to leave ``loss.png.zigzag-<pid>`` in the site."""
    source = tmp_path / "cache" / "raster.png"
    source.parent.mkdir()
    source.write_bytes(b"png")
    site = tmp_path / "site"
    site.mkdir()
    target = site / "loss.png"
    os.link(source, target)
    assert link_into_place(str(source), str(target))
    assert [p.name for p in site.iterdir()] == ["loss.png"]
    assert os.path.samefile(source, target)


def test_linking_replaces_another_file_atomically(tmp_path: Path) -> None:
    """A stale file at the target (an older figure) is replaced by the link, with no temporary left."""
    source = tmp_path / "raster.png"
    source.write_bytes(b"new")
    target = tmp_path / "site" / "loss.png"
    target.parent.mkdir()
    target.write_bytes(b"old")
    assert link_into_place(str(source), str(target))
    assert target.read_bytes() == b"new" and os.path.samefile(source, target)
    assert [p.name for p in target.parent.iterdir()] == ["loss.png"]


def test_two_publishers_of_one_file_at_once_leave_only_the_file(tmp_path: Path) -> None:
    """Attack: two builds (here threads) link the same cache file to the same site path at once."""
    source = tmp_path / "raster.png"
    source.write_bytes(b"png")
    site = tmp_path / "site"
    site.mkdir()
    target = site / "loss.png"

    def publish() -> None:
        for _ in range(200):
            assert publish_cached_file(str(source), str(target)) is None

    threads = [threading.Thread(target=publish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [p.name for p in site.iterdir()] == ["loss.png"]
    assert os.path.samefile(source, target)


def test_a_file_system_without_links_gets_a_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where links are refused (another device, FAT), the file is copied, and no temporary is left."""
    source = tmp_path / "raster.png"
    source.write_bytes(b"png")
    target = tmp_path / "site" / "loss.png"

    def refuse(src: str, dst: str) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", refuse)
    assert publish_cached_file(str(source), str(target)) is None
    assert target.read_bytes() == b"png" and not os.path.samefile(source, target)
    assert [p.name for p in target.parent.iterdir()] == ["loss.png"]


@pytest.mark.slow
def test_two_cold_builds_at_once_publish_no_temporaries(tmp_path: Path) -> None:
    """Attack: two builds of one project at once (``--dirty``, so neither empties the other's site):
    both link the same cache files to the same site paths."""
    import subprocess
    import sys

    from conftest import ROOT

    root = _figure_project(tmp_path / "project", ".cache/zigzag")
    script = (
        "import sys\nfrom pathlib import Path\nfrom conftest import run_build\n"
        "if __name__ == '__main__':\n"
        f"    built = run_build(Path({str(root)!r}), dirty=True)\n"
        "    print('warnings:', [w for w in built.warnings if \"'dirty' build\" not in w])\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
    builds = [
        subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, env=env)
        for _ in range(2)
    ]
    for build in builds:
        stdout, stderr = build.communicate(timeout=300)
        assert build.returncode == 0, stderr
        assert "warnings: []" in stdout, stdout
    published = sorted(p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*"))
    assert [name for name in published if ".zigzag-" in name] == []
    assert {"index/loss.png", "index/loss.light.svg", "index/loss.dark.svg"} <= set(published)


# --- item 19: the cache deleted mid-build is a warning, never a traceback ------------------------


def test_a_cache_file_deleted_before_it_is_published_is_a_warning(tmp_path: Path) -> None:
    """Attack: ``rm -rf .cache`` while the build runs: the figure's file is gone when it is published."""
    target = tmp_path / "site" / "loss.png"
    source = tmp_path / ".cache" / "zigzag" / "figures" / HEX / "raster.png"
    message = publish_cached_file(str(source), str(target))
    assert message == (
        f"the cache file {source} vanished during the build (was the cache folder deleted?), so {target} "
        "is missing from the site. Build again: the cache makes it again."
    )
    assert not target.exists()


@pytest.mark.parametrize("content", [None, b"\xff\xfe garbage", b'{"ratio": 1'])
def test_a_summary_that_vanished_or_was_damaged_is_a_quote_error(
    tmp_path: Path, content: bytes | None
) -> None:
    """Attack: the cache deleted (or a summary damaged) before a page quotes the figure's numbers with
    ``{% zigzag_number %}``: a FileNotFoundError traceback before; now the tag's located warning."""
    from mkdocs_zigzag.figures.numbers import NumberError, read_summary

    path = tmp_path / HEX / "summary.json"
    if content is not None:
        path.parent.mkdir()
        path.write_bytes(content)
    with pytest.raises(NumberError) as raised:
        read_summary(str(path))
    assert raised.value.message.startswith(f"the figure's summary {path} cannot be read (")
    assert raised.value.fix.startswith("Build again: the figure is drawn again when its cache entry")


@pytest.mark.slow
def test_a_cache_deleted_while_figures_are_drawn_is_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack: the cache folder deleted while the pages are built and the figures drawn: the build
    used to end with a FileNotFoundError traceback when it put the drawn figures in the site."""
    from mkdocs_zigzag.figures.engine import FigureJob

    root = _figure_project(tmp_path / "project", ".cache/zigzag")
    before = snapshot(root, skip=(".cache", "site"))
    finish = FigureJob.finish

    def finish_then_delete_the_cache(self: FigureJob) -> object:
        report = finish(self)
        shutil.rmtree(root / ".cache")
        return report

    monkeypatch.setattr(FigureJob, "finish", finish_then_delete_the_cache)
    built = run_build(root)
    vanished = [w for w in built.warnings if "vanished during the build" in w]
    assert len(vanished) == 3, built.warnings  # raster, light and dark SVG
    assert all("Build again: the cache makes it again." in w for w in vanished)
    assert snapshot(root, skip=(".cache", "site")) == before
    monkeypatch.setattr(FigureJob, "finish", finish)
    again = run_build(root)
    assert not again.warnings
    assert (root / "site" / "index" / "loss.png").is_file()


# --- item 6: a KaTeX timeout is never cached, and katex_timeout bounds a page --------------------


class SlowV8:
    """A stand-in for the V8 context: formulas starting with ``slow`` never finish (each one costs the
    call's whole time limit); the others are answered at once."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.seconds = 0.0
        self.done: list[dict[str, object]] = []

    def call(self, name: str, items: list[list[object]], options: object, timeout_sec: float) -> object:
        from py_mini_racer import JSTimeoutException

        assert name == "zigzagRenderBatch"
        self.calls.append([str(item[0]) for item in items])
        self.done = []
        for tex, *_display_and_preamble in items:
            if str(tex).startswith("slow"):
                self.seconds += timeout_sec
                raise JSTimeoutException
            self.done.append({"html": f"<span>{tex}</span>", "warnings": []})
        return list(self.done)

    def eval(self, code: str) -> str:
        assert code == "JSON.stringify(zigzagDone)"
        return json.dumps(self.done)


def _slow_engine() -> tuple[KatexEngine, SlowV8]:
    engine = KatexEngine(SimpleNamespace(version="0.16.0"))  # type: ignore[arg-type]
    context = SlowV8()
    engine._context = context
    return engine, context


def test_many_slow_formulas_cost_a_page_at_most_twice_the_timeout() -> None:
    """Attack: a page of N slow formulas used to cost N+1 timeouts (one batch, then each alone)."""
    engine, v8 = _slow_engine()
    texes = ["a", "slow1", "b", "slow2", "c", "slow3", "d", "slow4"]
    results = engine.render([Formula(t, False) for t in texes], KatexOptions(timeout=5.0))
    assert v8.seconds == 10.0
    assert v8.calls == [texes, texes[2:]]
    assert [r.html for r in results] == ["<span>a</span>", None, "<span>b</span>", *[None] * 5]
    assert [r.timed_out for r in results] == [False, True, False, True, True, True, True, True]
    assert results[1].error == results[3].error == "KaTeX did not finish within 5 s (option katex_timeout)"
    assert results[4].error == (
        "not typeset: slower formulas before it used up the page's time (option katex_timeout, 5 s, twice)"
    )


def test_one_slow_formula_first_leaves_the_rest_of_the_page_typeset() -> None:
    """The formula KaTeX was typesetting when the time ran out is the one reported; the rest render."""
    engine, v8 = _slow_engine()
    results = engine.render([Formula(t, False) for t in ("slow", "x", "y")], KatexOptions(timeout=1.0))
    assert v8.seconds == 1.0 and v8.calls == [["slow", "x", "y"], ["x", "y"]]
    assert [r.html for r in results] == [None, "<span>x</span>", "<span>y</span>"]


def test_slow_formulas_in_real_katex_are_bounded_and_the_rest_is_typeset() -> None:
    """Attack: three formulas that each run past the limit, with quick ones around them, in V8."""
    slow = "\\def\\a{x}" + "\\a" * 400_000
    renderer = make_renderer()
    try:
        options = KatexOptions.build(max_expand=10**7, timeout=0.3)
        renderer.render_page([Formula("w", False)], options)  # V8 started outside the measured time
        texes = [slow, "y", slow + " ", "z", slow + "  "]
        start = time.perf_counter()
        results = renderer.render_page([Formula(t, False) for t in texes], options)
        elapsed = time.perf_counter() - start
    finally:
        renderer.close()
    assert elapsed < 2 * 0.3 + 0.5, elapsed
    assert [r.html is not None for r in results] == [False, True, False, False, False]
    assert [r.timed_out for r in results] == [True, False, True, True, True]


def test_a_timeout_is_never_cached(tmp_path: Path) -> None:
    """Attack: one slow runner (a CI cache restore) used to make a timeout a permanent error: raising
    katex_timeout changed nothing until the cache was deleted."""
    engine, v8 = _slow_engine()
    renderer = MathRenderer("0.16.0", lambda: engine, tmp_path)
    formulas = [Formula("slow", False), Formula("x", False)]
    first = renderer.render_page(formulas, KatexOptions(timeout=1.0), "p.md")
    assert [r.timed_out for r in first] == [True, False]
    [page_file] = tmp_path.glob("??/*.json")
    stored = json.loads(page_file.read_text(encoding="utf-8"))["formulas"]
    assert [value for value in stored.values()] == [{"html": "<span>x</span>"}]
    fresh = MathRenderer("0.16.0", lambda: engine, tmp_path)  # the next build, same cache
    fresh.render_page(formulas, KatexOptions(timeout=1.0), "p.md")
    assert fresh.last_typeset == 1 and v8.calls[-1] == ["slow"]  # tried again; x came from the disk
    renderer.render_page(formulas, KatexOptions(timeout=1.0), "p.md")
    assert renderer.last_typeset == 1  # nor kept in memory (mkdocs serve)


def test_a_timeout_an_older_version_cached_is_a_miss(tmp_path: Path) -> None:
    """Attack: a restored cache from before this fix holds a timeout as the formula's error."""
    cache = FormulaCache(tmp_path)
    key = "1" * 64
    page_file = cache._page_file("p.md")
    assert page_file is not None
    page_file.parent.mkdir(parents=True)
    error = {"error": "KaTeX did not finish within 5 s (option katex_timeout)"}
    page_file.write_text(json.dumps({"format": 1, "page": "p.md", "formulas": {key: error}}))
    cache.load_page("p.md")
    assert cache.get(key) is None


# --- item 9: cache corruption is a miss, never a traceback ---------------------------------------

HEXO_POST = """\
---
title: Hello Hexo
date: 2024-8-17 12:06:54
tags: solo
categories: [Parent, Child]
---

Summary with $x^2$.

<!-- more -->

Rest of the post.
"""
BLOG_SITE: dict[str, str | bytes] = {
    "docs/index.md": "# Home\n",
    "docs/blog/index.md": "# Blog\n",
    "docs/blog/posts/hello.md": HEXO_POST,
}
BLOG_CONFIG = {"plugins": ["blog", "zigzag"]}


def _blog(root: Path) -> Path:
    write_site(root, BLOG_SITE, BLOG_CONFIG)
    return root


@pytest.mark.parametrize("damage", [os.urandom(300), b"\xff\xfe" + b"\x00" * 50, b"", HEX.encode() * 3])
def test_a_garbled_post_key_is_a_miss(tmp_path: Path, damage: bytes) -> None:
    """Attack: random bytes in ``post-keys/<post>.key`` (not UTF-8): every build used to crash."""
    root = _blog(tmp_path / "project")
    first = run_build(root)
    assert not first.warnings
    [sidecar] = (root / ".cache" / "zigzag" / "post-keys").rglob("*.key")
    sidecar.write_bytes(damage)
    before = snapshot(root, skip=(".cache", "site"))
    again = run_build(root)
    assert not again.warnings
    assert again.read("blog/index.html") == first.read("blog/index.html")
    assert sidecar.read_text(encoding="utf-8").split("\n")[1] == "copy"  # rewritten
    assert snapshot(root, skip=(".cache", "site")) == before


def test_files_where_the_caches_folders_should_be_are_a_miss(tmp_path: Path) -> None:
    """Attack: a file at ``katex``, ``posts``, ``post-keys``, ``figures/failed`` and at a KaTeX page
    file's folder in a tagged cache: each used to end the build with a traceback."""
    root = _blog(tmp_path / "project")
    first = run_build(root)
    cache = root / ".cache" / "zigzag"
    shutil.rmtree(cache / "katex")
    shutil.rmtree(cache / "posts")
    shutil.rmtree(cache / "post-keys")
    for name in ("katex", "posts", "post-keys"):
        (cache / name).write_text("not a folder")
    (cache / "figures").mkdir()
    (cache / "figures" / "failed").write_text("not a folder")
    before = snapshot(root, skip=(".cache", "site"))
    again = run_build(root)
    assert not again.warnings
    assert again.read("blog/index.html") == first.read("blog/index.html")
    assert all((cache / name).is_dir() for name in ("katex", "posts", "post-keys"))
    assert snapshot(root, skip=(".cache", "site")) == before


def test_a_katex_folder_blocked_by_a_file_keeps_the_formulas_in_memory(tmp_path: Path) -> None:
    """Attack: a file where a page file's ``<2 hex>/`` folder should be (or a read-only folder)."""
    cache = FormulaCache(tmp_path)
    page_file = cache._page_file("p.md")
    assert page_file is not None
    page_file.parent.write_text("not a folder")
    cache.put("k", Rendered(html="<span>x</span>"))
    cache.save_page("p.md", ["k"])
    assert cache.write_error is not None and cache.write_error.startswith(f"{page_file}: ")
    assert cache.get("k") == Rendered(html="<span>x</span>")
    assert page_file.parent.read_text() == "not a folder"


def test_an_unwritable_post_copy_is_a_located_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack: a read-only cache (simulated: the tests run as root, who may write anywhere)."""
    from mkdocs.structure.files import get_files

    from mkdocs_zigzag import blog
    from mkdocs_zigzag.diagnostics import Diagnostic

    def refuse(path: object, data: bytes) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(blog, "write_atomic", refuse)
    root = _blog(tmp_path / "project")
    config = load_config(str(root / "mkdocs.yml"))
    cache = root / ".cache" / "zigzag"
    posts, reports = blog.normalize_blog_posts(get_files(config), config, str(cache), None)
    copy = cache / "posts" / "blog" / "posts" / "hello.md"
    assert reports == [
        (
            "blog/posts/hello.md",
            [
                Diagnostic(
                    1,
                    f"cannot write this post's normalized copy {copy} (Permission denied); Material's blog "
                    "reads the post as written, without Hexo's front-matter rules.",
                    "Make the cache folder (option cache_dir) writable, or delete it: it is rebuilt.",
                )
            ],
        )
    ]
    assert posts.posts["blog/posts/hello.md"].copy_path is None


@pytest.mark.parametrize(
    "stored",
    [
        [],
        "text",
        {"format": 1, "formulas": []},
        {"format": 1, "formulas": "x"},
        {"format": [1], "formulas": {}},
        {"format": 1, "formulas": {"KEY": []}},
        {"format": 1, "formulas": {"KEY": {}}},
        {"format": 1, "formulas": {"KEY": {"html": 5}}},
        {"format": 1, "formulas": {"KEY": {"html": None, "error": None}}},
        {"format": 1, "formulas": {"KEY": {"error": {"a": 1}}}},
        {"format": 1, "formulas": {"KEY": {"html": "<b>", "untrusted": "\\\\href"}}},
        {"format": 1, "formulas": {"KEY": {"html": "<b>", "strict": [1, 2]}}},
    ],
)
def test_katex_page_files_of_the_wrong_shape_are_misses(tmp_path: Path, stored: object) -> None:
    """Attack: JSON of the wrong shape (lists for dicts, numbers for strings, ``{}`` entries) in a
    KaTeX page file; the good entries beside a bad one still count."""
    cache = FormulaCache(tmp_path)
    page_file = cache._page_file("p.md")
    assert page_file is not None
    page_file.parent.mkdir(parents=True)
    text = json.dumps(stored).replace('"KEY"', f'"{HEX}"')
    if isinstance(stored, dict) and isinstance(stored.get("formulas"), dict):
        text = text.replace('"formulas": {', '"formulas": {"' + "2" * 64 + '": {"html": "<i>ok</i>"}, ')
    page_file.write_text(text)
    cache.load_page("p.md")
    assert cache.get(HEX) is None
    if '"<i>ok</i>"' in text and isinstance(stored, dict) and stored["format"] == 1:
        assert cache.get("2" * 64) == Rendered(html="<i>ok</i>")


def _figure_entry(tmp_path: Path) -> tuple[FigureCache, Path, dict[str, object]]:
    """A valid figure entry committed by the cache itself, and its manifest."""
    cache = FigureCache(str(tmp_path / "figures"))
    os.makedirs(cache.root)
    staging = cache.staging_folder(HEX)
    for name in ("raster.png", "light.svg", "dark.svg"):
        Path(staging, name).write_bytes(name.encode())
    roles = {"raster": "raster.png", "light.svg": "light.svg", "dark.svg": "dark.svg"}
    cache.commit(HEX, staging, roles, width=640, height=400, deps={}, info={})
    manifest_path = Path(cache.entry_folder(HEX)) / "entry.json"
    return cache, manifest_path, json.loads(manifest_path.read_text())


@pytest.mark.parametrize(
    "damage",
    [
        lambda m: [m],
        lambda m: {**m, "files": []},
        lambda m: {**m, "files": {}},
        lambda m: {**m, "files": {**m["files"], "raster": []}},
        lambda m: {**m, "files": {**m["files"], "raster": {}}},
        lambda m: {**m, "files": {**m["files"], "raster": {**m["files"]["raster"], "name": 5}}},
        lambda m: {**m, "files": {**m["files"], "raster": {**m["files"]["raster"], "name": "../x"}}},
        lambda m: {**m, "files": {**m["files"], "raster": {**m["files"]["raster"], "size": "10"}}},
        lambda m: {**m, "files": {**m["files"], "raster": {**m["files"]["raster"], "sha256": 1}}},
        lambda m: {**m, "files": {k: v for k, v in m["files"].items() if k != "dark.svg"}},
        lambda m: {**m, "deps": []},
        lambda m: {**m, "deps": {"5": "x"}},
        lambda m: {**m, "width": 1e300},
        lambda m: {**m, "width": float("inf")},
        lambda m: {**m, "width": float("nan")},
        lambda m: {**m, "width": -640},
        lambda m: {**m, "width": 0},
        lambda m: {**m, "width": "640"},
        lambda m: {**m, "width": True},
        lambda m: {**m, "height": 10**9},
        lambda m: {k: v for k, v in m.items() if k != "height"},
    ],
)
def test_figure_manifests_of_the_wrong_shape_are_misses(tmp_path: Path, damage: Any) -> None:
    """Attack: a hand-edited or damaged ``entry.json`` (wrong shapes, sizes like ``width: 1e300``
    published unchecked, file names leaving the entry)."""
    cache, manifest_path, manifest = _figure_entry(tmp_path)
    entry = cache.lookup(HEX)
    assert entry is not None and (entry.width, entry.height) == (640, 400)
    manifest_path.write_text(json.dumps(damage(manifest)))  # json writes NaN/Infinity as Python does
    assert cache.lookup(HEX) is None


def test_a_figure_entry_file_replaced_by_a_link_is_a_miss(tmp_path: Path) -> None:
    """Attack: an entry's file swapped for a symbolic link to another file with the same bytes."""
    cache, _manifest_path, _ = _figure_entry(tmp_path)
    raster = Path(cache.entry_folder(HEX)) / "raster.png"
    outside = tmp_path / "outside.png"
    outside.write_bytes(raster.read_bytes())
    raster.unlink()
    raster.symlink_to(outside)
    assert cache.lookup(HEX) is None


# --- item 18: NaN and Infinity never reach a published JSON summary ------------------------------


def _strict_json(text: str) -> object:
    """Parse *text* as JSON proper (Python's parser otherwise accepts NaN and Infinity)."""

    def refuse(constant: str) -> object:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_non_finite_numbers_in_a_summary_become_null_and_are_located() -> None:
    """Attack: summarize() returning NaN, Infinity and -Infinity, plain and numpy, nested."""
    import numpy as np

    from mkdocs_zigzag.figures.cache import summary_json
    from mkdocs_zigzag.figures.render import _json_number

    summary = {
        "loss": float("nan"),
        "curve": np.array([1.0, np.inf, -np.inf]),
        "stats": {"ratio": np.float64("nan"), "steps": np.int64(3)},
        "fine": 1.5,
    }
    text, found = summary_json(summary, _json_number)
    assert _strict_json(text) == {"curve": [1.0, None, None], "fine": 1.5, "loss": None,
                                  "stats": {"ratio": None, "steps": 3}}
    assert found == ["loss", "curve[1]", "curve[2]", "stats.ratio"]
    assert summary_json(float("inf"), _json_number) == ("null\n", ["the summary itself"])
    assert summary_json({"a": [1, 2]}, _json_number) == ('{\n  "a": [\n    1,\n    2\n  ]\n}\n', [])


NAN_GENERATOR = """\
import math

from mkdocs_zigzag.figures.api import figure_generator


@figure_generator(simulate=lambda: [0.0, 1.0], summarize=lambda data: {"loss": math.nan, "end": data[1]})
def diverging(fig, theme, data):
    fig.subplots().plot(data)
"""


@pytest.mark.slow
def test_a_summary_with_nan_is_published_as_json_with_a_warning_every_build(tmp_path: Path) -> None:
    """Attack: a generator whose summarize() returns NaN: the published ``.json`` was invalid JSON."""
    config = {
        "plugins": [
            {"zigzag": {"figures": [
                {"post": "index.md", "asset": "loss.png", "generator": "figures/gen.py:diverging"},
            ]}},
        ],
    }
    root = write_site(
        tmp_path / "project",
        {"docs/index.md": "# Home\n\n{% asset_img loss.png Loss %}\n", "figures/gen.py": NAN_GENERATOR},
        config,
    )
    expected = (
        "mkdocs_zigzag: docs/index.md:3: figure 'loss.png': summarize() of generator "
        "'figures/gen.py:diverging' returned NaN or Infinity at loss, which JSON cannot hold; the summary "
        "has null there. Return finite numbers (or None) from summarize()."
    )
    for build in ("cold", "warm"):
        built = run_build(root)
        assert [w.replace(os.sep, "/") for w in built.warnings] == [expected], build
        assert _strict_json(built.read("index/loss.json")) == {"end": 1.0, "loss": None}


def test_a_file_where_a_placeholder_folder_should_be_is_cleared(tmp_path: Path) -> None:
    """Attack: a file at ``figures/failed/<key>``: writing the placeholder of a failed figure used to
    end the build with FileExistsError."""
    from mkdocs_zigzag.figures.placeholder import write_placeholder

    cache = FigureCache(str(tmp_path / "figures"))
    (tmp_path / "figures" / "failed").mkdir(parents=True)
    (tmp_path / "figures" / "failed" / HEX).write_text("not a folder")
    written = write_placeholder(
        cache.failed_folder(HEX), raster_format="png", width=64, height=48, title="loss.png", reason="boom"
    )
    assert sorted(written) == ["dark.svg", "light.svg", "raster"]
    assert Path(written["raster"]).read_bytes().startswith(b"\x89PNG")

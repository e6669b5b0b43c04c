"""Hostile figure generators: each attack is a fixture generator; the build must survive every one with a
located message and a placeholder (issue 15). Keep new attacks on the figure engine here."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import ROOT, BuiltSite, write_site
from figure_helpers import figure_task

from mkdocs_zigzag.figures.cache import FigureCache
from mkdocs_zigzag.figures.render import RenderBatch, RenderTask, render_task

if TYPE_CHECKING:
    from collections.abc import Callable

    from mkdocs_zigzag.figures import render

HOSTILE = textwrap.dedent(
    """
    import os
    import sys


    def good(fig, theme):
        fig.subplots().plot([0, 1], [1, 0])


    def exits(fig, theme):
        sys.exit(0)


    def exits_with_a_message(fig, theme):
        raise SystemExit("usage: gens.py [-h]")


    def interrupted(fig, theme):
        raise KeyboardInterrupt


    def crash(fig, theme):
        os._exit(9)  # as a segfault in native code would end the worker
    """
)
ARGPARSE_AT_IMPORT = textwrap.dedent(
    """
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, required=True)
    args = parser.parse_args()


    def draw(fig, theme):
        fig.subplots().plot([0, 1])
    """
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "figs").mkdir()
    (tmp_path / "figs" / "gens.py").write_text(HOSTILE, encoding="utf-8")
    (tmp_path / "figs" / "cli.py").write_text(ARGPARSE_AT_IMPORT, encoding="utf-8")
    return tmp_path


# --- A generator that ends its process (issue 15, item 2) -----------------------------------------


@pytest.mark.parametrize(
    ("name", "error", "line"),
    [
        ("exits", "it raised SystemExit(0)", "    sys.exit(0)"),
        (
            "exits_with_a_message",
            "it raised SystemExit('usage: gens.py [-h]')",
            '    raise SystemExit("usage',
        ),
        ("interrupted", "it raised KeyboardInterrupt", "    raise KeyboardInterrupt"),
    ],
)
def test_a_generator_that_exits_is_a_located_failure(project: Path, name: str, error: str, line: str) -> None:
    outcome = render_task(figure_task(project, name))
    assert outcome.error == error
    number = next(n for n, text in enumerate(HOSTILE.splitlines(), 1) if text.startswith(line))
    assert outcome.where is not None and outcome.where.startswith(f"figs/gens.py:{number} in {name}(): ")
    assert "sys.exit()" in outcome.fix and 'if __name__ == "__main__":' in outcome.fix
    assert FigureCache(str(project / "cache")).lookup(outcome.key) is None


def test_argparse_at_import_is_a_located_failure(project: Path, capfd: pytest.CaptureFixture[str]) -> None:
    outcome = render_task(figure_task(project, "cli", generator="figs/cli.py:draw"))
    assert outcome.error == "it raised SystemExit(2)"
    assert outcome.where == "figs/cli.py:6 in <module>(): args = parser.parse_args()"
    assert "argparse" in outcome.fix and 'if __name__ == "__main__":' in outcome.fix
    assert "the following arguments are required: --points" in capfd.readouterr().err


def test_an_exit_in_a_worker_never_reaches_the_build(project: Path) -> None:
    """In a pool, SystemExit would come back through the future and end the build (status 0, no site)."""
    tasks = [
        figure_task(project, "exits"),
        figure_task(project, "cli", generator="figs/cli.py:draw"),
        figure_task(project, "good"),
    ]
    batch = RenderBatch(tasks, workers=2)
    assert batch.outcome("kexits").error == "it raised SystemExit(0)"
    exits, cli, good = batch.finish()
    assert exits.error == "it raised SystemExit(0)" and cli.error == "it raised SystemExit(2)"
    assert good.error is None


def test_a_batch_never_raises_what_a_worker_sent_back(project: Path) -> None:
    """Even a BaseException that escaped the task (the machinery, not the generator) is an outcome."""
    import concurrent.futures

    batch = RenderBatch([], workers=1)
    future: concurrent.futures.Future[render.RenderOutcome] = concurrent.futures.Future()
    future.set_exception(SystemExit(0))
    outcome = batch._settle("k", future)
    assert outcome.error == "its worker process failed: SystemExit(0)."


# --- Crashing generators listed first (issue 15, item 8) ------------------------------------------


def test_crashing_generators_listed_first_never_fail_the_good_ones(project: Path) -> None:
    crashes = [figure_task(project, "crash", key=f"kcrash{n}") for n in range(3)]
    goods = [figure_task(project, "good", key=f"kgood{n}") for n in range(3)]
    outcomes = RenderBatch([*crashes, *goods], workers=2).finish()
    assert [o.error for o in outcomes[3:]] == [None, None, None]
    for outcome in outcomes[:3]:
        assert outcome.error is not None and outcome.error.startswith(
            "its worker process died while drawing it"
        )
    cache = FigureCache(str(project / "cache"))
    assert all(cache.lookup(f"kgood{n}") is not None for n in range(3))


# --- A killed build leaves no process behind (issue 15, item 11) ----------------------------------


def _children(pid: int) -> set[int]:
    """Every living descendant of *pid* (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                stat = Path(f"/proc/{entry}/stat").read_text()
                parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return {p for p in found if _alive(p)}


def _alive(pid: int) -> bool:
    """Whether *pid* runs (a zombie nobody reaps has ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_the_workers_of_a_killed_build_exit(tmp_path: Path, how: signal.Signals) -> None:
    started = tmp_path / "started"
    slow = (
        "import os, time\n\n"
        "def slow(fig, theme):\n"
        f"    open({str(started)!r} + str(os.getpid()), 'w').close()\n"
        "    time.sleep(300)\n\n"
        "def other(fig, theme):\n"
        "    slow(fig, theme)\n"
    )
    files: dict[str, str | bytes] = {
        "docs/index.md": "# Home\n\n{% asset_img slow.png %}\n\n{% asset_img other.png %}\n",
        "figs/slow.py": slow,
    }
    figures = [
        {"post": "index.md", "asset": name, "generator": f"figs/slow.py:{name[:-4]}"}
        for name in ("slow.png", "other.png")
    ]
    plugin = {"zigzag": {"figures": figures}}
    root = write_site(tmp_path / "project", files, {"plugins": [plugin]})
    build = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    left: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob("started*")) and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)  # a second worker (one per CPU) may be starting its figure
        workers = {int(p.name.removeprefix("started")) for p in tmp_path.glob("started*")}
        left = _children(build.pid)
        assert workers and workers < left  # and multiprocessing's resource tracker
        build.send_signal(how)
        build.wait(timeout=10)
        deadline = time.monotonic() + 5
        while any(_alive(pid) for pid in left) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [pid for pid in left if _alive(pid)] == []
    finally:
        build.kill()
        for pid in left | _children(build.pid):  # never leave a process behind, even when it fails
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


# --- A generator's figsize (issue 15, item 7) -----------------------------------------------------

SIZES = textwrap.dedent(
    """
    from mkdocs_zigzag.figures.api import figure_generator


    def _draw(fig, theme):
        fig.subplots().plot([0, 1])


    negative = figure_generator(figsize=(-1, 0))(_draw)
    not_a_number = figure_generator(figsize=(float("nan"), 4.0))(_draw)
    infinite = figure_generator(figsize=(6.4, float("inf")))(_draw)
    huge = figure_generator(figsize=(300, 300))(_draw)
    words = figure_generator(figsize="big")(_draw)


    @figure_generator(figsize=(6.4, 4.0, 1.0))
    def three(fig, theme):
        fig.subplots()
    """
)


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("negative", "figsize (-1, 0) is out of range"),
        ("not_a_number", "figsize (nan, 4.0) is out of range"),
        ("infinite", "figsize (6.4, inf) is out of range"),
        ("huge", "figsize (300, 300) is out of range"),
        ("words", "figsize 'big' is not a pair (width, height) in inches"),
        ("three", "figsize (6.4, 4.0, 1.0) is not a pair (width, height) in inches"),
    ],
)
def test_a_bad_figsize_is_refused_before_drawing(project: Path, name: str, problem: str) -> None:
    (project / "figs" / "sizes.py").write_text(SIZES, encoding="utf-8")
    outcome = render_task(figure_task(project, name, generator=f"figs/sizes.py:{name}"))
    assert outcome.error is not None and outcome.error.startswith(problem), outcome.error
    assert outcome.figsize == (6.4, 4.0)  # the placeholder's size: the default, never the bad one
    assert "figsize=(width, height)" in outcome.fix
    if name == "three":
        line = SIZES.splitlines().index("@figure_generator(figsize=(6.4, 4.0, 1.0))") + 1
        assert outcome.where == f"figs/sizes.py:{line}: @figure_generator(figsize=(6.4, 4.0, 1.0))"
    assert FigureCache(str(project / "cache")).lookup(outcome.key) is None


@pytest.mark.parametrize(
    ("figsize", "shown", "pixels"),
    [
        ((300, 300), "svg", (614, 384)),  # refused: the default size
        ((49, 49), "svg", (1600, 1200)),
        ((float("nan"), 4.0), "svg", (614, 384)),
        ((-1, 0), "png", (640, 400)),
        ((0.5, 0.5), "svg", (320, 200)),
        ((5.0, 3.0), "svg", (480, 288)),  # the size the drawn SVG would have had
        ((5.0, 3.0), "png", (500, 300)),
        ("big", "svg", (614, 384)),
    ],
)
def test_the_placeholder_size_is_clamped(figsize: object, shown: str, pixels: tuple[int, int]) -> None:
    from mkdocs_zigzag.figures.placeholder import placeholder_size

    assert placeholder_size(figsize, shown) == pixels


def test_the_placeholder_never_draws_a_huge_image(tmp_path: Path) -> None:
    from PIL import Image

    from mkdocs_zigzag.figures.placeholder import write_placeholder

    files = write_placeholder(
        str(tmp_path), raster_format="png", width=30000, height=30000, title="x.png", reason="too big"
    )
    with Image.open(files["raster"]) as image:
        assert image.size == (1600, 1200)
    assert 'width="1600" height="1200"' in Path(files["light.svg"]).read_text()


@pytest.mark.slow
def test_a_site_with_hostile_generators_still_builds(build_site: Callable[..., BuiltSite]) -> None:
    """sys.exit(0) must not end the build with an empty site; a huge figsize must not be drawn."""
    post = "# Home\n\n{% asset_img exits.png %}\n\n{% asset_img huge.png %}\n\n{% asset_img good.png %}\n"
    figures = [
        {"post": "index.md", "asset": "exits.png", "generator": "figs/gens.py:exits"},
        {"post": "index.md", "asset": "huge.png", "generator": "figs/sizes.py:huge"},
        {"post": "index.md", "asset": "good.png", "generator": "figs/gens.py:good"},
    ]
    built = build_site(
        {"docs/index.md": post, "figs/gens.py": HOSTILE, "figs/sizes.py": SIZES},
        {"plugins": [{"zigzag": {"figures": figures}}]},
        expect_warnings=(
            "docs/index.md:3: figure 'exits.png' was not generated: generator 'figs/gens.py:exits' failed: "
            "it raised SystemExit(0) (at figs/gens.py:",
            "docs/index.md:5: figure 'huge.png' was not generated: generator 'figs/sizes.py:huge' failed: "
            "figsize (300, 300) is out of range",
        ),
    )
    assert "Figures: 3 (0 cached, 1 rendered, 2 failed)" in "\n".join(built.messages())
    page = built.read("index.html")
    assert (
        '<img src="index/huge.light.svg#only-light" alt="" class="zigzag-figure" width="614" height="384"'
        in page
    )
    assert (built.site_dir / "index" / "good.png").read_bytes()[:4] == b"\x89PNG"
    from PIL import Image

    with Image.open(built.site_dir / "index" / "huge.png") as image:
        assert image.size == (614, 384)


# --- Worker hygiene: generator folders never share modules (issue 16) -----------------------------

HELPED = textwrap.dedent(
    """
    import helpers
    from mkdocs_zigzag.figures.api import figure_generator


    def _lazy(data):
        import lazy  # imported while drawing, not when the generator file is loaded

        return {"helper": helpers.VALUE, "lazy": lazy.VALUE}


    @figure_generator(simulate=lambda: [0, 1], summarize=_lazy)
    def draw(fig, theme, data):
        fig.subplots().plot(data)
    """
)


def _helped_folders(project: Path) -> None:
    for name in ("one", "two"):
        folder = project / name
        folder.mkdir()
        (folder / "gen.py").write_text(HELPED, encoding="utf-8")
        (folder / "helpers.py").write_text(f"VALUE = {name!r}\n", encoding="utf-8")
        (folder / "lazy.py").write_text(f"VALUE = {name.upper()!r}\n", encoding="utf-8")


def _summary(project: Path, key: str) -> dict[str, str]:
    import json

    entry = FigureCache(str(project / "cache")).lookup(key)
    assert entry is not None
    return dict(json.loads(Path(entry.files["summary"]).read_text()))


def test_two_generator_folders_never_share_a_helper_module(project: Path) -> None:
    """One worker draws both figures in turn: each must import its own folder's helpers.py."""
    _helped_folders(project)
    tasks = [figure_task(project, name, generator=f"{name}/gen.py:draw") for name in ("one", "two", "one")]
    tasks[2] = figure_task(project, "again", generator="one/gen.py:draw")
    outcomes = RenderBatch(tasks, workers=1).finish()
    assert [o.error for o in outcomes] == [None, None, None]
    assert len({o.pid for o in outcomes}) == 1
    assert _summary(project, "kone") == {"helper": "one", "lazy": "ONE"}
    assert _summary(project, "ktwo") == {"helper": "two", "lazy": "TWO"}
    assert _summary(project, "kagain") == {"helper": "one", "lazy": "ONE"}


def test_a_generator_folder_is_on_sys_path_only_while_its_figure_is_drawn(project: Path) -> None:
    import sys

    _helped_folders(project)
    path, modules = list(sys.path), set(sys.modules)
    assert render_task(figure_task(project, "one", generator="one/gen.py:draw")).error is None
    assert sys.path == path
    assert {"helpers", "lazy"} & set(sys.modules) == set()
    assert not [name for name in set(sys.modules) - modules if name.startswith("zigzag_generator_")]
    # a generator that does not import them cannot reach the other folder's modules
    (project / "three").mkdir()
    (project / "three" / "gen.py").write_text("import helpers\n\ndef draw(fig, theme):\n    fig.subplots()\n")
    outcome = render_task(figure_task(project, "three", generator="three/gen.py:draw"))
    assert outcome.error == "it raised ModuleNotFoundError: No module named 'helpers'"


# --- The placeholder shows its whole text (issue 17, item 6) --------------------------------------

LONG_REASON = (
    "figures/some/deeply/nested/generator_module_with_a_long_name.py:draw_the_training_curves failed: it "
    "raised ValueError: x and y must have same first dimension, but have shapes (200,) and (199,) "
    "(at figures/some/deeply/nested/generator_module_with_a_long_name.py:42 in draw(): ax.plot(x, y))"
)


@pytest.mark.parametrize(("width", "height"), [(320, 200), (614, 384), (1600, 1200)])
def test_the_placeholder_text_stays_inside_its_box(tmp_path: Path, width: int, height: int) -> None:
    import re

    from PIL import Image

    from mkdocs_zigzag.figures.placeholder import write_placeholder

    title = "a_figure_with_a_rather_long_asset_name_for_the_training_curves.png"
    files = write_placeholder(
        str(tmp_path), raster_format="png", width=width, height=height, title=title, reason=LONG_REASON
    )
    svg = Path(files["light.svg"]).read_text()
    pattern = r'<text x="(\d+)" y="(\d+)" font-family="([a-z-]+)" font-size="(\d+)"[^>]*>([^<]*)</text>'
    texts = re.findall(pattern, svg)
    assert len(texts) >= 3
    for x, y, family, size, text in texts:
        # a monospace character is 0.6 em wide (DejaVu Sans Mono, Menlo, Consolas); bold sans ~0.64 em
        per_char = (0.61 if family == "monospace" else 0.64) * int(size)
        assert int(x) + len(text) * per_char <= width - int(x), (text, width)
        assert int(y) <= height - 8
    shown = "".join(text for *_, text in texts)
    assert "Figure not generated:" in shown
    if height >= 384:  # room for the whole reason: nothing of it is lost
        assert shown.count("ax.plot(x, y))") == 1
    with Image.open(files["raster"]) as image:
        pixels = image.convert("RGB").load()
        assert pixels is not None
        band = [pixels[x, y] for x in range(width - 12, width - 4) for y in range(4, height - 4)]
    assert set(band) == {(0xFD, 0xEC, 0xEA)}  # no text reaches the right edge


def test_a_figure_drawn_again_alone_never_raises_what_came_back(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The retry of a figure after a pool broke reads its outcome the same way: nothing is raised."""
    import concurrent.futures

    from mkdocs_zigzag.figures import render

    def exits(task: RenderTask) -> render.RenderOutcome:
        raise SystemExit(0)

    monkeypatch.setattr(render, "_process_pool", concurrent.futures.ThreadPoolExecutor)  # in this process
    monkeypatch.setattr(render, "render_task", exits)
    batch = RenderBatch([], workers=1)
    batch._tasks = {"kgood": figure_task(project, "good")}
    assert batch._alone("kgood").error == "its worker process failed: SystemExit(0)."


def test_a_folder_already_on_sys_path_keeps_its_modules(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`python -m mkdocs` puts the project on sys.path: what is importable from there stays imported."""
    import sys

    _helped_folders(project)
    monkeypatch.syspath_prepend(str(project / "one"))
    try:
        assert render_task(figure_task(project, "one", generator="one/gen.py:draw")).error is None
        assert sys.modules["helpers"].VALUE == "one"
        assert str(project / "one") in sys.path
    finally:
        for name in ("helpers", "lazy"):
            sys.modules.pop(name, None)

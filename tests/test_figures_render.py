"""Drawing one figure (in this process, as a worker would) and the cache it commits to."""

from __future__ import annotations

import json
import os
import textwrap
import threading
import time
from pathlib import Path

import pytest
from figure_helpers import figure_task

from mkdocs_zigzag.atomic import PRUNE_GRACE_SECONDS
from mkdocs_zigzag.figures.cache import FigureCache
from mkdocs_zigzag.figures.render import render_task

GENERATORS = textwrap.dedent(
    """
    import time

    import numpy as np

    from mkdocs_zigzag.figures.api import figure_generator


    def _wave(freq=1.0, points=200):
        x = np.linspace(0.0, 1.0, points)
        return x, np.sin(2 * np.pi * freq * x)


    def _peak(data):
        return {"peak": np.float64(data[1].max()), "points": len(data[0])}


    @figure_generator(
        simulate=_wave,
        summarize=_peak,
        defaults={"freq": 1.0, "points": 200},
        bounds={"freq": (0.1, 10.0), "points": (10, 5000)},
        figsize=(5.0, 3.0),
    )
    def wave(fig, theme, data, freq, points):
        ax = fig.subplots()
        ax.plot(*data, label=f"f = {freq}")
        ax.legend()


    def plain(fig, theme, slope=1.0):
        fig.subplots().plot([0, 1], [0, slope])


    def helper_that_fails(values):
        return values[10]


    def raises(fig, theme):
        ax = fig.subplots()
        helper_that_fails([1, 2, 3])


    def empty(fig, theme):
        pass


    @figure_generator(simulate=lambda: None)
    def no_data(fig, theme, data):
        fig.subplots()


    def slow(fig, theme):
        while True:
            time.sleep(0.01)


    def chinese(fig, theme):
        fig.subplots().set_title("神经元")


    def crash(fig, theme):
        import os

        os._exit(7)  # as a segfault in native code, or the kernel's OOM killer, would end the worker


    def chatty(fig, theme):
        print(f"drawing the {theme.name} theme", end="")  # no newline: sits in the buffer
        fig.subplots().plot([0, 1])


    not_a_function = 42
    """
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "figs").mkdir()
    (tmp_path / "figs" / "gens.py").write_text(GENERATORS, encoding="utf-8")
    return tmp_path


def test_a_figure_gives_two_themed_svgs_a_raster_and_a_summary(project: Path) -> None:
    outcome = render_task(figure_task(project, "wave", params={"freq": 2}, raster_format="jpeg", dpi=120))
    assert outcome.error is None, outcome
    entry = FigureCache(str(project / "cache")).lookup("kwave")
    assert entry is not None
    assert sorted(entry.files) == ["dark.svg", "light.svg", "raster", "summary"]
    # The size a page gives the figure is the shown SVG's real one: 5 × 3 in at CSS's 96 px an inch.
    assert (entry.width, entry.height) == (480, 288)
    light = Path(entry.files["light.svg"]).read_text()
    assert '<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="360pt" height="216pt"' in light
    dark = Path(entry.files["dark.svg"]).read_text()
    assert light.startswith("<?xml") and "<dc:date>" not in light
    assert "#ffffff" in light and "#1e2129" in dark and light != dark
    raster = Path(entry.files["raster"]).read_bytes()
    assert raster[:3] == b"\xff\xd8\xff"  # JPEG, at figsize × dpi
    from PIL import Image

    with Image.open(entry.files["raster"]) as image:
        assert image.size == (600, 360)
    summary = json.loads(Path(entry.files["summary"]).read_text())
    assert summary == {"peak": pytest.approx(1.0, abs=1e-3), "points": 200}


def test_png_variants_when_asked(project: Path) -> None:
    assert render_task(figure_task(project, "plain", formats=("svg", "png"))).error is None
    entry = FigureCache(str(project / "cache")).lookup("kplain")
    assert entry is not None
    assert sorted(entry.files) == ["dark.png", "dark.svg", "light.png", "light.svg", "raster"]
    assert (entry.width, entry.height) == (614, 384)  # shown as SVG (the first format): 6.4 × 4 in
    assert render_task(figure_task(project, "plain", key="kpng", formats=("png", "svg"))).error is None
    shown_png = FigureCache(str(project / "cache")).lookup("kpng")
    assert shown_png is not None and (shown_png.width, shown_png.height) == (640, 400)  # 100 dpi PNG
    assert Path(entry.files["raster"]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_bytes_are_reproducible_and_honour_source_date_epoch(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def render(root: str) -> dict[str, bytes]:
        assert render_task(figure_task(project, "wave", cache_root=str(project / root))).error is None
        entry = FigureCache(str(project / root)).lookup("kwave")
        assert entry is not None
        return {role: Path(path).read_bytes() for role, path in entry.files.items()}

    first, second = render("one"), render("two")
    assert first == second
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1723896414")
    dated = render("three")
    assert b"<dc:date>2024-08-17T12:06:54+00:00</dc:date>" in dated["light.svg"]
    assert dated["raster"] == first["raster"]


@pytest.mark.parametrize(
    ("generator", "params", "error", "where"),
    [
        ("raises", {}, "it raised IndexError: list index out of range", "helper_that_fails()"),
        ("empty", {}, "the generator drew nothing on the figure.", None),
        ("no_data", {}, "simulate() returned nothing.", None),
        ("wave", {"freq": 50}, "bad parameters: parameter 'freq' must be in [0.1, 10.0], got 50.", None),
        ("wave", {"frequency": 2}, "bad parameters: unknown parameter(s) 'frequency'", None),
        (
            "plain",
            {"slop": 2},
            "bad parameters for plain(): got an unexpected keyword argument 'slop'.",
            None,
        ),
        ("not_a_function", {}, "'figs/gens.py:not_a_function' is a int, not a drawing function", None),
        ("missing", {}, "'figs/gens.py' has no attribute 'missing'.", None),
    ],
)
def test_generator_problems_come_back_as_messages(
    project: Path, generator: str, params: dict[str, object], error: str, where: str | None
) -> None:
    outcome = render_task(figure_task(project, generator, params=params))
    assert outcome.error is not None and outcome.error.startswith(error), outcome.error
    assert outcome.figsize == ((5.0, 3.0) if generator == "wave" else (6.4, 4.0))
    if where is None:
        assert outcome.where is None
    else:
        line = GENERATORS.splitlines().index("    return values[10]") + 1
        assert outcome.where == f"figs/gens.py:{line} in {where}: return values[10]"
    assert outcome.fix
    assert FigureCache(str(project / "cache")).lookup(outcome.key) is None
    assert not any(p.name.startswith(".staging") for p in (project / "cache").glob("*"))


def test_a_missing_module_and_a_missing_file(project: Path) -> None:
    outcome = render_task(figure_task(project, "x", generator="zz_no_such_module.sub:draw"))
    assert outcome.error == "no module named 'zz_no_such_module'."
    outcome = render_task(figure_task(project, "x", generator="figs/nope.py:draw"))
    assert outcome.error is not None and outcome.error.startswith(
        "the generator file 'figs/nope.py' does not exist"
    )


def test_time_limit_names_where_the_generator_was(project: Path) -> None:
    outcome = render_task(figure_task(project, "slow", timeout=0.5))
    assert outcome.error == "it ran longer than the limit of 0.5 s."
    assert outcome.where is not None and outcome.where.startswith("figs/gens.py:")
    assert "in slow()" in outcome.where
    assert "figures_timeout" in outcome.fix


def test_cjk_text_without_a_cjk_font_is_an_error_with_the_fix(project: Path) -> None:
    outcome = render_task(figure_task(project, "chinese", cjk_font="No Such Font"))
    assert outcome.error is not None
    assert "'神经元' has CJK characters and no installed font has them" in outcome.error
    assert "figures_cjk_font 'No Such Font' is not an installed font family" in outcome.error
    assert "fonts-noto-cjk" in outcome.fix


def test_cjk_text_uses_an_installed_cjk_font(project: Path) -> None:
    from matplotlib import font_manager

    if not any("CJK" in f.name for f in font_manager.fontManager.ttflist):
        pytest.skip("no CJK font installed on this machine")
    assert render_task(figure_task(project, "chinese")).error is None


# --- the cache -------------------------------------------------------------------------------


def test_corrupt_or_truncated_entries_are_misses(project: Path) -> None:
    cache = FigureCache(str(project / "cache"))
    assert render_task(figure_task(project, "plain")).error is None
    entry = cache.lookup("kplain")
    assert entry is not None
    svg = Path(entry.files["light.svg"])
    original = svg.read_bytes()

    svg.write_bytes(original[: len(original) // 2])  # truncated
    assert cache.lookup("kplain") is None
    svg.write_bytes(original.replace(b"#ffffff", b"#fffffe"))  # same size, other bytes
    assert cache.lookup("kplain") is None
    svg.write_bytes(original)
    assert cache.lookup("kplain") is not None

    manifest = Path(entry.folder) / "entry.json"
    manifest.write_text(manifest.read_text()[:40])
    assert cache.lookup("kplain") is None
    # rendering again replaces the corrupt entry
    assert render_task(figure_task(project, "plain")).error is None
    assert cache.lookup("kplain") is not None


def test_an_edited_helper_module_invalidates_the_entry(project: Path) -> None:
    (project / "figs" / "style.py").write_text("WIDTH = 2.0\n")
    (project / "figs" / "styled.py").write_text(
        "from style import WIDTH\n\ndef draw(fig, theme):\n    fig.subplots().plot([0, 1], lw=WIDTH)\n"
    )
    cache = FigureCache(str(project / "cache"))
    assert render_task(figure_task(project, "s", generator="figs/styled.py:draw")).error is None
    assert cache.lookup("ks") is not None
    (project / "figs" / "style.py").write_text("WIDTH = 3.0\n")
    assert cache.lookup("ks") is None


def test_concurrent_commits_of_one_key_leave_one_valid_entry(project: Path) -> None:
    cache = FigureCache(str(project / "cache"))
    os.makedirs(cache.root)
    stagings = []
    for _n in range(4):
        staging = cache.staging_folder("same")
        for name in ("raster.png", "light.svg", "dark.svg"):
            Path(staging, name).write_bytes(b"x" * 10)
        stagings.append(staging)
    roles = {"raster": "raster.png", "light.svg": "light.svg", "dark.svg": "dark.svg"}
    threads = [
        threading.Thread(
            target=cache.commit,
            args=("same", s, roles),
            kwargs={"width": 1, "height": 1, "deps": {}, "info": {}},
        )
        for s in stagings
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.lookup("same") is not None
    assert sorted(os.listdir(cache.root)) == ["same"]


def test_prune_removes_only_entries_unused_for_a_while(project: Path) -> None:
    cache = FigureCache(str(project / "cache"))
    kept, recent, old, oldfail = (digit * 64 for digit in "1234")  # keys are sha256 digests
    for key in (kept, recent, old):
        os.makedirs(cache.entry_folder(key))
    os.makedirs(cache.failed_folder(oldfail))
    past = os.path.getmtime(cache.entry_folder(old)) - PRUNE_GRACE_SECONDS - 5
    for folder in (cache.entry_folder(old), cache.entry_folder(kept), cache.failed_folder(oldfail)):
        os.utime(folder, (past, past))
    assert sorted(cache.prune({kept})) == [old, oldfail]
    assert sorted(os.listdir(cache.root)) == [kept, recent, "failed"]


def test_several_stale_figures_render_in_parallel_processes(project: Path) -> None:
    from mkdocs_zigzag.figures.render import RenderBatch

    tasks = [
        figure_task(project, "wave"),
        figure_task(project, "plain"),
        figure_task(project, "slow", timeout=1.0),
    ]
    outcomes = RenderBatch(tasks, workers=2).finish()
    assert [o.key for o in outcomes] == ["kwave", "kplain", "kslow"]
    assert outcomes[0].error is None and outcomes[1].error is None
    assert outcomes[2].error == "it ran longer than the limit of 1 s."
    assert len({outcomes[0].pid, outcomes[1].pid} - {0, os.getpid()}) == 2


def test_a_worker_that_dies_takes_down_only_its_own_figure(project: Path) -> None:
    """A dead worker breaks the whole pool: the other figures are drawn again, each in its own process."""
    from mkdocs_zigzag.figures.render import RenderBatch

    tasks = [figure_task(project, "crash"), figure_task(project, "plain"), figure_task(project, "wave")]
    crashed, plain, wave = RenderBatch(tasks, workers=2).finish()
    assert plain.error is None and wave.error is None
    assert FigureCache(str(project / "cache")).lookup("kplain") is not None
    assert crashed.error is not None and "process died while drawing it" in crashed.error
    assert "if __name__ == " in crashed.fix


def test_a_page_waiting_for_a_figure_whose_worker_died_gets_an_outcome(project: Path) -> None:
    """outcome() is what a page being written calls: a dead worker must not escape it as an exception."""
    from mkdocs_zigzag.figures.render import RenderBatch

    batch = RenderBatch([figure_task(project, "crash"), figure_task(project, "plain")], workers=2)
    try:
        crashed, plain = batch.outcome("kcrash"), batch.outcome("kplain")
    finally:
        batch.stop()
    assert crashed.error is not None and "process died" in crashed.error
    assert plain.error is None


def test_workers_that_die_whatever_they_draw_are_not_started_again_and_again(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that dies before its first task (a main script that builds when imported) is found by a
    process given nothing to draw; the figures are then not tried one by one, and none is blamed."""
    import concurrent.futures
    import multiprocessing

    from mkdocs_zigzag.figures import render

    pools: list[int] = []

    def dying(size: int) -> concurrent.futures.ProcessPoolExecutor:
        pools.append(size)
        return concurrent.futures.ProcessPoolExecutor(
            max_workers=size,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=os._exit,
            initargs=(5,),
        )

    monkeypatch.setattr(render, "_process_pool", dying)
    tasks = [figure_task(project, "plain", key=f"k{n}") for n in range(6)]
    outcomes = render.RenderBatch(tasks, workers=2).finish()
    assert [o.error for o in outcomes] == [
        "its worker process died, and so did one given nothing to draw: worker processes cannot start, "
        "whatever they draw."
    ] * 6
    assert all("if __name__ == " in o.fix for o in outcomes)
    assert pools == [2, 1, 1]  # the batch, the first figure alone, the process with nothing to draw


def test_what_a_generator_prints_survives_the_stopped_workers(
    project: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """Workers are terminated once the outcomes are in: their buffered output must be out by then."""
    from mkdocs_zigzag.figures.render import RenderBatch

    monkeypatch.delenv("PYTHONUNBUFFERED", raising=False)  # a pipe is block-buffered, as in CI logs
    [outcome] = RenderBatch([figure_task(project, "chatty")], workers=1).finish()
    assert outcome.error is None
    out = capfd.readouterr().out
    assert "drawing the light theme" in out and "drawing the dark theme" in out


def test_a_syntax_error_names_the_file_and_line(project: Path) -> None:
    (project / "figs" / "typo.py").write_text("def draw(fig, theme):\n    fig.subplots(\n\nx = = 1\n")
    outcome = render_task(figure_task(project, "t", generator="figs/typo.py:draw"))
    assert outcome.error is not None and outcome.error.startswith("it raised SyntaxError: ")
    assert outcome.where is not None and outcome.where.startswith("figs/typo.py:")


@pytest.mark.slow
def test_a_worker_the_time_limit_cannot_interrupt_is_stopped(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs_zigzag.figures import render

    (project / "figs" / "stuck.py").write_text(
        "import signal, time\n\n"
        "# As a long C call would. Blocked at import, with a limit of 5 s, so that the alarm cannot come\n"
        "# first on a busy machine (with 1 s it did: the limit also covers loading the generator).\n"
        "signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})\n\n"
        "def draw(fig, theme):\n"
        "    time.sleep(60)\n"
    )
    monkeypatch.setattr(render, "STARTUP_GRACE_SECONDS", 15.0)
    start = time.monotonic()
    [outcome] = render.RenderBatch(
        [figure_task(project, "stuck", generator="figs/stuck.py:draw", timeout=5.0)], workers=1
    ).finish()
    assert outcome.error == "it ran longer than the limit of 5 s and its process was stopped."
    assert time.monotonic() - start < 40

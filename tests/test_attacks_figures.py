"""Hostile figure generators: each attack is a fixture generator; the build must survive every one with a
located message and a placeholder (issue 15). Keep new attacks on the figure engine here."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import pytest

from mkdocs_zigzag.figures.cache import FigureCache
from mkdocs_zigzag.figures.render import RenderBatch, RenderTask, render_task

if TYPE_CHECKING:
    from pathlib import Path

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


def _task(project: Path, name: str, **changes: object) -> RenderTask:
    fields: dict[str, object] = {
        "key": "k" + name,
        "cache_root": str(project / "cache"),
        "generator": f"figs/gens.py:{name}",
        "config_dir": str(project),
        "params": {},
        "raster_format": "png",
        "dpi": 100,
        "formats": ("svg",),
        "cjk_font": "auto",
        "timeout": 60.0,
    }
    fields.update(changes)
    return RenderTask(**fields)  # type: ignore[arg-type]


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
    outcome = render_task(_task(project, name))
    assert outcome.error == error
    number = next(n for n, text in enumerate(HOSTILE.splitlines(), 1) if text.startswith(line))
    assert outcome.where is not None and outcome.where.startswith(f"figs/gens.py:{number} in {name}(): ")
    assert "sys.exit()" in outcome.fix and 'if __name__ == "__main__":' in outcome.fix
    assert FigureCache(str(project / "cache")).lookup(outcome.key) is None


def test_argparse_at_import_is_a_located_failure(project: Path, capfd: pytest.CaptureFixture[str]) -> None:
    outcome = render_task(_task(project, "cli", generator="figs/cli.py:draw"))
    assert outcome.error == "it raised SystemExit(2)"
    assert outcome.where == "figs/cli.py:6 in <module>(): args = parser.parse_args()"
    assert "argparse" in outcome.fix and 'if __name__ == "__main__":' in outcome.fix
    assert "the following arguments are required: --points" in capfd.readouterr().err


def test_an_exit_in_a_worker_never_reaches_the_build(project: Path) -> None:
    """In a pool, SystemExit would come back through the future and end the build (status 0, no site)."""
    tasks = [
        _task(project, "exits"),
        _task(project, "cli", generator="figs/cli.py:draw"),
        _task(project, "good"),
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
    crashes = [_task(project, "crash", key=f"kcrash{n}") for n in range(3)]
    goods = [_task(project, "good", key=f"kgood{n}") for n in range(3)]
    outcomes = RenderBatch([*crashes, *goods], workers=2).finish()
    assert [o.error for o in outcomes[3:]] == [None, None, None]
    for outcome in outcomes[:3]:
        assert outcome.error is not None and outcome.error.startswith(
            "its worker process died while drawing it"
        )
    cache = FigureCache(str(project / "cache"))
    assert all(cache.lookup(f"kgood{n}") is not None for n in range(3))

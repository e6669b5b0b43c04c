"""The figures' part of the build log names what was drawn, how long each took, and shows progress."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from mkdocs_zigzag.figures.engine import PROGRESS_AFTER, FigureEngine, FigureOptions
from mkdocs_zigzag.figures.registry import Binding, FigureSpec, GeneratorRef

if TYPE_CHECKING:
    from pathlib import Path

GENERATOR = "def line(fig, theme, slope=1.0):\n    fig.subplots().plot([0, 1], [0, slope])\n"


def _specs(root: Path, count: int) -> list[FigureSpec]:
    (root / "figs").mkdir(exist_ok=True)
    (root / "figs" / "gen.py").write_text(GENERATOR, encoding="utf-8")
    ref = GeneratorRef("figs/gen.py:line", str(root))
    return [
        FigureSpec(
            post="blog/posts/p.md",
            line=n + 1,
            asset=f"f{n}.png",
            binding=Binding(n, ("blog/posts/p.md",), (f"f{n}.png",), ref, {"slope": 1.0 + n}),
        )
        for n in range(count)
    ]


def _engine(root: Path) -> FigureEngine:
    return FigureEngine(str(root / "cache"), str(root), FigureOptions(workers=2))


def test_a_few_figures_are_each_named_with_their_time(tmp_path: Path) -> None:
    specs = _specs(tmp_path, 2)
    _engine(tmp_path).start(specs[:1]).finish()  # f0 is in the cache now
    progress: list[str] = []
    report = _engine(tmp_path).start(specs, progress=progress.append).finish()
    lines = report.log_lines()
    assert progress == []  # too few to need progress lines
    assert [level for level, _ in lines] == [logging.DEBUG, logging.INFO, logging.INFO]
    assert lines[0][1] == "cached: blog/posts/p/f0.png"
    assert re.fullmatch(r"rendered: blog/posts/p/f1\.png \(\d+\.\d\d s\)", lines[1][1]), lines[1]
    assert re.fullmatch(r"Figures: 2 \(1 cached, 1 rendered\) in \d+\.\d\d s", lines[2][1]), lines[2]


def test_many_figures_show_progress_and_the_slowest(tmp_path: Path) -> None:
    count = PROGRESS_AFTER + 2
    progress: list[str] = []
    report = _engine(tmp_path).start(_specs(tmp_path, count), progress=progress.append).finish()
    assert len(progress) == count
    found = [
        re.fullmatch(r"\[(\d+)/(\d+)\] rendered: blog/posts/p/(f\d+\.png) \(\d+\.\d\d s\)", p)
        for p in progress
    ]
    assert all(found), progress
    assert [int(m[1]) for m in found if m] == list(range(1, count + 1))
    assert {m[2] for m in found if m} == {str(count)}
    assert sorted(m[3] for m in found if m) == sorted(f"f{n}.png" for n in range(count))
    lines = report.log_lines()
    assert [text for _, text in lines if text.startswith("rendered:")] == []  # progress named them
    assert lines[-2][1].startswith(f"Figures: {count} (0 cached, {count} rendered) in ")
    level, slowest = lines[-1]
    assert level == logging.INFO and slowest.startswith("slowest figures: blog/posts/p/f")
    times = [float(t) for t in re.findall(r"\((\d+\.\d\d) s\)", slowest)]
    assert len(times) == 5 and times == sorted(times, reverse=True)


def test_a_failed_figure_is_counted_in_the_progress(tmp_path: Path) -> None:
    specs = _specs(tmp_path, PROGRESS_AFTER + 1)
    (tmp_path / "figs" / "bad.py").write_text("def line(fig, theme, slope=1.0):\n    1 / 0\n")
    bad = GeneratorRef("figs/bad.py:line", str(tmp_path))
    specs[0] = FigureSpec(
        "blog/posts/p.md", 1, "bad.png", Binding(0, ("blog/posts/p.md",), ("bad.png",), bad)
    )
    progress: list[str] = []
    report = _engine(tmp_path).start(specs, progress=progress.append).finish()
    assert "failed: blog/posts/p/bad.png" in "\n".join(progress)
    assert len(progress) == len(specs) and report.failed == 1


def test_without_a_progress_callback_the_report_names_every_figure(tmp_path: Path) -> None:
    count = PROGRESS_AFTER + 1
    report = _engine(tmp_path).start(_specs(tmp_path, count)).finish()
    named = [text for _, text in report.log_lines() if text.startswith("rendered: ")]
    assert len(named) == count
    assert not [text for _, text in report.log_lines() if text.startswith("slowest")]

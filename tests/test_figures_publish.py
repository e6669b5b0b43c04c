"""Publishing generated figures, without MkDocs: URL joins, size stand-ins, quoted numbers, summaries."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pytest

from mkdocs_zigzag.figures.engine import FigureOutput, FigureReport
from mkdocs_zigzag.figures.publish import PENDING_SIZE_PREFIX, FigurePublisher, Placement, summary_beside
from mkdocs_zigzag.figures.registry import Binding, FigureSpec, GeneratorRef
from mkdocs_zigzag.hexo.render import PageContext, TagError
from mkdocs_zigzag.images import ImageAttributes

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

BINDING = Binding(0, ("blog/posts/*.md",), ("*.png",), GeneratorRef("figures/gens.py:curve", "/project"))
CURVE = FigureSpec("blog/posts/post.md", 8, "curve.png", BINDING)
LINE = FigureSpec("blog/posts/post.md", 12, "line.png", BINDING)

SITE_URLS = {  # Material's blog publishes a post's assets in the post's folder
    "blog/posts/post/curve.png": "blog/post/curve.png",
    "blog/posts/post/curve.light.svg": "blog/post/curve.light.svg",
    "blog/posts/post/curve.dark.svg": "blog/post/curve.dark.svg",
    "blog/posts/post/line.png": "blog/post/line.png",
    "blog/posts/post/line.light.svg": "blog/post/line.light.svg",
    "blog/posts/post/line.dark.svg": "blog/post/line.dark.svg",
}


@dataclass
class _Job:
    """A FigureJob whose figures are drawn when the test says so."""

    specs: list[FigureSpec]
    outputs: dict[int, FigureOutput]
    drawing: set[int] = field(default_factory=set)
    stopped: bool = False

    def ready(self, index: int) -> bool:
        return index not in self.drawing

    def output(self, index: int) -> FigureOutput:
        self.drawing.discard(index)
        return self.outputs[index]

    def expected_files(self, index: int) -> dict[str, str]:
        return {uri: f"/cache/expected/{uri}" for uri in self.outputs[index].files}

    def finish(self) -> FigureReport:
        self.drawing.clear()
        return FigureReport(keys={"k0", "k1"})

    def stop(self) -> None:
        self.stopped = True


@dataclass
class _Engine:
    job: _Job
    pruned: list[set[str]] = field(default_factory=list)

    def start(self, specs: Sequence[FigureSpec], progress: object = None) -> _Job:
        assert list(specs) == self.job.specs
        return self.job

    def variant_uris(self, spec: FigureSpec) -> tuple[str, str]:
        return spec.variant_uri("light", "svg"), spec.variant_uri("dark", "svg")

    def prune(self, keys: set[str]) -> list[str]:
        self.pruned.append(keys)
        return []


def _output(spec: FigureSpec, summary: str | None = None, failed: bool = False) -> FigureOutput:
    light, dark = spec.variant_uri("light", "svg"), spec.variant_uri("dark", "svg")
    files = {spec.raster_uri: "/cache/raster.png", light: "/cache/light.svg", dark: "/cache/dark.svg"}
    if summary is not None:
        files[spec.summary_uri] = summary
    return FigureOutput(spec, files, light, dark, width=640, height=400, failed=failed)


def _publisher(
    drawing: frozenset[int] = frozenset(),
    summary: str | None = None,
    caption: bool = False,
    failed: bool = False,
) -> tuple[FigurePublisher, _Engine]:
    job = _Job([CURVE, LINE], {0: _output(CURVE, summary, failed), 1: _output(LINE)}, set(drawing))
    engine = _Engine(job)
    publisher = FigurePublisher(engine, caption=caption)  # type: ignore[arg-type]
    publisher.start([CURVE, LINE], SITE_URLS.get)
    return publisher, engine


def test_variants_are_joined_beside_the_raster_as_the_page_sees_it() -> None:
    publisher, _ = _publisher()
    html = publisher.figure_html(
        "blog/posts/post/curve.png", "../../../../post/curve.png", ImageAttributes(alt="A", classes=("wide",))
    )
    assert html == (
        '<img src="../../../../post/curve.light.svg#only-light" alt="A" class="zigzag-figure wide" '
        'width="640" height="400" loading="lazy" decoding="async">'
        '<img src="../../../../post/curve.dark.svg#only-dark" alt="A" class="zigzag-figure wide" '
        'width="640" height="400" loading="lazy" decoding="async">'
    )


def test_the_tags_size_wins_and_a_caption_is_the_title() -> None:
    publisher, _ = _publisher(caption=True)
    html = publisher.figure_html(
        "blog/posts/post/line.png", "line.png", ImageAttributes(title="T", width="300")
    )
    assert html is not None
    assert 'src="line.light.svg#only-light"' in html and 'width="300"' in html and "height=" not in html
    assert html.endswith("<figcaption>T</figcaption></figure>")


def test_an_asset_that_is_no_figure_or_not_in_the_site_keeps_its_img() -> None:
    publisher, _ = _publisher()
    assert publisher.figure_html("blog/posts/post/photo.jpg", "photo.jpg", ImageAttributes()) is None
    lost = FigurePublisher(publisher.engine, caption=False)
    lost.start([CURVE, LINE], lambda _uri: None)
    assert lost.figure_html("blog/posts/post/curve.png", "curve.png", ImageAttributes()) is None
    assert FigurePublisher(publisher.engine, caption=False).figure_html("x", "x", ImageAttributes()) is None


def test_a_figure_still_being_drawn_gets_stand_ins_filled_in_when_the_page_is_written() -> None:
    publisher, _ = _publisher(drawing={0})
    html = publisher.figure_html("blog/posts/post/curve.png", "curve.png", ImageAttributes())
    assert html is not None
    assert f'width="{PENDING_SIZE_PREFIX}0-width" height="{PENDING_SIZE_PREFIX}0-height"' in html
    page = f"<html>{html}</html>"
    filled = publisher.fill_sizes(page)
    assert PENDING_SIZE_PREFIX not in filled
    assert filled.count('width="640" height="400"') == 2
    assert publisher.fill_sizes("<p>no stand-ins</p>") == "<p>no stand-ins</p>"
    assert FigurePublisher(publisher.engine, caption=False).fill_sizes(page) == page  # not this build's job


def test_placements_name_drawn_files_and_the_ones_still_to_come() -> None:
    publisher, _ = _publisher(drawing={1})
    placed = list(publisher.placements())
    assert Placement(0, "blog/posts/post/curve.png", "/cache/raster.png", True) in placed
    assert (
        Placement(1, "blog/posts/post/line.png", "/cache/expected/blog/posts/post/line.png", False) in placed
    )
    assert len(placed) == 6


def test_finish_then_prune_with_the_keys_this_build_used() -> None:
    publisher, engine = _publisher(drawing={1})
    assert publisher.drawing
    publisher.prune()  # nothing to prune before the job's report
    assert engine.pruned == []
    publisher.finish()
    assert not publisher.drawing
    publisher.stop()  # a finished job is not stopped
    assert not engine.job.stopped
    publisher.prune()
    assert engine.pruned == [{"k0", "k1"}]


def test_a_failed_build_stops_the_drawing() -> None:
    publisher, engine = _publisher(drawing={0})
    publisher.stop()
    assert engine.job.stopped


def test_a_page_quotes_a_number_of_its_figures_summary(tmp_path: Path) -> None:
    summary = tmp_path / "curve.json"
    summary.write_text(json.dumps({"max": 0.99505, "steps": 95.0}), encoding="utf-8")
    publisher, _ = _publisher(summary=str(summary))
    page = PageContext(src_uri="blog/posts/post.md", assets={})
    assert publisher.number(["curve.png", "max", ".3f"], page) == "0.995"
    assert publisher.number(["curve.png", "steps", "d"], page) == "95"


@pytest.mark.parametrize(
    ("args", "failed", "message"),
    [
        (["other.png", "max", ".3f"], False, "'other.png' is not a figure generated for this page."),
        (["line.png", "max", ".3f"], False, "the figure 'line.png' has no summary to quote."),
        (
            ["curve.png", "max", ".3f"],
            True,
            "the figure 'curve.png' has no summary to quote (it was not generated: see its warning).",
        ),
        (["curve.png"], False, "zigzag_number takes 3 arguments, got 1."),
    ],
)
def test_a_quote_that_cannot_be_resolved_is_a_tag_error(args: list[str], failed: bool, message: str) -> None:
    publisher, _ = _publisher(summary="/nowhere.json", failed=failed)
    with pytest.raises(TagError) as raised:
        publisher.number(args, PageContext(src_uri="blog/posts/post.md", assets={}))
    assert raised.value.message == message


def test_a_summary_goes_beside_its_raster_wherever_the_raster_was_moved() -> None:
    assert summary_beside("blog/post/curve.png", "blog/post/curve.png", "blog/posts/post/curve.json") == (
        "blog/post/curve.json",
        "blog/post/curve.json",
    )
    assert summary_beside("curve.png", "", "x/curve.json") == ("curve.json", "curve.json")

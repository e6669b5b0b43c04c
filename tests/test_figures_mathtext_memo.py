"""The worker's shared mathtext memo: same bytes as matplotlib alone, one parse per label, rc respected.

Each run is a fresh interpreter: the memo replaces a matplotlib method for the whole process, and the
comparison needs a run of matplotlib alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import pytest

_SCRIPT = textwrap.dedent(
    """
    import hashlib, io, json, sys
    import matplotlib
    from matplotlib import _mathtext
    from matplotlib.figure import Figure
    from mkdocs_zigzag.figures.mathtext_memo import share_parses

    matplotlib.rcParams["svg.hashsalt"] = "fixed"  # else SVG ids differ from run to run
    installed = share_parses() if sys.argv[1] == "memo" else None
    calls = []
    pyparsing_parse = _mathtext.Parser.parse

    def counting(self, s, *rest):  # the pyparsing run behind every cache miss
        calls.append(s)
        return pyparsing_parse(self, s, *rest)

    _mathtext.Parser.parse = counting

    def draw():
        fig = Figure(figsize=(4, 3), layout="constrained")
        ax = fig.subplots()
        ax.plot([0, 1], [0, 1], label=r"$\\sigma(z) = \\dfrac{1}{1+e^{-z}}$")
        ax.set_xlabel(r"$w_1$")
        ax.set_title(r"outputs in $(0,\\,1)$")
        ax.legend()
        return fig

    digests = []
    for fmt in ("svg", "png", "svg"):
        buffer = io.BytesIO()
        draw().savefig(buffer, format=fmt, dpi=100, metadata={"Date": None} if fmt == "svg" else {})
        digests.append(hashlib.sha256(buffer.getvalue()).hexdigest())
    before = len(calls)
    with matplotlib.rc_context({"mathtext.fontset": "stix"}):
        draw().savefig(io.BytesIO(), format="svg")
    stix = len(calls) - before
    print(json.dumps({"installed": installed, "digests": digests, "calls": calls, "stix": stix}))
    """
)


class Run(NamedTuple):
    installed: bool | None
    digests: list[str]
    """sha256 of an SVG, a PNG and the same SVG again."""
    calls: list[str]
    """The labels pyparsing parsed, in order (the cache misses), the STIX ones last."""
    stix: int
    """How many of them came from the figure drawn with ``mathtext.fontset: stix``."""

    @property
    def dejavu_calls(self) -> list[str]:
        return self.calls[: len(self.calls) - self.stix]


def _run(mode: str) -> Run:
    done = subprocess.run([sys.executable, "-c", _SCRIPT, mode], capture_output=True, text=True, check=True)
    return Run(**json.loads(done.stdout.strip().splitlines()[-1]))


LABELS = [r"$\sigma(z) = \dfrac{1}{1+e^{-z}}$", "$w_1$", r"outputs in $(0,\,1)$"]


def test_shared_parses_give_matplotlibs_bytes_and_parse_each_label_once() -> None:
    alone, shared = _run("plain"), _run("memo")
    assert shared.installed is True
    assert shared.digests == alone.digests  # SVG, PNG and SVG again: byte for byte
    # matplotlib alone parses each label again for every saved file (each renderer has its own parser).
    assert len(alone.dejavu_calls) >= 3 * len(LABELS)
    # Shared: once per label and output kind (vector for SVG and layout, raster for PNG).
    assert sorted(shared.dejavu_calls) == sorted(2 * LABELS)


def test_a_changed_math_font_set_is_parsed_again() -> None:
    assert _run("memo").stix >= len(LABELS)  # not served from the DejaVu parses


def test_the_memo_holds_at_most_its_budget_dropping_the_least_recently_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mkdocs_zigzag.figures import mathtext_memo

    class Bitmap:  # what a raster parse carries: its label's pixels
        nbytes = 9 * 1024

    class Parsed(NamedTuple):
        label: str
        image: Bitmap

    parsed: list[str] = []

    def parse(self: object, s: str, *rest: object) -> Parsed:
        parsed.append(s)
        return Parsed(s, Bitmap())

    monkeypatch.setattr(mathtext_memo, "BUDGET_BYTES", 3 * 10 * 1024)  # three 10 KB entries
    cached = mathtext_memo._shared(parse)
    for label in ["a", "b", "c", "a", "d", "a", "b"]:
        assert cached(None, label, 100, None, True, 0).label == label
    # "a" stayed (used again before "d" came), "b" was dropped for "d" and parsed again.
    assert parsed == ["a", "b", "c", "d", "b"]

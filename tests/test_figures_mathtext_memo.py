"""The worker's shared mathtext memo: same bytes as matplotlib alone, one parse per label, rc respected.

Each test runs in a fresh interpreter: the memo replaces a matplotlib method for the whole process,
which must not leak into the other tests (they compare against matplotlib's own behaviour).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

_SCRIPT = textwrap.dedent(
    """
    import hashlib, io, json, sys
    import matplotlib
    from matplotlib.figure import Figure
    from mkdocs_zigzag.figures.mathtext_memo import share_parses

    from matplotlib import _mathtext

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


def _run(mode: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", _SCRIPT, mode], capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_shared_parses_give_matplotlibs_bytes_and_parse_each_label_once() -> None:
    alone, shared = _run("plain"), _run("memo")
    assert shared["installed"] is True
    assert shared["digests"] == alone["digests"]  # SVG, PNG and SVG again: byte for byte
    labels = {r"$\sigma(z) = \dfrac{1}{1+e^{-z}}$", "$w_1$", r"outputs in $(0,\,1)$"}
    alone_calls, shared_calls, stix = alone["calls"], shared["calls"], shared["stix"]
    assert isinstance(alone_calls, list) and isinstance(shared_calls, list) and isinstance(stix, int)
    # matplotlib alone parses each label again for every saved file (each renderer has its own parser).
    assert len(alone_calls) - int(str(alone["stix"])) >= 3 * len(labels)
    # Shared: once per label and output kind (vector for SVG and layout, raster for PNG).
    assert sorted(shared_calls[: len(shared_calls) - stix]) == sorted(2 * list(labels))


def test_a_changed_math_font_set_is_parsed_again() -> None:
    shared = _run("memo")
    assert isinstance(shared["stix"], int) and shared["stix"] >= 3  # not served from the DejaVu parses

"""The instructions benchmark's two helpers: the build with the real-blog passes switched off, and its checks.

``benchmarks/instructions.py`` reads "what the passes cost" as the difference between a normal warm build
and one through ``benchmarks/without_passes.py``. That is only a measurement if the launcher really
switches the passes off (else the difference is zero by construction) and still finds every pass it names
(a renamed function would silently leave it on): both are checked here, on real builds.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from conftest import ROOT, write_site

if TYPE_CHECKING:
    from pathlib import Path

sys.path.insert(0, str(ROOT / "benchmarks"))  # benchmarks/ is not a package
import instructions

LAUNCHER = ROOT / "benchmarks" / "without_passes.py"

# A post the passes change: Hexo's marker without spaces (excerpt rules), math that was not typeset (a
# leftover warning), and a raw-HTML image of the post's asset folder.
POST = """---
title: Passes
date: 2024-08-17 12:00:00
---

First paragraph with $x$.

<!--more-->

Rest with $$ never closed.

<div><img src="pic.png"></div>
"""


def _build(project: Path, *, passes: bool) -> subprocess.CompletedProcess[str]:
    entry = ["-m", "mkdocs"] if passes else [str(LAUNCHER)]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, *entry, "build"], cwd=project, env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.slow
def test_the_launcher_switches_the_passes_off_and_nothing_else(tmp_path: Path) -> None:
    files = {
        "docs/index.md": "# Home\n",
        "docs/blog/index.md": "# Blog\n",
        "docs/blog/posts/passes.md": POST,
        "docs/blog/posts/passes/pic.png": b"\x89PNG\r\n\x1a\n",
    }
    config = {"plugins": ["blog", "zigzag"]}
    with_passes = write_site(tmp_path / "on", files, config)
    without = write_site(tmp_path / "off", files, config)

    on, off = _build(with_passes, passes=True), _build(without, passes=False)

    assert on.returncode == 0, on.stderr
    assert off.returncode == 0, off.stderr
    assert "looks like a formula but was not typeset" in on.stderr
    assert "looks like a formula but was not typeset" not in off.stderr
    page = "blog/2024/08/17/passes/index.html"
    on_html = (with_passes / "site" / page).read_text(encoding="utf-8")
    off_html = (without / "site" / page).read_text(encoding="utf-8")
    assert '<span id="more"></span>' in on_html  # Hexo's marker, read by the excerpt rules
    assert '<span id="more"></span>' not in off_html
    differ = instructions.same_site(with_passes / "site", without / "site")
    assert page in differ
    assert "blog/index.html" in differ  # the excerpt is cut at the marker only with the passes
    # The math itself is typeset either way: only the passes are off.
    assert on_html.count('class="katex"') == off_html.count('class="katex"') >= 1


def test_the_launcher_finds_every_pass_it_names() -> None:
    result = subprocess.run(
        [sys.executable, str(LAUNCHER), "--version"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "mkdocs, version" in result.stdout


def test_same_site_compares_gzip_files_by_content(tmp_path: Path) -> None:
    one, other = tmp_path / "one", tmp_path / "other"
    for site, mtime in ((one, 1), (other, 2)):
        site.mkdir()
        (site / "sitemap.xml.gz").write_bytes(gzip.compress(b"<urlset/>", mtime=mtime))
        (site / "index.html").write_text("same", encoding="utf-8")
    (one / "only-here.html").write_text("x", encoding="utf-8")

    assert instructions.same_site(one, other) == ["only-here.html"]
    (other / "index.html").write_text("changed", encoding="utf-8")
    assert instructions.same_site(one, other) == ["index.html", "only-here.html"]


def test_the_line_through_exact_counts() -> None:
    intercept, slope, worst = instructions.fit([10, 50, 200], [1_100, 1_500, 3_000])
    assert intercept == pytest.approx(1_000)
    assert slope == pytest.approx(10)
    assert worst == pytest.approx(0, abs=1e-12)
    _, _, bent = instructions.fit([10, 50, 200], [1_100, 1_600, 3_000])
    assert bent > 0.01

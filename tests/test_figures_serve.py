"""``mkdocs serve`` with generated figures: prose edits redraw nothing, generator edits redraw only theirs,
a broken generator never stops the server."""

from __future__ import annotations

import os
import re
import signal
import time
from typing import TYPE_CHECKING

import pytest
from conftest import fetch, start_mkdocs_serve, write_site
from test_figures_build import OTHER, POST, _config, _files

if TYPE_CHECKING:
    import subprocess
    from pathlib import Path


class _Log:
    """The server's stderr, read by a background reader into a list of lines."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        import threading

        self.lines: list[str] = []
        assert process.stderr is not None
        self.stream = process.stderr
        self.reader = threading.Thread(target=lambda: self.lines.extend(iter(self.stream.readline, "")))
        self.reader.start()

    def close(self) -> None:
        """After the process ended: let the reader reach end of file, then close the pipe."""
        self.reader.join(timeout=30)
        self.stream.close()

    def figure_lines(self) -> list[str]:
        return [m.group(0) for line in list(self.lines) if (m := re.search(r"Figures: .*", line))]

    def wait_for(self, text: str, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if any(text in line for line in list(self.lines)):
                return
            time.sleep(0.2)
        raise AssertionError(f"never logged {text!r}; log: {''.join(self.lines)[-3000:]}")

    def wait_for_figure_line(self, count: int, seconds: float = 90) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            lines = self.figure_lines()
            if len(lines) >= count:
                return lines[count - 1]
            time.sleep(0.2)
        raise AssertionError(f"no figure line #{count}; log: {''.join(self.lines)[-3000:]}")


@pytest.mark.slow
def test_serve_redraws_only_what_changed_and_survives_a_broken_generator(tmp_path: Path) -> None:
    root = write_site(tmp_path / "p", _files(), _config())
    server, port = start_mkdocs_serve(root)
    log = _Log(server)
    base = f"http://127.0.0.1:{port}"
    try:
        assert log.wait_for_figure_line(1).startswith("Figures: 2 (0 cached, 2 rendered)")
        log.wait_for("Serving on")  # the watchers are set up

        post = root / "docs" / "blog" / "posts" / "post.md"
        post.write_text(POST.replace("Some prose.", "Edited prose."), encoding="utf-8")
        assert log.wait_for_figure_line(2).startswith("Figures: 2 (2 cached, 0 rendered)")

        # figures/ is outside docs/: watched because generators live there
        (root / "figures" / "other.py").write_text(OTHER.replace("[1, 0]", "[1, 0.25]"), encoding="utf-8")
        assert log.wait_for_figure_line(3).startswith("Figures: 2 (1 cached, 1 rendered)")
        time.sleep(1)
        # Drawn while the rebuild wrote the pages: the served page has the figure's size, no stand-in.
        page = fetch(f"{base}/blog/2024/08/17/post/")
        assert "line.light.svg" in page and "zigzag-pending" not in page
        assert page.count('width="614" height="384"') == 4

        (root / "figures" / "other.py").write_text("def line(fig, theme):\n    1 / 0\n", encoding="utf-8")
        assert log.wait_for_figure_line(4).startswith("Figures: 2 (1 cached, 0 rendered, 1 failed)")
        assert any("ZeroDivisionError" in line and "post.md:12" in line for line in log.lines)
        time.sleep(1)
        assert "Figure not generated" in fetch(f"{base}/blog/post/line.light.svg")  # the placeholder
        assert "<svg" in fetch(f"{base}/blog/post/curve.light.svg")

        # a prose edit does not retry the broken generator: it is reported again from memory
        post.write_text(POST.replace("Some prose.", "Prose, edited twice."), encoding="utf-8")
        assert log.wait_for_figure_line(5).startswith("Figures: 2 (1 cached, 0 rendered, 1 failed)")
        not_retried = "failed (not retried: its generator's folder has not changed)"
        assert any(not_retried in line for line in log.lines)

        (root / "figures" / "other.py").write_text(OTHER, encoding="utf-8")  # fixed
        assert log.wait_for_figure_line(6).startswith("Figures: 2 (2 cached, 0 rendered)")
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=30)
        log.close()
    assert "Traceback" not in "".join(log.lines)

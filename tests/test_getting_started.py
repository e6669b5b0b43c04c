"""docs/getting-started.md, followed literally in an empty folder, gives a blog whose `/` answers 200.

Every ``sh`` block is run line by line, in order, and every block with ``title="path"`` is written to that
path, as a reader would. Only what cannot run here has a stand-in, checked rather than skipped:

* ``git clone "$REPO" mkdocs-zigzag``: a copy of this project (with KaTeX's files, so no network);
* ``python3 -m venv .venv``: a link to the virtualenv running the tests;
* ``.venv/bin/pip install X``: that virtualenv already has the plugin; X must exist (a path or a wheel
  the page built) or be the ``git+$REPO`` form;
* ``pip wheel``: run for real, without build isolation (no package index needed);
* ``mkdocs serve``: run on a free port until ``/`` answers, then stopped.
"""

from __future__ import annotations

import glob
import http.server
import os
import re
import shlex
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from functools import partial
from pathlib import Path

import pytest
from conftest import ROOT, copy_project

GUIDE = ROOT / "docs" / "getting-started.md"
FENCE = re.compile(r"^```(?P<lang>\w+)(?P<attrs>[^\n]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
TITLE = re.compile(r'title="(?P<path>[^"]+)"')


def guide_steps(text: str) -> list[tuple[str, str, str]]:
    """``("run", line, "")`` per line of each sh block, ``("write", path, content)`` per titled block."""
    steps: list[tuple[str, str, str]] = []
    for fence in FENCE.finditer(text):
        title = TITLE.search(fence["attrs"])
        if fence["lang"] == "sh":
            steps += [("run", line, "") for line in fence["body"].splitlines() if line.strip()]
        elif title:
            steps.append(("write", title["path"], fence["body"]))
    return steps


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


class Reader:
    """Runs the guide's steps in *folder*, with the stand-ins the module docstring lists."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.venv_bin = Path(sys.executable).parent
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),  # this checkout's plugin, whatever the venv has installed
            "NO_MKDOCS_2_WARNING": "1",
            "REPO": "https://example.org/mkdocs-zigzag.git",
        }
        self.served: list[int] = []

    def run(self, line: str) -> None:
        words = shlex.split(line, comments=True)
        if words[:2] == ["git", "clone"]:
            assert words[2:] == ["$REPO", "mkdocs-zigzag"], line
            copy_project(self.folder / "mkdocs-zigzag", with_shipped=True)
        elif words == ["python3", "-m", "venv", ".venv"]:
            if not (self.folder / ".venv").exists():
                (self.folder / ".venv").symlink_to(self.venv_bin.parent, target_is_directory=True)
        elif words[:2] == [".venv/bin/pip", "install"]:
            self._check_install(words[2:])
        elif words[:2] == [".venv/bin/pip", "wheel"]:
            self._bash(shlex.join([words[0], "wheel", "--no-build-isolation", *words[2:]]))
        elif words[:2] == [".venv/bin/mkdocs", "serve"]:
            self._serve(words)
        else:
            self._bash(line)

    def _check_install(self, arguments: list[str]) -> None:
        (target,) = arguments
        if target.startswith("mkdocs-zigzag @ git+"):
            assert target == "mkdocs-zigzag @ git+$REPO"
        else:
            assert glob.glob(str(self.folder / target)), f"pip install {target}: nothing there"

    def _bash(self, line: str) -> None:
        result = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", line],
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, f"{line}\n{result.stdout}\n{result.stderr}"

    def _serve(self, words: list[str]) -> None:
        port = _free_port()
        server = subprocess.Popen(
            [*words, "--dev-addr", f"127.0.0.1:{port}"],
            cwd=self.folder,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 120
            status = 0
            while time.monotonic() < deadline and server.poll() is None:
                try:
                    status, _ = _get(f"http://127.0.0.1:{port}/")
                except OSError:
                    time.sleep(0.5)
                    continue
                break
            assert status == 200, f"mkdocs serve: / answered {status}"
            self.served.append(status)
        finally:
            server.terminate()
            server.communicate(timeout=30)


def test_the_guide_has_the_steps_a_reader_needs() -> None:
    steps = guide_steps(GUIDE.read_text(encoding="utf-8"))
    written = [path for kind, path, _ in steps if kind == "write"]
    assert written == ["mkdocs.yml", "docs/index.md", "docs/blog/index.md", "docs/blog/posts/hello.md"]
    commands = [command for kind, command, _ in steps if kind == "run"]
    assert [c.split("#")[0].strip() for c in commands if "mkdocs" in c.split()[0]] == [
        ".venv/bin/mkdocs build --strict",
        ".venv/bin/mkdocs serve",
    ]
    assert not [c for c in commands if re.search(r"pip install mkdocs-zigzag\b(?! @)", c)]  # not on PyPI


@pytest.mark.slow
def test_following_the_guide_gives_a_site_that_answers_at_its_root(tmp_path: Path) -> None:
    reader = Reader(tmp_path)
    docs_before: dict[str, bytes] | None = None
    for kind, what, content in guide_steps(GUIDE.read_text(encoding="utf-8")):
        if kind == "write":
            path = tmp_path / what
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            continue
        if "mkdocs" in what.split()[0] and docs_before is None:
            docs_before = {
                p.as_posix(): p.read_bytes() for p in (tmp_path / "docs").rglob("*") if p.is_file()
            }
        reader.run(what)

    assert reader.served == [200]
    assert list((tmp_path / "wheels").glob("mkdocs_zigzag-*.whl"))
    # Nothing was written into docs/ by either command (Material's blog would, without docs/blog/index.md).
    after = {p.as_posix(): p.read_bytes() for p in (tmp_path / "docs").rglob("*") if p.is_file()}
    assert after == docs_before

    site = tmp_path / "site"
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        status, home = _get(base + "/")
        assert status == 200
        assert "Notes on machine learning." in home
        status, blog = _get(base + "/blog/")
        assert status == 200
        assert "Hello, world" in blog
        status, post = _get(base + "/blog/2024/08/17/hello/")  # Hexo's :title is the file name
        assert status == 200
        assert post.count('class="katex"') == 2
    finally:
        httpd.shutdown()
        httpd.server_close()

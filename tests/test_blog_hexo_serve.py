"""``mkdocs serve`` rebuilds a Hexo post from the author's file, not from the normalized copy."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from typing import TYPE_CHECKING

import pytest
from conftest import ROOT, write_site

if TYPE_CHECKING:
    from pathlib import Path

POST = "---\ntitle: Before edit\ndate: 2024-8-17 12:06:54\ncategories: 机器学习\n---\n\nBody.\n"
INDEX = {"docs/index.md": "# Home\n", "docs/blog/index.md": "# Blog\n", "docs/blog/posts/hello.md": POST}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # 127.0.0.1 only
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in _fetch(url):
            return True
        time.sleep(0.3)
    return False


@pytest.mark.slow
def test_serve_picks_up_an_edit_of_the_original_post(tmp_path: Path) -> None:
    root = write_site(tmp_path / "p", INDEX, {"plugins": ["blog", "zigzag"]})
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/blog/2024/08/17/hello/"
    try:
        assert _wait_for(url, "Before edit", 60), "serve never showed the post"
        post = root / "docs" / "blog" / "posts" / "hello.md"
        post.write_text(POST.replace("Before edit", "After edit"), encoding="utf-8")
        assert _wait_for(url, "After edit", 60), "serve did not rebuild from the edited post"
    finally:
        os.killpg(server.pid, signal.SIGINT)
        _, stderr = server.communicate(timeout=30)
    copy = root / ".cache" / "zigzag" / "posts" / "blog" / "posts" / "hello.md"
    assert "title: After edit" in copy.read_text(encoding="utf-8")
    assert "Traceback" not in stderr.decode("utf-8", "replace")

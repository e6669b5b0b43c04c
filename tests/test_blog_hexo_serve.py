"""``mkdocs serve`` rebuilds a Hexo post from the author's file, not from the normalized copy."""

from __future__ import annotations

import os
import signal
import time
from typing import TYPE_CHECKING

import pytest
from conftest import fetch, start_mkdocs_serve, write_site

if TYPE_CHECKING:
    from pathlib import Path

POST = "---\ntitle: Before edit\ndate: 2024-8-17 12:06:54\ncategories: 机器学习\n---\n\nBody.\n"
INDEX = {"docs/index.md": "# Home\n", "docs/blog/index.md": "# Blog\n", "docs/blog/posts/hello.md": POST}


def _wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.3)
    return False


@pytest.mark.slow
def test_serve_picks_up_an_edit_of_the_original_post(tmp_path: Path) -> None:
    root = write_site(tmp_path / "p", INDEX, {"plugins": ["blog", "zigzag"]})
    server, port = start_mkdocs_serve(root)
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
    assert "Traceback" not in stderr

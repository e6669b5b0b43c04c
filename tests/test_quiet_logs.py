"""jieba's `Building prefix dict …` lines appear only when MkDocs runs verbose (quiet_logs.py)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from conftest import ROOT

from mkdocs_zigzag.quiet_logs import FollowLevel, follow_level, quiet_third_party_logs

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def chatty() -> Iterator[tuple[logging.Logger, logging.Logger, _Collect]]:
    """A DEBUG logger with its own handler (as jieba's), and a leader standing in for MkDocs' logger."""
    logger = logging.getLogger("zigzag-test-chatty")
    leader = logging.getLogger("zigzag-test-leader")
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    handler = _Collect()
    logger.addHandler(handler)
    yield logger, leader, handler
    logger.removeHandler(handler)
    logger.filters.clear()
    leader.setLevel(logging.NOTSET)


def test_records_pass_only_at_the_leaders_level(
    chatty: tuple[logging.Logger, logging.Logger, _Collect],
) -> None:
    logger, leader, handler = chatty
    leader.setLevel(logging.INFO)
    follow_level(logger.name, leader)
    logger.debug("Building prefix dict")
    logger.warning("Dump cache file failed.")
    leader.setLevel(logging.DEBUG)  # `mkdocs build -v`: the leader's level is read for each record
    logger.debug("Loading model from cache")
    assert handler.messages == ["Dump cache file failed.", "Loading model from cache"]


def test_following_twice_adds_one_filter_and_takes_the_new_leader(
    chatty: tuple[logging.Logger, logging.Logger, _Collect],
) -> None:
    logger, leader, _ = chatty
    other = logging.getLogger("zigzag-test-other-leader")
    follow_level(logger.name, leader)
    follow_level(logger.name, other)
    filters = [f for f in logger.filters if isinstance(f, FollowLevel)]
    assert len(filters) == 1
    assert filters[0].leader is other


_JIEBA_RUN = """
import logging, sys
from mkdocs_zigzag.quiet_logs import quiet_third_party_logs
leader = logging.getLogger("mkdocs")
leader.setLevel(getattr(logging, sys.argv[1]))
if sys.argv[2] == "before":   # the filter survives jieba's own setLevel(DEBUG) at import
    quiet_third_party_logs(leader)
import jieba
if sys.argv[2] == "after":    # Material's search plugin imports jieba before any on_config runs
    quiet_third_party_logs(leader)
jieba.initialize()
"""


def _jieba_stderr(level: str, order: str) -> str:
    result = subprocess.run(
        [sys.executable, "-W", "ignore::DeprecationWarning", "-c", _JIEBA_RUN, level, order],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
    )
    return result.stderr


@pytest.mark.parametrize("order", ["before", "after"])
def test_jieba_says_nothing_at_info(order: str) -> None:
    pytest.importorskip("jieba")
    assert _jieba_stderr("INFO", order) == ""


def test_jieba_still_speaks_when_mkdocs_is_verbose() -> None:
    pytest.importorskip("jieba")
    lines = _jieba_stderr("DEBUG", "after").splitlines()
    assert lines[0] == "Building prefix dict from the default dictionary ..."
    assert lines[-1] == "Prefix dict has been built successfully."


def test_without_the_filter_jieba_prints_its_lines() -> None:
    """The problem this module solves: jieba's handler prints DEBUG lines whatever MkDocs' level is."""
    pytest.importorskip("jieba")
    assert "Building prefix dict" in _jieba_stderr("INFO", "never")


def test_jieba_is_the_chatty_logger() -> None:
    jieba = pytest.importorskip("jieba")
    assert jieba.default_logger.name == "jieba"
    logger = logging.getLogger("jieba")
    quiet_third_party_logs(logging.getLogger("mkdocs"))
    added = [f for f in logger.filters if isinstance(f, FollowLevel)]
    for item in added:
        logger.removeFilter(item)
    assert len(added) == 1


@pytest.mark.slow
def test_a_build_with_chinese_search_prints_nothing_of_jieba(tmp_path: Path) -> None:
    """The plugin quiets jieba for the whole build: `mkdocs build` with search `lang: zh` prints no
    `Building prefix dict` (MkDocs' own INFO lines still appear)."""
    pytest.importorskip("jieba")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# 首页\n\n激活函数的输出。\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - search:\n      lang: zh\n  - zigzag\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Documentation built" in result.stderr
    assert "prefix dict" not in result.stderr

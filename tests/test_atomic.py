"""Cache writes are atomic: a reader sees the old bytes or the new, and a failed write leaves no debris."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from mkdocs_zigzag import atomic
from mkdocs_zigzag.atomic import write_atomic

if TYPE_CHECKING:
    from pathlib import Path


def test_write_creates_folders_and_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "entry.json"
    write_atomic(target, b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in target.parent.iterdir()] == ["entry.json"]


def test_a_write_that_fails_midway_keeps_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "entry.json"
    write_atomic(target, b"old")

    def crash(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["entry.json"]

"""The seed post in docs/ is the shared article, byte for byte."""

from __future__ import annotations

import os

import pytest
from conftest import SEED_POST, SHARED


def test_seed_post_is_byte_identical_to_the_shared_article() -> None:
    original = SHARED / "article" / "zero-centered-activation.md"
    if not original.exists() and not os.environ.get("CI"):
        pytest.skip(f"{original} is not on this machine (CI always has it)")
    assert SEED_POST.read_bytes() == original.read_bytes()

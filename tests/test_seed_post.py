"""The seed post in docs/ is the shared article, byte for byte."""

from __future__ import annotations

from conftest import SEED_POST, SHARED


def test_seed_post_is_byte_identical_to_the_shared_article() -> None:
    original = SHARED / "article" / "zero-centered-activation.md"
    assert SEED_POST.read_bytes() == original.read_bytes()

"""Quoting a figure's numbers in a page: ``{% zigzag_number <image> <key> <format> %}``."""

from __future__ import annotations

import re

import pytest

from mkdocs_zigzag.figures.numbers import NumberError, format_number, parse_number_args

SUMMARY = {"centred.median_steps": 17.0, "positive.same_sign_share": 1.0, "steps_ratio": 5.588, "n": 3}


@pytest.mark.parametrize(
    ("key", "spec", "text"),
    [
        ("steps_ratio", ".1f", "5.6"),
        ("positive.same_sign_share", ".1%", "100.0%"),
        ("centred.median_steps", "d", "17"),
        ("centred.median_steps", "g", "17"),
        ("n", "d", "3"),
        ("steps_ratio", ".3g", "5.59"),
    ],
)
def test_numbers_are_formatted_with_python_format_specs(key: str, spec: str, text: str) -> None:
    assert format_number(SUMMARY, key, spec, image="fig.png") == text


def test_an_unknown_key_names_close_ones() -> None:
    with pytest.raises(NumberError) as caught:
        format_number(SUMMARY, "step_ratio", ".1f", image="fig.png")
    assert caught.value.message == "the summary of 'fig.png' has no number 'step_ratio'."
    assert caught.value.fix.startswith("Did you mean 'steps_ratio'? Its keys: centred.median_steps, n,")


def test_a_format_that_does_not_apply_is_reported() -> None:
    with pytest.raises(NumberError, match=re.escape("format 'd' does not apply to 'steps_ratio' = 5.588")):
        format_number(SUMMARY, "steps_ratio", "d", image="fig.png")


def test_three_arguments_are_required() -> None:
    assert parse_number_args(["fig.png", "n", "d"]) == ("fig.png", "n", "d")
    with pytest.raises(NumberError, match="zigzag_number takes 3 arguments, got 2"):
        parse_number_args(["fig.png", "n"])


@pytest.mark.parametrize("spec", ["100000000", ".101f", "1" * 5000 + "d", "200.2f"])
def test_a_format_asking_for_a_huge_width_or_precision_is_refused(spec: str) -> None:
    # Attack (issue 15 item 4): {% zigzag_number f.png key 100000000 %} wrote a 100 MB page.
    with pytest.raises(NumberError) as caught:
        parse_number_args(["fig.png", "n", spec])
    assert caught.value.message == f"the format {spec!r} asks for more than 100 characters."
    assert parse_number_args(["fig.png", "n", "100.100f"])[2] == "100.100f"

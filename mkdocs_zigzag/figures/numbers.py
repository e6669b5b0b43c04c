"""Numbers a page quotes from a generated figure's summary: ``{% zigzag_number fig.png key .3g %}``.

A generator's ``summarize`` writes the numbers behind a figure as JSON beside it; a page quotes them by
the image name (in the page's asset folder), the key, and a Python format spec, so prose and figure
cannot drift apart. This module reads and formats; the tag itself is registered by the plugin.
"""

from __future__ import annotations

import difflib
import json
import re
from html import escape
from typing import TYPE_CHECKING, Any

from mkdocs_zigzag.diagnostics import LocatedError

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

MAX_SPEC_NUMBER = 100
"""The largest width or precision a format spec may ask for."""

USAGE = "{% zigzag_number <image> <key> <format> %}, e.g. {% zigzag_number fig.png steps_ratio .1f %}"


class NumberError(LocatedError):
    """A quote that cannot be resolved: *message* says what is wrong, *fix* how to fix it."""


def read_summary(path: str) -> dict[str, Any]:
    """The JSON summary written beside a figure."""
    try:
        with open(path, encoding="utf-8") as handle:
            summary = json.load(handle)
    except (OSError, ValueError) as error:  # the cache deleted or damaged during the build
        raise NumberError(
            f"the figure's summary {path} cannot be read ({getattr(error, 'strerror', None) or error}).",
            "Build again: the figure is drawn again when its cache entry is missing or damaged.",
        ) from None
    if not isinstance(summary, dict):
        raise NumberError("the figure's summary is not a JSON object.", "Return a dict from summarize().")
    return summary


def parse_number_args(args: Sequence[str]) -> tuple[str, str, str]:
    """``(image, key, format)`` from the tag's arguments; :class:`NumberError` unless there are three."""
    if len(args) != 3:
        raise NumberError(f"zigzag_number takes 3 arguments, got {len(args)}.", f"Write {USAGE}.")
    image, key, spec = args
    # A width or precision is a count of characters: "100000000" would write a 100 MB page.
    if any(len(run) > 6 or int(run) > MAX_SPEC_NUMBER for run in re.findall(r"\d+", spec)):
        raise NumberError(
            f"the format {spec!r} asks for more than {MAX_SPEC_NUMBER} characters.",
            f"Use a width and precision up to {MAX_SPEC_NUMBER}, e.g. .3g or 8.2f.",
        )
    return image, key, spec


def format_number(summary: Mapping[str, Any], key: str, spec: str, *, image: str) -> str:
    """``format(summary[key], spec)``, HTML-escaped; :class:`NumberError` naming close keys if unknown."""
    if key not in summary:
        close = difflib.get_close_matches(key, list(summary), n=3)
        hint = f"Did you mean {', '.join(map(repr, close))}?" if close else ""
        known = ", ".join(sorted(summary)[:12]) + (", …" if len(summary) > 12 else "")
        raise NumberError(
            f"the summary of '{image}' has no number {key!r}.",
            f"{hint} Its keys: {known}.".strip(),
        )
    value = summary[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise NumberError(
            f"{key!r} in the summary of '{image}' is not a number ({value!r}).", "Quote a number."
        )
    if isinstance(value, float) and value.is_integer() and spec.endswith(("d", "n")):
        value = int(value)  # JSON keeps 95.0 for a count computed as a float
    try:
        return escape(format(value, spec))
    except ValueError as error:
        raise NumberError(
            f"format {spec!r} does not apply to {key!r} = {value!r}: {error}.",
            "Use a Python format spec such as .3g, .1f, .1% or d.",
        ) from None

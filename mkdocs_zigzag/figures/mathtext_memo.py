"""One mathtext parse per distinct label in a worker, instead of one per label per saved file.

matplotlib caches ``MathTextParser._parse_cached`` with an ``lru_cache`` keyed on the parser *instance*,
and every renderer makes its own parser (``RendererBase._text2path``, ``RendererAgg.mathtext_parser``).
Each ``savefig`` therefore parses every ``$…$`` label again, two or three times (constrained layout
measures with one renderer, the file is drawn by another): for the seed post's figures that was about
40% of the time spent saving them (pyparsing, ~10 ms per label; matplotlib issue #20821).

:func:`share_parses` replaces that method in the worker process by one shared memo, bounded in bytes.
The key is matplotlib's own (the text, dpi, a copy of the font properties, antialiasing, glyph loading
flags) plus the parser's output type and the ``mathtext.*`` and ``font.*`` rcParams the parse reads, so a
generator that changes them between figures never gets another figure's layout. The parse result is the
same object matplotlib would have built, and the saved bytes are identical (tested).
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from typing import Any

BUDGET_BYTES = 64 * 2**20
"""What the memo may hold per worker. A vector parse is a short glyph list (counted as 1 KB); a raster
one carries the label's bitmap: ~4 KB at 100 dpi, ~0.5 MB at 1200 dpi (``figures_dpi``'s maximum)."""

_RC_PREFIXES = ("mathtext.", "font.")


def share_parses() -> bool:
    """Install the shared memo (once per process); False when this matplotlib has no such method."""
    from matplotlib import mathtext

    parser_class = mathtext.MathTextParser
    current = parser_class.__dict__.get("_parse_cached")
    if getattr(current, "zigzag_shared", False):
        return True
    parse = getattr(current, "__wrapped__", None)  # the lru_cache'd function matplotlib defines
    if parse is None:
        return False
    parser_class._parse_cached = _shared(parse)  # type: ignore[attr-defined]
    return True


def _shared(parse: Any) -> Any:
    import matplotlib

    memo: OrderedDict[tuple[Any, ...], tuple[Any, int]] = OrderedDict()
    held = 0

    @functools.wraps(parse)
    def parse_cached(self: Any, s: str, dpi: float, prop: Any, antialiased: bool, flags: Any) -> Any:
        nonlocal held
        # dict.items: RcParams.items() validates each value again (ten times slower).
        settings = dict.items(matplotlib.rcParams)
        rc = tuple((name, repr(value)) for name, value in settings if name.startswith(_RC_PREFIXES))
        key = (getattr(self, "_output_type", None), s, dpi, prop, antialiased, flags, rc)
        try:
            memo.move_to_end(key)
            return memo[key][0]
        except KeyError:
            pass
        result = parse(self, s, dpi, prop, antialiased, flags)
        weight = 1024 + int(getattr(getattr(result, "image", None), "nbytes", 0))
        memo[key] = (result, weight)
        held += weight
        while held > BUDGET_BYTES and len(memo) > 1:  # least recently used first
            held -= memo.popitem(last=False)[1][1]
        return result

    def clear() -> None:
        nonlocal held
        memo.clear()
        held = 0

    parse_cached.zigzag_shared = True  # type: ignore[attr-defined]
    parse_cached.cache_clear = clear  # type: ignore[attr-defined]
    return parse_cached

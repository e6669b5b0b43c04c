"""A page's formulas in, their results out: cache first, then one engine call for all the misses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs_zigzag.katex.cache import FormulaCache, formula_key

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path

    from mkdocs_zigzag.katex.engine import Formula, KatexEngine, KatexOptions, Rendered


class MathRenderer:
    """Typesets pages' formulas through a :class:`FormulaCache`, starting KaTeX only on a cache miss.

    *engine_factory* is called at most once, on the first miss; a build whose formulas are all cached
    never calls it (so V8 is never started).
    """

    def __init__(
        self,
        katex_version: str,
        engine_factory: Callable[[], KatexEngine],
        cache_dir: Path | None = None,
    ) -> None:
        self.katex_version = katex_version
        self.cache = FormulaCache(cache_dir)
        self._engine_factory = engine_factory
        self.engine: KatexEngine | None = None
        self.last_typeset = 0
        """How many formulas the last :meth:`render_page` sent to KaTeX (the rest came from the cache)."""

    def render_page(
        self, formulas: Sequence[Formula], options: KatexOptions, page_id: str | None = None
    ) -> list[Rendered]:
        """Results for *formulas* in order; *page_id* names the page's disk-cache file (None: memory only)."""
        if page_id is not None:
            self.cache.load_page(page_id)
        digest = options.digest()
        keys = [formula_key(f, digest, self.katex_version) for f in formulas]
        # This page's results held here: the cache's memory may drop them (a page larger than its limit).
        found: dict[str, Rendered] = {}
        missing: dict[str, Formula] = {}
        for key, formula in zip(keys, formulas, strict=True):
            cached = found.get(key) or self.cache.get(key)
            if cached is None:
                missing.setdefault(key, formula)
            else:
                found[key] = cached
        self.last_typeset = len(missing)
        timed_out: dict[str, Rendered] = {}
        if missing:
            if self.engine is None:
                self.engine = self._engine_factory()
            rendered_missing = self.engine.render(list(missing.values()), options)
            for key, rendered in zip(missing, rendered_missing, strict=True):
                if rendered.timed_out:  # never cached: a faster machine or a larger katex_timeout may do it
                    timed_out[key] = rendered
                else:
                    self.cache.put(key, rendered)
                    found[key] = rendered
        results = [timed_out.get(key) or found.get(key) for key in keys]
        if page_id is not None:
            self.cache.save_page(page_id, keys, found)
        return [r for r in results if r is not None]

    def close(self) -> None:
        """Stop the engine, if it was started."""
        if self.engine is not None:
            self.engine.close()
            self.engine = None

"""KaTeX running in-process in V8 (mini-racer): a page's formulas typeset in one call.

The V8 context is created on the first formula that is not cached, so a warm build never starts it.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from hashlib import sha256
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from mkdocs_zigzag.katex.assets import KatexAssets

# Runs inside V8 next to katex.min.js. Each formula is typeset with throwOnError so that an invalid
# one yields KaTeX's own message; the try/catch keeps one bad formula from failing the page's batch.
# Macros are copied per formula: a \gdef in one formula must not change another (the cache keys a
# formula on its own text). A formula's preamble (the definitions earlier formulas of its page made,
# separated by NUL) is run first, one definition at a time and with globalGroup so that \newcommand
# outlives it, into that formula's copy of the macros.
# `trust` and `strict` become functions that record what KaTeX refused.
_BATCH_JS = r"""
function zigzagRenderBatch(items, options) {
  return items.map(function (item) {
    var warnings = [];
    var macros = Object.assign({}, options.macros);
    (item[2] ? item[2].split("\u0000") : []).forEach(function (definition) {
      try {
        katex.renderToString(definition, Object.assign({}, options, {
          displayMode: false, throwOnError: true, globalGroup: true, macros: macros, strict: "ignore",
        }));
      } catch (error) {
        // A broken definition is reported where it is written, by its own formula; the others still count.
      }
    });
    var opts = Object.assign({}, options, {
      displayMode: item[1],
      throwOnError: true,
      macros: macros,
    });
    if (!options.trust) {
      opts.trust = function (context) {
        warnings.push("untrusted:" + context.command);
        return false;
      };
    }
    if (options.strict === "warn") {
      opts.strict = function (code, message) {
        warnings.push("strict:" + message + " [" + code + "]");
        return "ignore";
      };
    }
    try {
      return {html: katex.renderToString(item[0], opts), warnings: warnings};
    } catch (error) {
      return {error: String(error && error.message ? error.message : error), warnings: warnings};
    }
  });
}
"""

ENGINE_SCHEMA = "1"
"""Bumped whenever the HTML this module produces for the same input changes (part of every cache key)."""


@dataclass(frozen=True)
class KatexOptions:
    """The KaTeX settings a site chooses; every one of them is part of the cache key except the timeout."""

    macros: tuple[tuple[str, str], ...] = ()
    trust: bool = False
    max_size: float = 500.0
    max_expand: int = 1000
    output: str = "htmlAndMathml"
    strict: str = "ignore"
    fleqn: bool = False
    leqno: bool = False
    min_rule_thickness: float | None = None
    timeout: float = 5.0

    @classmethod
    def build(cls, macros: Mapping[str, str] | None = None, **kwargs: Any) -> KatexOptions:
        """Options with *macros* given as a mapping (stored sorted, so equal settings hash equally)."""
        return cls(macros=tuple(sorted((macros or {}).items())), **kwargs)

    def to_js(self) -> dict[str, Any]:
        """The options object handed to ``katex.renderToString`` (minus ``displayMode``)."""
        options: dict[str, Any] = {
            "macros": dict(self.macros),
            "trust": self.trust,
            "maxSize": self.max_size,
            "maxExpand": self.max_expand,
            "output": self.output,
            "strict": self.strict,
            "fleqn": self.fleqn,
            "leqno": self.leqno,
        }
        if self.min_rule_thickness is not None:
            options["minRuleThickness"] = self.min_rule_thickness
        return options

    def digest(self) -> str:
        """A short digest of everything that changes the rendered HTML."""
        text = json.dumps([ENGINE_SCHEMA, self.to_js()], sort_keys=True, ensure_ascii=False)
        return sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Formula:
    """One formula to typeset."""

    tex: str
    display: bool
    preamble: str = ""
    """Macro definitions made by earlier formulas of the page (``\\newcommand…``), in effect for this one."""


@dataclass(frozen=True)
class Rendered:
    """KaTeX's answer for one formula: its HTML, or the error message KaTeX gave."""

    html: str | None = None
    error: str | None = None
    untrusted: tuple[str, ...] = ()
    """Commands KaTeX refused because ``trust`` is off (rendered as plain red text)."""
    strict: tuple[str, ...] = field(default=())
    """KaTeX's strict-mode complaints, when ``strict`` is ``"warn"``."""

    @classmethod
    def from_js(cls, answer: Mapping[str, Any]) -> Rendered:
        """Build from one item of ``zigzagRenderBatch``'s result."""
        warnings = [str(w).split(":", 1) for w in answer.get("warnings", [])]
        return cls(
            html=answer.get("html"),
            error=answer.get("error"),
            untrusted=tuple(dict.fromkeys(text for kind, text in warnings if kind == "untrusted")),
            strict=tuple(text for kind, text in warnings if kind == "strict"),
        )

    def to_json(self) -> dict[str, Any]:
        """A JSON-able form for the disk cache."""
        data: dict[str, Any] = {"html": self.html} if self.html is not None else {"error": self.error}
        if self.untrusted:
            data["untrusted"] = list(self.untrusted)
        if self.strict:
            data["strict"] = list(self.strict)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Rendered:
        """Inverse of :meth:`to_json`."""
        return cls(
            html=data.get("html"),
            error=data.get("error"),
            untrusted=tuple(data.get("untrusted", ())),
            strict=tuple(data.get("strict", ())),
        )


class KatexEngine:
    """KaTeX in a V8 context that is started on first use and kept for the life of the plugin."""

    def __init__(self, assets: KatexAssets) -> None:
        self.assets = assets
        self.version = assets.version
        self._context: Any = None
        # mkdocs serve rebuilds in a worker thread; V8 contexts must not be entered concurrently.
        self._lock = threading.Lock()

    @property
    def started(self) -> bool:
        """Whether V8 has been started."""
        return self._context is not None

    def _ensure_context(self) -> Any:
        if self._context is None:
            from concurrent.futures import ThreadPoolExecutor

            from py_mini_racer import MiniRacer

            # mini-racer adopts the asyncio loop running in the calling thread, if any (Playwright's sync
            # API, Jupyter), and then refuses call timeouts. Made in a thread with no loop, the context
            # runs its own loop thread and works from any thread.
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="zigzag-katex") as pool:
                context = pool.submit(MiniRacer).result()
            context.eval(self.assets.script.read_text(encoding="utf-8"))
            context.eval(_BATCH_JS)
            self._context = context
        return self._context

    def render(self, formulas: Sequence[Formula], options: KatexOptions) -> list[Rendered]:
        """Typeset *formulas* in one V8 call (one call each only if the batch ran out of time)."""
        if not formulas:
            return []
        from py_mini_racer import JSTimeoutException

        with self._lock:
            context = self._ensure_context()
            js_options = options.to_js()
            try:
                return self._call(context, formulas, js_options, options.timeout)
            except JSTimeoutException:
                if len(formulas) == 1:
                    return [self._timed_out(options)]
            # Find the formula that is too slow, so the others still render and the culprit is named.
            results = []
            for formula in formulas:
                try:
                    results.extend(self._call(context, [formula], js_options, options.timeout))
                except JSTimeoutException:
                    results.append(self._timed_out(options))
            return results

    @staticmethod
    def _call(
        context: Any, formulas: Sequence[Formula], js_options: dict[str, Any], timeout: float
    ) -> list[Rendered]:
        items = [[f.tex, f.display, f.preamble] for f in formulas]
        answers = context.call("zigzagRenderBatch", items, js_options, timeout_sec=timeout)
        return [Rendered.from_js(answer) for answer in answers]

    @staticmethod
    def _timed_out(options: KatexOptions) -> Rendered:
        return Rendered(error=f"KaTeX did not finish within {options.timeout:g} s (option katex_timeout)")

    def close(self) -> None:
        """Stop V8 (a later render starts it again)."""
        with self._lock:
            if self._context is not None:
                self._context.close()
                self._context = None

"""KaTeX running in-process in V8 (mini-racer): a page's formulas typeset in one call.

The V8 context is created on the first formula that is not cached, so a warm build never starts it.
"""

from __future__ import annotations

import json
import queue
import threading
import weakref
from concurrent.futures import Future
from dataclasses import dataclass, field
from hashlib import sha256
from typing import TYPE_CHECKING, Any

from mkdocs_zigzag.katex.assets import REINSTALL, KatexUnavailable

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
# zigzagDone keeps the answers so far: when the time runs out, they are read back and the formula being
# typeset then is the slow one.
_BATCH_JS = r"""
var zigzagDone = [];
function zigzagRenderBatch(items, options) {
  zigzagDone = [];
  items.forEach(function (item) {
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
      zigzagDone.push({html: katex.renderToString(item[0], opts), warnings: warnings});
    } catch (error) {
      zigzagDone.push({error: String(error && error.message ? error.message : error), warnings: warnings});
    }
  });
  return zigzagDone;
}
"""

TIMEOUT_ERROR = "KaTeX did not finish within"
"""How a formula that ran out of time is reported (a cache written by older versions may hold it)."""

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
    timed_out: bool = False
    """The page's time ran out (option ``katex_timeout``): never cached, the next build tries again."""

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


def refuse_an_address_space_limit_v8_cannot_start_under() -> None:
    """:class:`KatexUnavailable` when this process's address-space limit (``ulimit -v``) stops V8.

    V8 reserves (maps, without using) about 1 TB of virtual address space when it starts, and under a
    smaller limit it aborts the whole process with no message, taking the build down. Under a limit,
    a child process tries first: it dies, not the build. No limit (the usual case): nothing to check.
    """
    try:
        import resource
    except ImportError:  # not POSIX: no such limit
        return
    soft, _hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY:
        return
    import subprocess
    import sys

    probe = "from py_mini_racer import MiniRacer\nMiniRacer().eval('1')\nimport os\nos._exit(0)\n"
    try:
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return  # no verdict: try in this process, as without a limit
    if done.returncode == 0:
        return
    raise KatexUnavailable(
        f"KaTeX cannot start under this process's address-space limit of {_size(soft)} (`ulimit -v`, "
        "RLIMIT_AS): its JavaScript engine (V8) reserves about 1 TB of virtual address space (not memory) "
        "and aborts below that. Remove the limit for the build (`ulimit -v unlimited`), or limit memory "
        "another way (a cgroup: `docker run --memory`, `systemd-run -p MemoryMax=`)."
    )


def _size(limit: int) -> str:
    """``100 GB`` for a limit in bytes (``ulimit -v`` takes it in KiB)."""
    for unit, size in (("TB", 1 << 40), ("GB", 1 << 30), ("MB", 1 << 20)):
        if limit >= size:
            return f"{limit / size:.4g} {unit}"
    return f"{limit} bytes"


class KatexEngine:
    """KaTeX in a V8 context that is started on first use and kept for the life of the plugin."""

    def __init__(self, assets: KatexAssets) -> None:
        self.assets = assets
        self.version = assets.version
        self._context: Any = None
        self._finalizer: weakref.finalize[Any, KatexEngine] | None = None
        # mkdocs serve rebuilds in a worker thread; V8 contexts must not be entered concurrently.
        self._lock = threading.Lock()

    @property
    def started(self) -> bool:
        """Whether V8 has been started."""
        return self._context is not None

    def start(self) -> KatexEngine:
        """Start V8 with KaTeX now (:class:`KatexUnavailable` when it cannot run here); returns self."""
        with self._lock:
            self._ensure_context()
        return self

    def _ensure_context(self) -> Any:
        if self._context is None:
            from py_mini_racer import MiniRacer

            refuse_an_address_space_limit_v8_cannot_start_under()
            # mini-racer adopts the asyncio loop running in the calling thread, if any (Playwright's sync
            # API, Jupyter), and then refuses call timeouts. Made in a thread with no loop, the context
            # runs its own loop thread and works from any thread. Every context of the process is made
            # and torn down in that one thread: on some hosts (seen on Intel Xeon, mini-racer 0.13-0.14)
            # V8 kills the process with SIGSEGV when an isolate is freed from another thread, or when a
            # second isolate is made in another thread while the first lives.
            owner = _v8_thread()
            context = owner.call(MiniRacer)
            finalizer = weakref.finalize(self, owner.call, context.close)
            try:
                self._load_katex(context)
            except BaseException:
                finalizer()
                raise
            self._context, self._finalizer = context, finalizer
        return self._context

    def _load_katex(self, context: Any) -> None:
        """Run ``katex.min.js`` and the batch function in *context*; :class:`KatexUnavailable` when the
        file is damaged (a truncated or garbled copy gives a JavaScript error, or no ``katex``)."""
        from py_mini_racer import JSEvalException

        path = self.assets.script
        try:
            context.eval(path.read_text(encoding="utf-8"))
            loaded = context.eval("typeof katex === 'object' && typeof katex.renderToString === 'function'")
        except (JSEvalException, UnicodeDecodeError) as error:
            problem = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise KatexUnavailable(
                f"KaTeX's script {path} is damaged (it does not run: {problem[:200]}); {REINSTALL}."
            ) from None
        if loaded is not True:
            raise KatexUnavailable(f"KaTeX's script {path} is damaged (it defines no katex); {REINSTALL}.")
        context.eval(_BATCH_JS)

    def render(self, formulas: Sequence[Formula], options: KatexOptions) -> list[Rendered]:
        """Typeset *formulas* in one V8 call, within ``options.timeout`` (the page's time).

        When the time runs out, the formulas finished by then are kept, the one KaTeX was typesetting is
        reported as too slow, and the rest get one more period; formulas still left when that runs out too
        are reported untypeset. A page costs at most twice the timeout, however many formulas are slow.
        """
        if not formulas:
            return []
        from py_mini_racer import JSTimeoutException

        with self._lock:
            context = self._ensure_context()
            js_options = options.to_js()
            results: list[Rendered] = []
            for _period in range(2):
                try:
                    results.extend(self._call(context, formulas[len(results) :], js_options, options.timeout))
                    return results
                except JSTimeoutException:
                    results.extend(self._done(context))
                    slow = f"{TIMEOUT_ERROR} {options.timeout:g} s (option katex_timeout)"
                    results.append(Rendered(error=slow, timed_out=True))
                if len(results) >= len(formulas):
                    return results[: len(formulas)]
            left = Rendered(
                error="not typeset: slower formulas before it used up the page's time (option "
                f"katex_timeout, {options.timeout:g} s, twice)",
                timed_out=True,
            )
            return results + [left] * (len(formulas) - len(results))

    @staticmethod
    def _call(
        context: Any, formulas: Sequence[Formula], js_options: dict[str, Any], timeout: float
    ) -> list[Rendered]:
        items = [[f.tex, f.display, f.preamble] for f in formulas]
        answers = context.call("zigzagRenderBatch", items, js_options, timeout_sec=timeout)
        return [Rendered.from_js(answer) for answer in answers]

    @staticmethod
    def _done(context: Any) -> list[Rendered]:
        """The answers of the interrupted batch's formulas finished before its time ran out."""
        try:
            answers = json.loads(context.eval("JSON.stringify(zigzagDone)"))
        except Exception:  # V8 refused to answer: the first formula then carries the blame
            return []
        return [Rendered.from_js(answer) for answer in answers] if isinstance(answers, list) else []

    def close(self) -> None:
        """Stop V8 (a later render starts it again)."""
        with self._lock:
            if self._finalizer is not None:
                self._finalizer()  # closes the context in the V8 thread, once
            self._context = self._finalizer = None


class _V8Thread:
    """The one thread of the process that makes and tears down V8 contexts (see ``_ensure_context``).

    A daemon thread: at interpreter exit (``weakref.finalize`` runs then) it is still there to close the
    contexts left open, where an executor's thread would already have been shut down.
    """

    def __init__(self) -> None:
        self._tasks: queue.SimpleQueue[tuple[Any, Future[Any]]] = queue.SimpleQueue()
        threading.Thread(target=self._run, name="zigzag-v8", daemon=True).start()

    def _run(self) -> None:
        while True:
            function, future = self._tasks.get()
            try:
                future.set_result(function())
            except BaseException as error:  # handed to the caller, who raises it
                future.set_exception(error)

    def call(self, function: Any) -> Any:
        """``function()`` run in this thread."""
        future: Future[Any] = Future()
        self._tasks.put((function, future))
        return future.result()


_V8_THREAD: list[_V8Thread] = []
"""The process's V8 thread once started: V8 itself is process-wide state, so this is too."""
_V8_THREAD_LOCK = threading.Lock()


def _v8_thread() -> _V8Thread:
    """The process's V8 thread, started on first use."""
    with _V8_THREAD_LOCK:
        if not _V8_THREAD:
            _V8_THREAD.append(_V8Thread())
        return _V8_THREAD[0]

"""One build's figures: key each, take what the cache has, render the rest, report what happened.

:meth:`FigureEngine.start` is what the plugin calls; the :class:`FigureJob` it returns gives each figure
when it is ready and the build's report. Nothing here imports matplotlib: keys are digests of
source text, parameters, themes and library versions read from package metadata, so a build where every
figure is cached never loads it. Only stale figures go to :class:`~mkdocs_zigzag.figures.render.RenderBatch`.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
import logging
import os
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import mkdocs_zigzag
from mkdocs_zigzag.diagnostics import Diagnostic
from mkdocs_zigzag.figures import api
from mkdocs_zigzag.figures.cache import (
    SUMMARY_FILE,
    CachedFigure,
    FigureCache,
    digest_of,
    file_digest,
    raster_file_name,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from types import FrameType

    from mkdocs_zigzag.figures import render
    from mkdocs_zigzag.figures.registry import FigureSpec


@dataclass(frozen=True)
class FigureOptions:
    """The ``figures_*`` options, as the engine needs them."""

    timeout: float = 120.0
    dpi: int = 100
    formats: tuple[str, ...] = ("svg",)
    cjk_font: str = "auto"
    workers: int = 0
    """Worker processes for stale figures; 0 means one per CPU."""


@dataclass(frozen=True)
class FigureOutput:
    """The files of one figure (rendered or placeholder), by the src_uri each has in the site."""

    spec: FigureSpec
    files: dict[str, str]
    """src_uri → absolute path of the file to publish there."""
    light_uri: str
    dark_uri: str
    width: int
    height: int
    failed: bool = False


PROGRESS_AFTER = 10
"""With more figures than this to draw, each one is logged as it ends (``[3/12] rendered: …``), and the
slowest are listed at the end; with fewer, each is named once in the report."""
SLOWEST_SHOWN = 5


@dataclass
class FigureReport:
    """What one build did with its figures."""

    outputs: list[FigureOutput] = field(default_factory=list)
    diagnostics: list[tuple[str, Diagnostic]] = field(default_factory=list)
    """``(post src_uri, diagnostic)`` for every figure that could not be drawn."""
    cached: int = 0
    rendered: int = 0
    failed: int = 0
    seconds: float = 0.0
    keys: set[str] = field(default_factory=set)
    drawn: list[tuple[str, float]] = field(default_factory=list)
    """``(raster src_uri, seconds)`` of each figure drawn by this build, in the order of the posts."""
    taken: list[str] = field(default_factory=list)
    """Raster src_uris of the figures taken from the cache."""
    progress_shown: bool = False
    """Whether each drawn figure was logged as it ended (then the report lists only the slowest)."""

    def log_lines(self) -> list[tuple[int, str]]:
        """``(logging level, message)`` for the build log: what was taken from the cache (DEBUG), what
        was drawn and how long it took, the summary line, and the slowest figures of a long batch."""
        lines = [(logging.DEBUG, f"cached: {uri}") for uri in self.taken]
        if not self.progress_shown:
            lines += [(logging.INFO, f"rendered: {uri} ({seconds:.2f} s)") for uri, seconds in self.drawn]
        lines.append((logging.INFO, self.summary()))
        if self.progress_shown and self.drawn:
            slowest = sorted(self.drawn, key=lambda drawn: -drawn[1])[:SLOWEST_SHOWN]
            listed = ", ".join(f"{uri} ({seconds:.2f} s)" for uri, seconds in slowest)
            lines.append((logging.INFO, f"slowest figures: {listed}"))
        return lines

    def summary(self) -> str:
        """The build's one info line: how many figures, cached, rendered (and failed), in how long."""
        failed = f", {self.failed} failed" if self.failed else ""
        shared = f", shown as {len(self.outputs)} images" if len(self.outputs) != len(self.keys) else ""
        return (
            f"Figures: {len(self.keys)} ({self.cached} cached, {self.rendered} rendered{failed}) "
            f"in {self.seconds:.2f} s{shared}"
        )


def environment_digest() -> str:
    """Digest of what shapes every figure beyond its generator: library versions and the engine's code."""
    versions: dict[str, str | None] = {}
    for distribution in ("numpy", "matplotlib", "pillow"):
        try:
            versions[distribution] = importlib.metadata.version(distribution)
        except importlib.metadata.PackageNotFoundError:
            versions[distribution] = None
    # The rendering code by file (not imported: a warm build never loads the worker side).
    here = os.path.dirname(api.__file__ or "")
    drawing = ("api.py", "render.py", "cache.py", "mathtext_memo.py")
    engine = {name: file_digest(os.path.join(here, name)) for name in drawing}
    return digest_of(
        {
            "versions": versions,
            "plugin": mkdocs_zigzag.__version__,
            "engine": engine,
            "themes": [dataclasses.asdict(theme) for theme in api.THEMES],
            "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH"),
        }
    )


def build_started_by_a_worker_import() -> tuple[str, int] | None:
    """``(script, line)`` when this code runs while a spawned figure worker imports the main script.

    A ``spawn`` worker imports the parent's main module before its first task. The ``mkdocs`` command and
    console scripts keep their code under ``if __name__ == "__main__":``; a script of the author's own
    that calls MkDocs' Python API at top level would run a second build in each worker, and a build
    starts by emptying ``site_dir``, under the build that started the worker. multiprocessing marks that
    import (``_inheriting``: what its own "bootstrapping phase" check reads); the script is the frame
    running as ``__mp_main__``.
    """
    process = sys.modules.get("multiprocessing.process")  # never imported: no worker either
    if process is None or not getattr(process.current_process(), "_inheriting", False):
        return None
    frame: FrameType | None = sys._getframe()
    while frame is not None and frame.f_globals.get("__name__") != "__mp_main__":
        frame = frame.f_back
    if frame is None:
        return None
    return str(frame.f_globals.get("__file__") or frame.f_code.co_filename), frame.f_lineno


FailureMemory = dict[str, tuple[str, "render.RenderOutcome"]]
"""Figures that failed, by key: the digest of their generator's folder then, and what went wrong."""


class FigureEngine:
    """Figures of a site against one cache folder (``<cache_dir>/figures``).

    *failures* outlives the engine under ``mkdocs serve`` (the plugin keeps it from ``on_startup``): a
    figure that failed is not drawn again while nothing in its generator's folder changed, so a prose
    edit redraws nothing even when a generator is broken. A fresh ``mkdocs build`` retries everything.
    """

    def __init__(
        self, cache_dir: str, config_dir: str, options: FigureOptions, failures: FailureMemory | None = None
    ) -> None:
        self.cache = FigureCache(os.path.join(cache_dir, "figures"))
        self.config_dir = config_dir
        self.options = options
        self.environment = environment_digest()
        self.failures: FailureMemory = {} if failures is None else failures

    def key(self, spec: FigureSpec, source_digest: str) -> str:
        """The cache key of *spec*: generator source and reference, params, output settings, environment."""
        return digest_of(
            {
                "generator": spec.binding.generator.text,
                "source": source_digest,
                "params": spec.binding.params,
                "raster": spec.raster_format,
                "dpi": self.options.dpi,
                "formats": self.options.formats,
                "cjk_font": self.options.cjk_font,
                "environment": self.environment,
            }
        )

    def start(self, specs: Sequence[FigureSpec], progress: Callable[[str], None] | None = None) -> FigureJob:
        """Key *specs*, take what the cache has and start rendering the rest in the background.

        With more than :data:`PROGRESS_AFTER` figures to draw, *progress* gets a line as each one ends
        (from a thread of the worker pool): ``[3/12] rendered: blog/posts/foo/damped.png (0.42 s)``.
        """
        started = time.perf_counter()
        digests: dict[str, str] = {}
        keyed: list[tuple[FigureSpec, str]] = []
        for spec in specs:
            ref = spec.binding.generator
            if ref.text not in digests:
                digests[ref.text] = ref.source_digest()
            keyed.append((spec, self.key(spec, digests[ref.text])))

        # Once per distinct figure: a figure shown on many pages is one entry, hashed once.
        distinct = dict.fromkeys(key for _, key in keyed)
        found: dict[str, CachedFigure | None] = {key: self.cache.lookup(key) for key in distinct}
        tasks = {}
        folders: dict[str, str] = {}
        remembered: dict[str, render.RenderOutcome] = {}
        for spec, key in keyed:
            if found[key] is not None or key in tasks or key in remembered:
                continue
            folders[key] = _folder_digest(spec.binding.generator.source_path())
            failure = self.failures.get(key)
            if failure is not None and failure[0] == folders[key]:
                remembered[key] = dataclasses.replace(failure[1], retried=False)
            else:
                tasks[key] = self._task(spec, key)
        batch = None
        shown: _Progress | None = None
        if tasks:
            from mkdocs_zigzag.figures import render

            if progress is not None and len(tasks) > PROGRESS_AFTER:
                uris = {key: spec.raster_uri for spec, key in reversed(keyed) if key in tasks}
                shown = _Progress(uris, progress)
            batch = render.RenderBatch(
                list(tasks.values()), workers=self.options.workers or _cpus(), on_outcome=shown
            )
        job = FigureJob(self, keyed, found, folders, remembered, batch, started)
        job.progress_shown = shown is not None
        return job

    def prune(self, keys: set[str]) -> list[str]:
        """Remove cache entries this build did not use (unless another build used them lately)."""
        return self.cache.prune(keys)

    def _task(self, spec: FigureSpec, key: str) -> render.RenderTask:
        from mkdocs_zigzag.figures import render

        return render.RenderTask(
            key=key,
            cache_root=self.cache.root,
            generator=spec.binding.generator.text,
            config_dir=self.config_dir,
            params=dict(spec.binding.params),
            raster_format=spec.raster_format or "png",
            dpi=self.options.dpi,
            formats=self.options.formats,
            cjk_font=self.options.cjk_font,
            timeout=self.options.timeout,
        )

    def _variants(self, spec: FigureSpec) -> list[tuple[str, str]]:
        """``(src_uri, role)`` of every themed variant of *spec* (role: the cache's name, ``light.svg``…)."""
        return [
            (spec.variant_uri(theme, fmt), f"{theme}.{fmt}")
            for fmt in self.options.formats
            for theme in ("light", "dark")
        ]

    def variant_uris(self, spec: FigureSpec) -> tuple[str, str]:
        """src_uris of the light and dark variants a page shows (the first of the formats)."""
        shown = self.options.formats[0]
        return spec.variant_uri("light", shown), spec.variant_uri("dark", shown)

    def _output(self, spec: FigureSpec, entry: CachedFigure) -> FigureOutput:
        files = {spec.raster_uri: entry.files["raster"]}
        for src_uri, role in self._variants(spec):
            files[src_uri] = entry.files[role]
        if "summary" in entry.files:
            files[spec.summary_uri] = entry.files["summary"]
        light, dark = self.variant_uris(spec)
        return FigureOutput(spec, files, light, dark, entry.width, entry.height)

    def _placeholder(self, spec: FigureSpec, key: str, outcome: render.RenderOutcome) -> FigureOutput:
        from mkdocs_zigzag.figures import placeholder

        width, height = placeholder.placeholder_size(outcome.figsize, self.options.formats[0])
        written = placeholder.write_placeholder(
            self.cache.failed_folder(key),
            raster_format=spec.raster_format or "png",
            width=width,
            height=height,
            title=spec.asset,
            reason=f"{spec.binding.generator.text}: {outcome.error}",
        )
        files = {spec.raster_uri: written["raster"]}
        for src_uri, role in self._variants(spec):  # at the names a drawn figure would have (pages link them)
            files[src_uri] = written[role if role.endswith(".svg") else "raster"]
        light, dark = self.variant_uris(spec)
        return FigureOutput(spec, files, light, dark, width, height, failed=True)

    def _expected_files(self, spec: FigureSpec, key: str) -> dict[str, str]:
        folder = self.cache.entry_folder(key)
        files = {spec.raster_uri: os.path.join(folder, raster_file_name(spec.raster_format or "png"))}
        for src_uri, role in self._variants(spec):
            files[src_uri] = os.path.join(folder, role)
        files[spec.summary_uri] = os.path.join(folder, SUMMARY_FILE)
        return files

    def _diagnostic(self, spec: FigureSpec, outcome: render.RenderOutcome) -> Diagnostic:
        where = f" (at {outcome.where})" if outcome.where else ""
        again = "" if outcome.retried else " (not retried: its generator's folder has not changed)"
        return Diagnostic(
            spec.line,
            f"figure '{spec.asset}' was not generated: generator '{spec.binding.generator.text}' "
            f"failed{again}: {outcome.error}{where}; a placeholder image is shown instead.",
            outcome.fix,
        )


class FigureJob:
    """One build's figures: cached ones at hand, stale ones rendering in worker processes meanwhile.

    :meth:`output` gives one figure (waiting for it if it is still being drawn); :meth:`finish` waits for
    all and reports. The plugin starts the job when it has read the posts and finishes it after the pages
    are written, so Markdown, KaTeX and the templates run while the figures are drawn.
    """

    def __init__(
        self,
        engine: FigureEngine,
        keyed: list[tuple[FigureSpec, str]],
        found: dict[str, CachedFigure | None],
        folders: dict[str, str],
        remembered: dict[str, render.RenderOutcome],
        batch: render.RenderBatch | None,
        started: float,
    ) -> None:
        self.specs = [spec for spec, _ in keyed]
        self._engine = engine
        self._keyed = keyed
        self._found = found
        self._folders = folders
        self._outcomes: dict[str, render.RenderOutcome] = dict(remembered)
        self._batch = batch
        self._drawn = set(batch.keys) if batch is not None else set()
        self._drawing = set(self._drawn)
        self._started = started
        self._ready_at = time.perf_counter()  # when nothing is drawn: the time it took to check the cache
        self._outputs: dict[int, FigureOutput] = {}
        self._diagnostics: dict[int, tuple[str, Diagnostic]] = {}
        self.progress_shown = False
        """Whether each figure drawn is logged as it ends (set by :meth:`FigureEngine.start`)."""

    def expected_files(self, index: int) -> dict[str, str]:
        """Where the files of figure *index* will be once it is drawn (src_uri → path), summary included
        (a generator without ``summarize`` writes none; :meth:`output` then has no summary)."""
        spec, key = self._keyed[index]
        return self._engine._expected_files(spec, key)

    def ready(self, index: int) -> bool:
        """Whether figure *index* needs no more waiting."""
        return self._keyed[index][1] not in self._drawing

    def output(self, index: int) -> FigureOutput:
        """The files of figure *index*, drawn or placeholder (waits for its render if need be)."""
        if index not in self._outputs:
            spec, key = self._keyed[index]
            self._collect(key)
            entry = self._found.get(key)
            if entry is not None:
                self._outputs[index] = self._engine._output(spec, entry)
            else:
                outcome = self._outcomes.get(key)
                if outcome is None or outcome.error is None:
                    from mkdocs_zigzag.figures.render import RenderOutcome

                    outcome = RenderOutcome(key, error="its cache entry vanished during the build.")
                self._diagnostics[index] = (spec.post, self._engine._diagnostic(spec, outcome))
                self._outputs[index] = self._engine._placeholder(spec, key, outcome)
        return self._outputs[index]

    def finish(self) -> FigureReport:
        """Wait for every figure; the build's report (the workers are shut down)."""
        if self._batch is not None:
            self._batch.finish()
        report = FigureReport(progress_shown=self.progress_shown)
        for index, (spec, key) in enumerate(self._keyed):
            # A figure bound to several pages is drawn once and counted once.
            first_use = key not in report.keys
            report.keys.add(key)
            output = self.output(index)
            report.outputs.append(output)
            entry = self._found.get(key)
            if first_use and entry is not None and entry.non_finite:  # every build, cached or drawn
                report.diagnostics.append((spec.post, _non_finite(spec, entry)))
            if output.failed:
                report.failed += first_use
                report.diagnostics.append(self._diagnostics[index])
            elif first_use and key in self._drawn:
                report.rendered += 1
                report.drawn.append((spec.raster_uri, self._outcomes[key].seconds))
            elif first_use:
                report.cached += 1
                report.taken.append(spec.raster_uri)
        finished = self._batch.finished_at if self._batch is not None else self._ready_at
        report.seconds = (finished if finished is not None else time.perf_counter()) - self._started
        return report

    def stop(self) -> None:
        """Abandon the figures still being drawn (the build ended early)."""
        if self._batch is not None:
            self._batch.stop()

    def _collect(self, key: str) -> None:
        if key not in self._drawing:
            return
        self._drawing.discard(key)
        assert self._batch is not None  # only keys of the batch are ever being drawn
        outcome = self._batch.outcome(key)
        self._outcomes[key] = outcome
        entry = self._engine.cache.lookup(key)
        self._found[key] = entry
        if entry is None:
            self._engine.failures[key] = (self._folders[key], outcome)
        else:
            self._engine.failures.pop(key, None)


def _non_finite(spec: FigureSpec, entry: CachedFigure) -> Diagnostic:
    """The warning for a summary that held NaN or Infinity (published as null: JSON has neither)."""
    places = ", ".join(entry.non_finite[:5]) + (", …" if len(entry.non_finite) > 5 else "")
    return Diagnostic(
        spec.line,
        f"figure '{spec.asset}': summarize() of generator '{spec.binding.generator.text}' returned NaN or "
        f"Infinity at {places}, which JSON cannot hold; the summary has null there.",
        "Return finite numbers (or None) from summarize().",
    )
class _Progress:
    """One line per figure as its drawing ends: ``[3/12] rendered: blog/posts/foo/damped.png (0.42 s)``.

    Called from the worker pool's thread (and the build's, for a figure drawn again alone): counted
    under a lock so no two lines share a number.
    """

    def __init__(self, uris: dict[str, str], emit: Callable[[str], None]) -> None:
        self._uris = uris
        """Key → the raster src_uri it is named by (its first page's)."""
        self._emit = emit
        self._done = 0
        self._lock = threading.Lock()

    def __call__(self, outcome: render.RenderOutcome) -> None:
        with self._lock:
            self._done += 1
            done = self._done
        uri = self._uris.get(outcome.key, outcome.key)
        what = f"rendered: {uri} ({outcome.seconds:.2f} s)" if outcome.error is None else f"failed: {uri}"
        self._emit(f"[{done}/{len(self._uris)}] {what}")


def _folder_digest(source: str | None) -> str:
    """Digest of the Python files beside a generator's source: what a fix of a failure would touch."""
    if source is None:
        return "missing"
    folder = os.path.dirname(source)
    try:
        names = sorted(n for n in os.listdir(folder) if n.endswith(".py"))
    except OSError:
        return "missing"
    return digest_of({name: file_digest(os.path.join(folder, name)) for name in names})


def _cpus() -> int:
    return os.cpu_count() or 1

"""Drawing figures: one generator call per figure, both themes, reproducible bytes, in worker processes.

:func:`render_task` runs in a worker (a ``spawn`` process pool, so it is safe under ``mkdocs serve``'s
threads and on every platform): it imports the generator, validates its parameters, runs the simulation
once, draws the light and dark figures on ``matplotlib.figure.Figure`` objects inside ``rc_context``,
saves SVG + raster with fixed metadata, and commits the result to the cache. Everything it returns is
plain data, so a failure in user code comes back as a message with the innermost frame of that code.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import functools
import hashlib
import importlib
import importlib.util
import inspect
import io
import linecache
import math
import multiprocessing
import os
import re
import shutil
import signal
import sys
import sysconfig
import threading
import time
import traceback
import warnings
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mkdocs_zigzag.diagnostics import LocatedError
from mkdocs_zigzag.figures.api import THEMES, FigureGenerator, Theme, display_size, figsize_problem
from mkdocs_zigzag.figures.cache import (
    NON_FINITE,
    SUMMARY_FILE,
    FigureCache,
    file_digest,
    raster_file_name,
    summary_json,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
    from types import FrameType, ModuleType, TracebackType

    from matplotlib.figure import Figure

STARTUP_GRACE_SECONDS = 60.0
"""Beyond the per-figure limit, how long a worker may take to start (spawn + import matplotlib)."""

_GLYPH_MISSING = re.compile(r"Glyph (\d+) .*missing from font")
_CJK_FONT_NAMES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "SimHei",
    "Noto Sans CJK JP",
    "Noto Serif CJK SC",
)
CJK_FONT_FIX = (
    "Install a CJK font (Debian/Ubuntu: `apt install fonts-noto-cjk`, Fedora: `dnf install "
    "google-noto-sans-cjk-fonts`; macOS and Windows ship one), or set the plugin option `figures_cjk_font` "
    "to the family name of an installed CJK font."
)


@dataclass(frozen=True)
class RenderTask:
    """Everything a worker needs to draw one figure (plain data: it crosses a process boundary)."""

    key: str
    cache_root: str
    generator: str
    """``module:attr`` or ``path/file.py:attr``."""
    config_dir: str
    params: dict[str, Any]
    raster_format: str
    """``jpeg`` or ``png``."""
    dpi: int
    formats: tuple[str, ...]
    """Themed variant formats (``svg``, ``png``)."""
    cjk_font: str
    timeout: float


@dataclass(frozen=True)
class RenderOutcome:
    """What became of a task: committed to the cache, or an error to report."""

    key: str
    error: str | None = None
    """What went wrong (None on success)."""
    where: str | None = None
    """The innermost frame of the generator's own code, ``gen.py:12 in draw: ax.plot(x)``."""
    fix: str = ""
    seconds: float = 0.0
    figsize: tuple[float, float] = (6.4, 4.0)
    pid: int = 0
    """The process that drew it."""
    retried: bool = True
    """False when a failure is reported again from memory rather than from a new attempt."""


class FigureError(LocatedError):
    """A problem with a generator found by the engine (not raised by the generator's code)."""

    def __init__(self, message: str, fix: str = "", where: str | None = None) -> None:
        super().__init__(message, fix)
        self.where = where
        """The place in the generator's code it is about, when there is one."""


class FigureTimeout(BaseException):
    """Raised inside a worker when a figure runs past its time limit (BaseException: user code that
    catches ``Exception`` cannot swallow it)."""


@dataclass(frozen=True)
class _Loaded:
    generator: FigureGenerator
    """The generator (a plain drawing function is wrapped in one with no simulation)."""
    source_file: str
    root: str
    """The folder of the generator's source: frames and dependencies under it are "the user's code"."""


def load_generator(reference: str, config_dir: str) -> _Loaded:
    """Import the generator named by *reference*; :class:`FigureError` when it cannot be used."""
    target, _, attribute = reference.rpartition(":")
    module: ModuleType
    if target.endswith(".py"):
        path = os.path.normpath(os.path.join(config_dir, target))
        if not os.path.isfile(path):
            raise FigureError(
                f"the generator file {target!r} does not exist (looked for {path}).",
                "File references are relative to the folder of mkdocs.yml.",
            )
        name = "zigzag_generator_" + hashlib.sha1(path.encode()).hexdigest()[:12]
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        with _first_on_path(os.path.dirname(path)):  # so the file can import its neighbours
            spec.loader.exec_module(module)
    else:
        try:
            module = importlib.import_module(target)
        except ModuleNotFoundError as error:
            if error.name and target.startswith(error.name):
                raise FigureError(
                    f"no module named {error.name!r}.",
                    "Install the package that provides it, or use 'path/to/file.py:function' for a file "
                    "of the docs project.",
                ) from None
            raise
    value: Any = module
    for part in attribute.split("."):
        if not hasattr(value, part):
            raise FigureError(
                f"{target!r} has no attribute {attribute!r}.",
                f"Define `{attribute}` there, or fix the name after ':' in the generator reference.",
            )
        value = getattr(value, part)
    source_file = os.path.abspath(module.__file__ or target)
    if isinstance(value, FigureGenerator):
        problem = figsize_problem(value.figsize)
        if problem is not None:
            raise FigureError(
                f"{problem}.",
                "Give `figure_generator(figsize=(width, height))` in inches, e.g. (6.4, 4.0).",
                where=_decorator_line(value.draw, config_dir),
            )
        return _Loaded(value, source_file, os.path.dirname(source_file))
    if callable(value):
        return _Loaded(FigureGenerator(draw=value), source_file, os.path.dirname(source_file))
    raise FigureError(
        f"{reference!r} is a {type(value).__name__}, not a drawing function or a FigureGenerator.",
        "Point the reference at a function `draw(fig, theme, **params)` or at a @figure_generator.",
    )


@contextlib.contextmanager
def _first_on_path(folder: str) -> Iterator[None]:
    """*folder* first on ``sys.path`` while the block runs (left as it is when it is there already)."""
    if folder in sys.path:
        yield
        return
    sys.path.insert(0, folder)
    try:
        yield
    finally:
        with contextlib.suppress(ValueError):  # the generator took it out itself
            sys.path.remove(folder)


@contextlib.contextmanager
def generator_scope(reference: str, config_dir: str) -> Iterator[None]:
    """While a worker draws one figure of the generator file *reference*: the file's folder on
    ``sys.path`` (for its imports, lazy ones in ``draw`` included), and afterwards none of the modules
    imported from that folder left in ``sys.modules``.

    A worker draws figures of many generators in turn. Without this, two generator folders that each
    hold a ``helpers.py`` would share the first one imported, and a folder would stay importable for
    every later generator. A generator named as an installed module, or in a folder already on
    ``sys.path`` (``python -m mkdocs`` puts the current one there), changes nothing here: what is there
    is importable anyway, and may be the plugin itself in a checkout.
    """
    target = reference.rpartition(":")[0]
    folder = os.path.dirname(os.path.normpath(os.path.join(config_dir, target)))
    if not target.endswith(".py") or folder in sys.path:
        yield
        return
    before = set(sys.modules)
    try:
        with _first_on_path(folder):
            yield
    finally:
        _forget_modules_from(folder, set(sys.modules) - before)


def _forget_modules_from(folder: str, names: Iterable[str]) -> None:
    """Take the modules *names* whose file is under *folder* out of ``sys.modules``.

    Never one of the interpreter's or an installed package's (a virtualenv inside the project of a
    generator beside mkdocs.yml): an extension module cannot be imported twice.
    """
    installed = {sys.prefix, sys.base_prefix, sys.exec_prefix}
    installed.update(sysconfig.get_path(name) for name in ("stdlib", "purelib", "platlib"))

    def inside(path: str, base: str) -> bool:
        return path.startswith(os.path.abspath(base) + os.sep)

    for name in names:
        path = getattr(sys.modules.get(name), "__file__", None)
        if not path:
            continue
        path = os.path.abspath(path)
        if inside(path, folder) and not any(inside(path, base) for base in installed if base):
            del sys.modules[name]


def _decorator_line(function: Callable[..., Any], config_dir: str) -> str | None:
    """``gen.py:12: @figure_generator(...)`` when *function* is decorated (where its figsize is written)."""
    code = getattr(function, "__code__", None)
    if code is None:
        return None
    line = linecache.getline(code.co_filename, code.co_firstlineno)
    if not line.lstrip().startswith("@"):
        return None
    return _describe_frame(code.co_filename, code.co_firstlineno, None, line, config_dir)


def _check_params(loaded: _Loaded, params: dict[str, Any]) -> dict[str, Any]:
    generator = loaded.generator
    try:
        merged = generator.validate(params)
    except ValueError as error:
        raise FigureError(f"bad parameters: {error}.", "Fix `params` of this figure in mkdocs.yml.") from None
    if not generator.defaults:  # nothing declared: check against the signature instead
        function = generator.simulate or generator.draw
        fixed = () if generator.simulate else (None, None)
        try:
            inspect.signature(function).bind(*fixed, **merged)
        except TypeError as error:
            raise FigureError(
                f"bad parameters for {function.__name__}(): {error}.",
                "Fix `params` of this figure in mkdocs.yml.",
            ) from None
    return merged


def cjk_font_rc(choice: str) -> tuple[dict[str, Any], str | None]:
    """rc settings adding a CJK fallback font; and a problem when the chosen family is not installed."""
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    if choice == "none":
        return {}, None
    if choice == "auto":
        family = next((name for name in _CJK_FONT_NAMES if name in installed), None)
        if family is None:
            family = next((name for name in sorted(installed) if "CJK" in name), None)
        return ({"font.family": ["sans-serif", family]} if family else {}), None
    if choice not in installed:
        return {}, f"figures_cjk_font {choice!r} is not an installed font family"
    return {"font.family": ["sans-serif", choice]}, None


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xAC00 <= code <= 0xD7AF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
        or code >= 0x20000
    )


def _missing_glyphs(caught: Sequence[warnings.WarningMessage]) -> set[str]:
    missing = set()
    for warning in caught:
        match = _GLYPH_MISSING.search(str(warning.message))
        if match:
            missing.add(chr(int(match.group(1))))
    return missing


def _texts_with(fig: Figure, chars: set[str]) -> list[str]:
    from matplotlib.text import Text

    found = []
    for artist in fig.findobj(Text):
        text = artist.get_text()
        if text and chars & set(text) and text not in found:
            found.append(text)
    return found


def _save_kwargs(fmt: str) -> dict[str, Any]:
    if fmt == "svg":
        # No date unless SOURCE_DATE_EPOCH asks for one (matplotlib then writes that date).
        return {"metadata": {} if "SOURCE_DATE_EPOCH" in os.environ else {"Date": None}}
    if fmt == "png":
        return {"metadata": {"Software": None}}
    if fmt == "jpeg":
        return {"pil_kwargs": {"quality": 90, "optimize": True}}
    raise ValueError(fmt)


@contextlib.contextmanager
def draw_figure(
    generator: FigureGenerator,
    theme: Theme,
    data: Any = None,
    params: Mapping[str, Any] | None = None,
    *,
    rc: Mapping[str, Any] | None = None,
) -> Iterator[Figure]:
    """Draw *generator* in *theme* on a new ``Figure`` exactly as the build does, and give the figure.

    *data* is what ``simulate`` returned (unused without one), *params* the validated parameters, *rc*
    settings over the theme's (the build's CJK font fallback). The figure is given inside the theme's
    ``rc_context``: save it there, as the build does (``savefig`` reads rc settings too). The drawing
    tests call this, so they test what the build publishes.
    """
    import matplotlib
    from matplotlib.figure import Figure

    settings: dict[Any, Any] = {**theme.rc(), **(rc or {})}
    with matplotlib.rc_context(settings):
        fig = Figure(figsize=generator.figsize, dpi=100, layout="constrained")
        if generator.simulate is not None:
            generator.draw(fig, theme, data, **(params or {}))
        else:
            generator.draw(fig, theme, **(params or {}))
        if not any(child is not fig.patch for child in fig.get_children()):
            raise FigureError(
                "the generator drew nothing on the figure.",
                "Draw on the `fig` argument (e.g. `ax = fig.subplots()`), not on pyplot's current figure.",
            )
        yield fig


def _render(task: RenderTask, loaded: _Loaded) -> tuple[float, float]:
    from mkdocs_zigzag.figures.mathtext_memo import share_parses

    share_parses()  # each label parsed once per worker, not once per saved file
    params = _check_params(loaded, task.params)
    data = None
    if loaded.generator.simulate is not None:
        data = loaded.generator.simulate(**params)
        if data is None:
            raise FigureError("simulate() returned nothing.", "Return the data that draw() needs.")
    font_rc, font_problem = cjk_font_rc(task.cjk_font)
    cache = FigureCache(task.cache_root)
    staging = cache.staging_folder(task.key)
    try:
        files: dict[str, str] = {}
        raster_name = raster_file_name(task.raster_format)
        for theme in THEMES:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")  # every missing glyph, even one warned about before
                with draw_figure(loaded.generator, theme, data, params, rc=font_rc) as fig:
                    outputs = [(f"{theme.name}.{fmt}", fmt, 100) for fmt in task.formats]
                    if theme is THEMES[0]:
                        outputs.append((raster_name, task.raster_format, task.dpi))
                    for name, fmt, dpi in outputs:
                        buffer = io.BytesIO()
                        fig.savefig(buffer, format=fmt, dpi=dpi, **_save_kwargs(fmt))
                        with open(os.path.join(staging, name), "wb") as handle:
                            handle.write(buffer.getvalue())
                        role = "raster" if name == raster_name else name
                        files[role] = name
            missing = _missing_glyphs(caught)
            if missing:
                texts = ", ".join(repr(t) for t in _texts_with(fig, missing)[:3]) or repr("".join(missing))
                if any(_is_cjk(c) for c in missing):
                    reason = f" ({font_problem})" if font_problem else ""
                    raise FigureError(
                        f"the figure's text {texts} has CJK characters and no installed font has "
                        f"them{reason}; they would be drawn as boxes.",
                        CJK_FONT_FIX,
                    )
                raise FigureError(
                    f"the figure's text {texts} has characters no configured font has "
                    f"({''.join(sorted(missing))!r}); they would be drawn as boxes.",
                    "Use a font that has them (rc `font.family` inside the generator) or other characters.",
                )
        non_finite: list[str] = []
        if loaded.generator.summarize is not None:
            text, non_finite = summary_json(loaded.generator.summarize(data), _json_number)
            with open(os.path.join(staging, SUMMARY_FILE), "w", encoding="utf-8") as handle:
                handle.write(text)
            files["summary"] = SUMMARY_FILE
        # The size a page gives the <img>: the shown variant's own, or the browser rescales it.
        width, height = display_size(loaded.generator.figsize, task.formats[0])
        cache.commit(
            task.key,
            staging,
            files,
            width=width,
            height=height,
            deps=_dependencies(loaded),
            info={"generator": task.generator, "params": params, NON_FINITE: non_finite},
        )
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return loaded.generator.figsize


def _json_number(value: Any) -> Any:
    """numpy scalars and arrays in a summary become plain JSON numbers and lists."""
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"summarize() returned a {type(value).__name__}, which JSON cannot hold")


def _dependencies(loaded: _Loaded) -> dict[str, str]:
    """Digests of the other source files the generator imported from its own folder (its helpers)."""
    deps = {}
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if not path:
            continue
        path = os.path.abspath(path)
        if path != loaded.source_file and path.startswith(loaded.root + os.sep) and path.endswith(".py"):
            digest = file_digest(path)
            if digest:
                deps[path] = digest
    return deps


def innermost_user_frame(tb: TracebackType | None, root: str | None, config_dir: str) -> str | None:
    """``file.py:12 in draw: <source line>`` for the deepest frame under *root* (else the deepest frame)."""
    frames = traceback.extract_tb(tb)
    if not frames:
        return None
    chosen = frames[-1]
    if root:
        mine = [f for f in frames if os.path.abspath(f.filename).startswith(root + os.sep)]
        if mine:
            chosen = mine[-1]
    return _describe_frame(chosen.filename, chosen.lineno, chosen.name, chosen.line, config_dir)


def _describe_frame(
    filename: str, lineno: int | None, name: str | None, line: str | None, config_dir: str
) -> str:
    text = f"{_shown_path(filename, config_dir)}:{lineno}" + (f" in {name}()" if name else "")
    return f"{text}: {line.strip()}" if line and line.strip() else text


def _shown_path(filename: str, config_dir: str) -> str:
    """A path as the author knows it: relative to mkdocs.yml, else to the sys.path entry holding it."""
    path = os.path.abspath(filename)
    bases = sorted((os.path.abspath(entry) for entry in sys.path if entry), key=len, reverse=True)
    for base in [config_dir, *bases]:
        if path.startswith(base.rstrip(os.sep) + os.sep):
            return os.path.relpath(path, base)
    return path


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`FigureTimeout` in this thread after *seconds* (POSIX main thread only; else no-op)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise FigureTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render_task(task: RenderTask) -> RenderOutcome:
    """Draw one figure into the cache; never raises for problems in the generator (they are returned).

    What the generator printed is flushed before the outcome goes back: the batch terminates its workers
    once every outcome is in, and buffered output would be lost with them.
    """
    try:
        return _render_task(task)
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()


def _render_task(task: RenderTask) -> RenderOutcome:
    start = time.perf_counter()
    loaded: _Loaded | None = None
    try:
        with _time_limit(task.timeout), generator_scope(task.generator, task.config_dir):
            loaded = load_generator(task.generator, task.config_dir)
            figsize = _render(task, loaded)
        return RenderOutcome(task.key, seconds=time.perf_counter() - start, figsize=figsize, pid=os.getpid())
    except FigureError as error:
        failure = RenderOutcome(task.key, error=str(error), fix=error.fix, where=error.where)
    except FigureTimeout as error:
        failure = RenderOutcome(
            task.key,
            error=f"it ran longer than the limit of {task.timeout:g} s.",
            where=innermost_user_frame(error.__traceback__, loaded.root if loaded else None, task.config_dir),
            fix="Make it faster (fewer points, smaller simulation) or raise `figures_timeout`.",
        )
    except SyntaxError as error:  # in the generator's file or one it imports: no frame of its own
        failure = RenderOutcome(
            task.key,
            error=f"it raised SyntaxError: {error.msg}",
            where=_describe_frame(error.filename or "?", error.lineno, None, error.text, task.config_dir),
            fix="Fix the syntax error.",
        )
    except Exception as error:
        root = loaded.root if loaded else _source_root(task)
        failure = RenderOutcome(
            task.key,
            error=f"it raised {type(error).__name__}: {error}",
            where=innermost_user_frame(error.__traceback__, root, task.config_dir),
            fix="Fix the generator or its params in mkdocs.yml.",
        )
    except BaseException as error:  # sys.exit() (argparse/click at import), KeyboardInterrupt, ...
        # Left alone, SystemExit would travel back through the pool and end the build (with status 0
        # and an empty site) or `mkdocs serve`: it is a failure of this figure like any other.
        root = loaded.root if loaded else _source_root(task)
        failure = RenderOutcome(
            task.key,
            error=f"it raised {type(error).__name__}{_exit_detail(error)}",
            where=innermost_user_frame(error.__traceback__, root, task.config_dir),
            fix=EXIT_FIX,
        )
    # The placeholder takes the figure's size when the generator got far enough to declare one.
    return dataclasses.replace(failure, figsize=loaded.generator.figsize) if loaded else failure


EXIT_FIX = (
    "A generator must not end its process: do not call sys.exit() or exit(), and keep command-line "
    'parsing (argparse, click) and script code under `if __name__ == "__main__":`.'
)


def _exit_detail(error: BaseException) -> str:
    """``(0)`` for ``SystemExit(0)``; ``: message`` for other exceptions with one."""
    if isinstance(error, SystemExit):
        return f"({error.code!r})"
    return f": {error}" if str(error) else ""


def _source_root(task: RenderTask) -> str | None:
    target = task.generator.rpartition(":")[0]
    if target.endswith(".py"):
        return os.path.dirname(os.path.normpath(os.path.join(task.config_dir, target)))
    return None


def _init_worker(parent: int, spawned_by_main_thread: bool) -> None:
    os.environ.setdefault("MPLBACKEND", "Agg")  # should a generator import pyplot anyway
    # Importing a generator must not write __pycache__/ beside it: a build never writes into docs/
    # (where a generator may live, and MkDocs would publish the .pyc) or elsewhere in the project.
    sys.dont_write_bytecode = True
    # Ctrl-C reaches the whole process group; the build stops its workers itself, and a worker must
    # not report the figure it was drawing as failed (nor print a traceback) for it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with(parent, spawned_by_main_thread)


PARENT_POLL_SECONDS = 0.5
"""How often a worker checks that the build that started it is still there."""


def _exit_with(parent: int, spawned_by_main_thread: bool) -> None:
    """End this worker when the process *parent* ends, however it ends (``kill -9`` included).

    Left alone, a worker of a killed build lives on (a figure drawing in a loop, or idle and waiting for
    work forever), and so does multiprocessing's resource tracker, which waits for every worker. A
    thread watches the parent (an orphan is adopted by another process); on Linux the kernel also kills
    the worker at once (``PR_SET_PDEATHSIG``), but only when the main thread started it: the signal
    follows the death of the starting *thread*, and a build in another thread may end while its
    process goes on.
    """
    if sys.platform == "linux" and spawned_by_main_thread:
        with contextlib.suppress(Exception):  # no libc by that name: the thread below still watches
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # 1: PR_SET_PDEATHSIG
    if os.getppid() != parent:  # it died before the watch began
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(PARENT_POLL_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="zigzag-watch-parent", daemon=True).start()


WORKER_DIED_FIX = (
    "Run the generator in a Python shell to see the crash. If MkDocs runs from a Python script of yours, "
    'put the script\'s code under `if __name__ == "__main__":`: worker processes import the main script.'
)


def _process_pool(size: int) -> concurrent.futures.ProcessPoolExecutor:
    """A pool of *size* ``spawn`` workers (started by the calling thread, as each submit() needs them)."""
    return concurrent.futures.ProcessPoolExecutor(
        max_workers=size,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(os.getpid(), threading.current_thread() is threading.main_thread()),
    )


def _a_worker_starts() -> bool:
    """Whether a worker process given nothing to draw starts and answers (see RenderBatch._alone)."""
    pool = _process_pool(1)
    try:
        return pool.submit(os.getpid).result(timeout=STARTUP_GRACE_SECONDS) > 0
    except (BrokenProcessPool, concurrent.futures.TimeoutError):
        return False
    finally:
        _stop_pool(pool)


def _stop_pool(pool: concurrent.futures.ProcessPoolExecutor) -> None:
    """Terminate the workers and shut the pool down without waiting for them (see RenderBatch.stop)."""
    for process in list(getattr(pool, "_processes", {}).values()):
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


class RenderBatch:
    """Stale figures rendering in a ``spawn`` process pool while the build goes on.

    Started with the tasks; :meth:`outcome` waits for one figure (a page that needs it now), and
    :meth:`finish` for the rest. Each task is limited inside its worker (``figures_timeout``); a worker
    stuck where that limit cannot interrupt it (a long C call) is killed once the whole batch overruns,
    and its task reported as late. A worker that dies breaks the pool: the figures it took down are drawn
    again one by one (:meth:`_alone`), so only the figure that killed it fails.
    """

    def __init__(
        self,
        tasks: Sequence[RenderTask],
        *,
        workers: int,
        on_outcome: Callable[[RenderOutcome], None] | None = None,
    ) -> None:
        self._tasks = {task.key: task for task in tasks}
        self._on_outcome = on_outcome
        """Called once per task as soon as its outcome is known (from a pool thread, for most)."""
        self._announced: set[str] = set()
        self._announcing = threading.Lock()
        self._outcomes: dict[str, RenderOutcome] = {}
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._futures: dict[str, concurrent.futures.Future[RenderOutcome]] = {}
        self._workers_start: bool | None = None
        """Whether a worker process with nothing to draw survives (None: not needed yet; see _alone)."""
        self.finished_at: float | None = None
        """``time.perf_counter()`` when the last task ended (None before, and for an empty batch)."""
        if not tasks:
            self._deadline = time.monotonic()
            return
        size = max(1, min(workers, len(tasks)))
        self._pool = _process_pool(size)
        self._futures = {task.key: self._pool.submit(render_task, task) for task in tasks}
        for key, future in self._futures.items():
            future.add_done_callback(functools.partial(self._note_done, key))
        waves = math.ceil(len(tasks) / size)
        budget = waves * max(t.timeout for t in tasks) + STARTUP_GRACE_SECONDS
        self._deadline = time.monotonic() + budget

    @property
    def keys(self) -> list[str]:
        """The keys of the batch's tasks, in the order given."""
        return list(self._tasks)

    def outcome(self, key: str) -> RenderOutcome:
        """The outcome of the task *key*, waiting for it (within the batch's time budget)."""
        if key not in self._outcomes:
            future = self._futures[key]
            # wait(), not result(): a worker's death would come out of result() as BrokenProcessPool.
            concurrent.futures.wait([future], timeout=max(0.0, self._deadline - time.monotonic()))
            if not future.done():  # over budget: the rest is settled (and stuck workers stopped) now
                self.finish()
            else:
                self._outcomes[key] = self._settle(key, future)
                self._announce(self._outcomes[key])
        return self._outcomes[key]

    def finish(self) -> list[RenderOutcome]:
        """Every task's outcome, in the order given; then the workers are stopped."""
        if self._pool is not None:
            pending = [f for k, f in self._futures.items() if k not in self._outcomes]
            _, late = concurrent.futures.wait(pending, timeout=max(0.0, self._deadline - time.monotonic()))
            for key, future in self._futures.items():
                if key not in self._outcomes:
                    self._outcomes[key] = self._settle(key, future) if future not in late else self._late(key)
                    self._announce(self._outcomes[key])
            self.stop()
        return [self._outcomes[key] for key in self._tasks]

    def stop(self) -> None:
        """Shut the pool down and stop its workers (a finished batch, a build that ended early, or one
        that overran: concurrent.futures cannot cancel a running task).

        Each task commits its files to the cache before it returns, so a worker holds nothing once the
        outcomes are in: it is terminated rather than waited for while its interpreter tears matplotlib
        down (~0.15 s at the end of every build that drew something).
        """
        pool, self._pool = self._pool, None
        if pool is not None:
            _stop_pool(pool)

    def _note_done(self, key: str, future: concurrent.futures.Future[RenderOutcome]) -> None:
        if all(f.done() for f in self._futures.values()):
            self.finished_at = time.perf_counter()
        if not future.cancelled() and future.exception() is None:  # else known once settled
            self._announce(future.result())

    def _announce(self, outcome: RenderOutcome) -> None:
        """Hand *outcome* to ``on_outcome``, once per task."""
        with self._announcing:
            if self._on_outcome is None or outcome.key in self._announced:
                return
            self._announced.add(outcome.key)
        self._on_outcome(outcome)

    def _settle(self, key: str, future: concurrent.futures.Future[RenderOutcome]) -> RenderOutcome:
        if future.cancelled():
            return RenderOutcome(key, error="the build ended before it was drawn.")
        # exception(), not result(): a BaseException that came back from the worker (SystemExit) must
        # never be raised here, where it would end the build or `mkdocs serve`.
        error = future.exception(timeout=0)
        if error is None:
            return future.result(timeout=0)
        if isinstance(error, BrokenProcessPool):
            return self._alone(key)
        # The result could not come back (it does not pickle), or the worker's own machinery failed.
        return RenderOutcome(key, error=f"its worker process failed: {error!r}.", fix=WORKER_DIED_FIX)

    def _alone(self, key: str) -> RenderOutcome:
        """Draw *key* again in a process of its own: a worker died, which breaks the whole pool and every
        figure not yet done with it, so the one that killed it may be another figure.

        Only a figure whose own process dies is blamed. On the first such death a process with nothing
        to draw is started too: if it dies as well, workers die whatever they draw (a main script that
        runs a build when imported), and the rest are reported as not drawn without blaming them or
        starting a process for each."""
        if self._workers_start is False:
            return self._no_workers(key)
        task = self._tasks[key]
        pool = _process_pool(1)
        try:
            future = pool.submit(render_task, task)
            # exception(), not result(): what the worker sent back is never raised here (see _settle).
            error = future.exception(timeout=task.timeout + STARTUP_GRACE_SECONDS)
            if error is None:
                outcome = future.result()
            elif isinstance(error, BrokenProcessPool):
                outcome = RenderOutcome(
                    key,
                    error="its worker process died while drawing it (a crash in native code, os._exit(), "
                    "or the system ran out of memory).",
                    fix=WORKER_DIED_FIX,
                )
                if self._workers_start is None:
                    self._workers_start = _a_worker_starts()
                if not self._workers_start:
                    outcome = self._no_workers(key)
            else:
                outcome = RenderOutcome(
                    key, error=f"its worker process failed: {error!r}.", fix=WORKER_DIED_FIX
                )
        except concurrent.futures.TimeoutError:
            outcome = self._late(key)
        finally:
            _stop_pool(pool)
        if self.finished_at is not None:
            self.finished_at = time.perf_counter()
        return outcome

    @staticmethod
    def _no_workers(key: str) -> RenderOutcome:
        return RenderOutcome(
            key,
            error="its worker process died, and so did one given nothing to draw: worker processes cannot "
            "start, whatever they draw.",
            fix=WORKER_DIED_FIX,
        )

    def _late(self, key: str) -> RenderOutcome:
        task = self._tasks[key]
        return RenderOutcome(
            key,
            error=f"it ran longer than the limit of {task.timeout:g} s and its process was stopped.",
            fix="Make it faster or raise `figures_timeout`.",
        )

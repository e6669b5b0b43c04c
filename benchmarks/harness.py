"""What every benchmark here shares: timing one build in a subprocess, alternating variants, the machine.

A build is timed as a user sees it: ``python -m mkdocs build`` in a fresh interpreter whose working
directory is the project, so imports and plugin start-up count. Each build's own peak memory comes from
``os.wait4`` (``ru_maxrss`` of that child alone, in KiB on Linux), not from the cumulative
``RUSAGE_CHILDREN`` of this process.
"""

from __future__ import annotations

import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

ROOT = Path(__file__).resolve().parent.parent
"""The repository whose plugin is measured (put first on the build's PYTHONPATH)."""

RESULTS = ROOT / "benchmarks" / "RESULTS.md"


@dataclass(frozen=True)
class Build:
    """One timed build."""

    wall: float
    """Seconds, wall clock, from spawn to exit."""
    cpu: float
    """Seconds of user+system CPU of the build and the children it waited for."""
    maxrss_mib: float
    """Peak resident memory of the largest single process of the build, MiB."""
    log: str
    """Everything the build wrote to stdout and stderr."""


class BuildFailed(RuntimeError):
    """A benchmark build exited non-zero: the numbers would be meaningless."""


def compile_plugin(root: Path = ROOT) -> None:
    """Write the plugin's bytecode, as ``pip install`` does for a wheel (and for every package in the venv).

    This checkout runs the plugin from source; where ``PYTHONDONTWRITEBYTECODE`` is set (this machine sets
    it), every build would otherwise compile the plugin's modules again, in the build and in each figure
    worker: ~30 ms a user's installed copy never pays.
    """
    import compileall

    compileall.compile_dir(str(root / "mkdocs_zigzag"), quiet=1)


def build_env(root: Path = ROOT) -> dict[str, str]:
    """The environment of every build: the plugin of *root* (this checkout) first on the path, no MkDocs 2
    banner."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(root), env.get("PYTHONPATH", "")) if p)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


def run_build(project: Path, *, quiet: bool = True, python: str = sys.executable, root: Path = ROOT) -> Build:
    """Run ``python -m mkdocs build [-q]`` with *project* as working directory and time it (the plugin
    imported from *root*)."""
    cmd = [python, "-m", "mkdocs", "build"] + (["-q"] if quiet else [])
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=project, env=build_env(root), stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4; tell Popen
        out.seek(0)
        log = out.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise BuildFailed(f"build of {project} exited {proc.returncode}:\n{log[-4000:]}")
    return Build(wall=wall, cpu=usage.ru_utime + usage.ru_stime, maxrss_mib=usage.ru_maxrss / 1024, log=log)


@dataclass
class Variant:
    """A kind of build that is measured repeatedly; *prepare* runs (untimed) before each build."""

    name: str
    project: Path
    prepare: Callable[[int], None] = lambda _i: None
    quiet: bool = True
    check: Callable[[Build, int], str | None] = lambda _b, _i: None
    """Called after each build: returns a note (e.g. how many figures rendered) or raises."""
    root: Path = ROOT
    """The checkout whose plugin the build imports (another commit's, for a before/after)."""
    builds: list[Build] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    paired: list[float] = field(default_factory=list)
    """This variant's time over the mean of the reference builds just before and after it."""

    def run(self, i: int) -> Build:
        """Prepare and time the *i*-th build of this variant."""
        self.prepare(i)
        build = run_build(self.project, quiet=self.quiet, root=self.root)
        note = self.check(build, i)
        if note:
            self.notes.append(note)
        self.builds.append(build)
        return build

    def median(self, attr: str = "wall") -> float:
        """Median of one of the Build fields over every build of this variant."""
        return statistics.median(getattr(b, attr) for b in self.builds)


def alternate(
    reference: Variant, others: Sequence[Variant], rounds: int, progress: Callable[[str], None]
) -> None:
    """Run ``R A R B R C R …`` *rounds* times, the order of the others rotating each round.

    The reference build between every two others pairs each measurement with its neighbours in time, so
    drifting load on a shared machine biases neither side; the rotation keeps any one variant from always
    following the same one.
    """
    for r in range(rounds):
        order = list(others[r % len(others) :]) + list(others[: r % len(others)])
        before = reference.run(r * (len(others) + 1))
        for k, variant in enumerate(order):
            build = variant.run(r)
            after = reference.run(r * (len(others) + 1) + k + 1)
            variant.paired.append(build.wall / ((before.wall + after.wall) / 2))
            before = after
            progress(
                f"round {r + 1}/{rounds} {variant.name:<24} {build.wall:7.2f} s  (plain {after.wall:.2f} s)"
            )


def median_or_nan(values: Sequence[float]) -> float:
    """Median, or NaN for no values."""
    return statistics.median(values) if values else float("nan")


# --- the machine --------------------------------------------------------------------------------


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo (or platform's guess)."""
    match = re.search(r"^model name\s*:\s*(.+)$", _read("/proc/cpuinfo"), re.M)
    return match.group(1).strip() if match else platform.processor() or platform.machine()


def memory_gib() -> float:
    """Total memory in GiB."""
    match = re.search(r"^MemTotal:\s*(\d+) kB", _read("/proc/meminfo"), re.M)
    return int(match.group(1)) / 1024**2 if match else float("nan")


def katex_version() -> str:
    """KaTeX's pinned version: the package's stamped copy if built, else package.json."""
    import json

    for stamp in sorted((ROOT / "mkdocs_zigzag" / "katex").glob("dist/*VERSION*")) + sorted(
        (ROOT / "mkdocs_zigzag" / "katex").glob("dist/*.json")
    ):
        text = stamp.read_text(encoding="utf-8", errors="replace").strip()
        found = re.search(r"\d+\.\d+\.\d+", text)
        if found:
            return found.group(0)
    try:
        deps = json.loads((ROOT / "package.json").read_text(encoding="utf-8")).get("dependencies", {})
        return str(deps.get("katex", "not pinned"))
    except (OSError, ValueError):
        return "not installed"


def versions() -> dict[str, str]:
    """Versions of everything that decides build time."""
    found = {"Python": platform.python_version()}
    for dist in (
        "mkdocs",
        "mkdocs-material",
        "pymdown-extensions",
        "Markdown",
        "matplotlib",
        "numpy",
        "mini-racer",
        "markdown-exec",
        "mkdocs-zigzag",
    ):
        try:
            found[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            found[dist] = "not installed"
    found["KaTeX"] = katex_version()
    return found


def git_head() -> str:
    """Short commit of the measured checkout, with ``+dirty`` when it has uncommitted changes."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
        ).stdout
        return head + ("+dirty" if dirty.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def load() -> str:
    """The 1/5/15-minute load averages, to show how busy the shared machine was."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def machine_block(started: str, load_before: str) -> str:
    """A Markdown paragraph: machine, versions, date, load before and after."""
    v = versions()
    lines = [
        f"- Date: {started} → {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; commit `{git_head()}`",
        f"- Machine: {cpu_model()}, {os.cpu_count()} cores, {memory_gib():.1f} GiB, {platform.system()} "
        f"{platform.release()}; load average (1/5/15 min) before {load_before}, after {load()}",
        "- Versions: " + ", ".join(f"{k} {val}" for k, val in v.items()),
    ]
    return "\n".join(lines)


def now_utc() -> str:
    """The current time, for the report."""
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())


# --- RESULTS.md -----------------------------------------------------------------------------------


def write_section(name: str, body: str, path: Path = RESULTS) -> None:
    """Replace the text between this section's markers in *path* (appending them if absent).

    Other sections of the file (another benchmark writes the reader's cost there) are left byte for byte.
    """
    start, end = f"<!-- build-bench:{name}:start -->", f"<!-- build-bench:{name}:end -->"
    block = f"{start}\n{body.rstrip()}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        text = head + block + tail
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    tmp = path.with_suffix(".md.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table."""
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(out)


def say(message: str) -> None:
    """Progress on stderr (stdout carries the tables)."""
    print(message, file=sys.stderr, flush=True)

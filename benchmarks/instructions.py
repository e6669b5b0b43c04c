"""What the real-blog passes cost a warm build, counted in machine instructions (valgrind's callgrind).

The wall-clock ``passes`` part cannot resolve a 3 % budget on a shared 2-core VM: plain builds of the same
1,000 posts spread over 31-47 s within one run. An instruction count is the same from run to run (the
build runs with ``PYTHONHASHSEED=0``; two runs of one warm build differ by about 1 in 10 million), so the
same warm project is built exactly three ways: with this checkout's plugin, with it and its real-blog
passes switched off (``without_passes.py``: what the passes cost, and nothing else), and with the plugin
of ``--baseline`` (default ``7c84a7c``, before issues 12-17: everything built since). Under callgrind a
build runs ~55 times slower (a 200-post warm build: ~15 min), so the 1,000-post site is reached by a
straight line through the measured sizes: a warm build's instructions grow linearly in the posts (the
fit's largest residual is printed), and the budget is checked on the line at 1,000 posts.

    .venv/bin/python benchmarks/build_bench.py --parts instructions --instruction-posts 10,50,200

Instructions are not seconds (a cache miss costs more than an add), but the passes are string and regex
work on the same pages, with no I/O of their own, so the two track each other; the wall-clock part
(``passes``) stays beside this one as the check on that.
"""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import harness
import synth
from harness import say
from passes import BASELINE, BUDGET, checkout, prime
from seed_site import write_plugin_project

_CALLGRIND = ("valgrind", "--tool=callgrind")
_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


LAUNCHER = Path(__file__).resolve().parent / "without_passes.py"
"""Runs ``mkdocs`` with the passes of issues 12-13 switched off (see that file)."""


def instructions(project: Path, root: Path, *, passes: bool = True) -> int:
    """Machine instructions of one ``mkdocs build -q`` of *project* (the plugin of *root*) under callgrind;
    without the real-blog passes unless *passes*."""
    env = harness.build_env(root)
    env["PYTHONHASHSEED"] = "0"  # str hashes decide dict and set layouts, hence the instruction count
    entry = ["-m", "mkdocs"] if passes else [str(LAUNCHER)]
    with tempfile.TemporaryDirectory(prefix="zigzag-callgrind-") as tmp:
        proc = subprocess.run(
            [*_CALLGRIND, f"--callgrind-out-file={tmp}/out", sys.executable, *entry, "build", "-q"],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
        )
    if proc.returncode != 0:
        tail = proc.stderr[-4000:]
        raise harness.BuildFailed(f"callgrind build of {project} exited {proc.returncode}:\n{tail}")
    match = _COLLECTED.search(proc.stderr)
    if match is None:
        tail = proc.stderr[-2000:]
        raise harness.BuildFailed(f"callgrind printed no instruction count for {project}:\n{tail}")
    return int(match.group(1))


def same_site(one: Path, other: Path) -> list[str]:
    """Files that differ between two built sites (gzip files compared decompressed: their header holds a
    time)."""
    differ = []
    names = {p.relative_to(one) for p in one.rglob("*") if p.is_file()}
    names |= {p.relative_to(other) for p in other.rglob("*") if p.is_file()}
    for name in sorted(names):
        a, b = one / name, other / name
        if not (a.is_file() and b.is_file()):
            differ.append(str(name))
            continue
        if name.suffix == ".gz":
            equal = gzip.decompress(a.read_bytes()) == gzip.decompress(b.read_bytes())
        else:
            equal = a.read_bytes() == b.read_bytes()
        if not equal:
            differ.append(str(name))
    return differ


def fit(xs: list[int], ys: list[int]) -> tuple[float, float, float]:
    """Least-squares line through (*xs*, *ys*): intercept, slope and the largest residual over y."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    intercept = my - slope * mx
    worst = max(abs(y - (intercept + slope * x)) / y for x, y in zip(xs, ys, strict=True))
    return intercept, slope, worst


def _line_at(sizes: list[int], counts: list[int], target: int) -> tuple[float, float, float]:
    """The fitted count at *target* posts, the slope, and the fit's largest relative residual."""
    intercept, slope, worst = fit(sizes, counts)
    return intercept + slope * target, slope, worst


def instructions_bench(sizes: list[int], workdir: Path, baseline: str = BASELINE, target: int = 1000) -> str:
    """The report section: warm builds of the seed post and of each size, in instructions, with this
    checkout's plugin, with it and its real-blog passes switched off, and with the baseline's plugin."""
    if shutil.which("valgrind") is None:
        raise SystemExit("the instructions part needs valgrind (apt-get install valgrind)")
    started, load_before = harness.now_utc(), harness.load()
    baseline_root = checkout(baseline, workdir / "baseline")
    projects: list[tuple[str, Path]] = []
    seed = workdir / "seed"
    write_plugin_project(seed)
    projects.append(("seed post", seed))
    for n in sizes:
        project = workdir / f"synth-{n}"
        synth.write_project(project, n)
        projects.append((f"{n} synthetic posts", project))
    rows, counts = [], {}
    for name, project in projects:
        before = project.with_name(project.name + "-baseline")
        without = project.with_name(project.name + "-without")
        harness.run_build(project)  # cold: draws the figures, fills the caches
        shutil.copytree(project, before, ignore=shutil.ignore_patterns("site", ".cache"))
        prime(project, harness.ROOT, before, baseline_root)
        shutil.copytree(project, without, ignore=shutil.ignore_patterns("site"))  # its warm caches too
        # All three at once, even on 2 cores: a count does not depend on the load, and two at a time left
        # a core idle for the whole third build (~13 min at 200 posts).
        say(f"instructions: {name} under callgrind (three builds side by side)")
        with ThreadPoolExecutor(max_workers=3) as pool:
            futures = [
                pool.submit(instructions, before, baseline_root),
                pool.submit(instructions, without, harness.ROOT, passes=False),
                pool.submit(instructions, project, harness.ROOT),
            ]
            old, off, new = (future.result() for future in futures)
        differ = same_site(project / "site", without / "site")
        if differ:
            raise SystemExit(f"{name}: the passes changed {len(differ)} files ({differ[:5]}): not overhead")
        counts[name] = (old, off, new)
        rows.append([name, f"{old:,}", f"{off:,}", f"{new:,}", f"{new / off:.4f}×", f"{new / old:.4f}×"])
    lines = []
    if len(sizes) >= 2:
        fitted = [
            _line_at(sizes, [counts[f"{n} synthetic posts"][k] for n in sizes], target) for k in range(3)
        ]
        (old_t, old_s, old_w), (off_t, off_s, off_w), (new_t, new_s, new_w) = fitted
        rows.append(
            [
                f"{target:,} synthetic posts (on the line)",
                f"{old_t:,.0f}",
                f"{off_t:,.0f}",
                f"{new_t:,.0f}",
                f"{new_t / off_t:.4f}×",
                f"{new_t / old_t:.4f}×",
            ]
        )
        verdict = "met" if new_t / off_t <= BUDGET else "missed"
        lines = [
            f"- Per post (slopes of the lines): baseline {old_s / 1e6:.2f} M, without the passes "
            f"{off_s / 1e6:.2f} M, current {new_s / 1e6:.2f} M instructions. Largest distance of a "
            f"measured size from its line: {max(old_w, off_w, new_w) * 100:.3f} % of its count.",
            f"- The passes' cost at {target:,} posts: {new_t / off_t:.4f}× (budget ≤ {BUDGET:.2f}×: "
            f"**{verdict}**).",
        ]
    _, seed_off, seed_new = counts["seed post"]
    lines.append(
        f"- The passes' cost on the seed post: {seed_new / seed_off:.4f}× (budget ≤ {BUDGET:.2f}×: "
        f"**{'met' if seed_new / seed_off <= BUDGET else 'missed'}**)."
    )
    lines.append(
        "- Each site was built to the same files with and without the passes (compared file by file)."
    )
    header = [
        "site (warm build)",
        f"baseline {baseline}",
        "current, passes off",
        "current",
        "passes: current / off",
        "current / baseline",
    ]
    body = [
        "## What the real-blog passes cost a warm build, in instructions (issues 12 and 13)",
        "",
        f"Command: `python benchmarks/build_bench.py --parts instructions --instruction-posts "
        f"{','.join(map(str, sizes))}`. One warm `mkdocs build -q` of each project under valgrind's "
        f"callgrind (`PYTHONHASHSEED=0`; the count includes the interpreter's start and every import): "
        f"with the plugin of `{baseline}` (before issues 12-17), with this checkout's plugin and its "
        "real-blog passes switched off (`benchmarks/without_passes.py` says which), and with this "
        "checkout's plugin as it is; each on its own copy of the project with its own warm cache. The "
        "budget is on *current / off*; *current / baseline* also holds everything else built since the "
        "baseline. The row on the line is each variant's least-squares line through the synthetic sizes "
        "(see `benchmarks/instructions.py` for why not a 1,000-post build).",
        "",
        harness.table(header, rows),
        "",
        *lines,
        "",
        harness.machine_block(started, load_before),
    ]
    return "\n".join(body)

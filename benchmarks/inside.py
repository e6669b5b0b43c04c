"""Inside the build: KaTeX engine costs, figure render times, and what a warm build adds beyond a plain one.

- KaTeX: engine start (V8 context + katex.min.js), ms per formula one call each vs one call per page,
  and a cache hit — through the plugin's own ``mkdocs_zigzag.katex`` API.
- Figures: render time of each of the article's four figures, cold, through the figure engine's API.
- Warm build: ``python -X importtime`` of a plain and a warm plugin build (the modules only the plugin build
  imports, and their cost), and a cProfile of the warm build attributing time to the plugin's hooks and
  to the plugin's own functions.
"""

from __future__ import annotations

import pstats
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness
import seed_site
from harness import say

if TYPE_CHECKING:
    from collections.abc import Callable


# --- imports ---------------------------------------------------------------------------------------

_IMPORTTIME = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)\s*$")


def imported_modules(project: Path) -> dict[str, tuple[int, int, int]]:
    """``{module: (self µs, cumulative µs, depth)}`` of a build run under ``python -X importtime``."""
    cmd = [sys.executable, "-X", "importtime", "-m", "mkdocs", "build", "-q"]
    proc = subprocess.run(
        cmd, cwd=project, env=harness.build_env(), capture_output=True, text=True, check=True
    )
    found: dict[str, tuple[int, int, int]] = {}
    for line in proc.stderr.splitlines():
        match = _IMPORTTIME.match(line)
        if match:
            found[match.group(4)] = (int(match.group(1)), int(match.group(2)), len(match.group(3)))
    return found


def import_difference(
    plain: Path, plugin: Path, runs: int = 3
) -> tuple[float, list[tuple[str, float]], set[str]]:
    """Milliseconds of self import time of modules only the plugin build imports (median of *runs*),
    the top-level ones among them with their cumulative ms, and the heavy packages it imported."""
    totals, per_module = [], {}
    plugin_runs = []
    for _ in range(runs):
        base = imported_modules(plain)
        mine = imported_modules(plugin)
        plugin_runs.append(mine)
        extra = {m: v for m, v in mine.items() if m not in base}
        totals.append(sum(v[0] for v in extra.values()) / 1000)
        for m, v in extra.items():
            per_module.setdefault(m, []).append(v)
    last = plugin_runs[-1]
    only_plugin = {m for m in per_module if m in last}
    roots = sorted(
        (
            (m, statistics.median(v[1] for v in vs) / 1000)
            for m, vs in per_module.items()
            if min(v[2] for v in vs) <= 1
        ),
        key=lambda x: -x[1],
    )
    heavy = {
        m
        for m in only_plugin
        if m.split(".")[0] in {"matplotlib", "py_mini_racer", "mini_racer", "PIL", "numpy"}
    }
    return statistics.median(totals), roots[:12], {m.split(".")[0] for m in heavy}


# --- profile of a warm build ---------------------------------------------------------------------------


def profile_build(project: Path, out: Path) -> pstats.Stats:
    """cProfile of one ``mkdocs build -q`` of *project* in a subprocess; the stats."""
    cmd = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "mkdocs", "build", "-q"]
    subprocess.run(cmd, cwd=project, env=harness.build_env(), check=True, capture_output=True)
    return pstats.Stats(str(out))


def _in_plugin(filename: str) -> bool:
    return "mkdocs_zigzag" in filename.replace("\\", "/")


def plugin_functions(
    stats: pstats.Stats,
) -> tuple[float, list[tuple[str, float, int]], list[tuple[str, float, int]]]:
    """Seconds spent in the plugin, its entry points, and its top functions by own time.

    An entry point is a function of the plugin called only from outside it: a hook (called by MkDocs),
    a Markdown processor (called by Markdown), a module body (called by the import system). Their
    cumulative times do not overlap, so their sum is everything the plugin costs, callees included.
    """
    entries, own = [], []
    table = stats.stats  # type: ignore[attr-defined]
    for (filename, line, name), (_cc, ncalls, tottime, cumtime, callers) in table.items():
        if not _in_plugin(filename):
            continue
        where = f"{filename.replace(chr(92), '/').split('mkdocs_zigzag/', 1)[-1]}:{line} {name}"
        own.append((where, tottime, ncalls))
        if not any(_in_plugin(caller[0]) for caller in callers):
            entries.append((where, cumtime, ncalls))
    entries.sort(key=lambda x: -x[1])
    own.sort(key=lambda x: -x[1])
    return sum(e[1] for e in entries), entries[:15], own[:10]


def sampled_plugin_time(project: Path, out: Path) -> tuple[float, float, list[tuple[str, float]]] | None:
    """pyinstrument's view of one build of *project*: (total s, s inside the plugin, top plugin frames).

    Sampling keeps whole stacks, so a plugin frame is counted once however deep the plugin calls go, and
    imports the plugin triggers are attributed to it. None when pyinstrument is not installed.
    """
    try:
        from pyinstrument.session import Session
    except ImportError:
        return None
    cmd = [sys.executable, "-m", "pyinstrument", "-i", "0.0005", "-r", "pyisession", "-o", str(out)]
    cmd += ["-m", "mkdocs", "build", "-q"]
    subprocess.run(cmd, cwd=project, env=harness.build_env(), check=True, capture_output=True)
    root = Session.load(str(out)).root_frame()
    if root is None:
        return None
    spent: dict[str, float] = {}
    stack = [root]
    while stack:
        frame = stack.pop()
        if _in_plugin(frame.file_path or ""):
            short = (frame.file_path or "").replace(chr(92), "/").split("mkdocs_zigzag/", 1)[-1]
            name = f"{short}:{frame.line_no} {frame.function}"
            spent[name] = spent.get(name, 0.0) + frame.time
            continue
        stack.extend(frame.children)
    top = sorted(spent.items(), key=lambda kv: -kv[1])[:12]
    return root.time, sum(spent.values()), top


WATCHED = (
    "SearchIndex.add_entry_from_context",
    "readtime",
    "Markdown.convert",
    "Template.render",
    "Files.copy_static_files",
    "Build.__init__",
    "Build.add_files",
    "normalize_blog_posts",
    "Build._add_figures",
    "Build.page_content",
    "Build.page_source",
    "KatexExtension.typeset",
    "Build.post_page",
    "Build.finish",
)
"""Functions whose time a warm build and a plain build are compared on (others' plugins included).

The plugin's hooks hand their events to ``mkdocs_zigzag.build.Build``: its methods are what a hook costs."""


def profile_session(project: Path, out: Path) -> dict[str, float]:
    """pyinstrument of one build: ``{Class.function: seconds}`` (cumulative, recursion counted once)."""
    from pyinstrument.session import Session

    cmd = [sys.executable, "-m", "pyinstrument", "-i", "0.001", "-r", "pyisession", "-o", str(out)]
    cmd += ["-m", "mkdocs", "build", "-q"]
    subprocess.run(cmd, cwd=project, env=harness.build_env(), check=True, capture_output=True)
    root = Session.load(str(out)).root_frame()
    spent: dict[str, float] = {"(whole build)": root.time if root else 0.0}
    stack = [(root, frozenset())] if root else []
    while stack:
        frame, seen = stack.pop()
        key = f"{frame.class_name + '.' if frame.class_name else ''}{frame.function}"
        if key not in seen:
            spent[key] = spent.get(key, 0.0) + frame.time
        stack.extend((child, seen | {key}) for child in frame.children)
    return spent


def where_extra_time_goes(plain: Path, plugin: Path, workdir: Path) -> list[list[str]]:
    """Rows: the watched functions' seconds in a plain and a warm build (pyinstrument), and the difference."""
    try:
        a = profile_session(plain, workdir / "plain.pyisession")
        b = profile_session(plugin, workdir / "warm.pyisession")
    except ImportError:
        return []
    rows = []
    for key in ("(whole build)", *WATCHED):
        if key in a or key in b:
            x, y = a.get(key, 0.0), b.get(key, 0.0)
            rows.append([f"`{key}`", f"{x:.2f}", f"{y:.2f}", f"{y - x:+.2f}"])
    return rows


def total_time(stats: pstats.Stats) -> float:
    """Total seconds the profile covers."""
    return float(stats.total_tt)  # type: ignore[attr-defined]


# --- KaTeX and figures through the plugin's APIs -----------------------------------------------------


def timed(fn: Callable[[], Any], repeat: int = 5) -> float:
    """Median seconds of *fn* over *repeat* calls."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def seed_formulas() -> list[tuple[str, bool]]:
    """The seed post's formulas, ``(tex, display)``, found the simple way (for timing only)."""
    text = (harness.ROOT / "docs" / "blog" / "posts" / "zero-centered-activation.md").read_text(
        encoding="utf-8"
    )
    display = [(m.strip(), True) for m in re.findall(r"\$\$(.+?)\$\$", text, re.S)]
    rest = re.sub(r"\$\$.+?\$\$", "", text, flags=re.S)
    inline = [(m, False) for m in re.findall(r"\$([^$\n]+?)\$", rest)]
    return display + inline


KATEX_SCRIPT = r"""
import json, sys, tempfile, time
from pathlib import Path
clock = time.perf_counter
formulas_in = json.loads(sys.argv[1])
t = clock(); import py_mini_racer; import_s = clock() - t
from mkdocs_zigzag.katex.assets import locate_katex_assets
from mkdocs_zigzag.katex.engine import Formula, KatexEngine, KatexOptions
from mkdocs_zigzag.katex.renderer import MathRenderer
formulas = [Formula(tex, display) for tex, display in formulas_in]
options = KatexOptions.build()
assets = locate_katex_assets()
engine = KatexEngine(assets)
t = clock(); engine.render(formulas[:1], options); first_s = clock() - t
rounds = 20
t = clock()
for _ in range(rounds):
    for f in formulas:
        engine.render([f], options)
unbatched = (clock() - t) / (rounds * len(formulas))
t = clock()
for _ in range(rounds):
    engine.render(formulas, options)
batched = (clock() - t) / (rounds * len(formulas))
t = clock(); engine.render(formulas[:1], options); one_call = clock() - t
with tempfile.TemporaryDirectory() as tmp:
    cold = MathRenderer(assets.version, lambda: engine, Path(tmp))
    cold.render_page(formulas, options, "page.md")
    started = []
    def factory():
        started.append(True)
        return KatexEngine(assets)
    warm = MathRenderer(assets.version, factory, Path(tmp))
    t = clock(); warm.render_page(formulas, options, "page.md"); disk_hit = (clock() - t) / len(formulas)
    t = clock()
    for _ in range(rounds):
        warm.render_page(formulas, options, "page.md")
    memory_hit = (clock() - t) / (rounds * len(formulas))
print(json.dumps({
    "version": assets.version, "formulas": len(formulas), "import_s": import_s, "first_s": first_s,
    "one_call_s": one_call, "unbatched_s": unbatched, "batched_s": batched,
    "disk_hit_s": disk_hit, "memory_hit_s": memory_hit, "engine_started_on_hits": bool(started),
}))
"""


def katex_costs() -> list[list[str]]:
    """Rows: engine start, per-formula unbatched/batched, cache hit — or why they could not be measured."""
    import json

    formulas = seed_formulas()
    proc = subprocess.run(
        [sys.executable, "-c", KATEX_SCRIPT, json.dumps(formulas)],
        cwd=harness.ROOT,
        env=harness.build_env(),
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        return [["KaTeX", f"not measurable: {proc.stderr.strip().splitlines()[-1:]}"]]
    r = json.loads(proc.stdout)
    start_ms = (r["first_s"] - r["one_call_s"]) * 1000
    return [
        ["KaTeX version; formulas timed", f"{r['version']}; the seed post's {r['formulas']} (7 display)"],
        ["`import py_mini_racer`", f"{r['import_s'] * 1000:.0f} ms"],
        ["engine start (V8 context + katex.min.js), first call minus a warm call", f"{start_ms:.0f} ms"],
        ["one call per formula (warm engine)", f"{r['unbatched_s'] * 1000:.3f} ms/formula"],
        ["one call for the page's formulas (warm engine)", f"{r['batched_s'] * 1000:.3f} ms/formula"],
        [
            "cache hit, first page load from disk (new renderer, JSON file)",
            f"{r['disk_hit_s'] * 1e6:.1f} µs/formula",
        ],
        ["cache hit, in memory (key digest + dict)", f"{r['memory_hit_s'] * 1e6:.1f} µs/formula"],
        ["engine started on an all-hit page", "yes (**bug**)" if r["engine_started_on_hits"] else "no"],
    ]


FIGURE_SCRIPT = r"""
import json, sys, tempfile, time
clock = time.perf_counter
bindings = json.loads(sys.argv[1]); config_dir = sys.argv[2]
t = clock()
import matplotlib
from matplotlib.figure import Figure
from matplotlib.backends import backend_agg, backend_svg
mpl_s = clock() - t
from mkdocs_zigzag.figures import render
rows = []
with tempfile.TemporaryDirectory() as tmp:
    for i, (name, ref, params) in enumerate(bindings):
        loaded = render.load_generator(ref, config_dir)
        gen = loaded.generator
        checked = gen.validate(params)
        t = clock()
        if gen.simulate is not None:
            gen.simulate(**checked)
        simulate_s = clock() - t
        fmt = "jpeg" if name.lower().endswith((".jpg", ".jpeg")) else "png"
        task = render.RenderTask(key=f"bench{i:02d}" + "0" * 56, cache_root=tmp, generator=ref,
                                 config_dir=config_dir, params=params, raster_format=fmt, dpi=100,
                                 formats=("svg",), cjk_font="auto", timeout=600)
        outcome = render.render_task(task)
        rows.append([name, ref, simulate_s, outcome.seconds, outcome.error])
print(json.dumps({"matplotlib_s": mpl_s, "rows": rows}))
"""


def figure_costs() -> list[list[str]]:
    """Rows: each of the article's figures, cold render time (simulation; all files of both themes)."""
    import json

    import projects

    found = projects.plugin_entry(projects.site_config())
    bindings = projects.figure_bindings(found[1] if found else {})
    items = [[name, ref, params] for name, (ref, params) in sorted(bindings.items())]
    proc = subprocess.run(
        [sys.executable, "-c", FIGURE_SCRIPT, json.dumps(items), str(harness.ROOT)],
        cwd=harness.ROOT,
        env=harness.build_env(),
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        return [["figures", "—", f"not measurable: {proc.stderr.strip().splitlines()[-1:]}", "—"]]
    r = json.loads(proc.stdout)
    rows = [
        [
            "(`import matplotlib` + Agg and SVG backends, once per process)",
            "—",
            "—",
            f"{r['matplotlib_s']:.2f} s",
        ]
    ]
    for name, ref, simulate_s, seconds, error in r["rows"]:
        total = f"{seconds:.2f} s" if not error else f"failed: {error}"
        rows.append([f"`{name}`", f"`{ref.rsplit('.', 1)[-1]}`", f"{simulate_s * 1000:.0f} ms", total])
    return rows


def sampled_section(sampled: tuple[float, float, list[tuple[str, float]]] | None) -> list[str]:
    """Lines of the report for :func:`sampled_plugin_time`."""
    if sampled is None:
        return ["- pyinstrument is not installed (`pip install -e '.[bench]'`): sampled profile skipped.", ""]
    total, inside, top = sampled
    return [
        f"- pyinstrument (0.5 ms samples) of one warm build: {total:.2f} s, of which "
        f"**{inside * 1000:.0f} ms** ({inside / total:.1%}) in the plugin's frames and everything they call "
        "(imports included):",
        "",
        harness.table(
            ["outermost plugin frame (pyinstrument)", "ms"], [[n, f"{t * 1000:.1f}"] for n, t in top]
        ),
        "",
    ]


def inside_bench(workdir: Path, runs: int) -> str:
    """Engine micro-benchmarks and the warm build's extra cost; a Markdown section."""
    started, load_before = harness.now_utc(), harness.load()
    plugin_root = workdir / "plugin"
    config = seed_site.write_plugin_project(plugin_root)
    harness.run_build(plugin_root)  # cold: fills the cache
    plain_root = workdir / "plain"
    seed_site.write_plain_project(plain_root, plugin_root, config)
    harness.run_build(plugin_root)
    harness.run_build(plain_root)

    say("inside: imports")
    extra_ms, roots, heavy = import_difference(plain_root, plugin_root, runs=3)
    say("inside: profiles")
    plugin_stats = profile_build(plugin_root, workdir / "warm.prof")
    plain_stats = profile_build(plain_root, workdir / "plain.prof")
    plugin_s, entries, own = plugin_functions(plugin_stats)
    sampled = sampled_plugin_time(plugin_root, workdir / "warm.pyisession")
    say("inside: KaTeX and figures")
    katex_rows = katex_costs()
    figure_rows = figure_costs()

    body = [
        "## Inside the build",
        "",
        "### What a warm build adds beyond a plain one",
        "",
        f"- Imports only the plugin build makes (`python -X importtime`, median of 3): {extra_ms:.0f} ms of "
        f"self import time. Heavy packages among them: {', '.join(sorted(heavy)) or 'none'} "
        "(matplotlib and mini-racer must not appear on a warm build).",
        "",
        harness.table(
            ["top-level module only the plugin build imports", "cumulative ms"],
            [[m, f"{ms:.1f}"] for m, ms in roots],
        ),
        "",
        *sampled_section(sampled),
        f"- cProfile of one warm build: {total_time(plugin_stats):.2f} s in total vs "
        f"{total_time(plain_stats):.2f} s for the plain build (profiling inflates both); the plugin's "
        f"entry points (hooks called by MkDocs, Markdown processors, module bodies) add up to "
        f"{plugin_s * 1000:.0f} ms (an upper bound: a module body's time includes the plugin modules it "
        "imports, which are entry points of their own).",
        "",
        harness.table(
            ["plugin entry point (cProfile, warm build)", "cumulative s", "calls"],
            [[h, f"{t:.3f}", str(c)] for h, t, c in entries],
        ),
        "",
        harness.table(
            ["plugin function by own time (cProfile, warm build)", "own s", "calls"],
            [[h, f"{t:.4f}", str(c)] for h, t, c in own],
        ),
        "",
        "### KaTeX engine",
        "",
        harness.table(["measure", "value"], katex_rows),
        "",
        "### Figures, cold",
        "",
        "Each figure rendered through the engine's `render_task` in one fresh process (after matplotlib is "
        "imported): the numpy simulation once, then light and dark SVG and the raster at the post's name.",
        "",
        harness.table(["figure", "generator", "simulation", "render (all files)"], figure_rows),
        "",
        harness.machine_block(started, load_before),
    ]
    shutil.rmtree(workdir, ignore_errors=True)
    return "\n".join(body)

"""Build-time benchmarks of mkdocs-zigzag against plain MkDocs Material, and a peer (markdown-exec).

One command, run by hand from the repository root (never as a test):

    .venv/bin/python benchmarks/build_bench.py  # page, inside, scale; writes benchmarks/RESULTS.md
    .venv/bin/python benchmarks/build_bench.py --parts page --runs 5

Parts:
  page    the seed post: plain build vs the plugin cold / warm / after a prose edit / after a figure
          parameter change, and markdown-exec's recipe; builds alternated plain, X, plain, Y, …
  scale   N synthetic Hexo posts (benchmarks/synth.py) for each N of --scale: cold, warm and plain builds,
          time and peak memory, per-post slope
  passes  warm builds of the seed post and of --passes-posts synthetic posts with this checkout's plugin
          against --baseline's (before the real-blog passes of issues 12-13), budget ≤ 1.03×
  instructions  the passes part counted in machine instructions under valgrind's callgrind (exact where
          wall time is noise), for the seed post and each of --instruction-posts, with the line through
          them read at 1,000 posts
  inside  KaTeX engine start, ms per formula batched/unbatched, cache hit cost, figure render time, and
          what a warm build imports and spends beyond a plain one (benchmarks/inside.py)

Everything is generated in a temporary folder; ``docs/`` is never modified.
"""

from __future__ import annotations

import argparse
import copy
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness
import projects
from harness import Build, Variant, say
from seed_site import figures_line, rendered_count, write_plain_project, write_plugin_project

TARGETS = {
    "cold": 2.0,
    "warm": 1.10,
    "prose edit": 1.10,
    "parameter change": None,
    "markdown-exec": None,
}


# --- the projects ---------------------------------------------------------------------------------


def cache_dir(project: Path, config: dict[str, Any]) -> Path:
    """The plugin's cache dir of *project*, as the plugin resolves it (beside mkdocs.yml)."""
    found = projects.plugin_entry(config)
    options = found[1] if found else {}
    return project / str(options.get("cache_dir", ".cache/zigzag"))


# --- what changes between builds ------------------------------------------------------------------


def prose_editor(post: Path) -> Any:
    """``prepare`` that changes one prose sentence of *post* (no formula, no tag) before each build."""
    original = post.read_text(encoding="utf-8")

    def edit(i: int) -> None:
        post.write_text(original + f"\n* 编辑 {i}：收敛速度取决于输入是否以零为中心。\n", encoding="utf-8")

    return edit


def fresh_parameter(ref: str, params: dict[str, Any], i: int) -> tuple[str, Any]:
    """A parameter of generator *ref* and a value for it that no earlier build used (within its bounds)."""
    import importlib

    module, attr = ref.split(":", 1)
    generator = getattr(importlib.import_module(module), attr)
    defaults = dict(getattr(generator, "defaults", {}) or {})
    bounds = dict(getattr(generator, "bounds", {}) or {})
    candidates = [
        n for n in bounds if isinstance(defaults.get(n), (int, float)) and not isinstance(defaults[n], bool)
    ]
    candidates += [
        n
        for n, v in defaults.items()
        if n not in candidates and isinstance(v, (int, float)) and not isinstance(v, bool)
    ]
    if not candidates:
        raise SystemExit(f"generator {ref} declares no numeric parameter to change")
    name = sorted(candidates, key=lambda n: (not isinstance(defaults[n], float), n))[0]
    base = params.get(name, defaults[name])
    low, high = bounds.get(name, (float("-inf"), float("inf")))
    step = 1 if isinstance(defaults[name], int) else max(abs(float(base)) * 0.01, 0.01)
    value = base + step * (i + 1)
    if value > high:
        value = base - step * (i + 1)
    if not low <= value <= high:
        raise SystemExit(f"cannot find a fresh value for {ref} parameter {name!r} within [{low}, {high}]")
    return name, round(value, 6) if isinstance(value, float) else value


def parameter_changer(project: Path, config: dict[str, Any]) -> tuple[Any, str]:
    """``prepare`` that sets one figure's parameter in mkdocs.yml to a fresh value before each build."""
    found = projects.plugin_entry(config)
    options = copy.deepcopy(found[1] if found else {})
    bindings = projects.figure_bindings(options)

    def changeable(name: str) -> bool:
        try:
            fresh_parameter(*bindings[name], 0)
        except (SystemExit, ImportError, AttributeError):
            return False
        return True

    # the sigmoid figure when it is bound (cheap to draw), else the first figure with a numeric parameter
    names = sorted(bindings, key=lambda n: (n != "sigma-sigma-prime.jpg", n))
    name = next((n for n in names if changeable(n)), names[0])
    ref, params = bindings[name]
    described = f"{name} ({ref})"

    def change(i: int) -> None:
        key, value = fresh_parameter(ref, params, i)
        new_options = copy.deepcopy(options)
        set_binding_param(new_options, name, key, value)
        new_config = copy.deepcopy(config)
        projects.set_plugin_options(new_config, new_options)
        projects.dump_yaml(new_config, project / "mkdocs.yml")

    return change, described


def set_binding_param(options: dict[str, Any], name: str, key: str, value: Any) -> None:
    """Set parameter *key* of the figure binding for asset *name* in the plugin's options (in place)."""
    entries = options.get("figures") or []
    for entry in entries:
        assets = entry.get("asset") if isinstance(entry, dict) else None
        if assets == name or assets == [name]:
            entry["params"] = {**(entry.get("params") or {}), key: value}
            return
        if isinstance(assets, list) and name in assets:
            # the entry draws several assets: give this one its own entry so only it changes
            entry["asset"] = [a for a in assets if a != name]
            params = {**(entry.get("params") or {}), key: value}
            entries.append({**entry, "asset": name, "params": params})
            return
    raise SystemExit(f"no figure binding for {name} in the zigzag options; cannot change a parameter")


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """``{relative path: (size, mtime_ns)}`` of every file under *folder*."""
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def page_facts(site: Path) -> str:
    """What the built post contains: typeset formulas, images, inline SVG, error traces (a sanity check)."""
    pages = sorted(site.glob("blog/*/*/*/*/index.html"))
    if not pages:
        return "no post page built"
    html = pages[0].read_text(encoding="utf-8")
    counts = {
        "KaTeX formulas": html.count('class="katex"'),
        "display": html.count('class="katex-display"'),
        "`.arithmatex` (client-side math)": html.count('class="arithmatex"'),
        "<img>": html.count("<img"),
        "inline matplotlib SVG": html.count("https://matplotlib.org/"),
        "tracebacks": html.count("Traceback"),
        "katex-error": html.count("katex-error"),
    }
    return ", ".join(f"{v} {k}" for k, v in counts.items() if v)


# --- the page benchmark ----------------------------------------------------------------------------


def page_bench(runs: int, workdir: Path) -> str:
    """Measure the seed post's site: plain vs plugin (cold, warm, prose edit, parameter change) vs peer."""
    started, load_before = harness.now_utc(), harness.load()
    say(f"page benchmark in {workdir}")
    primed = workdir / "plugin"
    config = write_plugin_project(primed)
    say("  priming: one cold plugin build (its figures become the plain site's static images)")
    first = harness.run_build(primed, quiet=False)
    plain_root = workdir / "plain"
    write_plain_project(plain_root, primed, config)
    plain = Variant("plain Material", plain_root)

    def clone(name: str) -> Path:
        target = workdir / name
        shutil.copytree(primed, target, ignore=shutil.ignore_patterns("site"))
        return target

    cold_root = clone("cold")
    cold = Variant(
        "cold", cold_root, prepare=lambda _i: shutil.rmtree(cache_dir(cold_root, config), ignore_errors=True)
    )
    warm = Variant("warm", clone("warm"))
    prose_root = clone("prose")
    prose = Variant(
        "prose edit",
        prose_root,
        prepare=prose_editor(prose_root / "docs/blog/posts/zero-centered-activation.md"),
    )
    param_root = clone("param")
    change, changed_figure = parameter_changer(param_root, config)
    param_cache = cache_dir(param_root, config)
    before: dict[str, dict[str, tuple[int, int]]] = {}

    def param_prepare(i: int) -> None:
        change(i)
        before["files"] = snapshot(param_cache)

    def param_check(build: Build, _i: int) -> str:
        after = snapshot(param_cache)
        new = sorted(k for k, v in after.items() if before["files"].get(k) != v)
        count = rendered_count(build.log)
        return f"rendered={count}; new cache files: {len(new)}"

    param = Variant("parameter change", param_root, prepare=param_prepare, quiet=False, check=param_check)
    others = [cold, warm, prose, param]
    param_skipped = ""
    try:
        change(-1)  # a first fresh value, also proves the binding can be changed at all
    except SystemExit as reason:
        param_skipped = f"parameter change not measured: {reason}"
        say(param_skipped)
        others.remove(param)
    peer_note = ""
    try:
        import markdown_exec  # noqa: F401

        peer_root = workdir / "peer"
        write_plain_project(peer_root, primed, config, peer=True)
        others.append(Variant("markdown-exec", peer_root))
    except ImportError:
        peer_note = "markdown-exec is not installed (`pip install -e '.[bench]'`): peer not measured."
        say(peer_note)

    say("  priming: one build of each project")
    facts = []
    for variant in [plain, *others]:
        harness.run_build(variant.project, quiet=variant.quiet)
        facts.append(f"{variant.name}: {page_facts(variant.project / 'site')}")
    harness.alternate(plain, others, runs, say)

    plain_median = plain.median()
    rows = [
        [
            plain.name,
            f"{plain_median:.2f}",
            "—",
            "1.00",
            "—",
            "—",
            "—",
            f"{plain.median('cpu'):.2f}",
            f"{max(b.maxrss_mib for b in plain.builds):.0f}",
            f"{len(plain.builds)} builds",
        ]
    ]
    verdicts: dict[str, str] = {}
    for variant in others:
        ratio = variant.median() / plain_median
        paired = harness.median_or_nan(variant.paired)
        target = TARGETS.get(variant.name)
        if target is not None:
            checks = (ratio <= target, paired <= target)
            verdict = "met" if all(checks) else "**missed**" if not any(checks) else "**mixed**"
            target_text = f"≤ {target:.2f}×"
        elif variant.name == "parameter change":
            counts = {n.split(";")[0] for n in variant.notes}
            verdict = "met" if counts == {"rendered=1"} else f"**missed** ({', '.join(sorted(counts))})"
            target_text = "1 figure re-rendered"
        else:
            verdict, target_text = "—", "—"
        verdicts[variant.name] = verdict
        rows.append(
            [
                variant.name,
                f"{variant.median():.2f}",
                f"{(variant.median() - plain_median) * 1000:+.0f}",
                f"{ratio:.2f}×",
                f"{paired:.2f}×",
                target_text,
                verdict,
                f"{variant.median('cpu'):.2f}",
                f"{max(b.maxrss_mib for b in variant.builds):.0f}",
                f"{len(variant.builds)} builds",
            ]
        )
    header = [
        "build",
        "median wall (s)",
        "minus plain (ms)",
        "ratio to plain",
        "paired ratio",
        "target",
        "verdict",
        "median CPU (s)",
        "peak RSS (MiB)",
        "n",
    ]
    param_notes = sorted(set(param.notes))
    info = figures_line(param.builds[-1].log) if param.builds else None
    first_info = figures_line(first.log)
    body = [
        "## Build time: the seed post, plugin vs plain Material",
        "",
        f"Command: `python benchmarks/build_bench.py --parts page --runs {runs}`. Each build is "
        "`python -m mkdocs build -q` in a fresh subprocess (imports count), cwd = a generated project with "
        "the unchanged post, its blog index and a home page, configured like the repository's mkdocs.yml "
        "(search with `lang: zh` loads jieba in both builds: about half of the plain build). Builds "
        "alternate "
        "plain, X, plain, Y, … with the order of X, Y, … rotated each round; *ratio* is median over median, "
        "*paired ratio* the median of each build over the mean of the two plain builds around it (robust to "
        "drifting load); *minus plain* is the absolute cost, which does not depend on jieba. A target is "
        "*met* when both ratios meet it, *mixed* when only one does.",
        "",
        harness.table(header, rows),
        "",
        "- plain: the repository's mkdocs.yml without `zigzag`, front matter normalized by hand, each "
        "`{% asset_img %}` a Markdown image of the plugin's raster (static file), math via "
        "`pymdownx.arithmatex` "
        "(generic) + Material's client-side KaTeX recipe.",
        "- cold: the plugin's cache dir removed before each build. warm: nothing changed. prose edit: a "
        "new prose "
        "line in the post before each build. parameter change: a fresh value of one parameter of "
        f"{changed_figure} in mkdocs.yml before each build (built without `-q` to read the plugin's info "
        "line).",
        f"- parameter change, per build: {'; '.join(param_notes) or 'no builds'}; last info line: `{info}`.",
        f"- first cold build's info line: `{first_info}`.",
        '- markdown-exec: the plain site with each figure a ```` ```python exec="true" html="true"```` block '
        "(its matplotlib recipe: pyplot, `savefig` to SVG, printed into the page) calling the same "
        "generator, "
        "light theme only; it re-runs on every build, so its warm and prose-edit builds are the same.",
    ]
    body.append(
        "- What each built post contains (checked after the priming build): " + "; ".join(facts) + "."
    )
    for skipped in (peer_note, param_skipped):
        if skipped:
            body.append(f"- {skipped}")
    body += ["", harness.machine_block(started, load_before)]
    return "\n".join(body)


def main(argv: list[str] | None = None) -> int:
    """Run the chosen parts, print their tables and write them into benchmarks/RESULTS.md."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--parts",
        default="page,inside,scale",
        help="comma-separated: page, scale, inside, passes, instructions",
    )
    parser.add_argument(
        "--runs", type=int, default=5, help="builds of each variant (median of these); ≥5 to report"
    )
    parser.add_argument("--scale", default="10,100,1000", help="post counts for the scale part")
    parser.add_argument(
        "--scale-runs", type=int, default=5, help="warm and plain builds per N in the scale part"
    )
    parser.add_argument(
        "--scale-cold-runs", type=int, default=0, help="cold builds per N (default: 3, and 1 for N ≥ 100)"
    )
    parser.add_argument(
        "--scale-runs-large", type=int, default=3, help="at most this many warm and plain builds for N ≥ 1000"
    )
    parser.add_argument(
        "--passes-posts", type=int, default=1000, help="synthetic posts of the passes part's second site"
    )
    parser.add_argument(
        "--instruction-posts", default="10,50,200", help="synthetic post counts of the instructions part"
    )
    parser.add_argument(
        "--baseline", default="7c84a7c", help="the commit the passes part compares this checkout with"
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated projects (printed path)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args(argv)
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    harness.compile_plugin()
    workdir = Path(tempfile.mkdtemp(prefix="zigzag-bench-"))
    try:
        for part in parts:
            t0 = time.perf_counter()
            if part == "page":
                section = page_bench(args.runs, workdir / "page")
            elif part == "scale":
                import synth

                counts = [int(n) for n in args.scale.split(",")]
                section = synth.scale_bench(
                    counts,
                    args.scale_runs,
                    args.scale_cold_runs,
                    workdir / "scale",
                    large_runs=args.scale_runs_large,
                )
            elif part == "passes":
                import passes

                section = passes.passes_bench(args.runs, args.passes_posts, workdir / "passes", args.baseline)
            elif part == "instructions":
                import instructions

                sizes = [int(n) for n in args.instruction_posts.split(",")]
                section = instructions.instructions_bench(sizes, workdir / "instructions", args.baseline)
            elif part == "inside":
                import inside

                section = inside.inside_bench(workdir / "inside", args.runs)
            else:
                parser.error(f"unknown part {part!r}")
            print(section + "\n", flush=True)
            if not args.no_write:
                harness.write_section(part, section)
            say(f"{part}: {time.perf_counter() - t0:.0f} s")
    finally:
        if args.keep:
            say(f"projects kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

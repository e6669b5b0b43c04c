"""What the real-blog passes cost a warm build: this checkout against a baseline commit, in one run.

Issues 12 and 13 added passes that every page goes through (hexo-math tags, math in raw HTML, the math
dialects, page macros, leftover-formula warnings, raw HTML asset links, excerpt markers, the comment rule,
theme tags, marked's escapes) with a budget: at most 3 % on a warm build of the seed post and of the
1,000-post synthetic site. The honest measure of "what the passes cost" is the same warm build with the
plugin as it was before them (``--baseline``, default ``7c84a7c``: the last commit before that work) and as
it is now, each on its own copy of the project with its own warm cache, alternated with a plain Material
build of the same posts between every two (``harness.alternate``) so that drifting load biases neither.

    .venv/bin/python benchmarks/build_bench.py --parts passes --runs 5

The baseline's package is taken with ``git archive`` into the work folder (the repository is not touched)
and given this checkout's KaTeX and mermaid files (gitignored, built by the package's hook).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
from pathlib import Path

import harness
import synth
from harness import Variant, say
from seed_site import write_plain_project, write_plugin_project

BASELINE = "7c84a7c"
"""The commit before issues 12 and 13 (session 3's last; issues 12-14 were built after it)."""

BUDGET = 1.03
"""Issue 12 and 13: the extra passes cost at most 3 % of a warm build."""


def checkout(ref: str, into: Path) -> Path:
    """The plugin package of *ref* in *into*, importable (``into`` goes first on the build's path)."""
    archive = subprocess.run(
        ["git", "-C", str(harness.ROOT), "archive", "--format=tar", ref, "mkdocs_zigzag"],
        check=True,
        capture_output=True,
    ).stdout
    into.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    for shipped in ("katex/dist", "mermaid/dist"):
        source = harness.ROOT / "mkdocs_zigzag" / shipped
        target = into / "mkdocs_zigzag" / shipped
        if source.is_dir() and target.parent.is_dir() and not target.exists():
            shutil.copytree(source, target)
    harness.compile_plugin(into)
    return into


def prime(project: Path, root: Path, baseline_project: Path, baseline_root: Path) -> None:
    """Build each project twice with its plugin, so that its caches are warm for the measured build."""
    for _ in range(2):
        harness.run_build(project, root=root)
        try:
            harness.run_build(baseline_project, root=baseline_root)
        except harness.BuildFailed as failed:
            # The baseline predates the fix of V8's teardown crash on Intel hosts (katex/engine.py's single
            # V8 thread): a build that started V8 may die with SIGSEGV at exit, after writing its cache.
            # Only a priming build starts V8; a timed warm build that failed would still stop the run.
            if "exited -11" not in str(failed):
                raise


def _pair(name: str, plugin_root: Path, baseline_root: Path, plain_root: Path, runs: int) -> list[str]:
    """Warm builds of one project with the baseline's plugin and this checkout's, against plain; a row."""
    before_root = plugin_root.with_name(plugin_root.name + "-baseline")
    shutil.copytree(plugin_root, before_root, ignore=shutil.ignore_patterns("site", ".cache"))
    before = Variant("baseline warm", before_root, root=baseline_root)
    now = Variant("current warm", plugin_root)
    plain = Variant("plain", plain_root)
    harness.run_build(plain.project, root=plain.root)
    prime(now.project, now.root, before.project, before.root)
    harness.alternate(plain, [before, now], runs, say)
    ratio = now.median() / before.median()
    cpu_ratio = now.median("cpu") / before.median("cpu")
    paired = harness.median_or_nan(now.paired) / harness.median_or_nan(before.paired)
    verdict = "met" if max(ratio, paired) <= BUDGET else "missed"
    return [
        name,
        f"{plain.median():.2f}",
        f"{before.median():.2f}",
        f"{now.median():.2f}",
        f"{ratio:.3f}×",
        f"{paired:.3f}×",
        f"{cpu_ratio:.3f}×",
        f"≤ {BUDGET:.2f}× {verdict}",
        f"{len(plain.builds)}/{len(before.builds)}/{len(now.builds)}",
    ]


def passes_bench(runs: int, n_posts: int, workdir: Path, baseline: str = BASELINE) -> str:
    """The report section: warm seed and warm N-post builds, baseline plugin vs this checkout's."""
    started, load_before = harness.now_utc(), harness.load()
    baseline_root = checkout(baseline, workdir / "baseline")
    rows = []

    say("passes: the seed post")
    seed = workdir / "seed" / "plugin"
    config = write_plugin_project(seed)
    harness.run_build(seed)  # draws the figures, which the plain project copies
    write_plain_project(workdir / "seed" / "plain", seed, config)
    rows.append(_pair("seed post", seed, baseline_root, workdir / "seed" / "plain", runs))

    say(f"passes: {n_posts} synthetic posts")
    posts = workdir / "synth" / "plugin"
    config, figures = synth.write_project(posts, n_posts)
    harness.run_build(posts)  # draws the figures, which the plain project copies
    synth.write_plain(workdir / "synth" / "plain", posts, config, figures)
    rows.append(_pair(f"{n_posts} synthetic posts", posts, baseline_root, workdir / "synth" / "plain", runs))

    header = [
        "site",
        "plain (s)",
        f"baseline {baseline} warm (s)",
        "current warm (s)",
        "current / baseline",
        "paired",
        "CPU current / baseline",
        "budget",
        "builds plain/baseline/current",
    ]
    body = [
        "## What the real-blog passes cost a warm build (issues 12 and 13)",
        "",
        f"Command: `python benchmarks/build_bench.py --parts passes --runs {runs} --passes-posts {n_posts}`. "
        f"Warm builds of the same project with the plugin of `{baseline}` (before the passes of issues "
        "12-13) and of this checkout, each with its own warm cache, a plain Material build of the same "
        "posts between every two. *current / baseline* is the ratio of medians; *paired* the ratio of "
        "each variant's median time over its neighbouring plain builds; *CPU* the ratio of median CPU "
        "seconds (user + system of the build and its workers: less sensitive to a busy host than wall "
        "time). The verdict takes the larger of the two wall-time ratios. The synthetic posts are "
        "`benchmarks/synth.py`'s (front matter, 20 formulas, two figures each).",
        "",
        harness.table(header, rows),
        "",
        harness.machine_block(started, load_before),
    ]
    return "\n".join(body)


def _main() -> None:  # pragma: no cover - run by hand
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--baseline", default=BASELINE)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zigzag-passes-") as tmp:
        print(passes_bench(args.runs, args.n, Path(tmp), args.baseline))


if __name__ == "__main__":
    _main()

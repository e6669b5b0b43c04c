"""Peak RSS of a warm build of N synthetic Hexo posts, plugin versus plain Material (issue 15, item 21).

    python benchmarks/memory_bench.py WORKDIR -n 2000 --runs 2        # write, prime, then measure
    python benchmarks/memory_bench.py WORKDIR -n 2000 --runs 2 --reuse # measure an existing WORKDIR again

Each build is ``python -m mkdocs build -q`` in a fresh subprocess; its peak RSS is ``ru_maxrss`` from
``os.wait4`` (the build process alone). The plugin project is built once (cold: figures rendered, formulas
typeset) before the measured builds, so every measured plugin build is warm.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness
import synth
from harness import say


def main(argv: list[str] | None = None) -> int:
    """Write (or reuse) the two projects, prime the plugin's cache, and print peak RSS per build."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("workdir", type=Path)
    parser.add_argument("-n", type=int, default=2000, help="number of posts")
    parser.add_argument("--runs", type=int, default=2, help="measured builds of each kind")
    parser.add_argument("--reuse", action="store_true", help="the projects exist already (and are primed)")
    parser.add_argument("--only", choices=("plain", "warm"), help="measure one kind only")
    args = parser.parse_args(argv)
    plugin_root, plain_root = args.workdir / "plugin", args.workdir / "plain"
    if not args.reuse:
        say(f"writing {args.n} posts")
        config, figures = synth.write_project(plugin_root, args.n)
        say("priming (cold) plugin build")
        cold = harness.run_build(plugin_root, quiet=False)
        say(f"  cold: {cold.wall:.1f} s, {cold.maxrss_mib:.0f} MiB")
        synth.write_plain(plain_root, plugin_root, config, figures)
        harness.run_build(plain_root)
    kinds = [k for k in ("plain", "warm") if args.only in (None, k)]
    rss: dict[str, list[float]] = {k: [] for k in kinds}
    for i in range(args.runs):
        for kind in kinds:
            b = harness.run_build(plain_root if kind == "plain" else plugin_root)
            rss[kind].append(b.maxrss_mib)
            say(f"  {kind} {i + 1}/{args.runs}: {b.wall:.1f} s, peak RSS {b.maxrss_mib:.0f} MiB")
    if len(kinds) == 2:
        ratio = max(rss["warm"]) / max(rss["plain"])
        say(f"peak RSS (MiB, max of runs): plain {max(rss['plain']):.0f}, warm {max(rss['warm']):.0f}, "
            f"ratio {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

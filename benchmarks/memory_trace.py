"""Where a warm plugin build's memory goes: tracemalloc inside one ``mkdocs build`` (issue 15, item 21).

    PYTHONPATH=. python benchmarks/memory_trace.py PROJECT [--top 25] [--frames 12]

Builds PROJECT in this process with tracemalloc on, takes a snapshot when the first page is written
(every page converted: MkDocs' peak) and at on_post_build, and prints the largest allocations, by line
and by traceback (the plugin comes from PYTHONPATH: compare two checkouts). Run it on a primed (warm)
project from memory_bench.py.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tracemalloc
from pathlib import Path


def show(title: str, snapshot: tracemalloc.Snapshot, top: int) -> None:
    """The largest allocations of *snapshot* by line, then by (trimmed) traceback."""
    snapshot = snapshot.filter_traces((tracemalloc.Filter(False, tracemalloc.__file__),))
    total = sum(s.size for s in snapshot.statistics("filename"))
    print(f"\n===== {title}: {total / 2**20:.1f} MiB traced =====")
    for stat in snapshot.statistics("lineno")[:top]:
        frame = stat.traceback[0]
        print(f"{stat.size / 2**20:8.1f} MiB {stat.count:8d}  {frame.filename}:{frame.lineno}")
    print("--- by traceback ---")
    for stat in snapshot.statistics("traceback")[:top]:
        print(f"{stat.size / 2**20:8.1f} MiB {stat.count:8d}")
        for line in stat.traceback.format(limit=None)[-16:]:
            print("      " + line)


def main() -> int:
    """Build the project with tracemalloc and print what is held at the peak and at the end."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("project", type=Path)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--frames", type=int, default=12)
    args = parser.parse_args()
    os.chdir(args.project)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    from mkdocs.commands import build as mkbuild
    from mkdocs.config import load_config

    snaps: dict[str, tracemalloc.Snapshot] = {}
    original = mkbuild._build_page

    def build_page(page, config, *a, **k):  # type: ignore[no-untyped-def]
        if "peak" not in snaps:
            gc.collect()
            snaps["peak"] = tracemalloc.take_snapshot()
        return original(page, config, *a, **k)

    mkbuild._build_page = build_page
    from mkdocs_zigzag import build as zbuild

    finish = zbuild.Build.finish

    def finish_and_snap(self):  # type: ignore[no-untyped-def]
        gc.collect()
        snaps["post_build"] = tracemalloc.take_snapshot()
        return finish(self)

    zbuild.Build.finish = finish_and_snap
    tracemalloc.start(args.frames)
    config = load_config()
    config.plugins.on_startup(command="build", dirty=False)
    mkbuild.build(config)
    config.plugins.on_shutdown()
    current, peak = tracemalloc.get_traced_memory()
    print(f"traced now {current / 2**20:.1f} MiB, traced peak {peak / 2**20:.1f} MiB")
    for name, snap in snaps.items():
        show(name, snap, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())

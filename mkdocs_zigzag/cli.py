"""The ``mkdocs-zigzag`` command: ``mkdocs-zigzag init [PATH] [--force]``.

``init`` turns a Hexo blog folder into an MkDocs project by writing one file, ``mkdocs.yml``, beside
Hexo's ``_config.yml`` (see :mod:`mkdocs_zigzag.hexo_init`), and prints what it mapped and what it could
not. Then ``mkdocs serve`` in that folder shows the blog.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from mkdocs_zigzag.hexo_init import InitError, write_init

if TYPE_CHECKING:
    from collections.abc import Sequence


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mkdocs-zigzag",
        description="Publish a Hexo blog with MkDocs Material.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    init = commands.add_parser(
        "init",
        help="write mkdocs.yml beside a Hexo blog's _config.yml",
        description="Write mkdocs.yml beside a Hexo blog's _config.yml; no other file is written.",
    )
    init.add_argument("path", nargs="?", default=".", help="the Hexo blog folder (default: the current one)")
    init.add_argument("--force", action="store_true", help="replace an existing mkdocs.yml")
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command line *argv*; returns the exit status (0: done, 1: refused, 2: bad usage)."""
    out = out or sys.stdout
    err = err or sys.stderr
    arguments = _parser().parse_args(argv)
    folder = Path(arguments.path)
    try:
        target, plan = write_init(folder, force=arguments.force)
    except InitError as error:
        err.write(f"mkdocs-zigzag init: {error}\n")
        return 1
    except OSError as error:
        err.write(f"mkdocs-zigzag init: cannot write mkdocs.yml in {folder}: {error.strerror}\n")
        return 1
    out.write(f"Wrote {target}\n\nMapped from Hexo:\n")
    out.writelines(f"  - {line}\n" for line in plan.mapped)
    if plan.unmapped:
        out.write("\nNot mapped (check these):\n")
        out.writelines(f"  - {line}\n" for line in plan.unmapped)
    out.write(f"\nNext: cd {folder} && mkdocs serve\n")
    return 0

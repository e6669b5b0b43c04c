"""``python -m mkdocs_zigzag init [PATH]``: the same as the ``mkdocs-zigzag`` command."""

from __future__ import annotations

import sys

from mkdocs_zigzag.cli import main

if __name__ == "__main__":
    sys.exit(main())

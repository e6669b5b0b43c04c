"""Hatchling build hook: put KaTeX's browser files inside the package before it is built.

KaTeX's version is pinned in ``package.json`` / ``package-lock.json``. The hook runs ``npm ci`` and
copies ``katex.min.js``, ``katex.min.css``, the ``.woff2`` fonts and KaTeX's LICENSE into
``mkdocs_zigzag/katex/dist/`` (gitignored, listed as an artifact of the wheel and the sdist), then
stamps the version there. When the stamp already matches (a second build, or an install from the
sdist, which carries the files) npm is not needed at all.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

DIST = Path("mkdocs_zigzag") / "katex" / "dist"
STAMP = "VERSION"


def pinned_katex_version(root: Path) -> str:
    """The KaTeX version the lock file pins."""
    lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))
    return str(lock["packages"]["node_modules/katex"]["version"])


def dist_is_current(dist: Path, version: str) -> bool:
    """Whether *dist* holds a complete copy of KaTeX *version*."""
    stamp = dist / STAMP
    return (
        stamp.is_file()
        and stamp.read_text(encoding="utf-8").strip() == version
        and all((dist / name).is_file() for name in ("katex.min.js", "katex.min.css", "LICENSE"))
        and any((dist / "fonts").glob("*.woff2"))
    )


def copy_katex(package_dir: Path, dist: Path, version: str) -> None:
    """Replace *dist* with the browser files of the installed KaTeX package, stamped with *version*."""
    staging = dist.with_name(dist.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "fonts").mkdir(parents=True)
    for name in ("katex.min.js", "katex.min.css"):
        shutil.copy2(package_dir / "dist" / name, staging / name)
    shutil.copy2(package_dir / "LICENSE", staging / "LICENSE")
    for font in sorted((package_dir / "dist" / "fonts").glob("*.woff2")):
        shutil.copy2(font, staging / "fonts" / font.name)
    (staging / STAMP).write_text(version + "\n", encoding="utf-8")
    shutil.rmtree(dist, ignore_errors=True)
    os.replace(staging, dist)


def ensure_katex(root: Path) -> Path:
    """Make ``mkdocs_zigzag/katex/dist`` current under *root*, running npm only when needed."""
    version = pinned_katex_version(root)
    dist = root / DIST
    if dist_is_current(dist, version):
        return dist
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(
            f"mkdocs-zigzag needs npm (Node.js) to fetch KaTeX {version} when built from a source checkout: "
            "install Node.js with npm (e.g. `apt-get install nodejs npm`) and build again, "
            "or install mkdocs-zigzag from its sdist or wheel, which carry KaTeX's files."
        )
    subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=root, check=True)
    package_dir = root / "node_modules" / "katex"
    installed = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))["version"]
    if installed != version:
        raise RuntimeError(f"npm installed KaTeX {installed}, but package-lock.json pins {version}.")
    copy_katex(package_dir, dist, version)
    return dist


class KatexBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    """Copies KaTeX's files into the package for every target (wheel, editable wheel, sdist)."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Before each target: files land in the source tree, so editable installs see them too."""
        ensure_katex(Path(self.root))


if __name__ == "__main__":
    # `python hatch_build.py`: refresh the files in a checkout without reinstalling it.
    ensure_katex(Path(__file__).resolve().parent)

"""Check a release's wheel and sdist before publishing: KaTeX's and mermaid's files in, node_modules out.

Run by .github/workflows/release.yml after ``python -m build`` (``python tests/check_dist.py dist``) and by
tests/test_katex_packaging.py, which runs the workflow's steps. Standard library only: the release job
installs nothing but ``build``.
"""

from __future__ import annotations

import json
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import NamedTuple


class Expected(NamedTuple):
    """What the build hook puts in one package's folder."""

    label: str
    folder: str
    files: list[str]
    fonts: int


EXPECTED = {
    # KaTeX 0.16 ships 20 woff2 fonts.
    "katex": Expected(
        "KaTeX", "mkdocs_zigzag/katex/dist/", ["LICENSE", "VERSION", "katex.min.css", "katex.min.js"], 20
    ),
    "mermaid": Expected(
        "mermaid", "mkdocs_zigzag/mermaid/dist/", ["LICENSE", "VERSION", "mermaid.min.js"], 0
    ),
}
"""npm package name → its files in the wheel (under the sdist's top folder too)."""
SDIST_BUILD_FILES = ["hatch_build.py", "package.json", "package-lock.json", ".npmrc", "pyproject.toml"]


def folder_problems(
    names: list[str], top: str, versions: dict[str, str], read: dict[str, bytes]
) -> list[str]:
    """What is wrong with the shipped files among archive member *names* (empty: nothing).

    *top* prefixes every folder (``""`` in a wheel); *versions* are the pins by npm name; *read* maps a
    member name to its bytes for the members whose contents are checked (``VERSION``).
    """
    problems = []
    for package, expected in EXPECTED.items():
        prefix = top + expected.folder
        inside = [n[len(prefix) :] for n in names if n.startswith(prefix)]
        files = sorted(n for n in inside if n and "/" not in n)
        fonts = sorted(n for n in inside if n.startswith("fonts/") and n != "fonts/")
        if files != expected.files:
            problems.append(f"{expected.label} files under {prefix} are {files}, expected {expected.files}")
        if len(fonts) != expected.fonts or not all(f.endswith(".woff2") for f in fonts):
            problems.append(
                f"{len(fonts)} fonts under {prefix}fonts/, expected {expected.fonts} .woff2 files"
            )
        stamp = read.get(prefix + "VERSION", b"").decode("utf-8").strip()
        if stamp != versions[package]:
            problems.append(f"{prefix}VERSION says {stamp!r}, package-lock.json pins {versions[package]!r}")
    return problems


def check_wheel(path: Path, versions: dict[str, str]) -> list[str]:
    """Problems of the wheel at *path*."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        read = {n: archive.read(n) for n in names if n.endswith("/VERSION")}
    problems = folder_problems(names, "", versions, read)
    problems += [f"{path.name} holds {n}" for n in names if "node_modules" in n]
    return problems


def check_sdist(path: Path, versions: dict[str, str]) -> list[str]:
    """Problems of the sdist at *path*."""
    with tarfile.open(path) as archive:
        members = archive.getmembers()
        names = [m.name for m in members]
        read = {}
        for member in members:
            if member.isfile() and member.name.endswith("/VERSION"):
                handle = archive.extractfile(member)
                read[member.name] = handle.read() if handle else b""
    top = names[0].split("/")[0]
    problems = folder_problems(names, f"{top}/", versions, read)
    problems += [f"{path.name} lacks {name}" for name in SDIST_BUILD_FILES if f"{top}/{name}" not in names]
    problems += [f"{path.name} holds {n}" for n in names if "node_modules" in n]
    return problems


def check_dist(folder: Path, versions: dict[str, str]) -> list[str]:
    """Problems of the one wheel and the one sdist in *folder*."""
    wheels = sorted(folder.glob("*.whl"))
    sdists = sorted(folder.glob("*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        return [f"{folder} holds {len(wheels)} wheel(s) and {len(sdists)} sdist(s), expected one of each"]
    return check_wheel(wheels[0], versions) + check_sdist(sdists[0], versions)


def pinned_versions(project: Path) -> dict[str, str]:
    """The version package-lock.json pins of each package in :data:`EXPECTED`, by npm name."""
    lock = json.loads((project / "package-lock.json").read_text(encoding="utf-8"))
    return {package: str(lock["packages"][f"node_modules/{package}"]["version"]) for package in EXPECTED}


def main(argv: list[str]) -> int:
    """``check_dist.py DIST_DIR``: exit 1 listing the problems, else 0."""
    folder = Path(argv[0] if argv else "dist")
    problems = check_dist(folder, pinned_versions(Path(__file__).resolve().parent.parent))
    for problem in problems:
        sys.stderr.write(f"error: {problem}\n")
    if not problems:
        sys.stdout.write(f"{folder}: wheel and sdist carry KaTeX's and mermaid's files and no node_modules\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

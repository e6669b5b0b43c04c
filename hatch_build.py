"""Hatchling build hook: put KaTeX's browser files inside the package before it is built.

KaTeX's version and the sha512 ``integrity`` of its npm tarball are pinned in ``package-lock.json``. The
hook copies ``katex.min.js``, ``katex.min.css``, the ``.woff2`` fonts and KaTeX's LICENSE into
``mkdocs_zigzag/katex/dist/`` (gitignored, listed as an artifact of the wheel and the sdist), then stamps
the version there. It gets them in one of two ways, which give byte-identical files:

* with ``npm ci`` when npm is on PATH (npm checks the lock file's integrity itself);
* otherwise with Python alone: it downloads the tarball from the npm registry at the address npm would
  use (``<registry>/katex/-/katex-<version>.tgz``; the lock file stores no address, see ``.npmrc``),
  checks it against the lock file's integrity and reads the files out of it.

When the stamp already matches (a second build, or an install from the sdist, which carries the files)
nothing is fetched at all. A failure ends the build with a one-line message, not a traceback.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tarfile
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

if TYPE_CHECKING:
    from collections.abc import Mapping

DIST = Path("mkdocs_zigzag") / "katex" / "dist"
STAMP = "VERSION"
PACKAGE = "katex"
DEFAULT_REGISTRY = "https://registry.npmjs.org/"
DOWNLOAD_TIMEOUT = 60.0
"""Seconds without progress before a download is given up (urllib's socket timeout)."""
_FONT_NAME = re.compile(r"[A-Za-z0-9_.-]+\.woff2")


class KatexUnavailable(Exception):
    """KaTeX's files could not be obtained; the message says why and what to do, on one line."""


class IntegrityMismatch(KatexUnavailable):
    """The downloaded tarball is not the one ``package-lock.json`` pins."""


def locked_katex(root: Path) -> tuple[str, str]:
    """``(version, integrity)`` of KaTeX as ``package-lock.json`` pins it."""
    lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"][f"node_modules/{PACKAGE}"]
    return str(entry["version"]), str(entry["integrity"])


def pinned_katex_version(root: Path) -> str:
    """The KaTeX version the lock file pins."""
    return locked_katex(root)[0]


def dist_is_current(dist: Path, version: str) -> bool:
    """Whether *dist* holds a complete copy of KaTeX *version*."""
    stamp = dist / STAMP
    return (
        stamp.is_file()
        and stamp.read_text(encoding="utf-8").strip() == version
        and all((dist / name).is_file() for name in ("katex.min.js", "katex.min.css", "LICENSE"))
        and any((dist / "fonts").glob("*.woff2"))
    )


def files_from_package_dir(package_dir: Path) -> dict[str, bytes]:
    """The files the package ships, read from an installed KaTeX (``node_modules/katex``)."""
    files = {name: (package_dir / "dist" / name).read_bytes() for name in ("katex.min.js", "katex.min.css")}
    files["LICENSE"] = (package_dir / "LICENSE").read_bytes()
    for font in sorted((package_dir / "dist" / "fonts").glob("*.woff2")):
        files[f"fonts/{font.name}"] = font.read_bytes()
    return files


def files_from_tarball(data: bytes) -> dict[str, bytes]:
    """The files the package ships, read from KaTeX's npm tarball without extracting it to disk.

    Only regular members with the expected names are read, and the names written come from this
    function, never from the archive: a member such as ``../../x`` or a link cannot place a file
    anywhere.
    """
    wanted = {
        "package/dist/katex.min.js": "katex.min.js",
        "package/dist/katex.min.css": "katex.min.css",
        "package/LICENSE": "LICENSE",
    }
    files: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            if not member.isfile():
                continue
            name = wanted.get(member.name)
            folder, base = posixpath.split(member.name)
            if name is None and folder == "package/dist/fonts" and _FONT_NAME.fullmatch(base):
                name = f"fonts/{base}"
            if name is None:
                continue
            handle = archive.extractfile(member)
            assert handle is not None  # a regular file always has contents
            files[name] = handle.read()
    missing = sorted(set(wanted.values()) - set(files))
    if missing or not any(name.startswith("fonts/") for name in files):
        raise KatexUnavailable(f"the KaTeX tarball lacks {', '.join(missing) or 'its woff2 fonts'}")
    return files


def write_dist(files: Mapping[str, bytes], dist: Path, version: str) -> None:
    """Replace *dist* with *files* (relative name → bytes), stamped with *version*; atomic for readers."""
    staging = dist.with_name(dist.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "fonts").mkdir(parents=True)
    for name, data in sorted(files.items()):
        (staging / name).write_bytes(data)
    (staging / STAMP).write_text(version + "\n", encoding="utf-8")
    shutil.rmtree(dist, ignore_errors=True)
    os.replace(staging, dist)


def copy_katex(package_dir: Path, dist: Path, version: str) -> None:
    """Replace *dist* with the browser files of the installed KaTeX package, stamped with *version*."""
    write_dist(files_from_package_dir(package_dir), dist, version)


def _npmrc_registry(path: Path) -> str | None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for line in lines:
        key, sep, value = line.partition("=")
        if sep and key.strip() == "registry" and value.strip():
            return value.strip()
    return None


def registry_url(root: Path, environ: Mapping[str, str], home: Path | None) -> str:
    """The registry npm would use: ``npm_config_registry``, else ``registry=`` of the project's then the
    user's ``.npmrc``, else npm's default; always ending in ``/``."""
    registry = (
        environ.get("npm_config_registry")
        or environ.get("NPM_CONFIG_REGISTRY")
        or _npmrc_registry(root / ".npmrc")
        or (_npmrc_registry(home / ".npmrc") if home is not None else None)
        or DEFAULT_REGISTRY
    )
    return registry.rstrip("/") + "/"


def tarball_url(registry: str, name: str, version: str) -> str:
    """npm's tarball address: ``<registry>/<name>/-/<name without scope>-<version>.tgz``."""
    return f"{registry.rstrip('/')}/{name}/-/{name.rpartition('/')[2]}-{version}.tgz"


def check_integrity(data: bytes, integrity: str, url: str) -> None:
    """Raise :class:`KatexUnavailable` unless *data* matches the lock file's ``sha512-<base64>``."""
    algorithm, _, expected = integrity.partition("-")
    if algorithm != "sha512":
        raise KatexUnavailable(f"package-lock.json has an integrity of an unexpected kind: {integrity!r}")
    actual = base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")
    if actual != expected:
        raise IntegrityMismatch(
            f"the KaTeX tarball from {url} does not match package-lock.json's integrity "
            f"(expected sha512-{expected}, got sha512-{actual}); nothing was installed. "
            "Check the registry (npm_config_registry or .npmrc) or the network's proxy, then build again."
        )


def download(url: str) -> bytes:
    """The bytes at *url* (:class:`KatexUnavailable` naming the reason when it cannot be fetched)."""
    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT) as response:
            return bytes(response.read())
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        raise KatexUnavailable(f"downloading {url} failed ({reason})") from None


def fetch_katex_files(root: Path, environ: Mapping[str, str], home: Path | None) -> dict[str, bytes]:
    """KaTeX's files from its registry tarball, checked against the lock file (Python only, no npm)."""
    version, integrity = locked_katex(root)
    url = tarball_url(registry_url(root, environ, home), PACKAGE, version)
    data = download(url)
    check_integrity(data, integrity, url)
    return files_from_tarball(data)


def npm_katex_files(root: Path, npm: str) -> dict[str, bytes]:
    """KaTeX's files as ``npm ci`` installs them (npm verifies the lock file's integrity)."""
    version = pinned_katex_version(root)
    result = subprocess.run(
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise KatexUnavailable(f"`npm ci` failed ({last})")
    package_dir = root / "node_modules" / PACKAGE
    installed = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))["version"]
    if installed != version:
        raise KatexUnavailable(f"npm installed KaTeX {installed}, but package-lock.json pins {version}")
    return files_from_package_dir(package_dir)


def ensure_katex(
    root: Path,
    environ: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> Path:
    """Make ``mkdocs_zigzag/katex/dist`` current under *root*: npm when on PATH, else a verified download.

    Raises :class:`KatexUnavailable` with a one-line message saying what to do when neither works.
    """
    environ = os.environ if environ is None else environ
    version = pinned_katex_version(root)
    dist = root / DIST
    if dist_is_current(dist, version):
        return dist
    npm = shutil.which("npm", path=environ.get("PATH"))
    problems: list[str] = []
    files: dict[str, bytes] | None = None
    if npm is not None:
        try:
            files = npm_katex_files(root, npm)
        except KatexUnavailable as error:
            problems.append(str(error))
    if files is None:
        try:
            files = fetch_katex_files(root, environ, Path.home() if home is None else home)
        except KatexUnavailable as error:
            if isinstance(error, IntegrityMismatch):
                # a tampered or wrong tarball: say only that, whatever npm did
                raise KatexUnavailable(
                    f"mkdocs-zigzag could not get KaTeX {version}'s files: {error}"
                ) from None
            problems.append(str(error))
    if files is None:
        if npm is None:
            problems.insert(0, "npm is not on PATH")
        raise KatexUnavailable(
            f"mkdocs-zigzag could not get KaTeX {version}'s files: {'; '.join(problems)}. "
            "Build where the npm registry is reachable (or set npm_config_registry to a mirror), "
            "or install from a wheel or sdist, which carry KaTeX's files."
        )
    write_dist(files, dist, version)
    return dist


class KatexBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    """Copies KaTeX's files into the package for every target (wheel, editable wheel, sdist)."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Before each target: files land in the source tree, so editable installs see them too."""
        try:
            ensure_katex(Path(self.root))
        except KatexUnavailable as error:
            # SystemExit prints the message alone: pip shows it in its error box instead of a traceback.
            raise SystemExit(f"error: {error}") from None


if __name__ == "__main__":
    # `python hatch_build.py`: refresh the files in a checkout without reinstalling it.
    try:
        ensure_katex(Path(__file__).resolve().parent)
    except KatexUnavailable as error:
        sys.exit(f"error: {error}")

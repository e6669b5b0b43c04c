"""Hatchling build hook: put the browser files of KaTeX and mermaid inside the package before it is built.

Their versions and the sha512 ``integrity`` of their npm tarballs are pinned in ``package-lock.json``.
:data:`SHIPPED` says which files of each package are copied where: KaTeX's ``katex.min.js``,
``katex.min.css``, ``.woff2`` fonts and LICENSE into ``mkdocs_zigzag/katex/dist/``; mermaid's single-file
build ``mermaid.min.js`` and LICENSE into ``mkdocs_zigzag/mermaid/dist/`` (both gitignored, listed as
artifacts of the wheel and the sdist). Each folder is stamped with its package's version. The hook gets
the files in one of two ways, which give byte-identical files:

* with ``npm ci`` when npm is on PATH (npm checks the lock file's integrity itself);
* otherwise with Python alone: it downloads each tarball from the npm registry at the address npm would
  use (``<registry>/<name>/-/<name>-<version>.tgz``; the lock file stores no address, see ``.npmrc``),
  checks it against the lock file's integrity and reads the files out of it.

When a stamp already matches (a second build, or an install from the sdist, which carries the files)
nothing is fetched for that package. A failure ends the build with a one-line message, not a traceback.
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
from typing import TYPE_CHECKING, Any, NamedTuple

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

STAMP = "VERSION"
DEFAULT_REGISTRY = "https://registry.npmjs.org/"
DOWNLOAD_TIMEOUT = 60.0
"""Seconds without progress before a download is given up (urllib's socket timeout)."""
_FONT_NAME = re.compile(r"[A-Za-z0-9_.-]+\.woff2")


class Shipped(NamedTuple):
    """One npm package whose browser files go into the Python package.

    (A NamedTuple, not a dataclass: hatchling runs this file without registering it in ``sys.modules``,
    which dataclasses need.)
    """

    label: str
    """How messages name it (``KaTeX``)."""
    package: str
    """Its npm name."""
    dist: Path
    """Where its files go, relative to the project root."""
    files: Mapping[str, str]
    """Path inside the npm package → name under :attr:`dist`."""
    fonts: str | None = None
    """A folder inside the npm package whose ``.woff2`` files go under ``fonts/`` (``None``: no fonts)."""


KATEX = Shipped(
    label="KaTeX",
    package="katex",
    dist=Path("mkdocs_zigzag") / "katex" / "dist",
    files={"dist/katex.min.js": "katex.min.js", "dist/katex.min.css": "katex.min.css", "LICENSE": "LICENSE"},
    fonts="dist/fonts",
)
MERMAID = Shipped(
    label="mermaid",
    package="mermaid",
    dist=Path("mkdocs_zigzag") / "mermaid" / "dist",
    # The single-file build: it defines window.mermaid, which Material's bundle then uses instead of
    # loading mermaid from unpkg.com.
    files={"dist/mermaid.min.js": "mermaid.min.js", "LICENSE": "LICENSE"},
)
SHIPPED = (KATEX, MERMAID)
"""Every package the hook copies files of, in the order messages name them."""


class AssetsUnavailable(Exception):
    """A package's files could not be obtained; the message says why and what to do, on one line."""


class IntegrityMismatch(AssetsUnavailable):
    """A downloaded tarball is not the one ``package-lock.json`` pins."""


def locked(root: Path, shipped: Shipped) -> tuple[str, str]:
    """``(version, integrity)`` of *shipped* as ``package-lock.json`` pins it."""
    lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"][f"node_modules/{shipped.package}"]
    return str(entry["version"]), str(entry["integrity"])


def pinned_version(root: Path, shipped: Shipped) -> str:
    """The version of *shipped* the lock file pins."""
    return locked(root, shipped)[0]


def dist_is_current(dist: Path, version: str, shipped: Shipped) -> bool:
    """Whether *dist* holds a complete copy of *shipped* at *version*."""
    stamp = dist / STAMP
    return (
        stamp.is_file()
        and stamp.read_text(encoding="utf-8").strip() == version
        and all((dist / name).is_file() for name in shipped.files.values())
        and (shipped.fonts is None or any((dist / "fonts").glob("*.woff2")))
    )


def files_from_package_dir(package_dir: Path, shipped: Shipped) -> dict[str, bytes]:
    """The files the package ships, read from an installed npm package (``node_modules/<name>``)."""
    files = {name: (package_dir / inside).read_bytes() for inside, name in shipped.files.items()}
    if shipped.fonts is not None:
        for font in sorted((package_dir / shipped.fonts).glob("*.woff2")):
            files[f"fonts/{font.name}"] = font.read_bytes()
    return files


def files_from_tarball(data: bytes, shipped: Shipped) -> dict[str, bytes]:
    """The files the package ships, read from its npm tarball without extracting it to disk.

    Only regular members with the expected names are read, and the names written come from
    :data:`SHIPPED`, never from the archive: a member such as ``../../x`` or a link cannot place a file
    anywhere.
    """
    wanted = {f"package/{inside}": name for inside, name in shipped.files.items()}
    fonts = None if shipped.fonts is None else f"package/{shipped.fonts}"
    files: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            if not member.isfile():
                continue
            name = wanted.get(member.name)
            folder, base = posixpath.split(member.name)
            if name is None and folder == fonts and _FONT_NAME.fullmatch(base):
                name = f"fonts/{base}"
            if name is None:
                continue
            handle = archive.extractfile(member)
            assert handle is not None  # a regular file always has contents
            files[name] = handle.read()
    missing = sorted(set(wanted.values()) - set(files))
    no_fonts = fonts is not None and not any(name.startswith("fonts/") for name in files)
    if missing or no_fonts:
        lacks = ", ".join(missing) or "its woff2 fonts"
        raise AssetsUnavailable(f"the {shipped.label} tarball lacks {lacks}")
    return files


def write_dist(files: Mapping[str, bytes], dist: Path, version: str) -> None:
    """Replace *dist* with *files* (relative name → bytes), stamped with *version*; atomic for readers."""
    staging = dist.with_name(dist.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name, data in sorted(files.items()):
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        (staging / name).write_bytes(data)
    (staging / STAMP).write_text(version + "\n", encoding="utf-8")
    shutil.rmtree(dist, ignore_errors=True)
    os.replace(staging, dist)


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


def check_integrity(data: bytes, integrity: str, url: str, shipped: Shipped) -> None:
    """Raise :class:`AssetsUnavailable` unless *data* matches the lock file's ``sha512-<base64>``."""
    algorithm, _, expected = integrity.partition("-")
    if algorithm != "sha512":
        raise AssetsUnavailable(f"package-lock.json has an integrity of an unexpected kind: {integrity!r}")
    actual = base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")
    if actual != expected:
        raise IntegrityMismatch(
            f"the {shipped.label} tarball from {url} does not match package-lock.json's integrity "
            f"(expected sha512-{expected}, got sha512-{actual}); nothing was installed. "
            "Check the registry (npm_config_registry or .npmrc) or the network's proxy, then build again."
        )


def download(url: str) -> bytes:
    """The bytes at *url* (:class:`AssetsUnavailable` naming the reason when it cannot be fetched)."""
    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT) as response:
            return bytes(response.read())
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        raise AssetsUnavailable(f"downloading {url} failed ({reason})") from None


def fetch_files(
    root: Path, shipped: Shipped, environ: Mapping[str, str], home: Path | None
) -> dict[str, bytes]:
    """*shipped*'s files from its registry tarball, checked against the lock file (Python only, no npm)."""
    version, integrity = locked(root, shipped)
    url = tarball_url(registry_url(root, environ, home), shipped.package, version)
    data = download(url)
    check_integrity(data, integrity, url, shipped)
    return files_from_tarball(data, shipped)


def npm_files(root: Path, npm: str, wanted: Iterable[Shipped]) -> dict[str, dict[str, bytes]]:
    """The files of each package in *wanted* (by npm name) as one ``npm ci`` installs them.

    npm verifies the lock file's integrity itself.
    """
    result = subprocess.run(
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise AssetsUnavailable(f"`npm ci` failed ({last})")
    files = {}
    for shipped in wanted:
        version = pinned_version(root, shipped)
        package_dir = root / "node_modules" / shipped.package
        installed = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))["version"]
        if installed != version:
            raise AssetsUnavailable(
                f"npm installed {shipped.label} {installed}, but package-lock.json pins {version}"
            )
        files[shipped.package] = files_from_package_dir(package_dir, shipped)
    return files


def _whose(packages: Iterable[Shipped], versions: Mapping[str, str]) -> str:
    """``KaTeX 0.16.47's and mermaid 11.17.2's``: the packages a message is about."""
    return " and ".join(f"{shipped.label} {versions[shipped.package]}'s" for shipped in packages)


def ensure_assets(
    root: Path,
    environ: Mapping[str, str] | None = None,
    home: Path | None = None,
    shipped: Iterable[Shipped] = SHIPPED,
) -> dict[str, Path]:
    """Make each package's folder under *root* current: npm when on PATH, else verified downloads.

    Returns the folder of each package by npm name. Raises :class:`AssetsUnavailable` with a one-line
    message saying what to do when neither way gives every package (the ones obtained are kept).
    """
    environ = os.environ if environ is None else environ
    wanted = list(shipped)
    versions = {item.package: pinned_version(root, item) for item in wanted}
    stale = [item for item in wanted if not dist_is_current(root / item.dist, versions[item.package], item)]
    if stale:
        npm = shutil.which("npm", path=environ.get("PATH"))
        problems: list[str] = []
        got: dict[str, dict[str, bytes]] = {}
        if npm is not None:
            try:
                got = npm_files(root, npm, stale)
            except AssetsUnavailable as error:
                problems.append(str(error))
        for item in stale:
            if item.package in got:
                continue
            try:
                got[item.package] = fetch_files(root, item, environ, Path.home() if home is None else home)
            except IntegrityMismatch as error:
                # a tampered or wrong tarball: say only that, whatever npm did
                raise AssetsUnavailable(
                    f"mkdocs-zigzag could not get {_whose([item], versions)} files: {error}"
                ) from None
            except AssetsUnavailable as error:
                problems.append(str(error))
        for item in stale:
            if item.package in got:
                write_dist(got[item.package], root / item.dist, versions[item.package])
        missing = [item for item in stale if item.package not in got]
        if missing:
            if npm is None:
                problems.insert(0, "npm is not on PATH")
            raise AssetsUnavailable(
                f"mkdocs-zigzag could not get {_whose(missing, versions)} files: {'; '.join(problems)}. "
                "Build where the npm registry is reachable (or set npm_config_registry to a mirror), "
                "or install from a wheel or sdist, which carry these files."
            )
    return {item.package: root / item.dist for item in wanted}


class BrowserFilesBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    """Copies KaTeX's and mermaid's files into the package for every target (wheel, editable, sdist)."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Before each target: files land in the source tree, so editable installs see them too."""
        try:
            ensure_assets(Path(self.root))
        except AssetsUnavailable as error:
            # SystemExit prints the message alone: pip shows it in its error box instead of a traceback.
            raise SystemExit(f"error: {error}") from None


if __name__ == "__main__":
    # `python hatch_build.py`: refresh the files in a checkout without reinstalling it.
    try:
        ensure_assets(Path(__file__).resolve().parent)
    except AssetsUnavailable as error:
        sys.exit(f"error: {error}")

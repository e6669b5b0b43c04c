"""Shared fixtures: real site builds in temporary folders, with every log line captured.

``build_site`` fails the test on any warning the test did not declare as expected, the way
oprypin's plugins do: a new warning is a regression until a test says otherwise.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED_POST = ROOT / "docs" / "blog" / "posts" / "zero-centered-activation.md"


@dataclass
class BuiltSite:
    """The result of one build: where it went and what it logged."""

    root: Path
    site_dir: Path
    records: list[logging.LogRecord] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        """Every WARNING-or-worse message, as text."""
        return [r.getMessage() for r in self.records if r.levelno >= logging.WARNING]

    def messages(self, level: int = logging.INFO) -> list[str]:
        """Every message at *level* or above."""
        return [r.getMessage() for r in self.records if r.levelno >= level]

    def read(self, path: str) -> str:
        """Text of a file of the built site."""
        return (self.site_dir / path).read_text(encoding="utf-8")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


BASE_CONFIG: dict[str, Any] = {
    "site_name": "test",
    "theme": {"name": "material", "font": False},
    "plugins": ["zigzag"],
}


def write_site(root: Path, files: dict[str, str | bytes], config: dict[str, Any] | None = None) -> Path:
    """Write ``mkdocs.yml`` (BASE_CONFIG updated by *config*) and *files* (paths under root) into *root*."""
    root.mkdir(parents=True, exist_ok=True)
    merged = {**BASE_CONFIG, **(config or {})}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(merged, allow_unicode=True), encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            text = textwrap.dedent(content) if content.startswith("\n") else content
            path.write_text(text, encoding="utf-8")
    return root


SHIPPED_DIRS = ("mkdocs_zigzag/katex/dist", "mkdocs_zigzag/mermaid/dist")
"""KaTeX's and mermaid's files, put into the package by the build hook (gitignored)."""


def copy_project(target: Path, *, with_shipped: bool) -> Path:
    """The project's files (tracked and new, not ignored) copied to *target*; KaTeX's and mermaid's
    shipped files too when *with_shipped*."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for rel in filter(None, listed.split("\0")):
        source = ROOT / rel
        if source.is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel)
    if with_shipped:
        for folder in SHIPPED_DIRS:
            shutil.copytree(ROOT / folder, target / folder)
    return target


def run_build(
    root: Path, *, strict: bool = False, dirty: bool = False, site_dir: Path | None = None
) -> BuiltSite:
    """Build the site whose mkdocs.yml is in *root*, capturing every log record of the ``mkdocs`` logger.

    *site_dir*, when given, replaces the configured one (to build the repository's own site elsewhere).
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    cwd = os.getcwd()
    try:
        os.chdir(root)
        overrides = {"site_dir": str(site_dir)} if site_dir is not None else {}
        config = load_config(str(root / "mkdocs.yml"), strict=strict, **overrides)
        config.plugins.on_startup(command="build", dirty=dirty)
        try:
            build(config, dirty=dirty)
        finally:
            config.plugins.on_shutdown()
    finally:
        os.chdir(cwd)
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    return BuiltSite(root=root, site_dir=Path(config.site_dir), records=handler.records)


@pytest.fixture
def build_site(tmp_path: Path) -> Iterator[Callable[..., BuiltSite]]:
    """Build a temporary site; fail unless its warnings are exactly the ones the test expects.

    ``build_site(files, config=None, expect_warnings=(), strict=False)``: *expect_warnings* are
    substrings, each of which must match one warning; any other warning fails the test.
    """

    def _build(
        files: dict[str, str | bytes],
        config: dict[str, Any] | None = None,
        *,
        expect_warnings: tuple[str, ...] | list[str] = (),
        strict: bool = False,
        root: Path | None = None,
    ) -> BuiltSite:
        site_root = write_site(root or tmp_path / "project", files, config)
        built = run_build(site_root, strict=strict)
        assert_warnings(built, expect_warnings)
        return built

    yield _build


def assert_warnings(built: BuiltSite, expected: Sequence[str]) -> None:
    """Fail unless each of *expected* (substrings) matches a warning of *built* and every warning is
    matched: a new warning is a regression until a test says otherwise."""
    unexpected = [w for w in built.warnings if not any(e in w for e in expected)]
    missing = [e for e in expected if not any(e in w for w in built.warnings)]
    assert not unexpected, f"unexpected warnings: {unexpected}"
    assert not missing, f"expected warnings not logged: {missing}; got {built.warnings}"


@pytest.fixture
def seed_project(tmp_path: Path) -> Path:
    """A copy of this repository's site (mkdocs.yml + docs/) in a temporary folder."""
    dest = tmp_path / "seed"
    shutil.copytree(ROOT / "docs", dest / "docs")
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


@pytest.fixture
def forbid_v8(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Call it to fail the test if V8 is started from then on (for builds that must be warm)."""

    def forbid() -> None:
        from mkdocs_zigzag.katex.engine import KatexEngine

        def refuse(self: KatexEngine, *args: object, **kwargs: object) -> None:
            raise AssertionError("V8 was started in a warm build")

        monkeypatch.setattr(KatexEngine, "__init__", refuse)

    return forbid


@pytest.fixture(scope="session")
def katex_renderer() -> Iterator[Any]:
    """One KaTeX renderer (memory cache, V8 started on first use) shared by the KaTeX unit tests."""
    from katex_helpers import make_renderer

    renderer = make_renderer()
    yield renderer
    renderer.close()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    """Body of *url* (127.0.0.1 only), or "" while the server is not answering."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def start_mkdocs_serve(root: Path) -> tuple[subprocess.Popen[str], int]:
    """``mkdocs serve`` of the project in *root* on a free port, in its own process group, stderr piped.

    Stop it with ``os.killpg(process.pid, signal.SIGINT)``.
    """
    import sys

    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    return process, port

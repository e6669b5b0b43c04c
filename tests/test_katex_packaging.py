"""KaTeX's files reach the wheel and the sdist (built by hatch_build.py), and never need npm after that."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import ROOT

if TYPE_CHECKING:
    from types import ModuleType

DIST = "mkdocs_zigzag/katex/dist"
FONT_COUNT = 20


def _hook_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hatch_build", ROOT / "hatch_build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _katex_members(names: list[str], prefix: str) -> dict[str, list[str]]:
    inside = [n[len(prefix) :] for n in names if n.startswith(prefix)]
    return {
        "files": sorted(n for n in inside if "/" not in n),
        "fonts": sorted(n for n in inside if n.startswith("fonts/")),
    }


def _check(members: dict[str, list[str]]) -> None:
    assert members["files"] == ["LICENSE", "VERSION", "katex.min.css", "katex.min.js"]
    assert len(members["fonts"]) == FONT_COUNT
    assert all(name.endswith(".woff2") for name in members["fonts"])


def _pinned_version() -> str:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    return str(lock["packages"]["node_modules/katex"]["version"])


def _env_without_npm() -> dict[str, str]:
    """PATH holding only the Python in use, so npm cannot be found."""
    return {**os.environ, "PATH": str(Path(sys.executable).parent)}


def test_katex_is_pinned_and_the_lock_has_no_download_addresses() -> None:
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    assert package["dependencies"]["katex"] == _pinned_version()
    assert _pinned_version().startswith("0.16.")
    assert "resolved" not in (ROOT / "package-lock.json").read_text(encoding="utf-8")
    assert "omit-lockfile-registry-resolved=true" in (ROOT / ".npmrc").read_text(encoding="utf-8")


def test_katex_files_are_never_committed() -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(
        ["git", "ls-files", DIST], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert tracked == ""


def test_clean_checkout_without_npm_says_npm_is_needed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hook = _hook_module()
    shutil.copy(ROOT / "package.json", tmp_path / "package.json")
    shutil.copy(ROOT / "package-lock.json", tmp_path / "package-lock.json")
    monkeypatch.setattr(hook.shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError, match=r"needs npm \(Node\.js\) to fetch KaTeX 0\.16\."):
        hook.ensure_katex(tmp_path)


def test_current_stamp_skips_npm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hook = _hook_module()
    for name in ("package.json", "package-lock.json"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / DIST, tmp_path / DIST)
    monkeypatch.setattr(hook.shutil, "which", lambda name: None)
    assert hook.ensure_katex(tmp_path) == tmp_path / DIST


@pytest.mark.slow
def test_wheel_and_sdist_carry_katex_and_the_sdist_builds_without_npm(tmp_path: Path) -> None:
    out = tmp_path / "out"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--no-isolation",
            "--sdist",
            "--wheel",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("*.whl")
    (sdist,) = out.glob("*.tar.gz")
    with zipfile.ZipFile(wheel) as archive:
        _check(_katex_members(archive.namelist(), f"{DIST}/"))
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
        top = names[0].split("/")[0]
        _check(_katex_members(names, f"{top}/{DIST}/"))
        assert f"{top}/package-lock.json" in names and f"{top}/hatch_build.py" in names
        assert not [n for n in names if "node_modules" in n]
        archive.extractall(tmp_path / "unpacked", filter="data")

    # An install from the sdist: no npm on PATH, the files it carries are used as they are.
    from_sdist = tmp_path / "from-sdist"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--no-isolation",
            "--wheel",
            "--outdir",
            str(from_sdist),
            str(tmp_path / "unpacked" / top),
        ],
        capture_output=True,
        text=True,
        env=_env_without_npm(),
    )
    assert result.returncode == 0, result.stderr
    (rebuilt,) = from_sdist.glob("*.whl")
    with zipfile.ZipFile(rebuilt) as archive:
        _check(_katex_members(archive.namelist(), f"{DIST}/"))
        assert archive.read(f"{DIST}/VERSION").decode().strip() == _pinned_version()

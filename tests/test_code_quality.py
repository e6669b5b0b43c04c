"""The house rules that tools can check: ruff (incl. no print, type-only imports) and mypy --strict."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_is_clean() -> None:
    result = _run("ruff", "check", "mkdocs_zigzag", "tests", "benchmarks", "hatch_build.py")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean_on_the_package() -> None:
    result = _run("mypy", "mkdocs_zigzag")
    assert result.returncode == 0, result.stdout + result.stderr

"""KaTeX's and mermaid's files reach the wheel and the sdist (built by hatch_build.py), with npm or without.

The hook takes them from ``npm ci`` when npm is on PATH, else downloads the tarballs package-lock.json
pins and checks their sha512; both must give the same bytes. Tests that need the npm registry skip when it
cannot be reached; everything else runs offline against tarballs made here.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import urllib.request
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml
from check_dist import check_dist, check_wheel, pinned_versions
from conftest import ROOT, copy_project

if TYPE_CHECKING:
    from types import ModuleType

DIST = "mkdocs_zigzag/katex/dist"
MERMAID_DIST = "mkdocs_zigzag/mermaid/dist"
REGISTRY_TARBALL = "https://registry.npmjs.org/katex/-/katex-{version}.tgz"


def _hook_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hatch_build", ROOT / "hatch_build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pinned_version(package: str = "katex") -> str:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    return str(lock["packages"][f"node_modules/{package}"]["version"])


def _ensure_katex(hook: ModuleType, project: Path, **kwargs: object) -> Path:
    """The hook made to fetch KaTeX alone (what the fake tarballs below stand for)."""
    return Path(hook.ensure_assets(project, shipped=[hook.KATEX], **kwargs)["katex"])


def _env_without_npm(**extra: str) -> dict[str, str]:
    """PATH holding only the Python in use, so npm cannot be found."""
    env = {k: v for k, v in os.environ.items() if not k.lower().startswith("npm_config_")}
    return {**env, "PATH": str(Path(sys.executable).parent), **extra}


def _hook_inputs(target: Path) -> Path:
    """Only what the hook reads: package.json, package-lock.json, .npmrc."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json", ".npmrc"):
        shutil.copy(ROOT / name, target / name)
    return target


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _registry_reachable() -> bool:
    request = urllib.request.Request(REGISTRY_TARBALL.format(version=_pinned_version()), method="HEAD")
    try:
        with urllib.request.urlopen(request, timeout=10):
            return True
    except OSError:
        return False


def _fake_tarball(members: dict[str, bytes], links: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            archive.addfile(info)
    return buffer.getvalue()


KATEX_MEMBERS = {
    "package/dist/katex.min.js": b"js",
    "package/dist/katex.min.css": b"css",
    "package/LICENSE": b"MIT",
    "package/dist/fonts/KaTeX_Main-Regular.woff2": b"font",
    "package/dist/fonts/KaTeX_Main-Regular.ttf": b"not shipped",
    "package/dist/katex.js": b"not shipped",
}


def _sri(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def _lock_pinning(folder: Path, integrity: str) -> None:
    lock = json.loads((folder / "package-lock.json").read_text(encoding="utf-8"))
    lock["packages"]["node_modules/katex"]["integrity"] = integrity
    (folder / "package-lock.json").write_text(json.dumps(lock), encoding="utf-8")


# --- pins and addresses -----------------------------------------------------------------------------


def test_katex_is_pinned_with_integrity_and_the_lock_has_no_download_addresses() -> None:
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    assert package["dependencies"]["katex"] == _pinned_version()
    assert _pinned_version().startswith("0.16.")
    version, integrity = _hook_module().locked(ROOT, _hook_module().KATEX)
    assert version == _pinned_version()
    assert integrity.startswith("sha512-") and len(base64.b64decode(integrity[7:])) == 64
    assert "resolved" not in (ROOT / "package-lock.json").read_text(encoding="utf-8")
    assert "omit-lockfile-registry-resolved=true" in (ROOT / ".npmrc").read_text(encoding="utf-8")


def test_katex_files_are_never_committed() -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(
        ["git", "ls-files", DIST], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert tracked == ""


def test_tarball_address_is_derived_the_way_npm_does() -> None:
    hook = _hook_module()
    assert (
        hook.tarball_url("https://registry.npmjs.org/", "katex", "0.16.47")
        == "https://registry.npmjs.org/katex/-/katex-0.16.47.tgz"
    )
    assert (
        hook.tarball_url("https://mirror.example/npm", "@scope/pkg", "1.2.3")
        == "https://mirror.example/npm/@scope/pkg/-/pkg-1.2.3.tgz"
    )


def test_registry_comes_from_the_environment_then_npmrc_then_npms_default(tmp_path: Path) -> None:
    hook = _hook_module()
    project, home = tmp_path / "project", tmp_path / "home"
    project.mkdir()
    home.mkdir()
    assert hook.registry_url(project, {}, home) == "https://registry.npmjs.org/"
    (home / ".npmrc").write_text("registry = https://user.example/npm\n", encoding="utf-8")
    assert hook.registry_url(project, {}, home) == "https://user.example/npm/"
    (project / ".npmrc").write_text(
        "omit-lockfile-registry-resolved=true\nregistry=https://project.example/\n", encoding="utf-8"
    )
    assert hook.registry_url(project, {}, home) == "https://project.example/"
    environ = {"npm_config_registry": "https://env.example/r"}
    assert hook.registry_url(project, environ, home) == "https://env.example/r/"
    assert hook.registry_url(project, {"NPM_CONFIG_REGISTRY": "https://ENV.example"}, home) == (
        "https://ENV.example/"
    )


# --- reading the tarball ----------------------------------------------------------------------------


def test_tarball_files_are_read_by_name_and_nothing_in_the_archive_chooses_a_path() -> None:
    hook = _hook_module()
    data = _fake_tarball(
        {
            **KATEX_MEMBERS,
            "../../evil.woff2": b"outside",
            "package/dist/fonts/../../../../evil.woff2": b"outside",
            "/etc/evil.woff2": b"absolute",
        },
        links={"package/dist/fonts/Link.woff2": "/etc/passwd"},
    )
    assert hook.files_from_tarball(data, hook.KATEX) == {
        "katex.min.js": b"js",
        "katex.min.css": b"css",
        "LICENSE": b"MIT",
        "fonts/KaTeX_Main-Regular.woff2": b"font",
    }


def test_a_tarball_without_katex_files_is_refused() -> None:
    hook = _hook_module()
    data = _fake_tarball({"package/dist/katex.min.js": b"js"})
    with pytest.raises(hook.AssetsUnavailable, match=r"lacks LICENSE, katex\.min\.css"):
        hook.files_from_tarball(data, hook.KATEX)


# --- ensure_katex without npm (offline: the download is replaced) -----------------------------------


def test_without_npm_the_verified_download_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hook = _hook_module()
    project = _hook_inputs(tmp_path)
    tarball = _fake_tarball(KATEX_MEMBERS)
    _lock_pinning(project, _sri(tarball))
    asked: list[str] = []
    monkeypatch.setattr(hook, "download", lambda url: asked.append(url) or tarball)
    dist = _ensure_katex(hook, project, environ={"PATH": str(tmp_path / "nothing")}, home=tmp_path)
    assert asked == [f"https://registry.npmjs.org/katex/-/katex-{_pinned_version()}.tgz"]
    assert _tree(dist) == {
        "LICENSE": b"MIT",
        "VERSION": f"{_pinned_version()}\n".encode(),
        "fonts/KaTeX_Main-Regular.woff2": b"font",
        "katex.min.css": b"css",
        "katex.min.js": b"js",
    }


def test_a_wrong_hash_stops_the_build_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hook = _hook_module()
    project = _hook_inputs(tmp_path)
    tarball = _fake_tarball(KATEX_MEMBERS)  # not the tarball the real lock file pins
    monkeypatch.setattr(hook, "download", lambda url: tarball)
    with pytest.raises(hook.AssetsUnavailable) as caught:
        _ensure_katex(hook, project, environ={"PATH": str(tmp_path / "nothing")}, home=tmp_path)
    message = str(caught.value)
    version, integrity = hook.locked(ROOT, hook.KATEX)
    assert message == (
        f"mkdocs-zigzag could not get KaTeX {version}'s files: the KaTeX tarball from "
        f"https://registry.npmjs.org/katex/-/katex-{version}.tgz does not match package-lock.json's "
        f"integrity (expected {integrity}, got {_sri(tarball)}); nothing was installed. Check the registry "
        "(npm_config_registry or .npmrc) or the network's proxy, then build again."
    )
    assert not (project / DIST).exists()


def _failing_npm(folder: Path) -> str:
    """A PATH whose only npm fails as npm does offline."""
    folder.mkdir()
    npm = folder / "npm"
    npm.write_text("#!/bin/sh\necho 'npm error code ENOTFOUND' >&2\nexit 1\n", encoding="utf-8")
    npm.chmod(0o755)
    return str(folder)


def test_when_npm_fails_the_verified_download_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hook = _hook_module()
    project = _hook_inputs(tmp_path / "project")
    tarball = _fake_tarball(KATEX_MEMBERS)
    _lock_pinning(project, _sri(tarball))
    monkeypatch.setattr(hook, "download", lambda url: tarball)
    dist = _ensure_katex(hook, project, environ={"PATH": _failing_npm(tmp_path / "bin")}, home=tmp_path)
    assert (dist / "katex.min.js").read_bytes() == b"js"


def test_when_npm_and_the_download_fail_both_reasons_are_given(tmp_path: Path) -> None:
    hook = _hook_module()
    project = _hook_inputs(tmp_path / "project")
    environ = {"PATH": _failing_npm(tmp_path / "bin"), "npm_config_registry": "http://127.0.0.1:9/"}
    with pytest.raises(hook.AssetsUnavailable) as caught:
        _ensure_katex(hook, project, environ=environ, home=tmp_path)
    assert str(caught.value).startswith(
        f"mkdocs-zigzag could not get KaTeX {_pinned_version()}'s files: `npm ci` failed (npm error code "
        f"ENOTFOUND); downloading http://127.0.0.1:9/katex/-/katex-{_pinned_version()}.tgz failed ("
    )


def test_no_npm_and_no_registry_is_one_clear_line(tmp_path: Path) -> None:
    hook = _hook_module()
    project = _hook_inputs(tmp_path)
    environ = {"PATH": str(tmp_path / "nothing"), "npm_config_registry": "http://127.0.0.1:9/"}
    with pytest.raises(hook.AssetsUnavailable) as caught:
        _ensure_katex(hook, project, environ=environ, home=tmp_path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(
        f"mkdocs-zigzag could not get KaTeX {_pinned_version()}'s files: npm is not on PATH; downloading "
        f"http://127.0.0.1:9/katex/-/katex-{_pinned_version()}.tgz failed ("
    )
    assert message.endswith(
        "Build where the npm registry is reachable (or set npm_config_registry to a mirror), "
        "or install from a wheel or sdist, which carry these files."
    )


def test_current_stamp_needs_neither_npm_nor_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hook = _hook_module()
    project = _hook_inputs(tmp_path)
    shutil.copytree(ROOT / DIST, project / DIST)
    shutil.copytree(ROOT / MERMAID_DIST, project / MERMAID_DIST)

    def no_download(url: str) -> bytes:
        raise AssertionError(f"downloaded {url}")

    monkeypatch.setattr(hook, "download", no_download)
    environ = {"PATH": str(tmp_path / "nothing")}
    assert hook.ensure_assets(project, environ=environ, home=tmp_path) == {
        "katex": project / DIST,
        "mermaid": project / MERMAID_DIST,
    }


def test_a_failing_build_shows_pip_one_line_and_no_traceback(tmp_path: Path) -> None:
    """What a user without npm and without the registry sees: the hook's message, not a traceback."""
    project = copy_project(tmp_path / "project", with_shipped=False)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-build-isolation",
            "--no-deps",
            "--no-index",
            "-w",
            str(tmp_path / "out"),
            str(project),
        ],
        capture_output=True,
        text=True,
        env=_env_without_npm(npm_config_registry="http://127.0.0.1:9/", PIP_DISABLE_PIP_VERSION_CHECK="1"),
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "[1 lines of output]" in output
    assert (
        f"error: mkdocs-zigzag could not get KaTeX {_pinned_version()}'s and mermaid "
        f"{_pinned_version('mermaid')}'s files: npm is not on PATH;" in output
    )
    assert "Traceback" not in output


# --- mermaid: the same hook, the same two ways ------------------------------------------------------

MERMAID_MEMBERS = {
    "package/dist/mermaid.min.js": b"globalThis.mermaid = {};",
    "package/LICENSE": b"MIT mermaid",
    "package/dist/mermaid.js": b"not shipped",
    "package/dist/mermaid.esm.min.mjs": b"not shipped",
}


def _material_mermaid_major() -> str:
    """The mermaid major version Material's bundle loads from unpkg.com when ``window.mermaid`` is absent."""
    import re

    import material

    (bundle,) = (Path(material.__file__).parent / "templates" / "assets" / "javascripts").glob(
        "bundle.*.min.js"
    )
    (major,) = set(re.findall(r"unpkg\.com/mermaid@(\d+)/dist/mermaid\.min\.js", bundle.read_text("utf-8")))
    return major


def test_mermaid_is_pinned_exactly_at_the_major_version_material_loads() -> None:
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    version = _pinned_version("mermaid")
    assert package["dependencies"]["mermaid"] == version  # exact, no range
    assert version.split(".")[0] == _material_mermaid_major() == "11"
    hook = _hook_module()
    assert hook.locked(ROOT, hook.MERMAID)[0] == version
    assert [shipped.package for shipped in hook.SHIPPED] == ["katex", "mermaid"]


def test_mermaid_tarball_gives_its_single_file_build_and_license_only() -> None:
    hook = _hook_module()
    data = _fake_tarball({**MERMAID_MEMBERS, "../mermaid.min.js": b"outside"})
    assert hook.files_from_tarball(data, hook.MERMAID) == {
        "mermaid.min.js": b"globalThis.mermaid = {};",
        "LICENSE": b"MIT mermaid",
    }
    with pytest.raises(hook.AssetsUnavailable, match=r"^the mermaid tarball lacks mermaid\.min\.js$"):
        hook.files_from_tarball(_fake_tarball({"package/LICENSE": b"MIT"}), hook.MERMAID)


def test_without_npm_both_packages_are_downloaded_verified_and_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hook = _hook_module()
    project = _hook_inputs(tmp_path / "project")
    tarballs = {"katex": _fake_tarball(KATEX_MEMBERS), "mermaid": _fake_tarball(MERMAID_MEMBERS)}
    lock = json.loads((project / "package-lock.json").read_text(encoding="utf-8"))
    for name, data in tarballs.items():
        lock["packages"][f"node_modules/{name}"]["integrity"] = _sri(data)
    (project / "package-lock.json").write_text(json.dumps(lock), encoding="utf-8")
    asked: list[str] = []

    def fake_download(url: str) -> bytes:
        asked.append(url)
        return tarballs[url.split("/")[3]]

    monkeypatch.setattr(hook, "download", fake_download)
    dists = hook.ensure_assets(project, environ={"PATH": str(tmp_path / "nothing")}, home=tmp_path)
    version = _pinned_version("mermaid")
    assert asked == [
        f"https://registry.npmjs.org/katex/-/katex-{_pinned_version()}.tgz",
        f"https://registry.npmjs.org/mermaid/-/mermaid-{version}.tgz",
    ]
    assert dists["mermaid"] == project / MERMAID_DIST
    assert _tree(project / MERMAID_DIST) == {
        "LICENSE": b"MIT mermaid",
        "VERSION": f"{version}\n".encode(),
        "mermaid.min.js": b"globalThis.mermaid = {};",
    }
    assert "mermaid.min.js" not in _tree(project / DIST)


def test_only_the_package_that_could_not_be_fetched_is_named(tmp_path: Path) -> None:
    """KaTeX's files are current; mermaid's cannot be had: the message is about mermaid alone."""
    hook = _hook_module()
    project = _hook_inputs(tmp_path / "project")
    shutil.copytree(ROOT / DIST, project / DIST)
    environ = {"PATH": str(tmp_path / "nothing"), "npm_config_registry": "http://127.0.0.1:9/"}
    with pytest.raises(hook.AssetsUnavailable) as caught:
        hook.ensure_assets(project, environ=environ, home=tmp_path)
    version = _pinned_version("mermaid")
    assert str(caught.value).startswith(
        f"mkdocs-zigzag could not get mermaid {version}'s files: npm is not on PATH; downloading "
        f"http://127.0.0.1:9/mermaid/-/mermaid-{version}.tgz failed ("
    )
    assert not (project / MERMAID_DIST).exists()


def test_a_wrong_mermaid_tarball_is_named_as_such(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hook = _hook_module()
    project = _hook_inputs(tmp_path)
    monkeypatch.setattr(hook, "download", lambda url: _fake_tarball(MERMAID_MEMBERS))
    with pytest.raises(
        hook.AssetsUnavailable,
        match=r"^mkdocs-zigzag could not get mermaid [\d.]+'s files: "
        r"the mermaid tarball from https://registry\.npmjs\.org/mermaid/-/mermaid-[\d.]+\.tgz "
        r"does not match package-lock\.json's integrity",
    ):
        hook.ensure_assets(
            project, environ={"PATH": str(tmp_path / "nothing")}, home=tmp_path, shipped=[hook.MERMAID]
        )
    assert not (project / MERMAID_DIST).exists()


# --- the real registry: both ways give the same bytes -----------------------------------------------


@pytest.fixture(scope="module")
def registry() -> None:
    if not _registry_reachable():
        pytest.skip("the npm registry cannot be reached from here")


@pytest.mark.usefixtures("registry")
def test_the_hook_without_npm_on_path_fetches_the_same_files_npm_gave(tmp_path: Path) -> None:
    """CI's proof that a machine without Node.js installs from source: `python hatch_build.py`, no npm."""
    project = _hook_inputs(tmp_path)
    shutil.copy(ROOT / "hatch_build.py", project / "hatch_build.py")
    result = subprocess.run(
        [sys.executable, "hatch_build.py"],
        cwd=project,
        capture_output=True,
        text=True,
        env=_env_without_npm(),
    )
    assert result.returncode == 0, result.stderr
    assert _tree(project / DIST) == _tree(ROOT / DIST)
    assert _tree(project / MERMAID_DIST) == _tree(ROOT / MERMAID_DIST)


@pytest.mark.slow
@pytest.mark.usefixtures("registry")
def test_npm_and_the_download_give_byte_identical_files(tmp_path: Path) -> None:
    hook = _hook_module()
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed")
    with_npm = _hook_inputs(tmp_path / "npm")
    without = _hook_inputs(tmp_path / "python")
    hook.ensure_assets(with_npm)
    assert (with_npm / "node_modules" / "katex").is_dir()  # npm did the work
    hook.ensure_assets(without, environ=_env_without_npm(), home=tmp_path)
    assert not (without / "node_modules").exists()
    npm_files, fetched = _tree(with_npm / DIST), _tree(without / DIST)
    assert len(npm_files) == 24  # js, css, LICENSE, VERSION, 20 fonts
    assert npm_files == fetched
    npm_mermaid, fetched_mermaid = _tree(with_npm / MERMAID_DIST), _tree(without / MERMAID_DIST)
    assert sorted(npm_mermaid) == ["LICENSE", "VERSION", "mermaid.min.js"]
    assert npm_mermaid == fetched_mermaid


# --- wheel, sdist and the release workflow ----------------------------------------------------------


def _release_steps() -> list[str]:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8"))
    return [step["run"] for step in workflow["jobs"]["build"]["steps"] if "run" in step]


def test_release_workflow_builds_then_checks() -> None:
    assert _release_steps() == [
        "python -m pip install build",
        "python -m build --outdir dist",
        "python tests/check_dist.py dist",
    ]


@pytest.mark.slow
def test_release_workflow_steps_build_a_wheel_and_sdist_that_pass_the_check(tmp_path: Path) -> None:
    """Run release.yml's steps in a copy of the project: the venv stands in for `pip install build`, and
    the build is not isolated so no package index is needed (KaTeX's files are copied in beforehand)."""
    project = copy_project(tmp_path / "project", with_shipped=True)
    outputs = []
    for step in _release_steps():
        if "pip install" in step:
            continue
        command = step.split()
        assert command[0] == "python"
        command[0] = sys.executable
        if command[1:3] == ["-m", "build"]:
            command.insert(3, "--no-isolation")
        result = subprocess.run(command, cwd=project, capture_output=True, text=True, env=_env_without_npm())
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout)
    assert outputs[-1] == "dist: wheel and sdist carry KaTeX's and mermaid's files and no node_modules\n"


def test_the_release_check_catches_a_wheel_without_katex(tmp_path: Path) -> None:
    wheel = tmp_path / "mkdocs_zigzag-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("mkdocs_zigzag/__init__.py", "")
        archive.writestr("node_modules/katex/package.json", "{}")
        archive.writestr("mkdocs_zigzag/mermaid/dist/mermaid.min.js", "js")
        archive.writestr("mkdocs_zigzag/mermaid/dist/VERSION", "11.17.2\n")
    assert check_wheel(wheel, {"katex": "0.16.47", "mermaid": "11.17.2"}) == [
        "KaTeX files under mkdocs_zigzag/katex/dist/ are [], expected "
        "['LICENSE', 'VERSION', 'katex.min.css', 'katex.min.js']",
        "0 fonts under mkdocs_zigzag/katex/dist/fonts/, expected 20 .woff2 files",
        "mkdocs_zigzag/katex/dist/VERSION says '', package-lock.json pins '0.16.47'",
        "mermaid files under mkdocs_zigzag/mermaid/dist/ are ['VERSION', 'mermaid.min.js'], expected "
        "['LICENSE', 'VERSION', 'mermaid.min.js']",
        f"{wheel.name} holds node_modules/katex/package.json",
    ]


@pytest.mark.slow
def test_an_install_from_the_sdist_needs_neither_npm_nor_network(tmp_path: Path) -> None:
    out = tmp_path / "out"
    project = copy_project(tmp_path / "project", with_shipped=True)
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
            str(project),
        ],
        check=True,
        capture_output=True,
        env=_env_without_npm(),
    )
    assert check_dist(out, pinned_versions(ROOT)) == []
    (sdist,) = out.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        top = archive.getnames()[0].split("/")[0]
        archive.extractall(tmp_path / "unpacked", filter="data")

    # No npm on PATH and an unreachable registry: the files the sdist carries are used as they are.
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
        env=_env_without_npm(npm_config_registry="http://127.0.0.1:9/"),
    )
    assert result.returncode == 0, result.stderr
    (rebuilt,) = from_sdist.glob("*.whl")
    assert check_wheel(rebuilt, pinned_versions(ROOT)) == []

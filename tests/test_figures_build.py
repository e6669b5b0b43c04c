"""Whole builds of a temporary docs project whose figures come from a generator file beside mkdocs.yml."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import textwrap
import time
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest
from conftest import ROOT, BuiltSite, run_build, write_site

from mkdocs_zigzag.images import ImageAttributes

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

pytestmark = pytest.mark.slow

GENERATORS = textwrap.dedent(
    """
    import numpy as np

    from mkdocs_zigzag.figures.api import figure_generator


    def _curve(slope=1.0):
        x = np.linspace(-3.0, 3.0, 50)
        return x, np.tanh(slope * x)


    @figure_generator(
        simulate=_curve,
        summarize=lambda data: {"max": float(data[1].max())},
        defaults={"slope": 1.0},
        bounds={"slope": (0.1, 5.0)},
    )
    def curve(fig, theme, data, slope):
        fig.subplots().plot(*data)


    def broken(fig, theme):
        ax = fig.subplots()
        ax.plot(undefined_name)


    def crash(fig, theme):
        import os

        os._exit(3)  # the worker dies, as in a segfault
    """
)
OTHER = "def line(fig, theme):\n    fig.subplots().plot([0, 1], [1, 0])\n"

POST = textwrap.dedent(
    """\
    ---
    date: 2024-08-17
    title: Post
    ---

    Some prose.

    {% asset_img curve.png A curve %}

    More prose.

    {% asset_img line.jpg A line %}
    """
)
CURVE_LINE, LINE_LINE = 8, 12


def _config(slope: float = 1.0, **extra: Any) -> dict[str, Any]:
    return {
        "plugins": [
            {"blog": {"blog_dir": "blog"}},
            {
                "zigzag": {
                    "figures": [
                        {
                            "post": "blog/posts/*.md",
                            "asset": "curve.png",
                            "generator": "figures/gens.py:curve",
                            "params": {"slope": slope},
                        },
                        {
                            "post": "blog/posts/post.md",
                            "asset": "*.jpg",
                            "generator": "figures/other.py:line",
                        },
                    ],
                    **extra,
                }
            },
        ],
    }


def _files(post: str = POST) -> dict[str, str | bytes]:
    return {
        "docs/index.md": "# Home\n",
        "docs/blog/index.md": "# Blog\n",
        "docs/blog/posts/post.md": post,
        "figures/gens.py": GENERATORS,
        "figures/other.py": OTHER,
    }


@pytest.fixture
def build(build_site: Callable[..., BuiltSite]) -> Callable[..., BuiltSite]:
    """``build_site`` (exactly the expected warnings) with this module's project as the default."""

    def _build(
        files: dict[str, str | bytes] | None = None, config: dict[str, Any] | None = None, **options: Any
    ) -> BuiltSite:
        return build_site(_files() if files is None else files, config or _config(), **options)

    return _build


PREFIX = "mkdocs_zigzag: "


def _ours(messages: list[str]) -> list[str]:
    return [m.removeprefix(PREFIX) for m in messages if m.startswith(PREFIX)]


def _summary(built: BuiltSite) -> str:
    [line] = [m for m in _ours(built.messages()) if m.startswith("Figures: ")]
    return line


def _figure_files(built: BuiltSite) -> dict[str, bytes]:
    folder = built.site_dir / "blog" / "post"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_user_generator_file_gives_every_output_at_the_blog_asset_url(
    build: Callable[..., BuiltSite],
) -> None:
    built = build()
    assert re.fullmatch(r"Figures: 2 \(0 cached, 2 rendered\) in \d+\.\d\d s", _summary(built))
    files = _figure_files(built)
    assert sorted(files) == [
        "curve.dark.svg",
        "curve.json",
        "curve.light.svg",
        "curve.png",
        "line.dark.svg",
        "line.jpg",
        "line.light.svg",
    ]
    assert files["curve.png"][:4] == b"\x89PNG" and files["line.jpg"][:2] == b"\xff\xd8"
    assert files["curve.json"].startswith(b'{\n  "max": 0.99')
    # Drawn while the pages were converted: the pages got the figures' sizes when they were written.
    pages = {p: p.read_text(encoding="utf-8") for p in built.site_dir.rglob("*.html")}
    assert not [p for p, text in pages.items() if "zigzag-pending" in text]
    showing = [text for text in pages.values() if "curve.light.svg" in text]
    assert showing and all(text.count('width="614" height="384"') == 4 for text in showing)  # 2 figures
    # nothing was written into docs/
    assert sorted(p.name for p in (built.root / "docs" / "blog" / "posts").iterdir()) == ["post.md"]

    warm = build()
    assert _summary(warm).startswith("Figures: 2 (2 cached, 0 rendered) in ")
    assert _figure_files(warm) == files


def test_two_cold_builds_are_byte_identical(build: Callable[..., BuiltSite], tmp_path: Path) -> None:
    first = _figure_files(build(root=tmp_path / "a"))
    second = _figure_files(build(root=tmp_path / "b"))
    assert first == second and len(first) == 7


def _build_in_subprocess(root: Path, *extra_path: str) -> subprocess.Popen[str]:
    """``run_build`` of *root* in a fresh interpreter that prints its figure line and warnings."""
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from conftest import run_build
        if __name__ == "__main__":
            built = run_build(Path({str(root)!r}))
            print([m for m in built.messages() if "Figures" in m][0])
            print("warnings:", built.warnings)
            print("matplotlib imported:", "matplotlib" in sys.modules)
            print("render imported:", "mkdocs_zigzag.figures.render" in sys.modules)
        """
    )
    path = os.pathsep.join([str(ROOT), str(ROOT / "tests"), *extra_path])
    return subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": path},
    )


def test_a_warm_build_does_not_import_matplotlib(
    build: Callable[..., BuiltSite], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One generator is an importable module that imports matplotlib at its top: it is found, not imported.
    package = tmp_path / "lib" / "zz_figures_pkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "gen.py").write_text("import matplotlib.figure\n\n" + OTHER)
    monkeypatch.syspath_prepend(str(tmp_path / "lib"))
    config = _config()
    config["plugins"][1]["zigzag"]["figures"].append(
        {"post": "blog/posts/post.md", "asset": "mod.png", "generator": "zz_figures_pkg.gen:line"}
    )
    files = _files(POST + "\n{% asset_img mod.png From a module %}\n")
    built = build(files, config)
    assert _summary(built).startswith("Figures: 3 (0 cached, 3 rendered)")

    warm = _build_in_subprocess(built.root, str(tmp_path / "lib"))
    stdout, stderr = warm.communicate(timeout=120)
    assert warm.returncode == 0, stderr
    assert "Figures: 3 (3 cached, 0 rendered)" in stdout
    assert "warnings: []" in stdout
    assert "matplotlib imported: False" in stdout
    assert "render imported: False" in stdout  # nor the worker side (process pool, placeholders)


def test_two_builds_at_once_share_one_cache_safely(tmp_path: Path) -> None:
    shared = tmp_path / "shared-cache"
    roots = [
        write_site(tmp_path / name, _files(), _config(cache_dir=str(shared))) for name in ("first", "second")
    ]
    processes = [_build_in_subprocess(root) for root in roots]
    outputs = [process.communicate(timeout=300) for process in processes]
    for process, (stdout, stderr) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, stderr
        assert "warnings: []" in stdout
    entries = sorted(p.name for p in (shared / "figures").iterdir())
    assert len(entries) == 2, entries  # no staging folder left behind, one entry per figure
    sites = [{p.name: p.read_bytes() for p in (root / "site" / "blog" / "post").iterdir()} for root in roots]
    assert sites[0] == sites[1] and len(sites[0]) == 7
    again = _build_in_subprocess(roots[0])
    stdout, stderr = again.communicate(timeout=120)
    assert "Figures: 2 (2 cached, 0 rendered)" in stdout, stderr


def test_serve_style_rebuilds_render_only_what_changed(
    build: Callable[..., BuiltSite], tmp_path: Path
) -> None:
    root = tmp_path / "project"
    build(root=root)
    cache = root / ".cache" / "zigzag" / "figures"
    entries = {p.name for p in cache.iterdir() if p.name != "failed"}
    assert len(entries) == 2

    prose = build(_files(POST.replace("Some prose.", "Some edited prose.")), root=root)
    assert _summary(prose).startswith("Figures: 2 (2 cached, 0 rendered)")

    params = build(config=_config(slope=2.5), root=root)
    assert _summary(params).startswith("Figures: 2 (1 cached, 1 rendered)")
    after_params = {p.name for p in cache.iterdir() if p.name != "failed"}
    assert len(after_params - entries) == 1

    edited = _files()
    edited["figures/other.py"] = OTHER.replace("[1, 0]", "[1, 0.5]")
    source = build(edited, config=_config(slope=2.5), root=root)
    assert _summary(source).startswith("Figures: 2 (1 cached, 1 rendered)")

    # entries nobody used for a while are pruned at the end of a build
    for name in entries:
        os.utime(cache / name, (1, 1))
    build(edited, config=_config(slope=2.5), root=root)
    remaining = {p.name for p in cache.iterdir() if p.name != "failed"}
    assert len(remaining) == 2 and not remaining & (entries - after_params)


def test_a_failing_generator_warns_at_the_tag_and_leaves_a_placeholder(
    build: Callable[..., BuiltSite], tmp_path: Path
) -> None:
    config = _config()
    config["plugins"][1]["zigzag"]["figures"][1]["generator"] = "figures/gens.py:broken"
    built = build(
        config=config,
        expect_warnings=("docs/blog/posts/post.md:",),
    )
    [warning] = _ours(built.warnings)
    assert warning.startswith(f"docs/blog/posts/post.md:{LINE_LINE}: figure 'line.jpg' was not generated: ")
    assert "generator 'figures/gens.py:broken' failed: it raised NameError: name 'undefined_name'" in warning
    line = GENERATORS.splitlines().index("    ax.plot(undefined_name)") + 1
    assert f"(at figures/gens.py:{line} in broken(): ax.plot(undefined_name))" in warning
    assert "placeholder" in warning
    assert _summary(built).startswith("Figures: 2 (0 cached, 1 rendered, 1 failed)")
    files = _figure_files(built)
    assert files["line.jpg"][:2] == b"\xff\xd8"
    assert b"Figure not generated: line.jpg" in files["line.light.svg"]

    with pytest.raises(Exception, match="Aborted with 1 warnings in strict mode"):
        build(config=config, expect_warnings=("docs/blog/posts/post.md:",), strict=True)


def test_a_generator_that_kills_its_worker_fails_alone(build: Callable[..., BuiltSite]) -> None:
    config = _config()
    config["plugins"][1]["zigzag"]["figures"][1]["generator"] = "figures/gens.py:crash"
    built = build(config=config, expect_warnings=("docs/blog/posts/post.md:",))
    [warning] = _ours(built.warnings)
    assert warning.startswith(f"docs/blog/posts/post.md:{LINE_LINE}: figure 'line.jpg' was not generated: ")
    assert "its worker process died while drawing it" in warning
    assert _summary(built).startswith("Figures: 2 (0 cached, 1 rendered, 1 failed)")
    assert _figure_files(built)["curve.png"][:4] == b"\x89PNG"  # drawn although the pool broke under it


def test_mkdocs_python_api_builds_without_on_startup(tmp_path: Path) -> None:
    """``build(load_config())`` runs no on_startup (only MkDocs' commands do): the plugin must not need it."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    root = write_site(tmp_path / "project", {**_files(), "docs/math.md": "# Math\n\n$x^2$\n"}, _config())
    cwd = os.getcwd()
    os.chdir(root)
    try:
        config = load_config("mkdocs.yml")
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()  # only to stop V8 in this test process
    finally:
        os.chdir(cwd)
    assert (root / "site" / "blog" / "post" / "curve.png").read_bytes()[:4] == b"\x89PNG"
    assert 'class="katex"' in (root / "site" / "math" / "index.html").read_text(encoding="utf-8")


def test_a_build_script_without_a_main_guard_keeps_its_site(tmp_path: Path) -> None:
    """Spawned figure workers import the main script: one that builds at top level must not start a
    second build in each worker (a build begins by emptying site_dir, under the build being written)."""
    root = write_site(tmp_path / "project", _files(), _config())
    script = root / "build_site.py"
    script.write_text(
        "from mkdocs.commands.build import build\n"
        "from mkdocs.config import load_config\n"
        "\n"
        "build(load_config('mkdocs.yml'))\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], cwd=root, capture_output=True, text=True, timeout=240, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    site = root / "site"  # without the guard in the plugin, the workers' builds emptied it half-way
    for page in ("index.html", "blog/index.html", "blog/2024/08/17/post/index.html", "404.html"):
        assert (site / page).is_file(), page
    assert list(site.glob("assets/stylesheets/main.*.min.css"))
    # Each worker's nested build stopped at its first plugin event, naming the script's line.
    assert f"{script}:4: this build was started by a figure worker process" in done.stderr
    # The figures could not be drawn: reported at their tags with the fix, placeholders in the site.
    assert "worker processes cannot start, whatever they draw" in done.stderr
    assert 'if __name__ == "__main__":' in done.stderr
    assert (site / "blog" / "post" / "curve.png").read_bytes()[:4] == b"\x89PNG"


def test_bad_params_and_unused_bindings_are_reported(build: Callable[..., BuiltSite]) -> None:
    config = _config(slope=50)
    config["plugins"][1]["zigzag"]["figures"].append(
        {"post": "blog/posts/post.md", "asset": "typo.png", "generator": "figures/gens.py:curve"}
    )
    built = build(config=config, expect_warnings=("must be in [0.1, 5.0], got 50", "figures[2]"))
    bad = next(w for w in _ours(built.warnings) if "got 50" in w)
    assert bad.startswith(f"docs/blog/posts/post.md:{CURVE_LINE}: figure 'curve.png' was not generated")
    assert "Fix `params` of this figure in mkdocs.yml." in bad
    unused = next(w for w in built.warnings if "figures[2]" in w)
    assert "asset 'typo.png'" in unused and "matches no image that a post names" in unused


def test_figure_html_points_at_the_themed_variants_beside_the_raster(tmp_path: Path) -> None:
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    root = write_site(tmp_path / "project", _files(), _config(figures_caption=True))
    config = load_config(str(root / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        config = config.plugins.on_config(config)
        files = config.plugins.on_files(get_files(config), config=config)
        plugin = config.plugins["zigzag"]
        figures = plugin.build.figures

        def curve_html() -> str:
            image = ImageAttributes(alt="A curve", title="A curve", classes=("wide",))
            return str(figures.figure_html("blog/posts/post/curve.png", "../../../../post/curve.png", image))

        # Converted while the figure is drawn: its size is filled in when the page is written.
        drawing = curve_html()
        assert 'width="zigzag-pending-figure-0-width"' in drawing
        config.plugins.on_post_build(config=config)
    finally:
        config.plugins.on_shutdown()
    raster = files.get_file_from_path("blog/posts/post/curve.png")
    assert raster is not None and raster.url == "blog/post/curve.png"  # moved by the blog plugin
    html = curve_html()
    page = SimpleNamespace(url="blog/post/", file=SimpleNamespace(src_uri="blog/posts/post.md"))
    assert plugin.on_post_page(drawing, page=page, config=config) == html
    assert html == (
        '<figure class="zigzag-figure">'
        '<img src="../../../../post/curve.light.svg#only-light" alt="A curve" title="A curve" '
        'class="zigzag-figure wide" width="614" height="384" loading="lazy" decoding="async">'
        '<img src="../../../../post/curve.dark.svg#only-dark" alt="A curve" title="A curve" '
        'class="zigzag-figure wide" width="614" height="384" loading="lazy" decoding="async">'
        "<figcaption>A curve</figcaption></figure>"
    )
    tagged = figures.figure_html("blog/posts/post/line.jpg", "line.jpg", ImageAttributes(width="300"))
    assert tagged is not None and 'src="line.light.svg#only-light"' in tagged and 'width="300"' in tagged
    assert "height=" not in tagged
    assert figures.figure_html("blog/posts/post/photo.jpg", "photo.jpg", ImageAttributes()) is None


def test_no_bindings_no_figure_work(build: Callable[..., BuiltSite]) -> None:
    built = build({"docs/index.md": "# Home\n"}, config={"plugins": ["zigzag"]})
    assert not [m for m in _ours(built.messages(logging.DEBUG)) if m.startswith("Figures")]
    assert not (built.root / ".cache" / "zigzag" / "figures").exists()


def test_serve_watches_generator_folders_outside_docs(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    config = _config()
    config["plugins"][1]["zigzag"]["figures"].append(
        {"post": "blog/posts/post.md", "asset": "in-docs.png", "generator": "docs/gen_in_docs.py:draw"}
    )
    files = {**_files(), "docs/gen_in_docs.py": OTHER}
    root = write_site(tmp_path / "project", files, config)
    mkdocs_config = load_config(str(root / "mkdocs.yml"))
    mkdocs_config.plugins.on_startup(command="serve", dirty=False)
    mkdocs_config = mkdocs_config.plugins.on_config(mkdocs_config)

    assert _watched(mkdocs_config) == [(str(root / "figures"), False)]


class _Server:
    def __init__(self) -> None:
        self.watched: list[tuple[str, bool]] = []

    def watch(self, path: str, *, recursive: bool = True) -> None:
        self.watched.append((path, recursive))


def _watched(mkdocs_config: Any) -> list[tuple[str, bool]]:
    server = _Server()
    mkdocs_config.plugins["zigzag"].on_serve(server, config=mkdocs_config, builder=None)
    return server.watched


def test_serve_does_not_watch_the_cache_of_a_generator_beside_mkdocs_yml(tmp_path: Path) -> None:
    """Watching the project root recursively would see every build's own cache writes (and poll a
    virtualenv file by file): the folder itself is watched flat, its Python packages recursively."""
    from mkdocs.config import load_config

    config = _config()
    config["plugins"][1]["zigzag"]["figures"][1]["generator"] = "gen.py:line"
    files = {
        **_files(),
        "gen.py": "from helpers.style import LINE\n\ndef line(fig, theme):\n    fig.subplots().plot(LINE)\n",
        "helpers/__init__.py": "",
        "helpers/style.py": "LINE = [0, 1]\n",
        ".venv/lib/site.py": "",
        "notes/todo.txt": "not Python",
    }
    root = write_site(tmp_path / "project", files, config)
    mkdocs_config = load_config(str(root / "mkdocs.yml"))
    mkdocs_config.plugins.on_startup(command="serve", dirty=False)
    mkdocs_config = mkdocs_config.plugins.on_config(mkdocs_config)
    assert _watched(mkdocs_config) == [
        (str(root), False),  # gen.py and the files beside it; not .cache/, .venv/ or notes/
        (str(root / "helpers"), True),  # the package gen.py imports
        (str(root / "figures"), False),  # figures/other.py, the other binding's generator
    ]


def test_drawing_a_generator_in_docs_writes_nothing_into_docs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Importing a generator would leave __pycache__/ beside it (and MkDocs would publish the .pyc)."""
    # A fresh interpreter without PYTHONDONTWRITEBYTECODE (this one's -B flag would pass to the workers).
    monkeypatch.delenv("PYTHONDONTWRITEBYTECODE", raising=False)
    config = _config()
    config["plugins"][1]["zigzag"]["figures"][1]["generator"] = "docs/gen_in_docs.py:line"
    root = write_site(tmp_path / "project", {**_files(), "docs/gen_in_docs.py": OTHER}, config)
    out, err = _build_in_subprocess(root).communicate(timeout=240)
    assert "Figures: 2 (0 cached, 2 rendered)" in out, err[-2000:]
    docs = root / "docs"
    assert sorted(str(p.relative_to(docs)) for p in docs.rglob("*") if p.is_file()) == [
        "blog/index.md",
        "blog/posts/post.md",
        "gen_in_docs.py",
        "index.md",
    ]


def test_a_generated_figure_replaces_an_old_file_of_the_same_name(build: Callable[..., BuiltSite]) -> None:
    files = {
        **_files(),
        "docs/blog/posts/post/line.jpg": b"the image Hexo used",
        "docs/blog/posts/post/x.txt": "kept",
    }
    built = build(files)
    site = built.site_dir / "blog" / "post"
    assert (site / "line.jpg").read_bytes()[:2] == b"\xff\xd8"
    assert (site / "x.txt").read_text() == "kept"
    assert (
        built.root / "docs" / "blog" / "posts" / "post" / "line.jpg"
    ).read_bytes() == b"the image Hexo used"


def test_a_page_quotes_the_numbers_of_its_figure(build: Callable[..., BuiltSite]) -> None:
    post = POST + (
        "\nThe curve peaks at {% zigzag_number curve.png max .2f %}.\n"
        "\nBroken: {% zigzag_number curve.png maximum .2f %} and {% zigzag_number line.jpg max g %}.\n"
    )
    built = build(
        _files(post),
        expect_warnings=("has no number 'maximum'", "the figure 'line.jpg' has no summary to quote"),
    )
    assert "The curve peaks at 1.00." in built.read("blog/2024/08/17/post/index.html")
    warnings = _ours(built.warnings)
    assert any(w.startswith("docs/blog/posts/post.md:16: ") and "Did you mean 'max'?" in w for w in warnings)


def test_a_figure_named_by_two_posts_is_drawn_once_and_counted_once(
    build: Callable[..., BuiltSite],
) -> None:
    second_post = "---\ndate: 2024-08-18\ntitle: Second\n---\n\n{% asset_img curve.png Again %}\n"
    files = {**_files(), "docs/blog/posts/second.md": second_post}
    built = build(files)
    # curve.png is bound to every post (2 images, one figure); line.jpg only to post.md.
    assert re.fullmatch(
        r"Figures: 2 \(0 cached, 2 rendered\) in \d+\.\d\d s, shown as 3 images", _summary(built)
    ), _summary(built)
    second = built.site_dir / "blog" / "second"
    first = built.site_dir / "blog" / "post"
    assert (second / "curve.png").read_bytes() == (first / "curve.png").read_bytes()
    # Warm: the shared entry is looked up (its files hashed) once, not once per page showing it.
    from mkdocs_zigzag.figures.cache import FigureCache

    looked_up: list[str] = []
    original = FigureCache.lookup

    def counting(self: FigureCache, key: str) -> object:
        looked_up.append(key)
        return original(self, key)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(FigureCache, "lookup", counting)
        warm = build(files)
    assert _summary(warm).startswith("Figures: 2 (2 cached, 0 rendered)")
    assert len(looked_up) == len(set(looked_up)) == 2


def _cache_files(root: Path) -> dict[str, Path]:
    """The figure cache's files by name within their entry (``light.svg``…), for the one curve entry."""
    [entry] = [
        folder
        for folder in (root / ".cache" / "zigzag" / "figures").iterdir()
        if (folder / "summary.json").is_file()
    ]
    return {p.name: p for p in entry.iterdir()}


def test_figures_are_linked_from_the_cache_not_copied(build: Callable[..., BuiltSite]) -> None:
    built = build()
    cached = _cache_files(built.root)
    site = built.site_dir / "blog" / "post"
    for name, role in [
        ("curve.png", "raster.png"),
        ("curve.light.svg", "light.svg"),
        ("curve.json", "summary.json"),
    ]:
        assert os.path.samefile(site / name, cached[role]), name
    before = {role: path.read_bytes() for role, path in cached.items()}
    # The next build cleans the site (unlinking those names) and links them again; the cache is intact.
    warm = build()
    assert _summary(warm).startswith("Figures: 2 (2 cached, 0 rendered)")
    assert {role: path.read_bytes() for role, path in cached.items()} == before
    assert os.path.samefile(site / "curve.dark.svg", cached["dark.svg"])


def test_a_site_file_rewritten_in_place_is_caught_by_the_cache(build: Callable[..., BuiltSite]) -> None:
    built = build()
    linked = built.site_dir / "blog" / "post" / "curve.light.svg"
    with open(linked, "r+b") as handle:  # a tool that edits the published file where it lies
        handle.write(b"<!-- tampered -->")
    again = build()
    assert _summary(again).startswith("Figures: 2 (1 cached, 1 rendered)")
    assert (
        not (again.site_dir / "blog" / "post" / "curve.light.svg").read_bytes().startswith(b"<!-- tampered")
    )


def test_figures_are_copied_where_links_are_refused(
    build: Callable[..., BuiltSite], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", refuse)
    built = build()
    site = built.site_dir / "blog" / "post"
    cached = _cache_files(built.root)
    assert not os.path.samefile(site / "curve.light.svg", cached["light.svg"])
    assert (site / "curve.light.svg").read_bytes() == cached["light.svg"].read_bytes()
    assert sorted(p.name for p in site.iterdir() if "zigzag-" in p.name) == []


def test_a_dirty_build_replaces_a_stale_site_file_by_the_link(build: Callable[..., BuiltSite]) -> None:
    built = build()
    target = built.site_dir / "blog" / "post" / "curve.png"
    target.unlink()
    target.write_bytes(b"stale")
    from mkdocs_zigzag.material_bridge import CachedFile

    [entry] = [f for f in _cache_files(built.root).values() if f.name == "raster.png"]
    file = CachedFile(
        "blog/post/curve.png", src_dir=None, dest_dir=str(built.site_dir), use_directory_urls=True
    )
    file.abs_src_path = str(entry)
    file.copy_file()
    assert os.path.samefile(target, entry)
    assert [p.name for p in target.parent.iterdir() if "zigzag-" in p.name] == []


def test_a_build_that_fails_stops_the_figures_it_was_drawing(tmp_path: Path) -> None:
    import multiprocessing

    slow = "import time\n\ndef slow(fig, theme):\n    time.sleep(30)\n    fig.subplots().plot([0, 1])\n"
    hook = "def on_page_context(context, page, config, nav):\n    raise RuntimeError('broken hook')\n"
    config = _config()
    config["plugins"][1]["zigzag"]["figures"][0]["generator"] = "figures/slow.py:slow"
    config["hooks"] = ["hook.py"]
    root = write_site(tmp_path / "project", {**_files(), "figures/slow.py": slow, "hook.py": hook}, config)
    before = set(multiprocessing.active_children())
    with pytest.raises(RuntimeError, match="broken hook"):
        run_build(root)
    # The build did not wait 30 s for the figure, and left no worker behind.
    deadline = time.monotonic() + 10
    while set(multiprocessing.active_children()) - before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert set(multiprocessing.active_children()) - before == set()
    assert not (root / "site" / "blog" / "post" / "curve.png").exists()


@pytest.mark.slow
def test_an_unpublished_post_gets_no_figures(build: Callable[..., BuiltSite]) -> None:
    """Issue 15 item 12: `published: false` keeps a post out of the site, so nothing is drawn for it."""
    draft = POST.replace("title: Post\n", "title: Post\npublished: false\n")
    # A published post beside it: a blog with no post at all trips Material's blog in repeated in-process
    # builds (its reused plugin object removes its temp folder at each shutdown, recreated only for views).
    other = "---\ndate: 2024-08-18\ntitle: Other\n---\n\nText.\n"
    built = build({**_files(draft), "docs/blog/posts/other.md": other})
    assert _summary(built).startswith("Figures: 0 (0 cached, 0 rendered)")
    assert not (built.site_dir / "blog" / "post").exists()
    assert not any(built.site_dir.rglob("curve.*"))

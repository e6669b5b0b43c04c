"""``mkdocs-zigzag init``: the mkdocs.yml it writes for a Hexo folder, what it reports, when it refuses.

The slow test builds the fixture blog (``tests/data/hexo_site``) with the written mkdocs.yml under
``--strict`` (the plugin alone: its ``hexo_site`` adapter keeps the old URLs) and checks that every URL Hexo
published answers and that no file of the Hexo folder changed.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin
from zoneinfo import ZoneInfo

import pytest
import tomllib
import yaml
from conftest import ROOT

from mkdocs_zigzag.cli import main
from mkdocs_zigzag.hexo.hexo_config import load_hexo_config
from mkdocs_zigzag.hexo.old_urls import (
    HexoLinkIndex,
    hexo_urls,
    listing_target,
    read_hexo_site,
    redirect_pairs,
    source_files,
)
from mkdocs_zigzag.hexo_init import material_language, plan_init, post_url_settings

if TYPE_CHECKING:
    from collections.abc import Iterator

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

FIXTURE = Path(__file__).parent / "data" / "hexo_site"


@pytest.fixture
def hexo_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "blog"
    shutil.copytree(FIXTURE, folder)
    yield folder


def _hashes(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize(
    ("permalink", "expected"),
    [
        (":year/:month/:day/:title/", ("{date}/{slug}", "yyyy/MM/dd")),
        (":year/:month/:title/", ("{date}/{slug}", "yyyy/MM")),
        (":year/:i_month/:i_day/:name/", ("{date}/{slug}", "yyyy/M/d")),
        (":title/", ("{slug}", "yyyy/MM/dd")),
        (":category/:title/", None),
        (":year/:month/:day/:title.html", None),
        ("p/:hash/", None),
        (":year/:month/:day/:title", None),
    ],
)
def test_post_url_settings(permalink: str, expected: tuple[str, str] | None) -> None:
    assert post_url_settings(permalink) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-CN", "zh"),
        ("zh-TW", "zh-TW"),
        ("en", "en"),
        ("pt-BR", "pt-BR"),
        ("de_DE", "de"),
        ("default", "en"),
    ],
)
def test_material_language(language: str, expected: str) -> None:
    assert material_language(language) == expected


def test_plan_maps_the_fixture_config() -> None:
    plan = plan_init(FIXTURE)
    config = yaml.load(plan.config_text, Loader=yaml.Loader)  # MkDocs reads it with this loader
    assert config["docs_dir"] == "source"
    assert config["site_dir"] == "site"
    assert config["site_url"] == "http://example.com/blog/"
    assert config["theme"] == {"name": "material", "language": "zh", "font": False}
    blog = config["plugins"][1]["blog"]
    assert blog["blog_dir"] == "."
    assert blog["post_dir"] == "{blog}/_posts"
    assert (blog["post_url_format"], blog["post_url_date_format"]) == ("{date}/{slug}", "yyyy/MM")
    assert blog["categories_url_format"] == "categories/{slug}"
    assert blog["categories_slugify"]("机器学习", "-") == "ml"
    assert config["plugins"][3] == {"zigzag": {"hexo_timezone": "Asia/Shanghai"}}
    assert config["exclude_docs"] == "_*\n!/_posts/\n!/_drafts/\n"
    assert config["draft_docs"] == "/_drafts/\n"
    assert "nl2br" in config["markdown_extensions"]
    assert plan.unmapped[-1] == (
        "not used: code_dir, date_format, default_layout, deploy, external_link, highlight, i18n_dir, "
        "relative_link, skip_render, time_format, titlecase, updated_option"
    )
    assert "next math on opted-in pages only: zigzag renders math on every page" in plan.unmapped


def test_cli_writes_then_refuses_then_forces(hexo_folder: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["init", str(hexo_folder)], out=out, err=err) == 0
    written = (hexo_folder / "mkdocs.yml").read_text(encoding="utf-8")
    assert out.getvalue().startswith(
        f"Wrote {hexo_folder / 'mkdocs.yml'}\n\nMapped from Hexo:\n  - title -> "
    )
    assert "\nNot mapped (check these):\n" in out.getvalue()
    assert err.getvalue() == ""

    (hexo_folder / "mkdocs.yml").write_text("# mine\n", encoding="utf-8")
    err = io.StringIO()
    assert main(["init", str(hexo_folder)], out=io.StringIO(), err=err) == 1
    assert err.getvalue() == (
        f"mkdocs-zigzag init: {hexo_folder / 'mkdocs.yml'} exists; run again with --force to replace it.\n"
    )
    assert (hexo_folder / "mkdocs.yml").read_text(encoding="utf-8") == "# mine\n"

    assert main(["init", str(hexo_folder), "--force"], out=io.StringIO(), err=io.StringIO()) == 0
    assert (hexo_folder / "mkdocs.yml").read_text(encoding="utf-8") == written


def test_cli_outside_a_hexo_folder(tmp_path: Path) -> None:
    err = io.StringIO()
    assert main(["init", str(tmp_path)], out=io.StringIO(), err=err) == 1
    assert (
        err.getvalue()
        == f"mkdocs-zigzag init: {tmp_path}: no _config.yml here, so this is not a Hexo blog folder.\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_python_dash_m_defaults_to_the_current_folder(hexo_folder: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs_zigzag", "init"],
        cwd=hexo_folder,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (hexo_folder / "mkdocs.yml").is_file()


def test_console_script_is_declared() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"] == {"mkdocs-zigzag": "mkdocs_zigzag.cli:main"}


def test_every_old_url_of_the_fixture() -> None:
    config = load_hexo_config(FIXTURE)
    source = FIXTURE / "source"
    names = source_files(source)
    site = read_hexo_site(source, config, machine_tz=ZoneInfo("Asia/Shanghai"), files=names)
    assert sorted((url.kind, url.path) for url in hexo_urls(site, source, names)) == [
        ("archive", "archives/"),
        ("archive", "archives/2020/"),
        ("archive", "archives/2020/11/"),
        ("archive", "archives/2023/"),
        ("archive", "archives/2023/03/"),
        ("archive", "archives/2024/"),
        ("archive", "archives/2024/08/"),
        ("category", "categories/Algorithm/"),
        ("category", "categories/Algorithm/Sort/"),
        ("category", "categories/Notes/"),
        ("category", "categories/ml/"),
        ("file", "CNAME"),
        ("file", "robots.txt"),
        ("file", "uploads/x.png"),
        ("index", ""),
        ("page", "about/index.html"),
        ("page", "links.html"),
        ("post", "2020/11/Algorithm/Sort/shell/"),
        ("post", "2023/03/机器学习入门/"),
        ("post", "2024/08/hello-world/"),
        ("tag", "tags/Algorithm/"),
        ("tag", "tags/cpp/"),
        ("tag", "tags/intro/"),
        ("tag", "tags/机器学习/"),
    ]


def _build(config_file: Path, *, serve_url: str | None = None) -> Files:
    """``mkdocs build --strict -f config_file`` in this process (strict: a warning aborts the build).

    With *serve_url*, the build ``mkdocs serve`` runs (drafts shown). Returns the site's files as the
    plugins left them (what ``mkdocs serve`` serves).
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    cwd = os.getcwd()
    seen: list[Files] = []
    try:
        os.chdir(config_file.parent)
        config = load_config(str(config_file), strict=True)
        config.plugins.on_startup(command="serve" if serve_url else "build", dirty=False)
        run_on_files = config.plugins.on_files

        def on_files(files: Files, *, config: MkDocsConfig) -> Files:
            seen.append(run_on_files(files, config=config))
            return seen[-1]

        config.plugins.on_files = on_files  # type: ignore[method-assign]
        try:
            build(config, serve_url=serve_url)
        finally:
            config.plugins.on_shutdown()
    finally:
        os.chdir(cwd)
    return seen[-1]


def _answers(site_dir: Path, url: str, hops: int = 0) -> Path:
    """The file a static server returns for *url* (site-relative), following redirect pages."""
    path = site_dir / url
    if url == "" or url.endswith("/") or path.is_dir():
        path = path / "index.html"
    assert path.is_file(), url
    if path.suffix != ".html":
        return path
    refresh = re.search(r'http-equiv="refresh" content="0; url=([^"]*)"', path.read_text(encoding="utf-8"))
    if refresh is None:
        return path
    assert hops < 3, f"redirect loop at {url}"
    base = url if url.endswith("/") or url == "" else url.rsplit("/", 1)[0] + "/" if "/" in url else ""
    target = unquote(urljoin("http://h/" + base, refresh.group(1)))[len("http://h/") :].split("#")[0]
    return _answers(site_dir, target, hops + 1)


@pytest.mark.slow
def test_init_then_strict_build_answers_every_hexo_url(hexo_folder: Path) -> None:
    before = _hashes(hexo_folder)
    assert main(["init", str(hexo_folder)], out=io.StringIO(), err=io.StringIO()) == 0
    # In-process, as conftest's run_build: a fresh `mkdocs build` process can crash at exit after KaTeX's
    # V8 ran (seen on the project's own site too), which is not what this test is about.
    _build(hexo_folder / "mkdocs.yml")
    after = _hashes(hexo_folder)
    added = {name for name in after if not name.startswith(("site/", ".cache/"))} - set(before)
    assert added == {"mkdocs.yml"}, "the build wrote into the Hexo folder"
    assert {name: digest for name, digest in after.items() if name in before} == before

    site_dir = hexo_folder / "site"
    assert not (site_dir / "_data").exists()
    assert not (site_dir / "_drafts").exists()
    assert not list(site_dir.rglob("idea*"))
    config = load_hexo_config(hexo_folder)
    source = hexo_folder / "source"
    names = source_files(source)
    site = read_hexo_site(source, config, machine_tz=ZoneInfo("Asia/Shanghai"), files=names)
    landed = {
        url.path: _answers(site_dir, url.path).relative_to(site_dir).as_posix()
        for url in hexo_urls(site, source, names)
    }
    assert landed["2024/08/hello-world/"] == "2024/08/hello-world/index.html"  # the same URL, no redirect
    assert landed["2020/11/Algorithm/Sort/shell/"] == "2020/11/shell/index.html"
    # A nested category is a Material category of its own, at Hexo's URL (no redirect).
    assert landed["categories/Algorithm/Sort/"] == "categories/Algorithm/Sort/index.html"
    assert landed["links.html"] == "links/index.html"
    assert landed["archives/2024/08/"] == "archives/2024/index.html"
    assert landed["tags/cpp/"] == "tags/index.html"
    assert landed["uploads/x.png"] == "uploads/x.png"

    # Old tag URLs land on the tag on the tags page (generated: the fixture has none), at the anchor
    # Material's tags plugin gives it (its slugify: C++ -> c, CJK kept).
    tags_page = (site_dir / "tags/index.html").read_text(encoding="utf-8")
    targets = {}
    for url in hexo_urls(site, source, names):
        if url.kind == "tag":
            page = (site_dir / url.path / "index.html").read_text(encoding="utf-8")
            refresh = re.search(r'http-equiv="refresh" content="0; url=([^"]*)"', page)
            assert refresh is not None, url.path
            targets[url.path] = unquote(refresh.group(1))
    assert targets == {
        "tags/Algorithm/": "../#tag:algorithm",
        "tags/cpp/": "../#tag:c",
        "tags/intro/": "../#tag:intro",
        "tags/机器学习/": "../#tag:机器学习",
    }
    for target in targets.values():
        assert f'id="{target.split("#")[1]}"' in tags_page
    assert not (hexo_folder / "source" / "tags").exists()

    # The feed stays at atom.xml; entries keep their Hexo ids and link to the new pages.
    atom = ET.fromstring((site_dir / "atom.xml").read_text(encoding="utf-8"))
    namespace = "{http://www.w3.org/2005/Atom}"
    assert [
        (entry.findtext(f"{namespace}id"), entry.find(f"{namespace}link").get("href"))  # type: ignore[union-attr]
        for entry in atom.findall(f"{namespace}entry")
    ] == [
        ("http://example.com/blog/2024/08/hello-world/", "http://example.com/blog/2024/08/hello-world/"),
        (
            "http://example.com/blog/2023/03/%E6%9C%BA%E5%99%A8%E5%AD%A6%E4%B9%A0%E5%85%A5%E9%97%A8/",
            "http://example.com/blog/2023/03/%E6%9C%BA%E5%99%A8%E5%AD%A6%E4%B9%A0%E5%85%A5%E9%97%A8/",
        ),
        ("http://example.com/blog/2020/11/Algorithm/Sort/shell/", "http://example.com/blog/2020/11/shell/"),
    ]
    # Each entry's HTML links absolutely (the page's ../../../uploads/x.png means nothing in a reader).
    hello_content = atom.findall(f"{namespace}entry")[0].findtext(f"{namespace}content") or ""
    assert re.findall(r'<img alt="logo" src="([^"]*)"', hello_content) == [
        "http://example.com/blog/uploads/x.png"
    ]

    # Links the author wrote against Hexo URLs lead to the new pages (rewritten before MkDocs checks links).
    post = (site_dir / "2023/03/机器学习入门/index.html").read_text(encoding="utf-8")
    assert re.findall(r'<a href="([^"]*)">(Shell sort|sorting category|the first post)</a>', post) == [
        ("../../../2020/11/shell/", "Shell sort"),
        ("../../../categories/Algorithm/Sort/", "sorting category"),
        ("../../../2024/08/hello-world/#more", "the first post"),
    ]
    # ... images too, in the post and in its excerpt on the home page (each relative to its own page).
    hello = (site_dir / "2024/08/hello-world/index.html").read_text(encoding="utf-8")
    assert re.findall(r'<img alt="logo" src="([^"]*)"', hello) == ["../../../uploads/x.png"]
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<img alt="logo" src="([^"]*)"', home) == ["uploads/x.png"]


def test_redirect_pairs_for_the_fixture() -> None:
    config = load_hexo_config(FIXTURE)
    source = FIXTURE / "source"
    names = source_files(source)
    site = read_hexo_site(source, config, machine_tz=ZoneInfo("Asia/Shanghai"), files=names)
    new_urls = {
        "_posts/hello-world.md": "2024/08/hello-world/",
        "_posts/Algorithm/Sort/shell.md": "2020/11/shell/",
        "about/index.md": "about/",
        "uploads/x.png": "uploads/x.png",
    }
    pairs = dict(
        redirect_pairs(hexo_urls(site, source, names), new_urls, lambda page: listing_target(page, config))
    )
    assert pairs["2020/11/Algorithm/Sort/shell/"] == "2020/11/shell/"
    assert pairs["about/index.html"] == "about/"
    assert "links.html" not in pairs  # MkDocs did not publish links.md in this made-up build
    assert "2023/03/机器学习入门/" not in pairs
    assert pairs["categories/Algorithm/Sort/"] == "categories/Algorithm/Sort/"  # the same: dropped later
    assert pairs["categories/ml/"] == "categories/ml/"
    assert pairs["archives/"] == ""
    assert pairs["archives/2020/11/"] == "archives/2020/"
    assert pairs["tags/cpp/"] == ""
    assert pairs[""] == ""


def test_future_false_and_render_drafts(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("future: false\nrender_drafts: true\n", encoding="utf-8")
    config = yaml.load(plan_init(tmp_path).config_text, Loader=yaml.Loader)
    assert config["plugins"][1]["blog"]["draft_if_future_date"] is True
    assert "draft_docs" not in config


@pytest.fixture(scope="module")
def link_index() -> HexoLinkIndex:
    config = load_hexo_config(FIXTURE)
    source = FIXTURE / "source"
    names = source_files(source)
    site = read_hexo_site(source, config, machine_tz=ZoneInfo("Asia/Shanghai"), files=names)
    return HexoLinkIndex(hexo_urls(site, source, names), config)


@pytest.mark.parametrize(
    ("href", "from_source", "expected"),
    [
        ("/categories/Algorithm/Sort", None, ("category", "categories/Algorithm/Sort/", "")),
        ("/blog/categories/Algorithm/Sort/", None, ("category", "categories/Algorithm/Sort/", "")),
        (
            "http://example.com/blog/2024/08/hello-world/#more",
            None,
            ("post", "2024/08/hello-world/", "#more"),
        ),
        (
            "/blog/2023/03/%E6%9C%BA%E5%99%A8%E5%AD%A6%E4%B9%A0%E5%85%A5%E9%97%A8/",
            None,
            ("post", "2023/03/机器学习入门/", ""),
        ),
        ("../../../2024/08/hello-world/", "_posts/机器学习入门.md", ("post", "2024/08/hello-world/", "")),
        (
            "../../2020/11/Algorithm/Sort/shell",
            "about/index.md",
            ("post", "2020/11/Algorithm/Sort/shell/", ""),
        ),
        ("/uploads/x.png", None, ("file", "uploads/x.png", "")),
        ("/about/", None, ("page", "about/index.html", "")),
        ("/links", None, ("page", "links.html", "")),
        ("/blog/", None, ("index", "", "")),
        ("../hello-world/", None, None),  # relative, but written where no Hexo URL is known
        ("https://elsewhere.example/blog/about/", None, None),
        ("#top", None, None),
        ("/nowhere/", None, None),
    ],
)
def test_links_written_against_hexo_urls(
    link_index: HexoLinkIndex, href: str, from_source: str | None, expected: tuple[str, str, str] | None
) -> None:
    found = link_index.lookup(href, from_source=from_source)
    assert (None if found is None else (found.url.kind, found.url.path, found.fragment)) == expected


@pytest.mark.slow
def test_serve_has_the_redirect_pages_among_its_files(hexo_folder: Path) -> None:
    """Redirect pages are files of the site (``on_files``), so ``mkdocs serve`` serves them too."""
    assert main(["init", str(hexo_folder)], out=io.StringIO(), err=io.StringIO()) == 0
    files = _build(hexo_folder / "mkdocs.yml", serve_url="http://127.0.0.1:8000/blog/")
    redirects = {
        file.src_uri: file.content_string
        for file in files
        if file.generated_by == "zigzag"
        and file.src_uri.endswith(".html")
        and 'http-equiv="refresh"' in file.content_string
    }
    assert sorted(redirects) == [
        "2020/11/Algorithm/Sort/shell/index.html",
        "archives/2020/11/index.html",
        "archives/2023/03/index.html",
        "archives/2024/08/index.html",
        "archives/index.html",
        "links.html",
        "tags/Algorithm/index.html",
        "tags/cpp/index.html",
        "tags/intro/index.html",
        "tags/机器学习/index.html",
    ]
    assert 'url=../#tag:c"' in redirects["tags/cpp/index.html"]
    tags_page = files.get_file_from_path("tags/index.md")
    assert tags_page is not None and tags_page.content_string == "# Tags\n\n<!-- material/tags -->\n"
    # The draft is served, as by `hexo server --draft`; the Hexo folder gained no file.
    assert files.get_file_from_path("_drafts/idea.md") is not None
    assert not (hexo_folder / "source" / "tags").exists()


@pytest.mark.slow
def test_theme_tags_and_categories_pages(hexo_folder: Path) -> None:
    """NexT/Butterfly/Fluid's ``type: tags`` and ``type: categories`` pages list the tags and categories."""
    (hexo_folder / "source" / "tags").mkdir()
    (hexo_folder / "source" / "tags" / "index.md").write_text(
        '---\ntitle: 标签\ndate: 2020-01-01 00:00:00\ntype: "tags"\n---\n', encoding="utf-8"
    )
    (hexo_folder / "source" / "categories").mkdir()
    (hexo_folder / "source" / "categories" / "index.md").write_text(
        "---\ntitle: 分类\ndate: 2020-01-01 00:00:00\ntype: categories\n---\n", encoding="utf-8"
    )
    before = _hashes(hexo_folder)
    assert main(["init", str(hexo_folder)], out=io.StringIO(), err=io.StringIO()) == 0
    _build(hexo_folder / "mkdocs.yml")
    after = _hashes(hexo_folder)
    assert {name: digest for name, digest in after.items() if name in before} == before
    site_dir = hexo_folder / "site"

    # The tags page is the author's page (title kept) listing every tag; old tag URLs lead to its anchors.
    tags_page = (site_dir / "tags/index.html").read_text(encoding="utf-8")
    assert "<h1>标签</h1>" in tags_page
    for anchor in ("tag:algorithm", "tag:c", "tag:intro", "tag:机器学习"):
        assert f'id="{anchor}"' in tags_page
    cpp = (site_dir / "tags/cpp/index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh" content="0; url=../#tag:c"' in cpp

    # The categories page lists the categories nested, each linking to its page, with its post count.
    categories = (site_dir / "categories/index.html").read_text(encoding="utf-8")
    assert "<h1>分类</h1>" in categories
    listing = categories[categories.index("<h1>分类</h1>") :]
    listing = listing[: listing.index("</article>")]
    items = re.findall(r'<li><a href="([^"]*)">([^<]*)</a> \((\d+)\)', listing)
    assert items == [
        ("Algorithm/", "Algorithm", "1"),
        ("Algorithm/Sort/", "Sort", "1"),
        ("Notes/", "Notes", "1"),
        ("ml/", "机器学习", "1"),
    ]
    assert re.search(r'Algorithm</a> \(1\)\s*<ul>\s*<li><a href="Algorithm/Sort/">Sort</a>', listing)
    for href, _name, _count in items:
        assert (site_dir / "categories" / href / "index.html").is_file()


@pytest.mark.slow
def test_a_blog_deployed_from_github_actions_keeps_its_utc_dated_urls(hexo_folder: Path) -> None:
    """`timezone: Asia/Shanghai` on a UTC runner: 07:00 on July 1st was published under June (oracle f)."""
    (hexo_folder / "source" / "_posts" / "early.md").write_text(
        "---\ntitle: Early\ndate: 2021-07-01 07:00:00\n---\nBody.\n", encoding="utf-8"
    )
    (hexo_folder / ".github" / "workflows").mkdir(parents=True)
    (hexo_folder / ".github" / "workflows" / "deploy.yml").write_text(
        "on: push\njobs:\n  pages:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npx hexo generate\n",
        encoding="utf-8",
    )
    assert main(["init", str(hexo_folder)], out=io.StringIO(), err=io.StringIO()) == 0
    assert 'hexo_generate_timezone: "UTC"' in (hexo_folder / "mkdocs.yml").read_text(encoding="utf-8")
    _build(hexo_folder / "mkdocs.yml")
    site_dir = hexo_folder / "site"
    # Material dates the post by its wall clock (July); the old URL, June, redirects there.
    assert _answers(site_dir, "2021/06/early/").relative_to(site_dir).as_posix() == "2021/07/early/index.html"
    assert 'http-equiv="refresh"' in (site_dir / "2021/06/early/index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_warning_on_a_theme_page_names_the_line_of_its_file(
    hexo_folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The listing goes after the page's own text, which still starts where the file says it does."""
    from mkdocs.exceptions import Abort

    (hexo_folder / "source" / "tags").mkdir()
    (hexo_folder / "source" / "tags" / "index.md").write_text(
        '---\ntitle: 标签\ndate: 2020-01-01 00:00:00\ntype: "tags"\n---\n\nAll the tags.\n\n'
        "A formula $$ x^2 left open.\n",
        encoding="utf-8",
    )
    assert main(["init", str(hexo_folder)], out=io.StringIO(), err=io.StringIO()) == 0
    with pytest.raises(Abort):
        _build(hexo_folder / "mkdocs.yml")  # strict: the warning aborts the build
    found = [record.getMessage() for record in caplog.records if "was not typeset" in record.getMessage()]
    assert found == [
        'mkdocs_zigzag: source/tags/index.md:9: looks like a formula but was not typeset: "$$ x^2 left '
        'open.". No closing $$ was found where Markdown kept the formula together: close it, keep it in one '
        "paragraph (or one list item), or write \\$\\$ if the dollars are text."
    ]

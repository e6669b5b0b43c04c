"""The adapter of a Hexo blog folder (``mkdocs_zigzag.hexo_site``): when it is on, what it logs, how links
written against Hexo URLs are rewritten to the pages' sources. The whole build is in ``test_hexo_init``."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
from conftest import write_site
from markdown import Markdown
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files

from mkdocs_zigzag.cli import main
from mkdocs_zigzag.hexo_site import HexoFolder, open_hexo_folder

if TYPE_CHECKING:
    from collections.abc import Iterator

    from mkdocs.config.defaults import MkDocsConfig

FIXTURE = Path(__file__).parent / "data" / "hexo_site"


@pytest.fixture
def records() -> Iterator[list[logging.LogRecord]]:
    """Every record of MkDocs' loggers while the test runs."""
    seen: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record)

    handler, logger = Keep(), logging.getLogger("mkdocs")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield seen
    logger.removeHandler(handler)
    logger.setLevel(old_level)


def test_an_ordinary_mkdocs_project_is_not_a_hexo_folder(tmp_path: Path) -> None:
    root = write_site(tmp_path / "p", {"docs/index.md": "# Home\n"})
    assert open_hexo_folder(load_config(str(root / "mkdocs.yml"))) is None


def test_a_config_yml_whose_source_is_not_docs_dir_is_not_a_hexo_folder(
    tmp_path: Path, records: list[logging.LogRecord]
) -> None:
    root = write_site(tmp_path / "p", {"docs/index.md": "# Home\n"})
    (root / "_config.yml").write_text("title: A Jekyll site\n", encoding="utf-8")
    assert open_hexo_folder(load_config(str(root / "mkdocs.yml"))) is None
    assert [r.getMessage() for r in records if r.name.startswith("mkdocs.plugins.mkdocs_zigzag")] == [
        "mkdocs_zigzag: p/_config.yml is beside mkdocs.yml, but docs_dir is not its source_dir (source/): "
        "not built as a Hexo blog folder (old URLs and feeds are not kept)."
    ]


def test_unused_keys_once_at_info_and_problems_as_warnings(
    tmp_path: Path, records: list[logging.LogRecord]
) -> None:
    root = write_site(tmp_path / "p", {"docs/index.md": "# Home\n"}, {"docs_dir": "source"})
    (root / "source").mkdir()
    (root / "_config.yml").write_text("title: T\ntimezone: Mars/Olympus\nhighlight: {}\n", encoding="utf-8")
    hexo = open_hexo_folder(load_config(str(root / "mkdocs.yml")))
    assert hexo is not None and hexo.title == "T" and hexo.timezone == ""
    ours = [
        (r.levelname, r.getMessage()) for r in records if r.name.startswith("mkdocs.plugins.mkdocs_zigzag")
    ]
    assert ours == [
        ("INFO", "mkdocs_zigzag: Hexo settings not used by this site: highlight."),
        (
            "WARNING",
            "mkdocs_zigzag: p/_config.yml: `timezone: Mars/Olympus` is not a known time zone; dates "
            "are read as UTC.",
        ),
    ]


def test_an_unreadable_config_builds_an_ordinary_site(
    tmp_path: Path, records: list[logging.LogRecord]
) -> None:
    root = write_site(tmp_path / "p", {"source/index.md": "# Home\n"}, {"docs_dir": "source"})
    (root / "_config.yml").write_text("- a list\n", encoding="utf-8")
    assert open_hexo_folder(load_config(str(root / "mkdocs.yml"))) is None
    assert [r.getMessage() for r in records if r.levelno == logging.WARNING] == [
        f"mkdocs_zigzag: {root / '_config.yml'}: not a YAML mapping of settings. The site builds as an "
        "ordinary MkDocs site: old Hexo URLs are not kept."
    ]


@pytest.fixture
def hexo(tmp_path: Path) -> tuple[HexoFolder, MkDocsConfig]:
    """The fixture blog after ``init``, its files published at the URLs Material's blog gives them."""
    folder = tmp_path / "blog"
    shutil.copytree(FIXTURE, folder)
    assert main(["init", str(folder)]) == 0
    config = load_config(str(folder / "mkdocs.yml"))
    found = open_hexo_folder(config)
    assert found is not None
    hexo_folder = HexoFolder(found, config, ZoneInfo("Asia/Shanghai"))
    published = {
        "index.md": "",
        "_posts/hello-world.md": "2024/08/hello-world/",
        "_posts/Algorithm/Sort/shell.md": "2020/11/shell/",
        "_posts/机器学习入门.md": "2023/03/机器学习入门/",
        "categories/Algorithm/Sort.md": "categories/Algorithm/Sort/",
        "about/index.md": "about/",
        "uploads/x.png": "uploads/x.png",
    }
    files = []
    for src_uri, url in published.items():
        file = File(src_uri, config.docs_dir, config.site_dir, True)
        file.url = url
        files.append(file)
    hexo_folder.files_known(Files(files))
    return hexo_folder, config


@pytest.mark.parametrize(
    ("href", "src_uri", "expected"),
    [
        ("/blog/categories/Algorithm/Sort", "_posts/机器学习入门.md", "../categories/Algorithm/Sort.md"),
        ("../../../2020/11/Algorithm/Sort/shell/", "_posts/机器学习入门.md", "Algorithm/Sort/shell.md"),
        ("/2024/08/hello-world/#more", "_posts/机器学习入门.md", "hello-world.md#more"),
        ("/uploads/x.png", "_posts/hello-world.md", "../uploads/x.png"),
        ("/uploads/x.png", "about/index.md", "../uploads/x.png"),
        ("http://example.com/blog/about/", "index.md", "about/index.md"),
        ("/blog/", "about/index.md", "../index.md"),
        ("/blog/archives/2020/", "about/index.md", None),  # no view published at the target here
        ("hello-world.md", "_posts/机器学习入门.md", None),  # already a link MkDocs resolves
        ("https://elsewhere.example/", "index.md", None),
        ("/links.html", "index.md", None),  # links.md not published in this made-up build
    ],
)
def test_links_written_against_hexo_urls_point_at_sources(
    hexo: tuple[HexoFolder, MkDocsConfig], href: str, src_uri: str, expected: str | None
) -> None:
    assert hexo[0].rewrite(href, src_uri) == expected


def test_the_treeprocessor_rewrites_links_and_images(hexo: tuple[HexoFolder, MkDocsConfig]) -> None:
    extension = hexo[0].markdown_extension(lambda _md: ("_posts/hello-world.md", "2024/08/hello-world/"))
    html = Markdown(extensions=[extension]).convert(
        "[shell](/2020/11/Algorithm/Sort/shell/) ![x](/uploads/x.png) [out](https://a.example/)"
    )
    assert html == (
        '<p><a href="Algorithm/Sort/shell.md">shell</a> <img alt="x" src="../uploads/x.png" /> '
        '<a href="https://a.example/">out</a></p>'
    )

"""``hexo_generate_timezone``: old URLs dated in the zone of the machine that ran ``hexo generate``.

Oracle: variants f and f8 of ``tests/data/hexo_oracle_urls.jsonl`` (a byte copy of the shared Hexo 8.1.2
URL vectors, see ``hexo_oracle_urls.origin.md``): the same ``_config.yml`` (``timezone: Asia/Shanghai``) on
a machine in UTC (f: ``2021-07-07 07:07:07`` is ``2021/07/06/``) and on one in Asia/Shanghai (f8: wall
clock kept).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.config import load_config

from mkdocs_zigzag.hexo.old_urls import generate_time_zone
from mkdocs_zigzag.hexo_init import plan_init, workflow_time_zone
from mkdocs_zigzag.hexo_site import HexoFolder, open_hexo_folder

ORACLE = Path(__file__).parent / "data" / "hexo_oracle_urls.jsonl"
VECTORS: list[dict[str, Any]] = [json.loads(line) for line in ORACLE.read_text(encoding="utf-8").splitlines()]
# Posts with a date in their front matter (a birth-time date is another run's), published or not.
DATED = {
    variant: {
        v["source"]: v
        for v in VECTORS
        if v["kind"] == "post" and v["variant"] == variant and v["date_source"] == "front-matter"
    }
    for variant in ("f", "f8")
}


def _hexo_folder(tmp_path: Path) -> Path:
    """A Hexo folder with variant f's _config.yml and every dated post of f and f8, plus an mkdocs.yml."""
    config = next(v["config"] for v in VECTORS if v["variant"] == "f")
    settings = {k: v for k, v in config.items() if k != "process_TZ" and v is not None}
    (tmp_path / "_config.yml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    for lines in DATED.values():
        for source, vector in lines.items():
            path = tmp_path / "source" / source
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"---\n{vector['front_matter']}\n---\nBody.\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ndocs_dir: source\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("variant", "option"), [("f", "UTC"), ("f8", "")])
def test_old_post_urls_follow_the_generating_machine(tmp_path: Path, variant: str, option: str) -> None:
    folder = _hexo_folder(tmp_path)
    config = load_config(str(folder / "mkdocs.yml"))
    hexo = open_hexo_folder(config)
    assert hexo is not None and hexo.timezone == "Asia/Shanghai"
    site = HexoFolder(hexo, config, generate_time_zone(option, hexo.timezone)).site
    expected = {source: vector["url_path"] for source, vector in DATED[variant].items()}
    assert {source: site.post(source).url_path for source in expected} == expected
    if variant == "f":  # the case that moves: 07:07 in Shanghai is the day before in UTC
        assert expected["_posts/Q&A session.md"] == "2021/07/06/Q&A session/"


def test_generate_time_zone_defaults_to_the_zone_dates_are_written_in() -> None:
    assert str(generate_time_zone("UTC", "Asia/Shanghai")) == "UTC"
    assert str(generate_time_zone("", "Asia/Shanghai")) == "Asia/Shanghai"
    assert str(generate_time_zone("", "")) == "UTC"


def _workflow(folder: Path, text: str, name: str = "pages.yml") -> None:
    (folder / ".github" / "workflows").mkdir(parents=True, exist_ok=True)
    (folder / ".github" / "workflows" / name).write_text(text, encoding="utf-8")


GITHUB_PAGES = """\
name: Pages
on: {push: {branches: [main]}}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm ci
      - run: npx hexo generate
"""


def test_init_sets_utc_when_a_github_workflow_runs_hexo(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: T\ntimezone: Asia/Shanghai\n", encoding="utf-8")
    _workflow(tmp_path, GITHUB_PAGES)
    assert workflow_time_zone(tmp_path) == ("UTC", ".github/workflows/pages.yml")
    plan = plan_init(tmp_path)
    zigzag = yaml.load(plan.config_text, Loader=yaml.Loader)["plugins"][3]["zigzag"]
    assert zigzag == {"hexo_timezone": "Asia/Shanghai", "hexo_generate_timezone": "UTC"}
    assert (
        ".github/workflows/pages.yml runs Hexo on a CI machine in UTC -> zigzag hexo_generate_timezone: UTC "
        "(the old URLs' dates are that machine's; delete the line if the published blog was generated "
        "elsewhere)"
    ) in plan.mapped


def test_init_takes_the_tz_a_workflow_sets_and_build_scripts_that_are_hexo(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: T\ntimezone: Asia/Shanghai\n", encoding="utf-8")
    (tmp_path / "package.json").write_text('{"scripts": {"build": "hexo generate"}}', encoding="utf-8")
    _workflow(tmp_path, "on: push\nenv: {TZ: Asia/Shanghai}\njobs: {b: {steps: [{run: npm run build}]}}\n")
    assert workflow_time_zone(tmp_path) == ("Asia/Shanghai", ".github/workflows/pages.yml")
    # The same zone as `timezone`: nothing to say.
    assert (
        "hexo_generate_timezone"
        not in yaml.load(plan_init(tmp_path).config_text, Loader=yaml.Loader)["plugins"][3]["zigzag"]
    )
    _workflow(tmp_path, "on: push\njobs: {b: {steps: [{run: make lint}]}}\n")
    assert workflow_time_zone(tmp_path) is None  # no Hexo run: not the machine that published the blog


def test_init_mentions_the_option_when_timezone_is_set(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: T\ntimezone: Asia/Shanghai\n", encoding="utf-8")
    plan = plan_init(tmp_path)
    assert '      # hexo_generate_timezone: "UTC"' in plan.config_text.splitlines()
    assert (
        "timezone: Asia/Shanghai: the old URLs' dates assume `hexo generate` ran on a machine in "
        "Asia/Shanghai; if it ran elsewhere (a CI runner is in UTC), set hexo_generate_timezone in mkdocs.yml"
    ) in plan.unmapped
    (tmp_path / "_config.yml").write_text("title: T\n", encoding="utf-8")
    assert "hexo_generate_timezone" not in plan_init(tmp_path).config_text

"""``mkdocs-zigzag init``: the ``mkdocs.yml`` that makes a Hexo blog folder an MkDocs Material site.

No MkDocs here: :func:`plan_init` reads the folder's ``_config.yml`` (:mod:`mkdocs_zigzag.hexo.hexo_config`)
and returns the text of ``mkdocs.yml`` with what it mapped and what it could not; :func:`write_init`
writes it beside ``_config.yml`` (never over an existing one unless forced). Nothing else of the Hexo folder
is written: ``source/`` is the ``docs_dir`` as it is, the site goes to ``site/`` (Hexo's is ``public/``).

The mapping, and why:
- ``docs_dir: source``; Hexo ignores every ``_``/``.`` name in ``source/`` except ``_posts`` (posts) and
  ``_drafts`` (drafts, shown by ``hexo server --draft``): ``exclude_docs`` says the same, and
  ``draft_docs: /_drafts/`` shows drafts under ``mkdocs serve`` only.
- Material's blog at the site root (``blog_dir: .``) with ``post_dir: {blog}/_posts``: the home page lists
  the posts and paginates at ``page/N/`` as Hexo's does; archives at ``<archive_dir>/YYYY/``, categories at
  ``<category_dir>/<Hexo slug>/`` (``categories_slugify`` is Hexo's slugize with ``category_map``; a nested
  category is a category of its own named by its path, ``Algorithm / Sort``, whose page is Hexo's
  ``<category_dir>/Algorithm/Sort/``).
- ``post_url_format`` reproduces the ``permalink`` when Material can (date parts and the file name);
  every other old URL is for the plugin's redirect pages.
- ``hexo_generate_timezone``: Hexo writes the dates of URLs in the zone of the machine that ran ``hexo
  generate``. When a GitHub Actions workflow in the folder runs Hexo, that is the runner's zone (UTC unless
  the workflow sets ``TZ``), written when it differs from ``timezone``; otherwise the line is a comment
  (the default assumes the author's machine was in ``timezone``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import yaml

from mkdocs_zigzag.hexo.hexo_config import HexoConfig, HexoConfigError, find_hexo_config, load_hexo_config
from mkdocs_zigzag.hexo.math_setup import decide_math_setup

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "InitError",
    "InitPlan",
    "material_language",
    "plan_init",
    "post_url_settings",
    "workflow_time_zone",
    "write_init",
]

#: Where the site is built: not Hexo's ``public/``, so `hexo generate` and `mkdocs build` never clash.
SITE_DIR = "site"


class InitError(Exception):
    """``init`` cannot proceed (no Hexo site, an ``mkdocs.yml`` already there); the message says why."""


@dataclass
class InitPlan:
    """The ``mkdocs.yml`` to write and the report ``init`` prints."""

    config_text: str
    mapped: list[str] = field(default_factory=list)
    """``Hexo setting -> MkDocs setting`` lines."""
    unmapped: list[str] = field(default_factory=list)
    """What has no equivalent, or is left to the plugin's redirects, each with the reason."""


# Hexo permalink placeholders -> the LDML pattern Material's post_url_date_format takes.
_DATE_PARTS = {":year": "yyyy", ":month": "MM", ":i_month": "M", ":day": "dd", ":i_day": "d"}
_DATE_RUN = re.compile(
    r"^((?::year|:month|:i_month|:day|:i_day)(?:/(?::year|:month|:i_month|:day|:i_day))*)/"
)


def post_url_settings(permalink: str) -> tuple[str, str] | None:
    """``(post_url_format, post_url_date_format)`` giving the URLs *permalink* gives, or ``None``.

    Material builds ``<date>/<name>/``: it matches Hexo when the permalink is date parts then ``:title`` or
    ``:name`` and a trailing ``/`` (``:title`` only for posts directly in ``_posts/``: the plugin hands the
    file name to the blog as its slug). Anything else (``:category``, ``:hash``, ``.html``) is redirected.
    """
    rule = permalink.lstrip("/")
    if not rule.endswith("/"):
        return None
    rule = rule[:-1]
    match = _DATE_RUN.match(rule + "/") if rule.startswith(":") else None
    date_pattern = ""
    rest = rule
    if match and match.group(1) != rule:
        date_pattern = "/".join(_DATE_PARTS[part] for part in match.group(1).split("/"))
        rest = rule[len(match.group(1)) + 1 :]
    if rest not in (":title", ":name"):
        return None
    if not date_pattern:
        return "{slug}", "yyyy/MM/dd"
    return "{date}/{slug}", date_pattern


def material_language(language: str) -> str:
    """Material's ``theme.language`` for Hexo's ``language`` (``zh-CN`` -> ``zh``, ``zh-TW`` kept)."""
    code = language.strip().replace("_", "-")
    lower = code.lower()
    if lower in ("zh-tw", "zh-hk", "zh-hant"):
        return "zh-TW"
    if lower in ("pt-br",):
        return "pt-BR"
    if lower in ("", "default"):
        return "en"
    return lower.split("-", 1)[0]


def _q(value: str) -> str:
    """A YAML scalar for *value* (JSON strings are YAML, and keep CJK readable)."""
    return json.dumps(value, ensure_ascii=False)


def _markdown_extensions(config: HexoConfig, plan: InitPlan) -> list[str]:
    """hexo-renderer-marked's defaults (GFM, ``breaks: true``) as Python-Markdown extensions."""
    marked = config.marked
    lines = [
        "  - abbr",
        "  - admonition",
        "  - attr_list",
        "  - def_list",
        "  - footnotes",
        "  - md_in_html",
        "  - tables",
        "  - toc:",
        "      permalink: true",
        "  - pymdownx.superfences",
        "  - pymdownx.tilde",
        "  - pymdownx.tasklist",
        "  - pymdownx.magiclink",
    ]
    plan.mapped.append("marked (GFM: tables, ~~strike~~, task lists, autolinks) -> markdown_extensions")
    if marked.get("breaks", True) is not False:
        lines.insert(0, "  - nl2br")
        plan.mapped.append("marked.breaks (default true: a line break is <br>) -> nl2br")
    if marked.get("smartypants", True) is not False:
        lines.append("  - smarty")
        plan.mapped.append("marked.smartypants -> smarty")
    for key in sorted(set(marked) - {"gfm", "breaks", "smartypants", "postAsset", "prependRoot"}):
        plan.unmapped.append(
            f"marked.{key}: no Python-Markdown equivalent chosen; check pages that rely on it"
        )
    if config.kramed:
        plan.unmapped.append("kramed: options not mapped (the marked defaults above are used)")
    return lines


def workflow_time_zone(folder: Path) -> tuple[str, str] | None:
    """``(zone, workflow)`` when a GitHub Actions workflow of *folder* runs Hexo: its ``TZ``, else UTC.

    A workflow runs Hexo when it names it (``hexo generate``, ``npx hexo g``, a ``…/hexo-action``) or runs
    ``npm run build`` (yarn, pnpm) and ``package.json``'s ``build`` script is Hexo's. GitHub's runners keep
    UTC unless an ``env: {TZ: …}`` (workflow, job or step) says otherwise.
    """
    workflows = folder / ".github" / "workflows"
    if not workflows.is_dir():
        return None
    build_script = ""
    try:
        package = json.loads((folder / "package.json").read_text(encoding="utf-8"))
        build_script = str(package.get("scripts", {}).get("build", ""))
    except (OSError, ValueError, AttributeError):
        pass
    for path in sorted([*workflows.glob("*.yml"), *workflows.glob("*.yaml")]):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        runs_build = re.search(r"\b(?:npm|yarn|pnpm)\s+(?:run\s+)?build\b", text) is not None
        if not (re.search(r"\bhexo\b", text, re.IGNORECASE) or (runs_build and "hexo" in build_script)):
            continue
        try:
            workflow = yaml.safe_load(text)
        except yaml.YAMLError:
            workflow = None
        zones = _env_time_zones(workflow)
        return (zones[0] if zones else "UTC"), path.relative_to(folder).as_posix()
    return None


def _env_time_zones(node: object) -> list[str]:
    """Every ``TZ`` set in an ``env:`` mapping anywhere in a workflow, in document order."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "env" and isinstance(value, dict) and isinstance(value.get("TZ"), str):
                found.append(value["TZ"])
            found += _env_time_zones(value)
    elif isinstance(node, list):
        for item in node:
            found += _env_time_zones(item)
    return found


def _generate_time_zone_lines(folder: Path, config: HexoConfig, plan: InitPlan) -> list[str]:
    """``hexo_generate_timezone``: the zone of the machine that ran ``hexo generate`` (URL dates use it).

    Set when a GitHub Actions workflow runs Hexo (its runner's zone, UTC unless it sets ``TZ``) and that
    differs from ``timezone``; otherwise only mentioned when ``timezone`` is set (the default assumes the
    author's machine was in that zone).
    """
    written_in = config.timezone or "UTC"
    found = workflow_time_zone(folder)
    if found is not None:
        zone, workflow = found
        if zone == written_in:
            return []
        plan.mapped.append(
            f"{workflow} runs Hexo on a CI machine in {zone} -> zigzag hexo_generate_timezone: {zone} "
            "(the old URLs' dates are that machine's; delete the line if the published blog was "
            "generated elsewhere)"
        )
        return [
            f"      # {workflow} runs Hexo: the old URLs' dates are those of its machine ({zone}).",
            f"      hexo_generate_timezone: {_q(zone)}",
        ]
    if not config.timezone:
        return []
    plan.unmapped.append(
        f"timezone: {config.timezone}: the old URLs' dates assume `hexo generate` ran on a machine in "
        f"{config.timezone}; if it ran elsewhere (a CI runner is in UTC), set hexo_generate_timezone in "
        "mkdocs.yml"
    )
    return [
        f"      # If `hexo generate` ran on a machine not in {config.timezone} (a CI runner: UTC), say so:",
        '      # hexo_generate_timezone: "UTC"',
    ]


def plan_init(folder: Path) -> InitPlan:
    """The ``mkdocs.yml`` for the Hexo site in *folder*, and what was and was not mapped."""
    try:
        config = load_hexo_config(folder)
    except HexoConfigError as error:
        raise InitError(str(error)) from None
    plan = InitPlan("")
    out: list[str] = [
        "# Written by `mkdocs-zigzag init` from this Hexo blog's _config.yml. Hexo's files stay as they are:",
        "# `mkdocs serve` / `mkdocs build` read source/ and write the site to site/ (Hexo's is public/).",
        f"site_name: {_q(config.title)}",
    ]
    plan.mapped.append(f"title -> site_name: {config.title}")
    if config.description or config.subtitle:
        out.append(f"site_description: {_q(config.description or config.subtitle)}")
        plan.mapped.append("description -> site_description")
    if config.author:
        out.append(f"site_author: {_q(config.author)}")
        plan.mapped.append("author -> site_author")
    if config.url != "http://example.com":
        out.append(f"site_url: {_q(config.site_url)}")
        plan.mapped.append(f"url + root -> site_url: {config.site_url}")
    else:
        plan.unmapped.append("url: still Hexo's placeholder http://example.com; set site_url in mkdocs.yml")
    source = config.source_dir.rstrip("/") or "source"
    out += [
        f"docs_dir: {_q(source)}",
        f"site_dir: {SITE_DIR}",
        "# Hexo skips `_` and `.` names in source/ except _posts (posts) and _drafts (drafts).",
        "exclude_docs: |",
        "  _*",
        "  !/_posts/",
        "  !/_drafts/",
        *(
            []
            if config.render_drafts
            else [
                "# Drafts are shown by `mkdocs serve` only, like `hexo server --draft`.",
                "draft_docs: |",
                "  /_drafts/",
            ]
        ),
        "",
        "theme:",
        "  name: material",
        f"  language: {material_language(config.language)}",
        "  # No Google Fonts: the site serves everything it needs itself.",
        "  font: false",
        "",
        "plugins:",
        "  - search",
        "  - blog:",
        "      # The blog is the site: the home page lists the posts, as Hexo's index does.",
        "      blog_dir: .",
        '      post_dir: "{blog}/_posts"',
    ]
    plan.mapped.append(f"language: {config.language} -> theme.language: {material_language(config.language)}")
    plan.mapped.append(
        f"source_dir -> docs_dir: {source}; site_dir: {SITE_DIR} (Hexo's public/ is untouched)"
    )
    plan.mapped.append(
        "source/_posts -> Material blog posts; source/_drafts -> "
        + (
            "pages in every build (render_drafts: true)"
            if config.render_drafts
            else "draft_docs (serve only)"
        )
    )
    if not config.future:
        out.append("      draft_if_future_date: true")
        plan.mapped.append("future: false -> blog draft_if_future_date: true")

    settings = post_url_settings(config.permalink)
    if settings is not None:
        out += [f"      post_url_format: {_q(settings[0])}", f"      post_url_date_format: {_q(settings[1])}"]
        plan.mapped.append(f"permalink: {config.permalink} -> post_url_format {settings[0]} ({settings[1]})")
    else:
        out += ['      post_url_format: "{date}/{slug}"', "      post_url_date_format: yyyy/MM/dd"]
        plan.unmapped.append(
            f"permalink: {config.permalink}: Material cannot build these URLs; posts live at "
            "yyyy/MM/dd/<file name>/ and the plugin redirects each old URL"
        )
    archive_dir = config.archive_dir.strip("/") or "archives"
    category_dir = config.category_dir.strip("/")
    mapping = ", ".join(f"{_q(key)}: {_q(value)}" for key, value in config.category_map.items())
    out += [
        f"      archive_url_format: {_q(archive_dir + '/{date}')}",
        "      archive_url_date_format: yyyy",
        f"      categories_url_format: {_q((category_dir + '/' if category_dir else '') + '{slug}')}",
        "      # Hexo's slugize with category_map and filename_case: category pages keep their Hexo URLs",
        "      # (a nested category is named by its path, `Algorithm / Sort`, at <dir>/Algorithm/Sort/).",
        "      categories_slugify: !!python/object/apply:mkdocs_zigzag.hexo.slugize.hexo_slugify",
        f"        kwds: {{transform: {config.filename_case}, mapping: {{{mapping}}}}}",
        '      pagination_url_format: "page/{page}"',
        f"      pagination_per_page: {config.index_per_page or 10}",
        "  - tags",
        "  - zigzag:",
    ]
    plan.mapped.append(
        f"archive_dir -> archive_url_format: {archive_dir}/yyyy/ (monthly pages are redirected)"
    )
    plan.mapped.append(
        f"category_dir, category_map, filename_case -> categories_url_format {category_dir}/<Hexo slug>/ "
        "(nested categories named `Parent / Child`, at <Parent slug>/<Child slug>/ as in Hexo)"
    )
    plan.mapped.append(f"per_page -> pagination_per_page: {config.index_per_page or 10}; home at page/N/")
    if config.timezone:
        out.append(f"      hexo_timezone: {_q(config.timezone)}")
        plan.mapped.append(f"timezone -> zigzag hexo_timezone: {config.timezone}")
    else:
        out.append("      # hexo_timezone: Hexo had none (dates were read in the machine's zone).")
    out += _generate_time_zone_lines(folder, config, plan)
    out += ["", "markdown_extensions:", *_markdown_extensions(config, plan), ""]

    plan.unmapped += [
        f"tag_dir ({config.tag_dir}/<tag>/): redirected to the tag on the tags page "
        f"({config.tag_dir or 'tags'}/); monthly archives: answered by redirects",
    ]
    if config.post_asset_folder:
        plan.mapped.append("post_asset_folder: asset folders beside posts are published with their post")
    if config.new_post_name != ":title.md":
        plan.unmapped.append(
            f"new_post_name: {config.new_post_name}: file names with a date prefix give the slug and date "
            "Hexo gave; their old URLs are redirected when they differ"
        )
    if config.math is not None:
        plan.mapped.append(
            f"theme math ({config.math.source}: {config.math.engine}) -> formulas rendered by zigzag (KaTeX) "
            "at build time"
        )
        if not config.math.every_page:
            plan.unmapped.append(
                f"{config.math.source} math on opted-in pages only: zigzag renders math on every page"
            )
    if (math_setup := decide_math_setup(config)).reasons:  # also read and logged at every build
        plan.mapped.append(f"{math_setup.summary()} (katex_dialect/katex_numbering in mkdocs.yml win)")
    for kind, path in config.feeds:
        plan.mapped.append(f"feed ({kind}) -> {path}, written by zigzag with Hexo's entry ids")
    for problem in config.problems:
        plan.unmapped.append(problem)
    if config.unused_keys:
        plan.unmapped.append("not used: " + ", ".join(config.unused_keys))
    plan.config_text = "\n".join(out)
    return plan


def write_init(folder: Path, *, force: bool = False) -> tuple[Path, InitPlan]:
    """Write ``mkdocs.yml`` beside *folder*'s ``_config.yml``; refuse to replace one unless *force*."""
    config_path = find_hexo_config(folder)
    if config_path is None:
        raise InitError(f"{folder}: no _config.yml here, so this is not a Hexo blog folder.")
    target = config_path.parent / "mkdocs.yml"
    for existing in (target, config_path.parent / "mkdocs.yaml"):
        if existing.exists() and not force:
            raise InitError(f"{existing} exists; run again with --force to replace it.")
    plan = plan_init(folder)
    target.write_text(plan.config_text, encoding="utf-8")
    return target, plan

"""The seed post's two projects every benchmark builds: with the plugin, and the same site by hand.

Shared by ``build_bench`` (page part), ``inside`` and ``synth`` so their imports run one way:
``build_bench`` → ``synth`` → ``inside`` → ``seed_site`` → ``projects`` → ``harness``.
"""

from __future__ import annotations

import re
import shutil
from typing import TYPE_CHECKING, Any

import harness
import projects
from harness import say

if TYPE_CHECKING:
    from pathlib import Path


def extra_site_files(config: dict[str, Any]) -> list[str]:
    """Files and folders outside docs/ that the site's mkdocs.yml refers to (overrides, hooks, generators)."""
    wanted: list[str] = []
    theme = config.get("theme") or {}
    if isinstance(theme, dict) and theme.get("custom_dir"):
        wanted.append(str(theme["custom_dir"]))
    wanted += [str(h) for h in config.get("hooks") or []]
    found = projects.plugin_entry(config)
    if found:
        for ref, _params in projects.figure_bindings(found[1]).values():
            path = ref.split(":", 1)[0]
            if path.endswith(".py"):
                wanted.append(path)
    return [w for w in wanted if (harness.ROOT / w).exists()]


def write_plugin_project(root: Path) -> dict[str, Any]:
    """The seed post, unchanged, in a site configured like the repository's; returns its config."""
    config = projects.plugin_config(projects.site_config(), ["index.md", {"博客": ["blog/index.md"]}])
    root.mkdir(parents=True)
    projects.dump_yaml(config, root / "mkdocs.yml")
    docs = harness.ROOT / "docs"
    files: dict[str, Path | str | bytes] = {
        "docs/index.md": "# mkdocs-zigzag\n\n[博客](blog/index.md)\n",
        "docs/blog/index.md": docs / "blog" / "index.md",
        "docs/blog/posts/zero-centered-activation.md": projects.SEED,
    }
    asset_dir = projects.SEED.with_suffix("")
    if asset_dir.is_dir():
        for path in asset_dir.rglob("*"):
            if path.is_file():
                files[f"docs/{path.relative_to(docs).as_posix()}"] = path
    for extra in (docs / "blog" / ".authors.yml",):
        if extra.exists():
            files[f"docs/{extra.relative_to(docs).as_posix()}"] = extra
    projects.copy_tree_files(files, root)
    for rel in extra_site_files(config):
        source = harness.ROOT / rel
        if source.is_dir():
            shutil.copytree(source, root / rel)
        else:
            projects.copy_tree_files({rel: source}, root)
    return config


def write_plain_project(
    root: Path, plugin_root: Path, plugin_cfg: dict[str, Any], *, peer: bool = False
) -> None:
    """The plugin project rewritten by hand: static images from *plugin_root*'s build, client-side math."""
    shutil.copytree(plugin_root, root, ignore=shutil.ignore_patterns("site", ".cache"))
    projects.dump_yaml(projects.plain_config(plugin_cfg, peer=peer), root / "mkdocs.yml")
    (root / "docs" / "javascripts").mkdir(exist_ok=True)
    (root / "docs" / "javascripts" / "katex.js").write_text(projects.KATEX_INIT_JS, encoding="utf-8")
    post = root / "docs" / "blog" / "posts" / "zero-centered-activation.md"
    text = post.read_text(encoding="utf-8")
    slug = post.stem
    found = projects.plugin_entry(plugin_cfg)
    bindings = projects.figure_bindings(found[1] if found else {})
    figure = projects.exec_block(bindings) if peer else projects.markdown_image(slug)
    post.write_text(projects.rewrite_post(text, slug, figure), encoding="utf-8")
    if peer:
        return
    for name in re.findall(r"\{%\s*asset_img\s+(\S+)", text):
        target = post.parent / slug / name
        built = projects.find_built_asset(plugin_root / "site", name)
        if built is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(built, target)
        else:
            say(f"  (no built {name} in the plugin's site: a placeholder image stands in)")
            projects.placeholder_image(target)


_RENDERED = re.compile(r"(\d+)\s+(?:figures?\s+)?(?:re-?)?rendered|(?:re-?)?rendered\s*[:=]?\s*(\d+)", re.I)


def figures_line(log: str) -> str | None:
    """The plugin's one info line about figures (how many, cached, rendered), if the build logged it."""
    lines = [ln for ln in log.splitlines() if "figure" in ln.lower() and "render" in ln.lower()]
    return lines[-1].strip() if lines else None


def rendered_count(log: str) -> int | None:
    """How many figures the build rendered, read from the plugin's info line."""
    line = figures_line(log)
    match = _RENDERED.search(line or "")
    return int(match.group(1) or match.group(2)) if match else None

"""The sites that are built and compared, generated into temporary folders (``docs/`` is never touched).

- *plugin*: the repository's own ``mkdocs.yml`` (theme, blog, tags, search, the ``zigzag`` plugin and its
  figure bindings) over the unchanged Hexo post(s).
- *plain*: what an author writes by hand without the plugin — the same ``mkdocs.yml`` minus ``zigzag``,
  front matter normalized for Material's blog, each ``{% asset_img %}`` replaced by a Markdown image of a
  static file (taken from a plugin build), math left to Material's client-side KaTeX recipe
  (``pymdownx.arithmatex`` with ``generic: true`` plus KaTeX's scripts).
- *peer*: the plain site, but each figure drawn on every build by a ``markdown-exec`` block, as
  markdown-exec's matplotlib recipe does (pyplot, ``savefig`` to an SVG string printed into the page).
"""

from __future__ import annotations

import copy
import datetime as dt
import fnmatch
import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from harness import ROOT

from mkdocs_zigzag.figures.builtin import BUILTIN_FIGURES

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

SEED = ROOT / "docs" / "blog" / "posts" / "zero-centered-activation.md"

# Material's documented KaTeX recipe (Reference › Math › KaTeX): arithmatex in generic mode, KaTeX's
# script, its auto-render extension and a small initializer.
KATEX_INIT_JS = """\
document$.subscribe(({ body }) => {
  renderMathInElement(body, {
    delimiters: [
      { left: "$$",  right: "$$",  display: true },
      { left: "$",   right: "$",   display: false },
      { left: "\\\\(", right: "\\\\)", display: false },
      { left: "\\\\[", right: "\\\\]", display: true }
    ],
  })
})
"""
KATEX_JS = [
    "javascripts/katex.js",
    "https://unpkg.com/katex@0/dist/katex.min.js",
    "https://unpkg.com/katex@0/dist/contrib/auto-render.min.js",
]
KATEX_CSS = ["https://unpkg.com/katex@0/dist/katex.min.css"]

# Bindings used when the site's mkdocs.yml binds no figures (the figure engine not merged yet).
FALLBACK_FIGURES: dict[str, tuple[str, dict[str, Any]]] = {
    figure.asset: (figure.generator, {}) for figure in BUILTIN_FIGURES
}


# --- mkdocs.yml ----------------------------------------------------------------------------------


@dataclass
class Tagged:
    """A YAML value with a custom tag (``!!python/name:…``, ``!ENV``), carried through unchanged."""

    tag: str
    value: Any


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.Loader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return Tagged(node.tag, value)


def _represent_tagged(dumper: yaml.Dumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_Loader.add_multi_constructor("", _construct_tagged)  # type: ignore[arg-type]
_Dumper.add_representer(Tagged, _represent_tagged)  # type: ignore[arg-type]


def load_yaml(path: Path) -> dict[str, Any]:
    """Read a mkdocs.yml, keeping tagged values as they are."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    return data if isinstance(data, dict) else {}


def dump_yaml(data: Mapping[str, Any], path: Path) -> None:
    """Write a mkdocs.yml."""
    path.write_text(
        yaml.dump(dict(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def site_config() -> dict[str, Any]:
    """The repository's mkdocs.yml."""
    return load_yaml(ROOT / "mkdocs.yml")


def plugin_entry(config: Mapping[str, Any], name: str = "zigzag") -> tuple[int, dict[str, Any]] | None:
    """Index and options of plugin *name* in ``plugins`` (options may be empty), or None."""
    for index, entry in enumerate(config.get("plugins") or []):
        if entry == name:
            return index, {}
        if isinstance(entry, dict) and name in entry:
            return index, dict(entry[name] or {})
    return None


def set_plugin_options(config: dict[str, Any], options: Mapping[str, Any], name: str = "zigzag") -> None:
    """Replace plugin *name*'s options in *config* (in place)."""
    found = plugin_entry(config, name)
    if found is None:
        raise KeyError(f"plugin {name!r} is not in mkdocs.yml")
    config["plugins"][found[0]] = {name: dict(options)}


def plugin_config(base: Mapping[str, Any], nav: list[Any]) -> dict[str, Any]:
    """The site's configuration for a benchmark project: same plugins and extensions, *nav* only."""
    config = copy.deepcopy(dict(base))
    config["nav"] = nav
    config.pop("docs_dir", None)
    config.pop("site_dir", None)
    return config


def plain_config(plugin_cfg: Mapping[str, Any], *, peer: bool = False) -> dict[str, Any]:
    """*plugin_cfg* without zigzag, with Material's client-side KaTeX recipe (and markdown-exec if *peer*)."""
    config = copy.deepcopy(dict(plugin_cfg))
    plugins = [
        p
        for p in config.get("plugins") or []
        if p != "zigzag" and not (isinstance(p, dict) and "zigzag" in p)
    ]
    if peer:
        plugins.append("markdown-exec")
    config["plugins"] = plugins
    extensions = list(config.get("markdown_extensions") or [])
    extensions.append({"pymdownx.arithmatex": {"generic": True}})
    if not any(
        e == "pymdownx.superfences" or (isinstance(e, dict) and "pymdownx.superfences" in e)
        for e in extensions
    ):
        extensions.append("pymdownx.superfences")
    config["markdown_extensions"] = extensions
    config["extra_javascript"] = list(config.get("extra_javascript") or []) + KATEX_JS
    config["extra_css"] = list(config.get("extra_css") or []) + KATEX_CSS
    return config


# --- figure bindings ------------------------------------------------------------------------------


def figure_bindings(
    zigzag_options: Mapping[str, Any], post: str = "blog/posts/zero-centered-activation.md"
) -> dict[str, tuple[str, dict[str, Any]]]:
    """``{asset name or glob: (generator reference, parameters)}`` bound for *post* in the plugin's options.

    The figure engine's schema: ``figures:`` a list of ``{post, asset, generator, params}``, where ``post``
    and ``asset`` are a path/glob or a list of them. Falls back to the article's four built-in generators.
    """
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for entry in zigzag_options.get("figures") or []:
        if not isinstance(entry, dict) or "generator" not in entry:
            continue
        posts = entry.get("post") or ["*"]
        posts = [posts] if isinstance(posts, str) else posts
        if not any(fnmatch.fnmatchcase(post, p) for p in posts):
            continue
        assets = entry.get("asset") or []
        for name in [assets] if isinstance(assets, str) else assets:
            found.setdefault(str(name), (str(entry["generator"]), dict(entry.get("params") or {})))
    return found or dict(FALLBACK_FIGURES)


def binding_for(bindings: Mapping[str, tuple[str, dict[str, Any]]], name: str) -> tuple[str, dict[str, Any]]:
    """The binding of asset *name* (exact name first, then the first glob that matches)."""
    if name in bindings:
        return bindings[name]
    for pattern, binding in bindings.items():
        if fnmatch.fnmatchcase(name, pattern):
            return binding
    raise KeyError(f"no figure binding for {name}")


# --- posts -----------------------------------------------------------------------------------------

_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
_ASSET_IMG = re.compile(r"\{%\s*asset_img\s+(.*?)\s*%\}")
_WRAPPED = re.compile(r"^\s*<p[^>]*>\s*(\{%\s*asset_img\s+.*?%\})\s*</p>\s*$")


def split_post(text: str) -> tuple[dict[str, Any], str]:
    """Front matter (every value a string or list, as written) and body of a Hexo post."""
    match = _FRONT.match(text)
    if not match:
        return {}, text
    data = yaml.load(match.group(1), Loader=yaml.BaseLoader)
    return (data if isinstance(data, dict) else {}), text[match.end() :]


def normalized_front_matter(meta: Mapping[str, Any]) -> dict[str, Any]:
    """Hexo front matter as an author would rewrite it for Material's blog by hand."""
    out: dict[str, Any] = {}
    for key, value in meta.items():
        if key == "date":
            out["date"] = dt.datetime.strptime(str(value), "%Y-%m-%d %H:%M:%S")
        elif key in ("categories", "category"):
            out["categories"] = value if isinstance(value, list) else [value]
        elif key in ("tags", "tag"):
            out["tags"] = value if isinstance(value, list) else [value]
        elif key == "excerpt":
            out["description"] = value
        elif key == "math":
            continue
        else:
            out[key] = value
    return out


def asset_img_args(tag: str) -> tuple[str, str]:
    """File name and title of an ``asset_img`` tag's arguments (no classes or sizes in these posts)."""
    args = shlex.split(tag)
    return args[0], " ".join(args[1:]) or args[0]


def rewrite_post(text: str, asset_dir: str, figure: Callable[[str, str], str]) -> str:
    """The post with normalized front matter and each ``asset_img`` line replaced by ``figure(name, "
    "title)``."""
    meta, body = split_post(text)
    lines = []
    for line in body.splitlines():
        wrapped = _WRAPPED.match(line)
        if wrapped:
            name, title = asset_img_args(_ASSET_IMG.match(wrapped.group(1)).group(1))  # type: ignore[union-attr]
            lines += ["", figure(name, title), ""]
        else:
            lines.append(_ASSET_IMG.sub(lambda m: figure(*asset_img_args(m.group(1))), line))
    front = yaml.safe_dump(normalized_front_matter(meta), allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n" + "\n".join(lines) + "\n"


def markdown_image(asset_dir: str) -> Callable[[str, str], str]:
    """``figure`` for :func:`rewrite_post`: a Markdown image of the static file in the post's folder."""
    return lambda name, title: f"![{title}]({asset_dir}/{name})"


def exec_block(bindings: Mapping[str, tuple[str, dict[str, Any]]]) -> Callable[[str, str], str]:
    """``figure`` for :func:`rewrite_post`: markdown-exec's matplotlib recipe drawing the bound generator."""

    def block(name: str, title: str) -> str:
        ref, params = binding_for(bindings, name)
        module, attr = ref.split(":", 1)
        return "\n".join(
            [
                '```python exec="true" html="true"',
                "from io import StringIO",
                "import matplotlib.pyplot as plt",
                "from mkdocs_zigzag.figures.api import LIGHT, FigureGenerator",
                f"from {module} import {attr} as generator",
                f"params = {params!r}",
                "if isinstance(generator, FigureGenerator):",
                "    params = generator.validate(params)",
                "    fig = plt.figure(figsize=generator.figsize)",
                "    data = generator.simulate(**params) if generator.simulate else None",
                "    with plt.rc_context(LIGHT.rc()):",
                "        if generator.simulate:",
                "            generator.draw(fig, LIGHT, data, **params)",
                "        else:",
                "            generator.draw(fig, LIGHT, **params)",
                "else:",
                "    fig = plt.figure()",
                "    with plt.rc_context(LIGHT.rc()):",
                "        generator(fig, LIGHT, **params)",
                "buffer = StringIO()",
                'plt.savefig(buffer, format="svg")',
                "plt.close(fig)",
                "print(buffer.getvalue())",
                "```",
            ]
        )

    return block


def find_built_asset(site_dir: Path, name: str) -> Path | None:
    """The file called *name* in a built site (the plugin's raster at the name the post uses)."""
    return next(iter(sorted(site_dir.rglob(name))), None)


def placeholder_image(path: Path) -> None:
    """A stand-in raster of realistic size when no plugin build has produced the figure yet."""
    import numpy as np
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 4.0))
    ax = fig.add_subplot()
    z = np.linspace(-6, 6, 200)
    ax.plot(z, 1 / (1 + np.exp(-z)))
    path.parent.mkdir(parents=True, exist_ok=True)
    fmt = "jpeg" if path.suffix.lower() in (".jpg", ".jpeg") else "png"
    fig.savefig(path, format=fmt, dpi=100)


def copy_tree_files(files: Mapping[str, Path | str | bytes], root: Path) -> None:
    """Write or copy each ``{relative path: source file | text | bytes}`` under *root*."""
    for rel, source in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(source, Path):
            shutil.copyfile(source, target)
        elif isinstance(source, bytes):
            target.write_bytes(source)
        else:
            target.write_text(source, encoding="utf-8")

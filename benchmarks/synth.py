"""N synthetic Hexo posts, and the scale benchmark that builds them (cold, warm, plain).

Each post is what Hexo users write: front matter as Hexo writes it (``date: 2024-8-17 12:06:54``, a scalar
category, a tag list, ``excerpt``), Chinese prose, 20 formulas (14 inline ``$…$``, 6 display ``$$…$$``,
each different from every other post's) and two ``{% asset_img %}`` figures bound to the plugin's built-in
generators in mkdocs.yml with per-post parameters (cheap ones, so every figure is its own cache entry).

    python benchmarks/synth.py OUT_DIR -n 100          # just write a project with 100 posts
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness
import inside
import projects
from harness import Variant, say
from seed_site import figures_line

FORMULAS_INLINE = 14
FORMULAS_DISPLAY = 6

# The two figures of every post: (asset name suffix, generator, how its parameters vary with the post).
FIGURES = (
    ("activation.png", "mkdocs_zigzag.figures.builtin.activations:sigmoid"),
    ("derivative.png", "mkdocs_zigzag.figures.builtin.activations:tanh"),
)


@dataclass(frozen=True)
class SynthFigure:
    """One figure a synthetic post names, and what draws it."""

    post: str
    """The post's path under docs/, e.g. ``blog/posts/synth-0042.md``."""
    name: str
    """The asset name in the post's ``{% asset_img %}``."""
    generator: str
    params: dict[str, Any]


def hexo_date(i: int) -> str:
    """A Hexo-style date (one-digit month/day allowed), a different day and hour for each post."""
    d = dt.datetime(2020, 1, 1, 8, 0, 0) + dt.timedelta(
        days=i, hours=i % 13, minutes=(7 * i) % 60, seconds=i % 60
    )
    return f"{d.year}-{d.month}-{d.day} {d.hour:02d}:{d.minute:02d}:{d.second:02d}"


def inline_formulas(i: int) -> list[str]:
    """Fourteen inline formulas, unique to post *i*."""
    k = i + 2
    return [
        rf"$w_{{{k}}} \leftarrow w_{{{k}}} - \eta \frac{{\partial L}}{{\partial w_{{{k}}}}}$",
        rf"$\sigma(z) = \frac{{1}}{{1+e^{{-{k}z}}}}$",
        rf"$x_{{{k}}} > 0$",
        rf"$\eta = 10^{{-{k % 9 + 1}}}$",
        rf"$f(\vec{{x}}; \vec{{w}}, b_{{{k}}})$",
        rf"$\sum_{{i=1}}^{{{k}}} w_i x_i + b$",
        rf"$\tanh'(z) = 1 - \tanh^2({k}z)$",
        rf"$L(\vec{{w}}) = \frac{{1}}{{{k}}}\sum_n (y_n - \hat{{y}}_n)^2$",
        rf"$\kappa = \lambda_{{\max}} / \lambda_{{\min}} \approx {k}.5$",
        rf"$\mathbb{{E}}[x x^\top]_{{{k}}}$",
        rf"$\|w - w^*\| < 10^{{-{k % 5 + 2}}}$",
        rf"$\sigma'(0) = \frac{{1}}{{4}} \cdot {k}$",
        rf"$h_{{{k}}} \sim \mathcal{{N}}(0, 1)$",
        rf"$\nabla_w L \in \mathbb{{R}}^{{{k}}}$",
    ]


def display_formulas(i: int) -> list[str]:
    """Six display formulas, unique to post *i*."""
    k = i + 2
    return [
        rf"\sigma_{{{k}}}(z) = \frac{{1}}{{1+e^{{-z/{k}}}}}",
        rf"\frac{{\partial L}}{{\partial w_i}} = x_i \cdot \frac{{\partial L}}{{\partial f}} "
        rf"\frac{{\partial f}}{{\partial z}} + {k}",
        rf"w^{{(t+1)}} = w^{{(t)}} - \eta_{{{k}}} \nabla_w L\big(w^{{(t)}}\big)",
        rf"\left\{{\begin{{matrix}} x_i \cdot \delta_{{{k}}} \\ x_j \cdot \delta_{{{k}}} "
        rf"\end{{matrix}}\right.",
        rf"\tanh(z) = \frac{{e^{{z}} - e^{{-z}}}}{{e^{{z}} + e^{{-z}}}}, \quad z \in [-{k}, {k}]",
        rf"\mathbb{{E}}\left[x x^\top\right] = \begin{{pmatrix}} {k} & 1 \\ 1 & {k} \end{{pmatrix}}",
    ]


FIGURE_PERIOD = 100
"""Figure parameters repeat every this many posts: N ≤ 100 gives 2·N distinct figures, N = 1000 gives 200
(the engine renders each distinct figure once: its cache is keyed on content). With 2,000 distinct figures
a cold N = 1000 build would take longer than a session allows on two cores (~0.4 s per figure)."""


def figure_params(generator: str, i: int) -> dict[str, Any]:
    """Cheap parameters for *generator*, different for each post modulo :data:`FIGURE_PERIOD`."""
    import importlib

    module, attr = generator.split(":", 1)
    try:
        gen = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError):
        return {}  # the built-in generators not merged yet: bind with their defaults
    defaults = dict(getattr(gen, "defaults", {}) or {})
    bounds = dict(getattr(gen, "bounds", {}) or {})
    params: dict[str, Any] = {}
    for name, default in defaults.items():
        if isinstance(default, bool) or not isinstance(default, (int, float)):
            continue
        low, high = bounds.get(name, (float("-inf"), float("inf")))
        if isinstance(default, int):
            # counts (samples, points): the cheap end of the range, a little different per post
            if re.search(r"point|sample|num|count|steps?$|^n_|resolution", name):
                params[name] = int(max(low, min(high, max(low, min(default, 200)) + i % 7)))
        else:
            value = default * (1 + 0.0001 * (i + 1))
            params[name] = round(min(max(value, low), high), 8)
            break
    return params


def post_text(i: int, figures: list[SynthFigure]) -> str:
    """Post *i*, in Hexo's dialect."""
    inline, display = inline_formulas(i), display_formulas(i)
    tags = ", ".join(["机器学习", "合成", f"标签{i % 10}", f"主题{i % 3}"])
    lines = [
        "---",
        f"title: 合成文章 {i:04d}：激活函数与梯度下降",
        f"date: {hexo_date(i)}",
        f"tags: [{tags}]",
        f"categories: 类别{i % 5}",
        f"excerpt: 第 {i} 篇合成文章，检验构建时间随文章数量的增长",
        "math: true",
        "---",
        "",
        "# 引言",
        "",
        f"本文是第 {i} 篇合成文章。神经元整合上一层的输出为{inline[0]}，再送到激活函数{inline[1]}。"
        f"如果所有输入都满足{inline[2]}，那么梯度的符号相同。",
        "",
        f'<p align="center">{{% asset_img {figures[0].name} 激活函数 %}}</p>',
        "",
        "## 推导",
        "",
        f"* 学习率取{inline[3]}，模型为{inline[4]}，加权和为{inline[5]}。",
        f"* 导数满足{inline[6]}；损失函数为{inline[7]}。",
        "",
        "$$",
        display[0],
        "$$",
        "",
        f"条件数{inline[8]}由{inline[9]}决定。当{inline[10]}时停止迭代。",
        "",
        "$$",
        display[1],
        "$$",
        "",
        "$$",
        display[2],
        "$$",
        "",
        f'<p align="center">{{% asset_img {figures[1].name} 导数 %}}</p>',
        "",
        "## 讨论",
        "",
        f"> 注意{inline[11]}，而且{inline[12]}，梯度{inline[13]}。",
        "",
        "$$",
        display[3],
        "$$",
        "",
        "以零为中心的输入让两个分量的更新方向可以不同，收敛因此更快。" * 3,
        "",
        "$$",
        display[4],
        "$$",
        "",
        "$$",
        display[5],
        "$$",
        "",
    ]
    return "\n".join(lines)


def write_posts(docs: Path, n: int) -> list[SynthFigure]:
    """Write *n* posts under ``docs/blog/posts/``; returns the figures they name."""
    posts = docs / "blog" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    params_cache: dict[tuple[str, int], dict[str, Any]] = {}
    figures_all: list[SynthFigure] = []
    for i in range(n):
        slug = f"synth-{i:04d}"
        figures = []
        for suffix, generator in FIGURES:
            key = (generator, i)
            params_cache[key] = figure_params(generator, i % FIGURE_PERIOD)
            figures.append(
                SynthFigure(f"blog/posts/{slug}.md", f"{slug}-{suffix}", generator, params_cache[key])
            )
        (posts / f"{slug}.md").write_text(post_text(i, figures), encoding="utf-8")
        figures_all += figures
    return figures_all


def bind_figures(options: dict[str, Any], figures: list[SynthFigure]) -> dict[str, Any]:
    """The zigzag options with one ``figures`` binding (post, asset, generator, params) per figure."""
    bindings = [
        {"post": f.post, "asset": f.name, "generator": f.generator, "params": f.params} for f in figures
    ]
    return {**options, "figures": list(options.get("figures") or []) + bindings}


def write_project(root: Path, n: int) -> tuple[dict[str, Any], list[SynthFigure]]:
    """A site like the repository's with *n* synthetic posts and their figure bindings; returns its config."""
    base = projects.site_config()
    config = projects.plugin_config(base, ["index.md", {"博客": ["blog/index.md"]}])
    found = projects.plugin_entry(config)
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# 合成博客\n\n[博客](blog/index.md)\n", encoding="utf-8")
    (docs / "blog").mkdir()
    (docs / "blog" / "index.md").write_text("# 博客\n", encoding="utf-8")
    figures = write_posts(docs, n)
    projects.set_plugin_options(config, bind_figures(found[1] if found else {}, figures))
    projects.dump_yaml(config, root / "mkdocs.yml")
    return config, figures


def write_plain(
    root: Path, plugin_root: Path, plugin_cfg: dict[str, Any], figures: list[SynthFigure]
) -> None:
    """The same posts as an author would write them without the plugin: static images, client-side math."""
    shutil.copytree(plugin_root, root, ignore=shutil.ignore_patterns("site", ".cache"))
    projects.dump_yaml(projects.plain_config(plugin_cfg), root / "mkdocs.yml")
    (root / "docs" / "javascripts").mkdir(exist_ok=True)
    (root / "docs" / "javascripts" / "katex.js").write_text(projects.KATEX_INIT_JS, encoding="utf-8")
    built = {p.name: p for p in (plugin_root / "site").rglob("synth-*") if p.is_file()}
    stand_in: dict[str, Path] = {}
    for post in sorted((root / "docs" / "blog" / "posts").glob("synth-*.md")):
        text = post.read_text(encoding="utf-8")
        post.write_text(
            projects.rewrite_post(text, post.stem, projects.markdown_image(post.stem)), encoding="utf-8"
        )
    for f in figures:
        slug = Path(f.post).stem
        target = root / "docs" / "blog" / "posts" / slug / f.name
        target.parent.mkdir(parents=True, exist_ok=True)
        source = built.get(f.name)
        if source is None:
            suffix = f.name.rsplit("-", 1)[-1]
            if suffix not in stand_in:
                stand_in[suffix] = root / f"stand-in-{suffix}"
                projects.placeholder_image(stand_in[suffix])
            source = stand_in[suffix]
        shutil.copyfile(source, target)


def slope(ns: list[int], ys: list[float]) -> float:
    """Least-squares slope of *ys* over *ns* (seconds per post)."""
    if len(ns) < 2:
        return float("nan")
    return statistics.linear_regression(ns, ys).slope


def scale_bench(
    counts: list[int], runs: int, cold_runs: int, workdir: Path, large_runs: int = 3
) -> str:
    """Cold, warm and plain builds of N synthetic posts for each N; a table with time, memory and slopes."""
    started, load_before = harness.now_utc(), harness.load()
    rows = []
    medians: dict[str, list[float]] = {"plain": [], "warm": [], "cold": []}
    first_lines = []
    warm_lines: list[str] = []
    profile_rows: list[list[str]] = []
    profiled_n = 0
    for n in counts:
        say(f"scale N={n}: writing posts")
        plugin_root = workdir / f"n{n}" / "plugin"
        config, figures = write_project(plugin_root, n)
        cache = plugin_root / str(
            (projects.plugin_entry(config) or (0, {}))[1].get("cache_dir", ".cache/zigzag")
        )
        cold = Variant(
            "cold", plugin_root, prepare=lambda _i, c=cache: shutil.rmtree(c, ignore_errors=True), quiet=False
        )
        n_cold = cold_runs or (1 if n >= 100 else 3)
        for i in range(n_cold):
            b = cold.run(i)
            say(f"  cold {i + 1}/{n_cold}: {b.wall:.1f} s, {b.maxrss_mib:.0f} MiB")
        first_lines.append(f"N={n}: `{figures_line(cold.builds[0].log)}`")
        plain_root = workdir / f"n{n}" / "plain"
        write_plain(plain_root, plugin_root, config, figures)
        plain = Variant("plain", plain_root)
        warm = Variant("warm", plugin_root)
        others = [warm]
        for variant in [plain, *others]:  # prime the page cache and bytecode; read the warm figure line
            primed = harness.run_build(variant.project, quiet=variant is not warm)
            if variant is warm:
                warm_lines.append(f"N={n}: `{figures_line(primed.log)}`")
        harness.alternate(plain, others, runs if n < 1000 else min(runs, large_runs), say)
        row = {"plain": plain.median(), "warm": warm.median(), "cold": cold.median()}
        for key, value in row.items():
            medians[key].append(value)
        rows.append(
            [
                str(n),
                f"{row['plain']:.2f}",
                f"{row['warm']:.2f}",
                f"{row['warm'] / row['plain']:.2f}×",
                f"{harness.median_or_nan(warm.paired):.2f}×",
                f"{row['cold']:.1f}",
                f"{row['cold'] / row['plain']:.2f}×",
                f"{max(b.maxrss_mib for b in plain.builds):.0f}",
                f"{max(b.maxrss_mib for b in warm.builds):.0f}",
                f"{max(b.maxrss_mib for b in cold.builds):.0f}",
                f"{len(plain.builds)}/{len(warm.builds)}/{len(cold.builds)}",
            ]
        )
        if n == max((c for c in counts if c <= 100), default=min(counts)) and not profile_rows:
            say(f"  profiling plain and warm builds at N={n} (pyinstrument)")
            profile_rows = inside.where_extra_time_goes(plain_root, plugin_root, workdir)
            profiled_n = n
        shutil.rmtree(workdir / f"n{n}", ignore_errors=True)
    header = [
        "N posts",
        "plain (s)",
        "warm (s)",
        "warm / plain",
        "paired",
        "cold (s)",
        "cold / plain",
        "plain RSS (MiB)",
        "warm RSS (MiB)",
        "cold RSS (MiB)",
        "builds plain/warm/cold",
    ]
    slopes = {k: slope(counts, v) * 1000 for k, v in medians.items()}
    at_max = next((r for r in rows if r[0] == str(max(counts))), rows[-1])
    body = [
        "## Scale: N synthetic Hexo posts",
        "",
        f"Command: `python benchmarks/build_bench.py --parts scale --scale {','.join(map(str, counts))} "
        f"--scale-runs {runs}`. Posts from `benchmarks/synth.py`: Hexo front matter "
        "(`date: 2024-8-17 12:06:54` style, scalar category, tags, excerpt), "
        f"{FORMULAS_INLINE} inline + {FORMULAS_DISPLAY} display formulas unique to each post, two "
        "`asset_img` figures per post bound in mkdocs.yml (one binding per figure) to the built-in "
        "`activations:sigmoid` / `activations:tanh` generators, with parameters that repeat every "
        f"{FIGURE_PERIOD} posts: 2·min(N, {FIGURE_PERIOD}) distinct figures (2,000 distinct figures would "
        "not let a cold N = 1000 build finish in the session at ~0.4 s per figure on 2 cores). plain = the "
        "same posts normalized by hand, the plugin's rasters as static files, client-side KaTeX. Warm and "
        "plain alternate; cold builds (cache removed) run first, without `-q`.",
        "",
        harness.table(header, rows),
        "",
        f"- Warm / plain at N = {at_max[0]}: {at_max[3]} (paired {at_max[4]}); goal ≤ 1.15×.",
        "- Per-post slope (least squares over N): "
        + ", ".join(f"{k} {v:.1f} ms/post" for k, v in slopes.items())
        + f"; the plugin adds {slopes['warm'] - slopes['plain']:.1f} ms/post warm, "
        f"{slopes['cold'] - slopes['plain']:.1f} ms/post cold.",
        "- Peak RSS is `ru_maxrss` of the build process (from `os.wait4`), the largest single process.",
        *profile_lines(profile_rows, profiled_n),
        "- First cold build's figure line: " + "; ".join(first_lines),
        "- A warm build's figure line (its untimed priming build, without `-q`): " + "; ".join(warm_lines),
        "",
        harness.machine_block(started, load_before),
    ]
    return "\n".join(body)


def profile_lines(rows: list[list[str]], n: int) -> list[str]:
    """The report's table of where a warm build's extra time goes (nothing without pyinstrument)."""
    if not rows:
        return []
    return [
        f"- Where the extra time of a warm build goes, N = {n} (pyinstrument, one plain and one warm build, "
        "seconds inflated by profiling; other plugins' functions included, since the plugin's output is what "
        "they parse):",
        "",
        harness.table(["function (cumulative)", "plain (s)", "warm (s)", "difference (s)"], rows),
        "",
    ]


def main(argv: list[str] | None = None) -> int:
    """Write a project with N synthetic posts (for looking at, or building by hand)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path, help="new folder for the project")
    parser.add_argument("-n", type=int, default=10, help="number of posts")
    parser.add_argument("--plain", type=Path, help="also write the plain (no plugin) project here")
    args = parser.parse_args(argv)
    config, figures = write_project(args.out, args.n)
    if args.plain:
        write_plain(args.plain, args.out, config, figures)
    say(f"{args.n} posts, {len(figures)} figures in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

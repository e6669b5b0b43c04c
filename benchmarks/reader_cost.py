"""What the reader pays for the article's math: build-time KaTeX (ours) versus Material's client-side recipe.

Run by hand (not a test)::

    PYTHONPATH=. python benchmarks/reader_cost.py            # builds the site, measures, updates RESULTS.md
    PYTHONPATH=. python benchmarks/reader_cost.py --runs 9 --no-write

It needs Debian's Chromium (/usr/bin/chromium) and npm (KaTeX's browser files for the client-side page).

Two versions of the same article page, served from the same local site on 127.0.0.1:

- **server-side** — the page as this project builds it: KaTeX's HTML+MathML is in the page, the reader
  fetches only KaTeX's CSS and the woff2 fonts it uses, from the site itself.
- **client-side** — Material's documented KaTeX recipe (squidfunk.github.io/mkdocs-material/reference/math):
  ``pymdownx.arithmatex`` in ``generic`` mode leaves the TeX as text, and ``katex.min.js`` + ``auto-render``
  typeset it in the browser from ``javascripts/katex.js`` (``document$.subscribe`` → ``renderMathInElement``).
  KaTeX's files are self-hosted (npm's ``katex`` package, the version this project pins), not a CDN.
  The page is derived from the server-side one: every KaTeX rendering is replaced by what arithmatex
  (generic mode) emits for its TeX source, taken from KaTeX's MathML annotation; nothing else differs
  (same figures, same Material assets, same server), so the comparison isolates the math.

Measured in Chromium (Debian's, via Playwright), a fresh browser context (cold cache) per run, under two
network conditions: local (no throttling) and DevTools' "Fast 3G" with 4x CPU slowdown. Reported: bytes
transferred, requests, JavaScript bytes for math, time until the math is laid out (every formula typeset
and KaTeX_Main loaded, by requestAnimationFrame polling from navigation start), and cumulative layout shift
(``PerformanceObserver``, ``layout-shift``, shifts without recent input; 1280x800 viewport).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin, urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Request

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from projects import KATEX_INIT_JS  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS.md"
ARTICLE_GLOB = "blog/2024/08/17/*/index.html"
TALL = 12_000  # pixels: a viewport taller than the article, for layout shift anywhere on the page
CLIENT_DIR = "katex-client"  # where the client-side recipe's files go in the served site
SECTION_BEGIN = "<!-- reader-cost:begin (written by benchmarks/reader_cost.py) -->"
SECTION_END = "<!-- reader-cost:end -->"

# Material's recipe, the same initializer the build benchmark's plain site uses.
RECIPE_JS = KATEX_INIT_JS


# Installed before any page script: records layout shifts and the moment the math is laid out.
PROBE_JS = """(() => {
  window.__probe = { cls: 0, shifts: [], mathReady: null, rawTexFrames: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      window.__probe.cls += entry.value;
      window.__probe.shifts.push({ value: entry.value, time: entry.startTime });
    }
  }).observe({ type: "layout-shift", buffered: true });
  const expected = %d;
  const poll = () => {
    const typeset = document.querySelectorAll(".katex").length;
    // A frame painted after first contentful paint while some formula is still TeX source text.
    const raw = document.querySelectorAll(".arithmatex").length
              - document.querySelectorAll(".arithmatex .katex").length;
    const painted = performance.getEntriesByName("first-contentful-paint").length > 0;
    if (raw > 0 && painted) window.__probe.rawTexFrames++;
    const fontReady = [...document.fonts].some(
      (face) => face.family.replace(/"/g, "") === "KaTeX_Main" && face.status === "loaded");
    if (typeset >= expected && fontReady && document.fonts.status === "loaded") {
      window.__probe.mathReady = performance.now();
      return;
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
})();"""

# DevTools' "Fast 3G" preset (bytes per second; latency in ms), with a 4x slower CPU.
CONDITIONS: dict[str, dict[str, Any] | None] = {
    "local": None,
    "Fast 3G, 4x CPU": {"latency": 562.5, "download": 1.6e6 / 8 * 0.9, "upload": 750e3 / 8 * 0.9, "cpu": 4},
}


# --- the two pages ------------------------------------------------------------------------------


class _KatexSpans(HTMLParser):
    """Finds each top-level KaTeX rendering (``span.katex-display`` or a bare ``span.katex``) and its TeX."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
        self._open: list[str] = []  # the class of each open span, to find where a rendering ends
        self._current: dict[str, Any] | None = None
        self._in_tex = False
        self.found: list[dict[str, Any]] = []
        self.feed(html)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "span":
            if self._current is None and ("katex-display" in classes or "katex" in classes):
                self._current = {
                    "start": self._offset(),
                    "depth": len(self._open),
                    "tex": "",
                    "display": "katex-display" in classes,
                }
            self._open.append(" ".join(classes))
        elif tag == "annotation" and self._current is not None:
            self._in_tex = dict(attrs).get("encoding") == "application/x-tex"

    def handle_endtag(self, tag: str) -> None:
        if tag == "annotation":
            self._in_tex = False
        elif tag == "span" and self._open:
            self._open.pop()
            if self._current is not None and len(self._open) == self._current["depth"]:
                self._current["end"] = self._offset() + len("</span>")
                self.found.append(self._current)
                self._current = None

    def handle_data(self, data: str) -> None:
        if self._in_tex and self._current is not None:
            self._current["tex"] += data


def arithmatex_generic(tex: str, display: bool) -> str:
    """What ``pymdownx.arithmatex`` (generic mode) emits for *tex*: ``\\(…\\)`` or ``\\[…\\]`` as text."""
    import markdown

    source = f"$$\n{tex}\n$$" if display else f"${tex}$"
    html: str = markdown.markdown(
        source,
        extensions=["pymdownx.arithmatex"],
        extension_configs={"pymdownx.arithmatex": {"generic": True}},
    )
    if "arithmatex" not in html:
        raise SystemExit(f"arithmatex did not take {source!r}: {html!r}")
    return html if display else html.removeprefix("<p>").removesuffix("</p>")


def client_side_page(server_side: str, site_dir: Path, page_dir: Path) -> tuple[str, int]:
    """The server-side page with its math turned back into TeX text and Material's KaTeX recipe added."""
    spans = _KatexSpans(server_side).found
    html = server_side
    for span in reversed(spans):
        html = (
            html[: span["start"]]
            + arithmatex_generic(span["tex"].strip(), span["display"])
            + html[span["end"] :]
        )
    # The stylesheet link the build added for its own KaTeX CSS (emitted by this project's plugin).
    html = re.sub(r'<link\b[^>]*\bhref="[^"]*katex[^"]*\.css"[^>]*>\s*', "", html)
    base = os.path.relpath(site_dir / CLIENT_DIR, page_dir).replace(os.sep, "/")
    head = f'<link rel="stylesheet" href="{base}/katex.min.css">\n'
    scripts = "".join(
        f'<script src="{base}/{name}"></script>\n'
        for name in ("katex.js", "katex.min.js", "contrib/auto-render.min.js")
    )
    html = html.replace("</head>", head + "</head>", 1).replace("</body>", scripts + "</body>", 1)
    return html, len(spans)


def install_katex(workdir: Path) -> Path:
    """KaTeX's dist folder from npm (the version in package.json, else the latest 0.16)."""
    version = "0.16"
    package_json = ROOT / "package.json"
    if package_json.exists():
        version = json.loads(package_json.read_text()).get("dependencies", {}).get("katex", version)
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--no-save", f"katex@{version}"],
        cwd=workdir,
        check=True,
        capture_output=True,
    )
    return workdir / "node_modules" / "katex" / "dist"


def prepare(project: Path, workdir: Path) -> tuple[Path, str, str, int]:
    """Build *project*, add the client-side page and KaTeX's files.

    Returns the served root, the site's URL prefix, the article's folder (relative to the root) and its
    number of formulas.
    """
    from mkdocs.config import load_config

    prefix = urlsplit(load_config(str(project / "mkdocs.yml")).site_url or "/").path.strip("/")
    www = workdir / "www"
    site_dir = www / prefix if prefix else www
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-q",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(site_dir),
        ],
        cwd=project,
        env=env,
        check=True,
    )
    articles = sorted(site_dir.glob(ARTICLE_GLOB))
    if len(articles) != 1:
        raise SystemExit(f"expected one article matching {ARTICLE_GLOB} in {site_dir}, got {articles}")
    article = articles[0]
    dist = install_katex(workdir)
    client = site_dir / CLIENT_DIR
    shutil.copytree(dist, client, ignore=shutil.ignore_patterns("*.mjs", "*.ts", "README.md"))
    (client / "katex.js").write_text(RECIPE_JS, encoding="utf-8")
    html, formulas = client_side_page(article.read_text(encoding="utf-8"), site_dir, article.parent)
    (article.parent / "client-side.html").write_text(html, encoding="utf-8")
    rel = article.parent.relative_to(www).as_posix()
    return www, prefix, rel, formulas


# --- measuring ----------------------------------------------------------------------------------


@dataclass
class Run:
    """One page load."""

    bytes: int
    requests: int
    math_js_bytes: int
    js_bytes: int
    math_ready_ms: float
    fcp_ms: float
    raw_tex_frames: int
    cls: float
    cls_whole_page: float = float("nan")


def measure(
    browser: Browser, url: str, formulas: int, condition: dict[str, Any] | None, height: int = 800
) -> Run:
    """Load *url* in a fresh context (a 1280-pixel-wide viewport *height* tall) and return what it cost."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    context = browser.new_context(viewport={"width": 1280, "height": height}, color_scheme="light")
    try:
        page = context.new_page()
        page.add_init_script(PROBE_JS % formulas)
        if condition:
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send(
                "Network.emulateNetworkConditions",
                {
                    "offline": False,
                    "latency": condition["latency"],
                    "downloadThroughput": condition["download"],
                    "uploadThroughput": condition["upload"],
                },
            )
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": condition["cpu"]})
        finished: list[Request] = []
        context.on("requestfinished", lambda r: finished.append(r))  # the search worker's requests too
        outside: list[str] = []

        def note_outside(request: Request) -> None:
            if urlsplit(request.url).hostname != "127.0.0.1":
                outside.append(request.url)

        context.on("request", note_outside)
        page.goto(url, wait_until="load", timeout=120_000)
        try:
            page.wait_for_function("window.__probe.mathReady !== null", timeout=60_000, polling=100)
        except PlaywrightTimeoutError:
            typeset = page.evaluate("document.querySelectorAll('.katex').length")
            raise SystemExit(
                f"{url}: the math was never laid out ({typeset} of {formulas} typeset)"
            ) from None
        page.wait_for_load_state("networkidle", timeout=120_000)
        page.wait_for_timeout(500)  # late shifts (fonts swapping in) still count
        probe = page.evaluate("window.__probe")
        fcp = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN")
        if outside:
            raise SystemExit(f"{url} requested other hosts: {outside}")
        total = js = math_js = 0
        for request in finished:
            sizes = request.sizes()
            size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
            total += size
            if request.resource_type == "script":
                js += size
                if re.search(r"katex|auto-render", urlsplit(request.url).path, re.IGNORECASE):
                    math_js += size
        return Run(
            total, len(finished), math_js, js, probe["mathReady"], fcp, probe["rawTexFrames"], probe["cls"]
        )
    finally:
        context.close()


def median_run(runs: list[Run]) -> Run:
    """The median of each measure over *runs*."""
    return Run(
        bytes=int(statistics.median(r.bytes for r in runs)),
        requests=int(statistics.median(r.requests for r in runs)),
        math_js_bytes=int(statistics.median(r.math_js_bytes for r in runs)),
        js_bytes=int(statistics.median(r.js_bytes for r in runs)),
        math_ready_ms=statistics.median(r.math_ready_ms for r in runs),
        fcp_ms=statistics.median(r.fcp_ms for r in runs),
        raw_tex_frames=int(statistics.median(r.raw_tex_frames for r in runs)),
        cls=statistics.median(r.cls for r in runs),
    )


def table(results: dict[tuple[str, str], Run], formulas: int, runs: int, note: str) -> str:
    """The RESULTS.md section: one row per (condition, variant)."""
    from importlib.metadata import version

    chromium = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True).stdout.strip()
    lines = [
        SECTION_BEGIN,
        "## What the reader pays for math (`benchmarks/reader_cost.py`)",
        "",
        f"The article ({formulas} formulas) with build-time KaTeX (this project) versus the same page with "
        "Material's documented client-side KaTeX recipe (arithmatex generic + `katex.min.js` + "
        "`auto-render`, self-hosted). Median of "
        f"{runs} cold loads per row; {chromium}, Playwright {version('playwright')}, 1280x800. "
        '"Math laid out": ms from navigation start until every formula is typeset and KaTeX_Main is loaded; '
        '"FCP": first contentful paint; "TeX frames": frames painted after FCP while some formula was '
        'still TeX source text; "CLS": cumulative layout shift in a 1280x800 viewport, and in one '
        f"{TALL} pixels tall (every formula in view).",
        "",
        "| network | math | bytes | requests | JS bytes (all) | JS bytes for math | FCP (ms) "
        "| math laid out (ms) | TeX frames | CLS | CLS, whole page in view |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for (condition, variant), run in results.items():
        lines.append(
            f"| {condition} | {variant} | {run.bytes:,} | {run.requests} | {run.js_bytes:,} | "
            f"{run.math_js_bytes:,} | {run.fcp_ms:.0f} | {run.math_ready_ms:.0f} | {run.raw_tex_frames} | "
            f"{run.cls:.4f} | {run.cls_whole_page:.4f} |"
        )
    if note:
        lines += ["", note]
    lines.append(SECTION_END)
    return "\n".join(lines) + "\n"


def write_section(section: str) -> None:
    """Replace this benchmark's section of RESULTS.md (other sections are left as they are)."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    pattern = re.compile(re.escape(SECTION_BEGIN) + ".*?" + re.escape(SECTION_END) + "\n?", re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Build, serve, measure both variants under each condition, print and record the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, default=ROOT, help="folder with the mkdocs.yml to build")
    parser.add_argument("--runs", type=int, default=5, help="cold loads per variant and condition")
    parser.add_argument("--no-write", action="store_true", help="print the table, leave RESULTS.md alone")
    parser.add_argument("--note", default="", help="a line added under the table (e.g. what was measured)")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="reader-cost-") as tmp:
        www, _prefix, article_dir, formulas = prepare(args.project.resolve(), Path(tmp))
        results: dict[tuple[str, str], Run] = {}
        with serve(www) as origin, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            base = urljoin(origin, quote(article_dir) + "/")
            pages = {
                "server-side (ours)": base,
                "client-side recipe": base + "client-side.html",
            }
            for condition_name, condition in CONDITIONS.items():
                for variant, url in pages.items():
                    runs = [measure(browser, url, formulas, condition) for _ in range(args.runs)]
                    # Layout shift counts only what is in view: a viewport as tall as the article sees every
                    # formula's shift, wherever it is on the page.
                    tall = [measure(browser, url, formulas, condition, TALL) for _ in range(args.runs)]
                    results[(condition_name, variant)] = median_run(runs)
                    results[(condition_name, variant)].cls_whole_page = statistics.median(r.cls for r in tall)
                    sys.stderr.write(f"{condition_name} | {variant}: {results[(condition_name, variant)]}\n")
            browser.close()
    note = args.note or (
        "Our page links KaTeX's stylesheet and preloads the woff2 fonts its math uses (the plugin reads them "
        "from KaTeX's class names), so no late font swap shifts the formulas."
    )
    section = table(results, formulas, args.runs, note)
    sys.stdout.write(section)
    if not args.no_write:
        write_section(section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

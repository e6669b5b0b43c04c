"""The article in a browser: math typeset at build time, self-hosted fonts, figures following the palette."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Locator

    from .conftest import Reader, ServedSite

ARTICLE = "blog/2024/08/17/*/index.html"
INLINE_FORMULAS = 17
DISPLAY_FORMULAS = 7
FIGURES = ("sigma-sigma-prime", "tanh-tanh-prime", "zig-zag-gradient", "cell")

# What the page says about its math, in one round trip.
_MATH_FACTS = """async () => {
  const MATH_SCRIPT = /katex|auto-render|mathjax|arithmatex|renderMath/i;
  await document.fonts.ready;
  const faces = [...document.fonts].filter((face) => face.family.replace(/"/g, "") === "KaTeX_Main");
  const scripts = [...document.scripts];
  return {
    katex: document.querySelectorAll(".katex").length,
    display: document.querySelectorAll(".katex-display").length,
    errors: document.querySelectorAll(".katex-error").length,
    annotations: document.querySelectorAll('.katex annotation[encoding="application/x-tex"]').length,
    mainFontChecked: document.fonts.check("1em KaTeX_Main"),
    mainFaceLoaded: faces.some((face) => face.status === "loaded"),
    mathScripts: scripts.filter((s) => MATH_SCRIPT.test(s.src + s.text)).map((s) => s.src || s.text),
    globals: ["katex", "renderMathInElement", "MathJax"].filter((name) => name in window),
  };
}"""


_COLOURS = """() => ({
  math: [...new Set([...document.querySelectorAll(".md-content .katex")]
                      .map((formula) => getComputedStyle(formula).color))],
  text: getComputedStyle(document.querySelector(".md-content .md-typeset")).color,
})"""


@pytest.fixture
def article(site: ServedSite) -> str:
    """URL of the seed post on the served site."""
    return site.url(site.page_matching(ARTICLE))


def test_all_formulas_are_typeset_with_self_hosted_fonts_and_no_script(reader: Reader, article: str) -> None:
    reader.open(article)
    facts = reader.page.evaluate(_MATH_FACTS)
    assert facts == {
        "katex": INLINE_FORMULAS + DISPLAY_FORMULAS,
        "display": DISPLAY_FORMULAS,
        "errors": 0,
        "annotations": INLINE_FORMULAS + DISPLAY_FORMULAS,
        "mainFontChecked": True,
        "mainFaceLoaded": True,
        "mathScripts": [],
        "globals": [],
    }
    fonts = [r.url for r in reader.watch.requests if r.resource_type == "font"]
    assert any("KaTeX_Main" in url and url.endswith(".woff2") for url in fonts), fonts
    assert all(url.endswith(".woff2") for url in fonts), fonts
    scripts = [r.url for r in reader.watch.requests if r.resource_type == "script"]
    assert not [url for url in scripts if "katex" in url.lower()], scripts
    assert reader.watch.take() == []


def test_the_math_is_in_the_html_itself_with_javascript_off(
    new_reader: Callable[..., Reader], article: str
) -> None:
    reader = new_reader(java_script_enabled=False)
    reader.open(article)
    counts = [
        reader.page.locator(selector).count() for selector in (".katex", ".katex-display", ".katex-error")
    ]
    assert counts == [INLINE_FORMULAS + DISPLAY_FORMULAS, DISPLAY_FORMULAS, 0]
    # Laid out as math, not left as TeX source: the first display formula is a centred block of glyphs.
    box = reader.page.locator(".katex-display").first.bounding_box()
    assert box is not None and box["height"] > 20
    assert "\\frac" not in reader.page.locator(".md-content").inner_text()
    assert reader.watch.take() == []


def test_the_palette_toggle_swaps_the_figures_and_math_follows_the_text(reader: Reader, article: str) -> None:
    reader.open(article)
    light = reader.page.locator('.md-content img[src$="#only-light"]')
    dark = reader.page.locator('.md-content img[src$="#only-dark"]')
    assert (light.count(), dark.count()) == (len(FIGURES), len(FIGURES))
    for name in FIGURES:
        assert reader.page.locator(f'.md-content img[src*="{name}"][src$="#only-light"]').count() == 1, name
        assert reader.page.locator(f'.md-content img[src*="{name}"][src$="#only-dark"]').count() == 1, name
    assert reader.broken_images() == []

    def shown(images: Locator) -> list[bool]:
        return [image.is_visible() for image in images.all()]

    def colours() -> tuple[list[str], str]:
        """The distinct colours of the formulas, and the article's text colour."""
        found = reader.page.evaluate(_COLOURS)
        return found["math"], found["text"]

    assert reader.scheme() == "default"
    assert shown(light) == [True] * len(FIGURES)
    assert shown(dark) == [False] * len(FIGURES)
    math, light_text = colours()
    assert math == [light_text]  # pre-rendered math takes the palette's text colour
    reader.screenshot("article-light.png")

    assert reader.toggle_palette() == "slate"
    assert shown(light) == [False] * len(FIGURES)
    assert shown(dark) == [True] * len(FIGURES)
    math, dark_text = colours()
    assert math == [dark_text] and dark_text != light_text
    reader.screenshot("article-dark.png")

    assert reader.toggle_palette() == "default"
    assert shown(light) == [True] * len(FIGURES)
    assert reader.watch.take() == []


def test_figures_have_their_size_and_the_tag_text_as_alt(reader: Reader, article: str) -> None:
    reader.open(article)
    figures = reader.page.evaluate(
        """() => [...document.querySelectorAll('.md-content img[src*="#only-"]')].map((img) => ({
             src: img.getAttribute("src"), alt: img.alt,
             width: img.getAttribute("width"), height: img.getAttribute("height")}))"""
    )
    assert len(figures) == 2 * len(FIGURES)
    alts = {name: figure["alt"] for figure in figures for name in FIGURES if name in figure["src"]}
    assert alts == {
        "cell": "神经元",
        "sigma-sigma-prime": "Sigmoid",
        "tanh-tanh-prime": "tanh",
        "zig-zag-gradient": "收敛速度",
    }
    assert all(int(figure["width"]) > 0 and int(figure["height"]) > 0 for figure in figures), figures
    assert reader.watch.take() == []


def test_the_article_fits_a_phone_screen(new_reader: Callable[..., Reader], article: str) -> None:
    reader = new_reader(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    reader.open(article)
    assert reader.broken_images() == []
    layout = reader.page.evaluate(
        """() => ({
             pageWidth: document.documentElement.scrollWidth,
             tooWide: [...document.querySelectorAll(".md-content .katex-display, .md-content img")]
                        .filter((e) => e.getBoundingClientRect().width > 0
                                       && e.getBoundingClientRect().right > innerWidth + 1)
                        .map((e) => e.outerHTML.slice(0, 80)),
           })"""
    )
    # Nothing scrolls the page sideways: every formula and figure fits 390 CSS pixels.
    assert layout == {"pageWidth": 390, "tooWide": []}
    assert reader.watch.take() == []


_FONT_FACES = """async () => {
    await document.fonts.ready;
    const name = (f) => {
        const bold = ["bold", "700"].includes(f.weight) ? "Bold" : "";
        const italic = f.style === "italic" ? "Italic" : "";
        return f.family.replace(/"/g, "") + "-" + ((bold + italic) || "Regular");
    };
    const loaded = [...document.fonts].filter((f) => f.status === "loaded").map(name);
    const preloaded = [...document.querySelectorAll('link[rel="preload"][as="font"]')]
        .map((l) => l.href.split("/").pop().replace(".woff2", ""));
    return {loaded: [...new Set(loaded)].sort(), preloaded: preloaded.sort()};
}"""


def test_the_page_preloads_exactly_the_katex_fonts_its_math_uses(reader: Reader, article: str) -> None:
    """Preloading removes the late font swaps that shift formulas; an unused preload would waste bytes."""
    reader.open(article)
    faces = reader.page.evaluate(_FONT_FACES)
    katex_loaded = [name for name in faces["loaded"] if name.startswith("KaTeX_")]
    assert faces["preloaded"] == katex_loaded, faces
    assert "KaTeX_Main-Regular" in faces["preloaded"] and len(faces["preloaded"]) >= 3
    assert reader.watch.take() == []

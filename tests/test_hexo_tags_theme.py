"""Theme tags (NexT, Butterfly, Fluid) and Hexo's core embeds as Material components: exact HTML.

Arguments as the themes' own ``scripts/tags`` read them (NexT 8 ``scripts/tags/*.js``, Butterfly
``scripts/tag/*.js``, Fluid ``scripts/tags/*.js``, Hexo 8 ``lib/plugins/tag/*.ts``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import markdown
import pytest

from mkdocs_zigzag.hexo.extension import HexoTagExtension
from mkdocs_zigzag.hexo.render import PageContext
from mkdocs_zigzag.hexo.tag_pass import render_tags
from mkdocs_zigzag.hexo.tags import BLOCK_TAGS, LITERAL_BLOCK_TAGS
from mkdocs_zigzag.hexo.theme_tags import BLOCKS, INLINE, is_other_host

if TYPE_CHECKING:
    from pathlib import Path

    from mkdocs_zigzag.diagnostics import Diagnostic

ASSETS = {
    "posts/foo/cell.jpg": "cell.jpg",
    "posts/foo/clip.mp4": "clip.mp4",
    "posts/foo/paper.pdf": "paper.pdf",
}
EXTENSIONS = [
    "admonition",
    "pymdownx.details",
    "pymdownx.tabbed",
    "md_in_html",
    "attr_list",
    "pymdownx.superfences",
]


def convert(text: str, **overrides: Any) -> tuple[str, list[Diagnostic]]:
    context = PageContext("posts/foo.md", ASSETS, site_root_url="../../", **overrides)
    reported: list[Diagnostic] = []
    ext = HexoTagExtension(lambda _s, _u: context, lambda _s, d: reported.extend(d))
    ext.set_page("posts/foo.md", "posts/foo/")
    md = markdown.Markdown(
        extensions=[ext, *EXTENSIONS], extension_configs={"pymdownx.tabbed": {"alternate_style": True}}
    )
    return md.convert(text), reported


def card(kind: str, title: str, url: str, text: str | None = None) -> str:
    return (
        f'<div class="admonition {kind} zigzag-link-card"><p class="admonition-title">{title}</p>'
        f'<p><a href="{url}">{text or url}</a></p></div>'
    )


def test_every_block_renderer_is_a_block_for_the_parser() -> None:
    assert set(BLOCKS) <= BLOCK_TAGS
    assert "mermaid" in LITERAL_BLOCK_TAGS  # diagram text is not scanned for tags
    assert not set(INLINE) & BLOCK_TAGS


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        (
            "{% youtube dQw4w9WgXcQ %}",
            card("example", "Video on YouTube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        ),
        (
            "{% youtube PL123 playlist %}",
            card("example", "Video on YouTube", "https://www.youtube.com/playlist?list=PL123"),
        ),
        ("{% vimeo 76979871 %}", card("example", "Video on Vimeo", "https://vimeo.com/76979871")),
        (
            "{% bilibili BV1xx411c7mD %}",
            card("example", "Video on Bilibili", "https://www.bilibili.com/video/BV1xx411c7mD/"),
        ),
        (
            "{% bilibili 170001 %}",
            card("example", "Video on Bilibili", "https://www.bilibili.com/video/av170001/"),
        ),
        (
            "{% gist 4e5f6a build.sh %}",
            card("example", "Code on GitHub Gist", "https://gist.github.com/4e5f6a"),
        ),
        ("{% jsfiddle NmudS %}", card("example", "Example on JSFiddle", "https://jsfiddle.net/NmudS/")),
        (
            "{% can flexbox@current %}",
            card("info", "Browser support: flexbox", "https://caniuse.com/flexbox", "caniuse.com/flexbox"),
        ),
        (
            "{% caniuse css-grid %}",
            card("info", "Browser support: css-grid", "https://caniuse.com/css-grid", "caniuse.com/css-grid"),
        ),
        (
            "{% iframe https://example.org/widget %}",
            card("example", "Embedded page", "https://example.org/widget"),
        ),
        (
            "{% video https://cdn.example.com/v.mp4 %}",
            card("example", "Video", "https://cdn.example.com/v.mp4"),
        ),
        (
            "{% pdf https://arxiv.org/pdf/1.pdf %}",
            card("example", "PDF document", "https://arxiv.org/pdf/1.pdf"),
        ),
        ("{% pdf paper.pdf %}", card("abstract", "PDF document", "paper.pdf")),
    ],
)
def test_other_sites_become_a_link_card_with_no_request(tag: str, expected: str) -> None:
    html, problems = convert(tag)
    assert (html, problems) == (expected, [])
    assert "<iframe" not in html and "<script" not in html


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        (
            "{% youtube dQw4w9WgXcQ %}",
            '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" width="560" height="315" '
            'frameborder="0" loading="lazy" allowfullscreen="allowfullscreen"></iframe>',
        ),
        (
            "{% vimeo 1 %}",
            '<iframe src="https://player.vimeo.com/video/1" width="100%" height="400" frameborder="0" '
            'loading="lazy" allowfullscreen="allowfullscreen"></iframe>',
        ),
        (
            "{% gist 4e5f6a build.sh %}",
            '<script src="https://gist.github.com/4e5f6a.js?file=build.sh"></script>',
        ),
        (
            "{% bilibili BV1xx %}",
            '<iframe src="https://player.bilibili.com/player.html?bvid=BV1xx" width="100%" height="400" '
            'frameborder="0" loading="lazy" allowfullscreen="allowfullscreen"></iframe>',
        ),
    ],
)
def test_embeds_when_the_site_asks_for_them(tag: str, expected: str) -> None:
    assert convert(tag, embeds=True) == (expected, [])


def test_site_files_are_shown_in_place() -> None:
    html, problems = convert(
        "{% video clip.mp4 /img/poster.png %}\n\n{% iframe /demo/index.html 600 default %}\n\n"
        "{% pdf paper.pdf %}",
        embeds=True,
    )
    assert problems == []
    assert html == (
        '<video src="clip.mp4" preload="metadata" controls="controls" playsinline="playsinline" '
        'poster="../../img/poster.png"></video>\n'
        '<iframe src="../../demo/index.html" width="600" height="300" frameborder="0" loading="lazy" '
        'allowfullscreen="allowfullscreen"></iframe>\n'
        '<iframe src="paper.pdf" width="100%" height="500px" loading="lazy" title="paper.pdf"></iframe>'
    )


def test_buttons_of_the_three_themes_are_material_buttons() -> None:
    html, problems = convert(
        "{% button /about/, About, home, The about page %} "  # NexT: url, text, icon, title
        "{% btn https://hexo.io, Hexo, fas fa-link, outline larger %} "  # Butterfly: url, text, icon, option
        "{% btn /x/, X, Fluid title %}"  # Fluid: url, text, title
    )
    assert problems == []
    assert html == (
        '<p><a class="md-button" href="../../about/" title="The about page">About</a> '
        '<a class="md-button" href="https://hexo.io">Hexo</a> '
        '<a class="md-button" href="../../x/" title="Fluid title">X</a></p>'
    )


def test_labels_of_next_fluid_and_butterfly() -> None:
    html, _ = convert("{% label primary@Hello %} {% label danger @Fluid %} {% label Text red %}")
    assert html == (
        '<p><mark class="zigzag-label primary">Hello</mark> <mark class="zigzag-label danger">Fluid</mark> '
        '<mark class="zigzag-label red">Text</mark></p>'
    )
    _, problems = convert("{% label primary@ %}")
    assert [p.message for p in problems] == ["Hexo tag '{% label primary@ %}': the label has no text."]


def test_notes_of_the_three_themes() -> None:
    html, problems = convert(
        "{% note blue 'fas fa-bullhorn' modern %}\nButterfly\n{% endnote %}\n\n"
        "{% note warning The danger zone %}\nNexT summary\n{% endnote %}\n\n"
        "{% note success %}\nFluid\n{% endnote %}\n\n"
        "{% subnote default no-icon %}\nSub\n{% endsubnote %}"
    )
    assert problems == []
    assert html == (
        '<div class="admonition info">\n<p>Butterfly</p>\n</div>\n'
        '<details class="warning">\n<summary>The danger zone</summary>\n<p>NexT summary</p>\n</details>\n'
        '<div class="admonition success">\n<p>Fluid</p>\n</div>\n'
        '<div class="admonition note">\n<p>Sub</p>\n</div>'
    )


def test_collapsible_blocks_hide_toggle_hide_block_and_fold() -> None:
    html, problems = convert(
        "{% hideToggle Show me,#f00 %}\nHidden *text*\n{% endhideToggle %}\n\n"
        "{% hideBlock %}\nBlock\n{% endhideBlock %}\n\n"
        "{% fold info @Fold title %}\nFolded\n{% endfold %}\n\n"
        "a {% hideInline secret <b>,Show %} b"
    )
    assert problems == []
    ident = re.search(r'popovertarget="(zigzag-hide-[0-9a-f]{10})"', html)
    assert ident is not None
    assert html == (
        '<details class="note">\n<summary>Show me</summary>\n<p>Hidden <em>text</em></p>\n</details>\n'
        '<details class="note">\n<summary>Click</summary>\n<p>Block</p>\n</details>\n'
        '<details class="info">\n<summary>Fold title</summary>\n<p>Folded</p>\n</details>\n'
        '<p>a <button type="button" class="md-button zigzag-hide-inline" '
        f'popovertarget="{ident[1]}">Show</button>'
        f'<span id="{ident[1]}" popover="auto" class="zigzag-hide-inline-content">'
        "secret &lt;b&gt;</span> b</p>"
    )


def test_hide_inline_stays_in_its_sentence_with_an_id_unique_per_post_and_place() -> None:
    # A <details> closes the <p> in a browser's parser; a button and a popover are phrasing content.
    text = "One {% hideInline a,Show %} two {% hideInline b %} three."
    html, problems = convert(text)
    context = PageContext("posts/bar.md", {})
    ext = HexoTagExtension(lambda _s, _u: context, lambda _s, _d: None)
    ext.set_page("posts/bar.md", "posts/bar/")
    other = markdown.Markdown(extensions=[ext]).convert(text)
    ids = re.findall(r'popovertarget="([^"]+)"', html)
    assert problems == [] and len(set(ids)) == 2
    assert re.findall(r' id="([^"]+)"', html) == ids
    assert set(re.findall(r'popovertarget="([^"]+)"', other)).isdisjoint(ids)
    assert html.startswith("<p>One <button ") and html.endswith("</span> three.</p>")
    assert html.count("<p>") == 1 and "<details" not in html and ">Click</button>" in html


def test_center_quote() -> None:
    html, _ = convert("{% cq %}\nQuote **bold**\n{% endcq %}\n\n{% center-quote %}\nQ\n{% endcenter-quote %}")
    assert html == (
        '<blockquote class="zigzag-center-quote" style="text-align: center">\n'
        "<p>Quote <strong>bold</strong></p>\n"
        "</blockquote>\n"
        '<blockquote class="zigzag-center-quote" style="text-align: center">\n<p>Q</p>\n</blockquote>'
    )


def test_mermaid_becomes_materials_pre_mermaid_and_keeps_the_line_count() -> None:
    text = "{% mermaid graph LR %}\nA --> B\n  B --> C<D>\n{% endmermaid %}\n{% oops %}"
    rendered = render_tags(text, PageContext("posts/foo.md", {}), lambda _html: "\x02stashed\x03")
    assert rendered.text.count("\n") == text.count("\n")
    assert [d.line for d in rendered.diagnostics] == [5]
    html, _ = convert(
        "Before\n\n{% mermaid graph LR %}\nA --> B\n  B --> C<D> {% asset_img x %}\n{% endmermaid %}\n\nAfter"
    )
    assert html == (
        "<p>Before</p>\n"
        '<pre class="mermaid"><code>graph LR\nA --&gt; B\n'
        "  B --&gt; C&lt;D&gt; {% asset_img x %}</code></pre>\n"
        "<p>After</p>"
    )
    html, _ = convert('{% mermaid {"theme": "dark"} %}\nflowchart TD\n  a\n{% endmermaid %}')
    assert (
        html == '<pre class="mermaid"><code>flowchart TD\n  a</code></pre>'
    )  # Butterfly's config is no text


def test_picture_groups_and_galleries_are_material_grids_of_figures() -> None:
    expected = (
        '<div class="grid zigzag-gallery">\n<figure><img alt="a" src="foo/cell.jpg" /></figure>\n'
        '<figure><img alt="b" src="foo/cell.jpg" /></figure>\n</div>'
    )
    for name, args in [
        ("gp", "3-1"),
        ("grouppicture", ""),
        ("gi", "2 1-1"),
        ("groupimage", "2"),
        ("gallery", ""),
    ]:
        html, problems = convert(f"{{% {name} {args} %}}\n![a](cell.jpg)\n![b](cell.jpg)\n{{% end{name} %}}")
        assert (html, problems) == (expected, [])
    html, problems = convert("{% gallery url,/list.json %}\n{% endgallery %}")
    assert [p.message for p in problems] == [
        "Hexo tag '{% gallery url,/list.json %}': a gallery loaded from a URL needs a script and a "
        "request to that address."
    ]


def test_link_grid_is_a_card_grid_without_images_of_other_hosts() -> None:
    html, problems = convert(
        "{% linkgrid %}\nHexo | https://hexo.io | A framework | https://hexo.io/logo.png\n"
        "% a comment | /x\nHome | /index.html | Our home | /img/a.png\n{% endlinkgrid %}"
    )
    assert problems == []
    assert html == (
        '<div class="grid cards zigzag-link-grid">\n<ul>\n'
        '<li><strong><a href="https://hexo.io">Hexo</a></strong> — A framework</li>\n'
        '<li><img src="../../img/a.png" alt="" width="48"> '
        '<strong><a href="../../index.html">Home</a></strong> '
        "— Our home</li>\n</ul>\n</div>"
    )


def test_timeline_is_a_list_in_an_admonition() -> None:
    html, problems = convert(
        "{% timeline 2024,blue %}\n<!-- timeline 01-02 -->\nFirst\n<!-- endtimeline -->\n"
        "<!-- timeline 03-04 -->\nSecond\n<!-- endtimeline -->\n{% endtimeline %}"
    )
    assert problems == []
    assert html == (
        '<div class="admonition abstract zigzag-timeline">\n<p class="admonition-title">2024</p>\n<ul>\n'
        "<li>\n<p><strong>01-02</strong><br />\n    First</p>\n</li>\n"
        "<li>\n<p><strong>03-04</strong><br />\n    Second</p>\n</li>\n</ul>\n</div>"
    )


def test_subtabs_are_tabs() -> None:
    html, problems = convert(
        "{% subtabs Inner %}\n<!-- tab A -->\nx\n<!-- endtab -->\n"
        "<!-- tab B -->\ny\n<!-- endtab -->\n{% endsubtabs %}"
    )
    assert problems == []
    assert html.startswith('<div class="tabbed-set tabbed-alternate"')
    assert html.count('<div class="tabbed-block">') == 2


def test_url_for_full_url_for_inline_img() -> None:
    html, problems = convert(
        "{% url_for About /about/ %} {% full_url_for Home /index.html %} {% inlineImg cell.jpg 1.5em %} "
        "{% inlineImg /a.png 1em;background:url(x) %}",
        site_url="https://example.org/blog/",
    )
    assert problems == []
    assert html == (
        '<p><a href="../../about/">About</a> <a href="https://example.org/blog/index.html">Home</a> '
        '<img class="inline-img" src="cell.jpg" alt="" style="height:1.5em"> '
        '<img class="inline-img" src="../../a.png" alt=""></p>'
    )
    html, _ = convert("{% full_url_for Home /index.html %}")
    assert html == '<p><a href="../../index.html">Home</a></p>'  # no site_url: page-relative


def test_include_code_reads_docs_code_dir(tmp_path: Path) -> None:
    code = tmp_path / "downloads/code"
    code.mkdir(parents=True)
    (code / "hello.py").write_text("import os\nprint(1)\nprint(2)\nprint(3)\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (code / "leak.py").symlink_to(tmp_path / "secret.txt")
    html, problems = convert(
        "{% include_code Hello lang:python from:2 to:3 hello.py %}", docs_dir=str(tmp_path)
    )
    assert problems == []
    assert html.startswith('<div class="highlight"><span class="filename">Hello</span><pre>')
    assert "print" in html and "import" not in html and html.count("print") == 2
    for path, message in [
        ("../secret.txt", "'../secret.txt' is not a path inside 'downloads/code/' (refused)."),
        ("leak.py", "'leak.py' leads outside 'downloads/code/' (a link out of the folder is refused)."),
        ("nope.py", "no file 'nope.py' in docs/downloads/code/."),
    ]:
        html, problems = convert(f"{{% include_code {path} %}}", docs_dir=str(tmp_path))
        assert [p.message for p in problems] == [f"Hexo tag '{{% include_code {path} %}}': {message}"]
        assert "secret" not in html.replace("secret.txt", "")


def test_other_host_test() -> None:
    assert [is_other_host(u) for u in ("https://a.b/", "//a.b/x", "/x", "x.png", "mailto:a@b", "#x")] == [
        True,
        True,
        False,
        False,
        False,
        False,
    ]


def test_hexo_aliases() -> None:
    html, problems = convert(
        "{% asset_image cell.jpg %} {% a Hexo https://hexo.io/ %} {% anchor x https://e.org/y %}"
    )
    assert problems == []
    assert (
        html
        == '<p><img src="cell.jpg"> <a href="https://hexo.io/">Hexo</a> <a href="https://e.org/y">x</a></p>'
    )
    html, _ = convert("{% quote Me %}\nq\n{% endquote %}")
    assert html == "<blockquote>\n<p>q</p>\n<footer><strong>Me</strong></footer>\n</blockquote>"

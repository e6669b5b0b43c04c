"""The Markdown extension: Markdown with Hexo tags in, exact HTML out (pymdown's ``tests/util.py`` style)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import markdown
import pytest

from mkdocs_zigzag.hexo.extension import HexoTagExtension, makeExtension
from mkdocs_zigzag.hexo.render import PageContext, PostTarget
from mkdocs_zigzag.hexo.tag_pass import render_tags
from mkdocs_zigzag.images import ImageAttributes
from mkdocs_zigzag.katex.dialect import TAG_FORMULA_RE, read_tag_formula, tag_formula

if TYPE_CHECKING:
    from mkdocs_zigzag.diagnostics import Diagnostic

ASSETS = {"posts/foo/cell.jpg": "cell.jpg", "posts/foo/a b.png": "a%20b.png", "posts/foo/Big.PNG": "Big.PNG"}
POSTS = {"bar": PostTarget("../bar/", 'Bar <"b">', "bar.md")}


def make_context(src_uri: str = "posts/foo.md", _url: str = "posts/foo/", **overrides: Any) -> PageContext:
    return PageContext(src_uri, ASSETS, POSTS.get, site_root_url="../../", **overrides)


def convert(text: str, *extensions: str, **overrides: Any) -> tuple[str, list[Diagnostic]]:
    reported: list[Diagnostic] = []
    ext = HexoTagExtension(
        lambda src, url: make_context(src, url, **overrides), lambda _s, d: reported.extend(d)
    )
    ext.set_page("posts/foo.md", "posts/foo/")
    md = markdown.Markdown(
        extensions=[ext, *extensions], extension_configs={"pymdownx.tabbed": {"alternate_style": True}}
    )
    return md.convert(text), reported


def test_seed_form_inside_raw_html() -> None:
    html, problems = convert('<p align="center">{% asset_img cell.jpg 神经元 %}</p>')
    assert html == '<p align="center"><img src="cell.jpg" title="神经元" alt="神经元"></p>'
    assert problems == []


def test_tag_output_is_not_parsed_again_as_markdown() -> None:
    html, _ = convert("a {% asset_img cell.jpg *not* <em> & _x_ %} b")
    assert html == (
        '<p>a <img src="cell.jpg" title="*not* <em&gt; &amp; _x_" alt="*not* <em&gt; &amp; _x_"> b</p>'
    )


def test_links_and_paths() -> None:
    html, _ = convert(
        '{% post_link bar %} {% asset_link "a b.png" %} [x]({% asset_path "a b.png" %}) {% img /i/测.png %}'
    )
    assert html == (
        '<p><a href="../bar/" title="Bar <&quot;b&quot;&gt;">Bar &lt;"b"&gt;</a> '
        '<a href="a%20b.png" title="a b.png">a b.png</a> '
        '<a href="foo/a%20b.png">x</a> '
        '<img src="../../i/%E6%B5%8B.png"></p>'
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("```\n{% asset_img nope.png %}\n```", "<pre><code>{% asset_img nope.png %}\n</code></pre>"),
        ("a `{% asset_img nope.png %}`", "<p>a <code>{% asset_img nope.png %}</code></p>"),
        ("p\n\n    {% asset_img nope.png %}", "<p>p</p>\n<pre><code>{% asset_img nope.png %}\n</code></pre>"),
        ("{% raw %}{% asset_img nope.png %}{% endraw %}", "<p>{% asset_img nope.png %}</p>"),
    ],
)
def test_code_and_raw_stay_literal(text: str, expected: str) -> None:
    html, problems = convert(text, "fenced_code")
    assert html == expected
    assert problems == []


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        ("{% asset_img nope.png 图 %}", "no file 'nope.png' in the post's asset folder 'posts/foo/'."),
        (
            "{% asset_img big.png %}",
            "no file 'big.png' in the post's asset folder 'posts/foo/'; there is 'Big.PNG' "
            "(names are case-sensitive on the web server).",
        ),
        ("{% asset_img %}", "the tag names no file."),
        (
            "{% asset_img ../bar/cell.jpg %}",
            "'../bar/cell.jpg' points outside the post's asset folder 'posts/foo/'",
        ),
        (
            "{% asset_img /etc/passwd %}",
            "'/etc/passwd' is an absolute path, not a name in the post's asset folder",
        ),
        ("{% post_link nowhere %}", "no post with slug or title 'nowhere'."),
        ("{% youtube %}", "the tag names no video."),
        ("{% wavedrom x %}", "unknown Hexo tag 'wavedrom'."),
        ("{% %}", "the tag is empty."),
        ("{% endnote %}", "'{% endnote %}' closes no open '{% note %}'."),
    ],
)
def test_bad_tag_stays_visible_and_is_reported_at_its_line(tag: str, message: str) -> None:
    html, problems = convert(f"# Title\n\nsee {tag} here")
    assert html == f"<h1>Title</h1>\n<p>see {tag.replace('<', '&lt;')} here</p>"
    assert len(problems) == 1
    assert problems[0].line == 3
    assert problems[0].message.startswith(f"Hexo tag '{tag}': ")
    assert message in problems[0].message
    assert problems[0].fix


def test_paths_in_markdown_link_destinations_are_written_from_the_markdown_file() -> None:
    # MkDocs resolves a Markdown link from the page's source file and validates it; HTML gets page URLs.
    html, problems = convert(
        "[a]({% asset_path cell.jpg %}) [b](<{% asset_path 'a b.png' %}>) [c][r] [d][s]\n\n"
        "[r]: {% asset_path cell.jpg %}\n"
        "[s]: <{% post_path bar %}>\n\n"
        '<a href="{% asset_path cell.jpg %}">e</a>'
    )
    assert problems == []
    assert html == (
        '<p><a href="foo/cell.jpg">a</a> <a href="foo/a%20b.png">b</a> <a href="foo/cell.jpg">c</a> '
        '<a href="../bar.md">d</a></p>\n<p><a href="cell.jpg">e</a></p>'
    )


def test_link_and_iframe_as_hexo_writes_them() -> None:
    # An iframe of another host is embedded only when the site embeds (theme tags' tests: the link card).
    html, problems = convert(
        "{% link Hexo docs https://hexo.io/docs/ true Hexo's docs %} "
        "{% link https://a.example/x?q=1&r=2 %}\n\n"
        "{% iframe https://www.example.com/embed 640 %}",
        embeds=True,
    )
    assert problems == []
    assert html == (
        '<p><a href="https://hexo.io/docs/" title="Hexo\'s docs" target="_blank">Hexo docs</a> '
        '<a href="https://a.example/x?q=1&amp;r=2"></a></p>\n'
        '<iframe src="https://www.example.com/embed" width="640" height="300" frameborder="0" '
        'loading="lazy" allowfullscreen="allowfullscreen"></iframe>'
    )
    _, problems = convert("{% link no url here %}")
    assert [p.message for p in problems] == [
        "Hexo tag '{% link no url here %}': the tag has no URL (Hexo's link tag needs one such as 'https://…')."
    ]


def test_escaped_visible_tag_is_html_safe() -> None:
    html, _ = convert('{% nope <script>alert("x")</script> %}')
    assert html == "<p>{% nope &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; %}</p>"


def test_note_becomes_an_admonition_and_a_summary_a_details_block() -> None:
    html, _ = convert("{% note info %}\nBody *x*\n{% endnote %}", "admonition")
    assert html == '<div class="admonition info">\n<p>Body <em>x</em></p>\n</div>'
    html, _ = convert("{% note warning Watch out %}\nBody\n{% endnote %}", "admonition", "pymdownx.details")
    assert html == '<details class="warning">\n<summary>Watch out</summary>\n<p>Body</p>\n</details>'


def test_note_without_admonition_extension_is_reported() -> None:
    html, problems = convert("{% note info %}\nBody\n{% endnote %}")
    assert html == "<p>Body</p>"
    assert [(p.line, p.fix) for p in problems] == [
        (1, "Add 'admonition' to markdown_extensions in mkdocs.yml.")
    ]


def test_tabs_become_material_content_tabs() -> None:
    text = (
        "{% tabs Demo, 2 %}\n<!-- tab -->\none\n<!-- endtab -->\n"
        "<!-- tab Zwei @icon -->\ntwo\n<!-- endtab -->\n{% endtabs %}"
    )
    html, _ = convert(text, "pymdownx.tabbed")
    assert html == (
        '<div class="tabbed-set tabbed-alternate" data-tabs="1:2">'
        '<input id="__tabbed_1_1" name="__tabbed_1" type="radio" />'
        '<input checked="checked" id="__tabbed_1_2" name="__tabbed_1" type="radio" />'
        '<div class="tabbed-labels"><label for="__tabbed_1_1">Demo 1</label>'
        '<label for="__tabbed_1_2">Zwei</label></div>\n'
        '<div class="tabbed-content">\n<div class="tabbed-block">\n<p>one</p>\n</div>\n'
        '<div class="tabbed-block">\n<p>two</p>\n</div>\n</div>\n</div>'
    )


def test_blockquote_and_pullquote() -> None:
    text = (
        "{% blockquote @DevDocs https://twitter.com/devdocs/status/35 %}\nNEW: *x*\n{% endblockquote %}\n\n"
        "{% blockquote David Levithan, Wide Awake %}\nq\n{% endblockquote %}\n\n"
        "{% pullquote left %}\np\n{% endpullquote %}"
    )
    html, _ = convert(text, "md_in_html")
    assert html == (
        "<blockquote>\n<p>NEW: <em>x</em></p>\n<footer><strong>@DevDocs</strong><cite>"
        '<a href="https://twitter.com/devdocs/status/35">twitter.com/devdocs/status/35</a></cite></footer>\n'
        "</blockquote>\n"
        "<blockquote>\n<p>q</p>\n<footer><strong>David Levithan</strong><cite>Wide Awake</cite></footer>\n"
        "</blockquote>\n"
        '<blockquote class="pullquote left">\n<p>p</p>\n</blockquote>'
    )


def _formulas(html: str) -> list[tuple[str, bool]]:
    """The formulas the tag renderer handed to the math extension, as ``(tex, display)``."""
    return [
        read_tag_formula(m.group("tagmode"), m.group("taghex")) for m in re.finditer(TAG_FORMULA_RE, html)
    ]


def test_hexo_math_tags_without_options_are_inline_as_in_hexo_math() -> None:
    # hexo-math 5: KaTeX's displayMode and MathJax's conversion.display default to false.
    for name in ("mathjax", "katex"):
        html, problems = convert(f"a {{% {name} %}}\\frac{{a}}{{b}} {{% x %}}{{% end{name} %}} b")
        assert (_formulas(html), problems) == ([("\\frac{a}{b} {% x %}", False)], [])
        html, _ = convert(f"{{% {name} %}}\nx^2\n{{% end{name} %}}")
        assert _formulas(html) == [("\nx^2\n", False)]


def test_hexo_math_json_options_make_the_formula_display() -> None:
    html, problems = convert(
        "{% katex '{\"displayMode\": true}' %}\nx^2\n{% endkatex %}\n\n"
        '{% mathjax \'{"conversion": {"display": true}}\' %}y{% endmathjax %}\n\n'
        "{% katex '{\"displayMode\": false, \"output\": \"html\"}' %}z{% endkatex %}"
    )
    assert (_formulas(html), problems) == ([("\nx^2\n", True), ("y", True), ("z", False)], [])
    html, problems = convert("{% katex {bad} %}\nx\n{% endkatex %}")
    assert _formulas(html) == [("\nx\n", False)]
    assert [(p.line, p.message.split(" (")[0]) for p in problems] == [
        (1, "Hexo tag '{% katex {bad} %}': its options are not JSON")
    ]


def test_old_math_tag_is_display_when_it_spans_lines_or_says_so() -> None:
    # hexo-math 3's {% math %}: display for multi-line content (Hexo trims one newline at each end).
    html, _ = convert(
        "{% math %}\na\nb\n{% endmath %}\n\n{% math %}\nc\n{% endmath %}\n\n"
        "{% math inline %}\nd\ne\n{% endmath %}\n\n{% math display %}f{% endmath %}"
    )
    assert _formulas(html) == [("\na\nb\n", True), ("\nc\n", False), ("\nd\ne\n", False), ("f", True)]


def test_hexo_math_front_matter_options_are_the_posts_defaults_under_the_tags_json() -> None:
    # hexo-math 5 (lib/katex.js, lib/mathjax.js): {...global, ...frontMatter, ...tagJson}, shallow.
    text = (
        "{% katex %}a{% endkatex %} {% katex '{\"displayMode\": false}' %}b{% endkatex %}\n\n"
        "{% mathjax %}c{% endmathjax %} {% mathjax '{\"conversion\": {\"em\": 14}}' %}d{% endmathjax %}"
    )
    front_matter = {"katex": {"displayMode": True}, "mathjax": {"conversion": {"display": True}}}
    html, problems = convert(text, front_matter=front_matter)
    assert (_formulas(html), problems) == ([("a", True), ("b", False), ("c", True), ("d", False)], [])
    html, _ = convert(text, front_matter={"katex": True, "mathjax": None})  # not a mapping: no change
    assert _formulas(html) == [("a", False), ("b", False), ("c", False), ("d", False)]


def test_hexo_math_off_for_a_post_leaves_the_tags_content_as_written() -> None:
    html, problems = convert(
        "x {% katex %}E = mc^2{% endkatex %} y {% mathjax %}F{% endmathjax %}", front_matter={"katex": False}
    )
    assert (_formulas(html), problems) == ([("F", False)], [])
    assert html.startswith("<p>x E = mc^2 y ")


def test_hexo_math_macros_from_front_matter_or_tag_become_local_defs() -> None:
    front_matter = {
        "katex": {"macros": {"\\RR": "\\mathbb{R}", "\\norm": "\\lVert #1 \\rVert", "bad name": "x"}},
        "mathjax": {"tex": {"macros": {"bold": ["{\\bf #1}", 1], "NN": "\\mathbb{N}"}}},
    }
    html, _ = convert(
        "{% katex %}\\RR{% endkatex %} {% mathjax %}\\bold{x}{% endmathjax %}", front_matter=front_matter
    )
    assert _formulas(html) == [
        # The definitions run before the formula, apart from the TeX its readers see (TAG_PREAMBLE_END).
        ("\\def\\RR{\\mathbb{R}}\\def\\norm#1{\\lVert #1 \\rVert}\x1d\\RR", False),
        ("\\def\\bold#1{{\\bf #1}}\\def\\NN{\\mathbb{N}}\x1d\\bold{x}", False),
    ]


def test_hexo_math_1_single_line_math_tag_is_inline_and_swallows_nothing() -> None:
    # hexo-math 1.0.x (Hexo 2): {% math expr %} was an inline tag with no end tag, '<span>$expr$</span>'.
    html, problems = convert(
        "Area {% math \\pi r^2 %} of a disc, and {% math %}\na\nb\n{% endmath %} then *c*.\n\n"
        "{% math inline %}"
    )
    assert _formulas(html) == [("\\pi r^2", False), ("\na\nb\n", True)]
    assert "<em>c</em>" in html and "of a disc" in html
    assert [(p.line, p.message) for p in problems] == [
        (6, "Hexo tag '{% math inline %}' opens a block that is never closed.")
    ]


def test_tag_formula_keeps_the_line_count_and_survives_markdown() -> None:
    text = tag_formula("a_1 *b* \\\\\n\n  c_2", True)
    assert text.count("\n") == 2 and "\n\n" not in text
    assert read_tag_formula("D", text.split(":", 2)[2].rstrip("\x03")) == ("a_1 *b* \\\\\n\n  c_2", True)


def test_codeblock_becomes_fenced_code() -> None:
    html, _ = convert("{% codeblock lang:js %}\nlet a = `x`;\n{% endcodeblock %}", "fenced_code")
    assert html == '<pre><code class="language-js">let a = `x`;\n</code></pre>'


@pytest.mark.parametrize(
    "text",
    [
        "{% note info %}\na\n\nb\n{% endnote %}\nafter {% oops %}",
        "{% math %}\nx\ny\n{% endmath %}\nafter {% oops %}",
        "{% codeblock a.js lang:js mark:1,3-4 %}\nx\ny\nz\nw\n{% endcodeblock %}\nafter {% oops %}",
        "{% raw %}\nx\n{% endraw %}\nafter {% oops %}",
        "{% tabs T %}\n<!-- tab a -->\nx\n<!-- endtab -->\n{% endtabs %}\nafter {% oops %}",
        "{% pullquote %}\nx\n{% endpullquote %}\nafter {% oops %}",
    ],
)
def test_block_tags_keep_the_line_count(text: str) -> None:
    rendered = render_tags(text, make_context())
    assert rendered.text.count("\n") == text.count("\n")
    assert [d.line for d in rendered.diagnostics] == [text.count("\n") + 1]


def test_figure_html_callback_replaces_the_img() -> None:
    calls: list[tuple[Any, ...]] = []

    def figure_html(src_uri: str, url: str, image: ImageAttributes) -> str | None:
        calls.append((src_uri, url, image))
        return '<picture class="fig"></picture>'

    html, _ = convert('{% asset_img big cell.jpg 10 \'"T" "A"\' %}', figure_html=figure_html)
    assert html == '<p><picture class="fig"></picture></p>'
    assert calls == [
        ("posts/foo/cell.jpg", "cell.jpg", ImageAttributes(alt="A", title="T", classes=("big",), width="10"))
    ]


def test_alt_from_title_can_be_turned_off() -> None:
    html, _ = convert("{% asset_img cell.jpg 神经元 %}", alt_from_title=False)
    assert html == '<p><img src="cell.jpg" title="神经元"></p>'


def test_without_a_page_context_tags_are_left_alone() -> None:
    md = markdown.Markdown(extensions=[makeExtension()])
    assert md.convert("{% asset_img cell.jpg %}") == "<p>{% asset_img cell.jpg %}</p>"


def test_the_converters_own_file_wins_over_the_current_page() -> None:
    """A blog excerpt converts another page's file while the current page is the index: the adapter's
    ``converted_file`` callback names it, and the current page is only the fallback."""
    asked: list[tuple[str, str]] = []

    def context_for(src: str, url: str) -> PageContext:
        asked.append((src, url))
        return make_context(src, url)

    named = {"yes": ("posts/foo.md", "blog/")}
    ext = HexoTagExtension(context_for, converted_file=lambda _md: named.get("yes"))
    ext.set_page("index.md", "")
    markdown.Markdown(extensions=[ext]).convert("{% asset_img cell.jpg %}")
    named.clear()
    markdown.Markdown(extensions=[ext]).convert("{% asset_img cell.jpg %}")
    # (the raw-HTML pass asks again for the same page)
    assert list(dict.fromkeys(asked)) == [("posts/foo.md", "blog/"), ("index.md", "")]

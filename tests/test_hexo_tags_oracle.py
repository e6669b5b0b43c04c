"""Every tag vector of what real Hexo wrote, against our renderers.

``tests/data/hexo_oracle_tags.jsonl`` is a byte copy of ``/work/shared/hexo-oracle/tag_vectors.sample.jsonl``
(Hexo 8.1.2, hexo-renderer-marked 7.0.1, ``post_asset_folder: true``, produced by ``hexo generate``; see that
folder's README). A case matches when our HTML names the same file (resolved from the page's URL) and has
the same class, width, height, title, alt and text as Hexo's ``tag_html``. Where we differ on purpose (alt
from the title, a located warning instead of silently empty output), the test says which difference.
"""

from __future__ import annotations

import json
import posixpath
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

import pytest

from mkdocs_zigzag.hexo.render import PageContext, PostTarget
from mkdocs_zigzag.hexo.tag_pass import render_tags

ORACLE = Path(__file__).parent / "data" / "hexo_oracle_tags.jsonl"
CASES: list[dict[str, Any]] = [json.loads(line) for line in ORACLE.read_text(encoding="utf-8").splitlines()]
BY_ID = {case["id"]: case for case in CASES}

# Hexo silently writes nothing for these; we keep the tag visible and warn (documented difference).
SILENT_IN_HEXO = {"t33", "t53", "t61", "t73"}
# `{% img cell.jpg %}`: Hexo writes `<img class="cell.jpg">` (no src); we warn instead.
NO_URL_IMG = {"t47"}
# Plain Markdown images (hexo-renderer-marked's postAsset), not tags: tested with the extension.
MARKDOWN_CASES = {"t75", "t77"}
# `{% post_link title-with-tag false %}`: Hexo puts the post's *title* in unescaped; we escape a title.
ESCAPED_POST_TITLE = {"t65"}
COMPARED = [c["id"] for c in CASES if c["id"] not in SILENT_IN_HEXO | NO_URL_IMG | MARKDOWN_CASES]


def _stem(source: str) -> str:
    return posixpath.splitext(posixpath.basename(source))[0]


def context_for(case: dict[str, Any], *, alt_from_title: bool = True) -> tuple[PageContext, str]:
    """The page as Hexo laid it out: the post at ``/2024/08/17/<stem>/``, its assets beside it."""
    stem = _stem(case["post_source"])
    page_url = case["post_path"]
    assets = {f"posts/{stem}/{name}": quote(name) for name in case["assets"]}
    posts: dict[str, PostTarget] = {}
    for other in case.get("other_posts", []):
        other_stem = _stem(other["source"])
        target = PostTarget(f"../{quote(other_stem)}/", other["title"], f"posts/{other_stem}.md")
        posts.setdefault(other_stem, target)
        posts.setdefault(other["title"], target)
    context = PageContext(
        src_uri=f"posts/{stem}.md",
        assets=assets,
        find_post=posts.get,
        site_root_url="../" * page_url.count("/"),
        alt_from_title=alt_from_title,
    )
    return context, page_url


class _Events(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[Any, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        self.events.append(("data", data))


def _site_path(url: str, base: str) -> str:
    """The file a URL names on the site, as a decoded path from the site root."""
    return unquote(urlsplit(urljoin(base, url)).path)


def normalized(
    html: str, *, page_url: str, root: str, alt_from_title: bool, is_url: bool
) -> list[tuple[Any, ...]]:
    """HTML events with URLs made site paths and Hexo's always-empty class dropped."""
    base = "http://site/" + page_url
    if is_url:
        return [("url", _site_path(html.removeprefix(root.rstrip("/")), base))]
    parser = _Events()
    parser.feed(html)
    parser.close()
    out: list[tuple[Any, ...]] = []
    for event in parser.events:
        if event[0] != "start":
            out.append(event)
            continue
        attrs = dict(event[2])
        for key in ("src", "href"):
            if key in attrs and attrs[key] is not None:
                value = attrs[key]
                if value.startswith("/") and not value.startswith("//"):
                    value = value.removeprefix(root.rstrip("/"))
                attrs[key] = value if value.startswith("//") else _site_path(value, base)
        if not attrs.get("class"):
            attrs.pop("class", None)
        if alt_from_title and "alt" not in attrs and attrs.get("title") is not None and event[1] == "img":
            attrs["alt"] = attrs["title"]
        out.append(("start", event[1], attrs))
    return out


def _compare(case_id: str, alt_from_title: bool) -> None:
    case = BY_ID[case_id]
    context, page_url = context_for(case, alt_from_title=alt_from_title)
    rendered = render_tags(case["tag"], context)
    assert rendered.diagnostics == []
    is_url = case["tag"].startswith(("{% asset_path", "{% post_path"))
    root = case["config"]["root"]
    ours = normalized(rendered.text, page_url=page_url, root="/", alt_from_title=False, is_url=is_url)
    hexo = normalized(
        case["tag_html"], page_url=page_url, root=root, alt_from_title=alt_from_title, is_url=is_url
    )
    if case_id in ESCAPED_POST_TITLE:
        # Hexo's HTML holds a stray <new world> element; ours shows the title as text.
        title = next(p["title"] for p in case["other_posts"] if _stem(p["source"]) == "title-with-tag")
        assert ours[1:] == [("data", title), ("end", "a")]
        assert ours[0] == hexo[0]
        return
    assert ours == hexo


@pytest.mark.parametrize("case_id", COMPARED)
def test_same_target_class_size_title_and_alt_as_hexo(case_id: str) -> None:
    _compare(case_id, alt_from_title=True)


@pytest.mark.parametrize("case_id", COMPARED)
def test_without_alt_from_title_the_alt_is_exactly_hexos(case_id: str) -> None:
    _compare(case_id, alt_from_title=False)


@pytest.mark.parametrize("case_id", sorted(SILENT_IN_HEXO | NO_URL_IMG))
def test_where_hexo_writes_nothing_the_tag_stays_visible_with_a_located_warning(case_id: str) -> None:
    case = BY_ID[case_id]
    context, _ = context_for(case)
    rendered = render_tags("intro\n\n" + case["tag"], context)
    assert rendered.text == "intro\n\n" + case["tag"]  # escaping leaves these tags unchanged
    assert [d.line for d in rendered.diagnostics] == [3]
    assert case["tag"] in rendered.diagnostics[0].message


def test_every_oracle_case_is_accounted_for() -> None:
    assert len(CASES) == 39
    assert set(COMPARED) | SILENT_IN_HEXO | NO_URL_IMG | MARKDOWN_CASES == set(BY_ID)
    assert len(COMPARED) == 32


def test_oracle_copy_is_the_shared_file() -> None:
    shared = Path(__file__).resolve().parents[2] / "shared" / "hexo-oracle" / "tag_vectors.sample.jsonl"
    if not shared.exists():
        pytest.skip("the shared oracle folder is not on this machine")
    assert ORACLE.read_bytes() == shared.read_bytes()


def _markdown_image(case_id: str) -> dict[str, str | None]:
    import markdown

    from mkdocs_zigzag.hexo.extension import HexoTagExtension

    case = BY_ID[case_id]
    context, page_url = context_for(case)
    ext = HexoTagExtension(lambda _src, _url: context)
    ext.set_page(context.src_uri, page_url)
    parser = _Events()
    parser.feed(markdown.Markdown(extensions=[ext]).convert(case["tag"]))
    images: list[dict[str, str | None]] = [e[2] for e in parser.events if e[0] == "start" and e[1] == "img"]
    (image,) = images
    return image


def test_markdown_image_naming_a_post_asset_resolves_into_the_asset_folder() -> None:
    # t75: hexo-renderer-marked's postAsset. We write the path from the page's Markdown file, which MkDocs
    # then turns into a URL like any relative image link.
    image = _markdown_image("t75")
    hexo = _Events()
    hexo.feed(BY_ID["t75"]["hexo_html"])
    (hexo_image,) = [e[2] for e in hexo.events if e[0] == "start" and e[1] == "img"]
    assert hexo_image["src"] == "/2024/08/17/t75/cell.jpg"
    assert image == {"alt": hexo_image["alt"], "src": "t75/cell.jpg", "title": hexo_image["title"]}


def test_markdown_image_with_a_root_path_is_left_to_mkdocs() -> None:
    assert _markdown_image("t77") == {"alt": "x", "src": "/images/abs.jpg"}

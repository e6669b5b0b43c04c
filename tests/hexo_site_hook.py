"""A stand-in for the adapter wiring ``mkdocs-zigzag init`` sites need, loaded as an MkDocs hook by tests.

It does, with the cores of this package, what the plugin's adapter is to do (see the report of issue 14):
1. ``on_config``: Material's blog creates ``<blog_dir>/index.md`` in ``docs_dir`` when it is missing, i.e. it
   would write into the Hexo ``source/`` folder. Its ``_resolve`` is wrapped to use a generated entry page
   instead (private API: in the plugin this belongs in the bridge module).
2. ``on_files`` (priority 100, before the blog's -50): add that generated ``index.md``.
3. ``on_files`` (priority -100, after the blog moved posts): remember each source file's URL.
4. ``on_page_content``: links written against Hexo URLs point at the new page (the plugin should do this
   at the Markdown level, before MkDocs validates links; a regex over the HTML is enough for a test).
5. ``on_post_build``: read the Hexo site, list every old URL, pair it with its new URL and write the
   redirect pages :func:`mkdocs_zigzag.redirects.plan_redirects` plans; write each Hexo feed at its path.
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from material.plugins.blog.plugin import BlogPlugin
from material.plugins.blog.structure import View
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files

from mkdocs_zigzag.feeds import Feed, FeedEntry, atom_xml, rss2_xml
from mkdocs_zigzag.hexo.hexo_config import load_hexo_config
from mkdocs_zigzag.hexo.old_urls import (
    HexoLinkIndex,
    hexo_urls,
    listing_target,
    read_hexo_site,
    redirect_pairs,
    source_files,
)
from mkdocs_zigzag.hexo.permalink import encode_url, full_url_for
from mkdocs_zigzag.redirects import plan_redirects

STATE: dict[str, Any] = {}


def on_config(config: Any) -> None:
    for plugin in config.plugins.values():
        if isinstance(plugin, BlogPlugin):
            original = plugin._resolve

            def resolve(files: Files, config: Any, original: Any = original, plugin: Any = plugin) -> View:
                path = os.path.normpath(os.path.join(plugin.config.blog_dir, "index.md"))
                file = files.get_file_from_path(path)
                if file is not None and file.generated_by == "zigzag/hexo":
                    return View(None, file, config)
                return original(files, config)

            plugin._resolve = resolve
            STATE["blog"] = plugin


@event_priority(100)
def add_entry_page(files: Files, config: Any) -> Files:
    blog = STATE["blog"]
    path = os.path.normpath(os.path.join(blog.config.blog_dir, "index.md"))
    if files.get_file_from_path(path) is None:
        entry = File.generated(config, path, content=f"# {config.site_name}\n")
        entry.generated_by = "zigzag/hexo"
        files.append(entry)
    return files


@event_priority(-100)
def remember_urls(files: Files, config: Any) -> None:
    STATE["urls"] = {file.src_uri: file.url for file in files}


on_files = CombinedEvent(add_entry_page, remember_urls)


def _hexo(config: Any) -> dict[str, Any]:
    """The Hexo side, read once per build: settings, every old URL, the link index."""
    if STATE.get("hexo_for") != config.config_file_path:
        hexo = load_hexo_config(Path(config.config_file_path).parent)
        source_dir = Path(config.docs_dir)
        names = source_files(source_dir)
        zone = ZoneInfo(hexo.timezone) if hexo.timezone else ZoneInfo("UTC")
        site = read_hexo_site(source_dir, hexo, machine_tz=zone, files=names)
        urls = hexo_urls(site, source_dir, names)
        STATE.update(
            hexo_for=config.config_file_path,
            hexo=hexo,
            site=site,
            old=urls,
            links=HexoLinkIndex(urls, hexo),
            html={},
        )
    return STATE


def _new_url(target: Any, hexo: Any) -> str | None:
    if target.url.listing is not None:
        return str(listing_target(target.url.listing, hexo))
    new = STATE["urls"].get(target.url.source)
    return None if new is None else str(new)


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    state = _hexo(config)
    state["html"][page.file.src_uri] = html

    def rewrite(match: re.Match[str]) -> str:
        found = state["links"].lookup(match.group(2), from_source=page.file.src_uri)
        new = None if found is None else _new_url(found, state["hexo"])
        if found is None or new is None:
            return match.group(0)
        relative = posixpath.relpath("/" + new, "/" + page.url.rstrip("/")) if page.url else new or "."
        relative = relative + "/" if new.endswith("/") and not relative.endswith("/") else relative
        return f'{match.group(1)}"{relative}{found.fragment}"'

    return re.sub(r'(<a\s[^>]*?href=)"([^"]*)"', rewrite, html)


def on_post_build(config: Any) -> None:
    state = _hexo(config)
    hexo = state["hexo"]
    pairs = redirect_pairs(state["old"], STATE["urls"], lambda listing: listing_target(listing, hexo))
    site_dir = Path(config.site_dir)
    existing = {
        os.path.relpath(os.path.join(root, name), site_dir).replace(os.sep, "/")
        for root, _dirs, found in os.walk(site_dir)
        for name in found
    }
    plan = plan_redirects(pairs, site_url=config.site_url, existing=existing)
    STATE["problems"] = plan.problems
    for redirect in plan.pages:
        target = site_dir / redirect.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(redirect.html, encoding="utf-8")
    for copy in plan.copies:
        if (site_dir / copy.source).is_file():
            (site_dir / copy.path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(site_dir / copy.source, site_dir / copy.path)
    _write_feeds(config, site_dir)


def _write_feeds(config: Any, site_dir: Path) -> None:
    state = STATE
    hexo, site = state["hexo"], state["site"]
    posts = sorted(site.published_posts, key=lambda post: post.date, reverse=True)
    posts = [post for post in posts if post.source in STATE["urls"]][: hexo.feed_limit or None]
    if not posts or not hexo.feeds:
        return
    base = config.site_url.rstrip("/") + "/"
    entries = [
        FeedEntry(
            title=post.title,
            link=base + STATE["urls"][post.source],
            id=full_url_for(post.path, hexo),
            published=post.date,
            updated=post.date,
            content=state["html"].get(post.source, "") if hexo.feed_content else "",
        )
        for post in posts
    ]
    for kind, path in hexo.feeds:
        feed = Feed(
            title=hexo.title,
            id=encode_url(hexo.url + "/"),
            site_url=base,
            feed_url=base + path,
            updated=entries[0].updated,
            subtitle=hexo.subtitle or hexo.description,
            language=hexo.language,
            author=hexo.author,
        )
        writer = rss2_xml if kind == "rss2" else atom_xml
        (site_dir / path).write_text(writer(feed, entries), encoding="utf-8")

"""Redirect pages that keep a migrated blog's old URLs answering, in the shape mkdocs-redirects writes.

No MkDocs here: :func:`plan_redirects` takes (old URL path -> new URL path) pairs, both relative to the
site's root, and returns the files to write under ``site_dir`` with their HTML; the adapter writes them in
``on_post_build`` (after MkDocs wrote the site, so a redirect never hides a real page). Each page is
mkdocs-redirects' template: ``<meta http-equiv="refresh">`` (works without JavaScript), ``rel="canonical"``
(search engines move the rank to the new URL), a visible link, and the same one-line script that carries
the ``#fragment`` along. Targets are relative, so the site works under any sub-path and from a file system.
"""

from __future__ import annotations

import html
import json
import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable

__all__ = [
    "FileCopy",
    "RedirectFile",
    "RedirectPlan",
    "plan_redirects",
    "redirect_file_path",
    "redirect_html",
    "relative_target",
]

# mkdocs-redirects 1.2 (mkdocs_redirects/plugin.py HTML_TEMPLATE), with the URL escaped for its context.
_TEMPLATE = """\
<!doctype html>
<html lang="en">
<head>
    <meta charset="utf-8">
    <title>Redirecting...</title>
    <link rel="canonical" href="{canonical}">
    <script>var anchor=window.location.hash.substr(1);location.href={script_url}+(anchor?"#"+anchor:"")\
</script>
    <meta http-equiv="refresh" content="0; url={url}">
</head>
<body>
You're being redirected to a <a href="{url}">new destination</a>.
</body>
</html>
"""

# encodeURI's unescaped set: what a URL path may keep as is.
_URL_SAFE = ";,/?:@&=+$-_.!~*'()#%"


@dataclass(frozen=True)
class RedirectFile:
    """One redirect page to write."""

    path: str
    """File under ``site_dir``, ``/``-separated, not encoded (``2023/05/01/My First Post/index.html``)."""
    old_url: str
    """The old URL path it answers (relative to the site root, not encoded)."""
    target: str
    """The href it sends the reader to, relative to the old URL (encoded)."""
    html: str


@dataclass(frozen=True)
class FileCopy:
    """An old URL of an image or other file that moved: a redirect page cannot stand in for it."""

    path: str
    """Where to put the copy under ``site_dir`` (the old URL's file)."""
    source: str
    """The file under ``site_dir`` to copy (the new URL's file)."""


@dataclass
class RedirectPlan:
    """What the adapter writes after the build, and what it should report."""

    pages: list[RedirectFile]
    copies: list[FileCopy]
    """Moved files that are not pages (``<img src>`` and downloads follow no meta refresh)."""
    problems: list[str]


def _is_page(file_path: str) -> bool:
    return file_path.endswith((".html", ".htm"))


def redirect_file_path(old_url: str) -> str:
    """The file under ``site_dir`` that answers *old_url* (a site-relative URL path, encoded or not).

    ``X/`` and ``""`` get ``index.html``; ``X.html`` (or any name with an extension) is that file; a name
    without an extension (Hexo's ``permalink: no/trailing-slash``) becomes ``X/index.html``, which every
    static server answers for ``X`` by redirecting to ``X/`` (a file without extension would be served as
    a download).
    """
    path = _url_file(old_url)
    if old_url.split("#", 1)[0].split("?", 1)[0].endswith("/") or not path:
        return posixpath.join(path, "index.html") if path else "index.html"
    if "." not in posixpath.basename(path):
        return posixpath.join(path, "index.html")
    return path


def _url_file(url: str) -> str:
    """*url* (site-relative) as a file path, taken literally: no ``index.html`` added."""
    return posixpath.normpath("/" + unquote(url.split("#", 1)[0].split("?", 1)[0])).lstrip("/")


def _page_url(file_path: str) -> str:
    """The URL (site-relative, ending in ``/`` for an ``index.html``) a browser shows for *file_path*."""
    if file_path == "index.html":
        return ""
    if file_path.endswith("/index.html"):
        return file_path[: -len("index.html")]
    return file_path


def relative_target(file_path: str, new_url: str) -> str:
    """*new_url* (site-relative, or absolute ``http(s)://``) as an href from the page at *file_path*."""
    if urlsplit(new_url).scheme in ("http", "https"):
        return new_url
    target, _, fragment = new_url.partition("#")
    target_path = unquote(target.lstrip("/"))
    base = posixpath.dirname(_page_url(file_path))
    relative = posixpath.relpath("/" + target_path, "/" + base)
    if not target_path or target_path.endswith("/"):
        relative = relative.rstrip("/") + "/"
    href = quote(relative, safe=_URL_SAFE.replace("%", ""))
    return href + (f"#{quote(fragment, safe=_URL_SAFE)}" if fragment else "")


def redirect_html(target: str, canonical: str | None = None) -> str:
    """mkdocs-redirects' page for *target* (an href); *canonical* defaults to it (give an absolute URL)."""
    # json.dumps makes a JavaScript string; `</` is split so the string cannot close the script element.
    script_url = json.dumps(target).replace("</", "<\\/")
    return _TEMPLATE.format(
        url=html.escape(target, quote=True),
        canonical=html.escape(canonical or target, quote=True),
        script_url=script_url,
    )


def plan_redirects(
    pairs: Iterable[tuple[str, str]],
    *,
    site_url: str | None = None,
    existing: Collection[str] = (),
) -> RedirectPlan:
    """The redirect pages for (old URL path -> new URL path) *pairs*, and what could not be redirected.

    Paths are relative to the site root (``2023/05/01/My First Post/`` -> ``blog/2023/05/01/my-post/``).
    *existing* holds the files MkDocs wrote under ``site_dir``: an old URL that is already a page is left
    alone (the same URL, or another page took it; the second is reported). *site_url* makes the canonical
    link absolute, as search engines prefer. Two old URLs answered by the same file keep the first. An old
    URL of a file that is not a page (an image, a PDF) gets a copy of the new file, not a redirect page.
    """
    planned: dict[str, RedirectFile] = {}
    copies: dict[str, FileCopy] = {}
    problems: list[str] = []
    taken = set(existing)
    root = site_url.rstrip("/") + "/" if site_url else None
    for old_url, new_url in pairs:
        path = redirect_file_path(old_url)
        if _url_file(old_url) in taken:
            # An old URL without extension that the new site still has as a file (`CNAME`, `LICENSE`).
            path = _url_file(old_url)
        if path in taken:
            local = urlsplit(new_url).scheme == ""
            if not (local and path in (redirect_file_path(new_url), _url_file(new_url))):
                problems.append(
                    f"old URL '{old_url}' is now another page's URL ({path}); it cannot also redirect to "
                    f"'{new_url}'. Give one of the two pages another URL."
                )
            continue
        if not _is_page(path):
            if urlsplit(new_url).scheme == "" and path not in copies:
                copies[path] = FileCopy(path, _url_file(new_url))
            elif urlsplit(new_url).scheme != "":
                problems.append(f"old file URL '{old_url}' now lives off the site ({new_url}); not kept.")
            continue
        if path in planned:
            if planned[path].target != relative_target(path, new_url):
                problems.append(
                    f"old URLs '{planned[path].old_url}' and '{old_url}' are the same file ({path}); "
                    f"it redirects to the first one's new URL only."
                )
            continue
        target = relative_target(path, new_url)
        canonical = None
        if root is not None and urlsplit(new_url).scheme == "":
            absolute = quote(unquote(new_url.lstrip("/")), safe=_URL_SAFE.replace("%", ""))
            canonical = root + absolute
        planned[path] = RedirectFile(path, old_url, target, redirect_html(target, canonical))
    return RedirectPlan(list(planned.values()), list(copies.values()), problems)

"""The folder the plugin owns for its caches: claimed with a ``CACHEDIR.TAG``, never a user's folder.

Pruning deletes what no build used lately, so the plugin must only ever prune inside a folder that is
its own. It marks that folder with a cache directory tag (https://bford.info/cachedir/, which backup
tools also honour), creates the tag only in a folder that is empty or holds nothing but the plugin's own
entries (a cache written before tags existed), and refuses any other folder: the project itself, a parent
of it, a user's folder of files. No MkDocs imports: the adapter turns :class:`CacheDirRefused` into its
build error.
"""

from __future__ import annotations

import os
import re
import tempfile

from mkdocs_zigzag.atomic import write_atomic

CACHEDIR_TAG = "CACHEDIR.TAG"
TAG_SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55"
"""The first line every cache directory tag starts with (the convention's fixed signature)."""
TAG_TEXT = (
    f"{TAG_SIGNATURE}\n"
    "# This file is a cache directory tag created by mkdocs-zigzag (the plugin's cache_dir).\n"
    "# Everything in this folder can be rebuilt; deleting the folder is always safe.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)

OWN_ENTRIES = frozenset({CACHEDIR_TAG, "katex", "figures", "posts", "post-keys", "mermaid"})
"""What the plugin itself puts at the top of its cache folder."""
_OWN_TEMPORARY = re.compile(r"\.(?:" + re.escape(CACHEDIR_TAG) + r")\.[0-9a-f]{32}\.tmp")
"""The tag while another build is writing it (see :func:`~mkdocs_zigzag.atomic.write_atomic`)."""

_FIX = (
    "Set plugins.zigzag.cache_dir to a folder of its own, e.g. the default '.cache/zigzag' beside mkdocs.yml."
)


class CacheDirRefused(Exception):
    """The configured cache folder is not one the plugin may own; the message names it and the fix."""


def has_cache_tag(folder: str) -> bool:
    """Whether *folder* holds a cache directory tag (a regular file starting with the signature)."""
    path = os.path.join(folder, CACHEDIR_TAG)
    if os.path.islink(path):
        return False
    try:
        with open(path, "rb") as handle:
            return handle.read(len(TAG_SIGNATURE)) == TAG_SIGNATURE.encode("ascii")
    except OSError:
        return False


def claim_cache_dir(cache_dir: str, option: str, *, config_dir: str, docs_dir: str, site_dir: str) -> None:
    """Make *cache_dir* the plugin's tagged cache folder, or raise :class:`CacheDirRefused` saying why.

    *option* is ``cache_dir`` as written in mkdocs.yml (shown in messages). Refused: a value starting
    with ``~`` (not expanded: it would make a folder named ``~``); the folder of mkdocs.yml, or a parent
    of it or of docs_dir; a folder inside docs_dir (a build never writes there, and ``mkdocs serve`` would
    rebuild on its own writes) or site_dir (emptied by every build); a non-empty folder without the tag
    whose entries are not all the plugin's own; a folder that cannot be written.
    """
    shown = f"the option cache_dir ({option!r})"
    if option.strip().startswith("~"):
        raise CacheDirRefused(
            f"mkdocs_zigzag: {shown} starts with '~', which is not expanded: it would be a folder named '~' "
            f"beside mkdocs.yml. Give the path relative to mkdocs.yml or absolute. {_FIX}"
        )
    cache = os.path.realpath(cache_dir)
    project = os.path.realpath(config_dir)
    for name, folder in (("docs_dir", os.path.realpath(docs_dir)), ("site_dir", os.path.realpath(site_dir))):
        if cache == folder or _is_inside(cache, folder):
            raise CacheDirRefused(
                f"mkdocs_zigzag: {shown} is inside {name} ({folder}). Set plugins.zigzag.cache_dir to a "
                "folder outside it, e.g. the default '.cache/zigzag' beside mkdocs.yml."
            )
    for name, folder in (("the folder of mkdocs.yml", project), ("docs_dir", os.path.realpath(docs_dir))):
        if cache == folder or _is_inside(folder, cache):
            raise CacheDirRefused(
                f"mkdocs_zigzag: {shown} is {cache}, which is {name} ({folder}) or a folder holding it: "
                f"the cache prunes what no build used, and must never own the project's files. {_FIX}"
            )
    try:
        os.makedirs(cache, exist_ok=True)
        if not has_cache_tag(cache):
            names = os.listdir(cache)
            foreign = sorted(n for n in names if n not in OWN_ENTRIES and not _OWN_TEMPORARY.fullmatch(n))
            if foreign:
                listed = ", ".join(foreign[:5]) + (", …" if len(foreign) > 5 else "")
                raise CacheDirRefused(
                    f"mkdocs_zigzag: {shown} is the folder {cache}, which already holds files the plugin "
                    f"did not make ({listed}) and no {CACHEDIR_TAG}: the plugin takes only an empty folder "
                    f"for its cache, as it deletes entries no build used. {_FIX}"
                )
            write_atomic(os.path.join(cache, CACHEDIR_TAG), TAG_TEXT.encode("ascii"))
        _clear_the_way(cache)
        with tempfile.TemporaryFile(dir=cache):
            pass
    except OSError as error:
        raise CacheDirRefused(
            f"mkdocs_zigzag: cannot write the cache folder {cache_dir} ({error.strerror or error}). "
            "Make it a writable folder, or set plugins.zigzag.cache_dir to one."
        ) from None


OWN_FOLDERS = ("katex", "figures", "figures/failed", "posts", "post-keys")
"""Folders the caches write into without checking what is there first."""


def _clear_the_way(cache: str) -> None:
    """Remove a file or a dangling link (never a folder, never what a link points to) standing where the
    tagged cache keeps one of its folders: a damaged cache is rebuilt, not an error midway through a build."""
    for name in OWN_FOLDERS:
        path = os.path.join(cache, *name.split("/"))
        if os.path.lexists(path) and not os.path.isdir(path):
            os.unlink(path)


def _is_inside(path: str, folder: str) -> bool:
    """Whether the real path *path* is strictly inside the real path *folder*."""
    return path.startswith(folder.rstrip(os.sep) + os.sep)

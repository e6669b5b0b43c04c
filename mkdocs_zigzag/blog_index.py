"""Material's blog writes ``<blog_dir>/index.md`` into ``docs/`` when it is missing: say so before it does.

Material's blog plugin creates the blog's entry page in the author's docs folder on the first build
(``BlogPlugin._resolve``: a file holding ``# Blog``). A build should not change its source folder behind
the author's back, and the plugin cannot stop Material from doing it, so it names the file and the
one-line fix ahead of time (``on_config`` runs before Material's ``on_files``).
"""

from __future__ import annotations

import os
import posixpath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable


def missing_blog_indexes(docs_dir: str, blog_dirs: Iterable[str], shown_docs_dir: str = "docs") -> list[str]:
    """A message for each blog whose ``index.md`` is missing under *docs_dir* (empty when all exist).

    *blog_dirs* are Material's ``blog_dir`` values (relative to docs_dir); *shown_docs_dir* is how the
    docs folder is named in the message (relative to mkdocs.yml).
    """
    messages = []
    for blog_dir in dict.fromkeys(posixpath.normpath(d) for d in blog_dirs):
        rel = posixpath.join(blog_dir, "index.md") if blog_dir != "." else "index.md"
        if os.path.isfile(os.path.join(docs_dir, *rel.split("/"))):
            continue
        shown = posixpath.join(shown_docs_dir, rel)
        messages.append(
            f"{shown} does not exist, so Material's blog plugin writes it (holding '# Blog') into your docs "
            f"folder during this build. Create it yourself to own its title: printf '# Blog\\n' > {shown}"
        )
    return messages

"""Located problems found in a page, reported by the cores and logged by the plugin.

The cores (``hexo``, ``katex``, ``figures``) never log and never import MkDocs: they return
:class:`Diagnostic` objects, and ``plugin.py`` turns each into one warning line of the form
``docs/blog/posts/post.md:12: <message> <fix>`` on the ``mkdocs.plugins.zigzag`` logger, so that
``mkdocs build --strict`` fails on it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnostic:
    """One problem at one line of one source file."""

    line: int
    """1-based line in the author's source file (front matter included)."""
    message: str
    """What is wrong, quoting the offending input."""
    fix: str = ""
    """How to fix it, addressed to the author."""

    def format(self, path: str) -> str:
        """Render as ``path:line: message fix``; *path* is as the author sees it (``docs/…``)."""
        text = f"{path}:{self.line}: {self.message}"
        if self.fix:
            text += f" {self.fix}"
        return text


class LocatedError(Exception):
    """A problem with an author's input that becomes a :class:`Diagnostic` where it is found.

    *message* says what is wrong, *fix* how to fix it (the line is added by whoever knows it).
    """

    def __init__(self, message: str, fix: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


def body_line_offset(source: str, body: str) -> int:
    """How many lines of *source* (the author's file) come before *body* (the Markdown a page renders).

    MkDocs and Material's blog both keep the text after the front matter, minus leading newlines, so the
    body is a suffix of the file: a line ``n`` of the body is line ``n + offset`` of the file. When another
    plugin rewrote the body it is no longer a suffix; then 0 (lines are counted from the body).
    """
    if body and source.endswith(body):
        return source[: len(source) - len(body)].count("\n")
    return 0

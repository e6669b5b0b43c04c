"""Which figures a site has: bindings from mkdocs.yml matched against the assets each post names.

A binding says "these asset names of these posts are drawn by this generator with these parameters".
The registry never imports a generator (a warm build must not import matplotlib): it only finds the
generator's source file so the cache can key on its text.
"""

from __future__ import annotations

import fnmatch
import importlib.util
import os
import posixpath
import sysconfig
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mkdocs_zigzag.diagnostics import Diagnostic
from mkdocs_zigzag.figures.cache import file_digest
from mkdocs_zigzag.hexo.render import asset_folder_of

FindReferences = Callable[[str], "list[tuple[str, int]]"]
"""``find_references(markdown) -> [(asset name, 1-based line)]``: the assets a post's tags name."""

_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class GeneratorRef:
    """A generator as mkdocs.yml names it: ``package.module:attr`` or ``path/file.py:attr``."""

    text: str
    """The reference as written (``mkdocs_zigzag.figures.builtin.activations:sigmoid``)."""
    config_dir: str
    """The folder of mkdocs.yml, against which file references are resolved."""

    @property
    def target(self) -> str:
        """The module name or the file path part."""
        return self.text.rpartition(":")[0]

    @property
    def attribute(self) -> str:
        """The (possibly dotted) attribute inside the module."""
        return self.text.rpartition(":")[2]

    @property
    def is_file(self) -> bool:
        """True for ``path/file.py:attr`` references."""
        return self.target.endswith(".py")

    def source_path(self) -> str | None:
        """The generator's source file, found without importing the generator itself (None if not found)."""
        if self.is_file:
            path = os.path.normpath(os.path.join(self.config_dir, self.target))
            return path if os.path.isfile(path) else None
        try:
            spec = importlib.util.find_spec(self.target)
        except (ImportError, ValueError):  # a missing parent package
            return None
        origin = spec.origin if spec is not None else None
        return origin if origin and os.path.isfile(origin) else None

    def source_digest(self) -> str:
        """sha256 of the generator's source file text (``missing`` when there is no such file)."""
        path = self.source_path()
        digest = file_digest(path) if path is not None else None
        return digest or "missing"


@dataclass(frozen=True)
class Binding:
    """One validated entry of the ``figures`` option."""

    index: int
    """Position in the ``figures`` list (for messages: ``figures[2]``)."""
    posts: tuple[str, ...]
    """Post paths or globs under docs/ (``*`` also matches ``/``)."""
    assets: tuple[str, ...]
    """Asset names or globs, relative to the post's asset folder."""
    generator: GeneratorRef
    params: Mapping[str, Any] = field(default_factory=dict)

    def claims_post(self, src_uri: str) -> bool:
        """Whether the post at *src_uri* (docs-relative, ``/``-separated) is one of this binding's posts."""
        return any(fnmatch.fnmatchcase(src_uri, pattern) for pattern in self.posts)

    def claims_asset(self, name: str) -> bool:
        """Whether the asset *name* is one of this binding's assets."""
        return any(fnmatch.fnmatchcase(name, pattern) for pattern in self.assets)

    def exact_assets(self) -> list[str]:
        """The asset entries that are plain names rather than globs."""
        return [a for a in self.assets if not _GLOB_CHARS & set(a)]

    def describe(self) -> str:
        """``figures[2] (post 'blog/posts/*.md', asset 'cell.jpg')`` for messages."""
        posts = ", ".join(self.posts)
        assets = ", ".join(self.assets)
        return f"figures[{self.index}] (post '{posts}', asset '{assets}')"


@dataclass(frozen=True)
class FigureSpec:
    """One figure to produce: an asset of a post, the tag that names it, and the binding that draws it."""

    post: str
    """The post's src_uri (``blog/posts/foo.md``)."""
    line: int
    """1-based line of the post file where the tag naming the asset is."""
    asset: str
    """The asset's name in the post's asset folder (``cell.jpg``)."""
    binding: Binding

    @property
    def raster_uri(self) -> str:
        """src_uri of the raster at the exact name the post uses (``blog/posts/foo/cell.jpg``)."""
        return asset_folder_of(self.post) + self.asset

    def variant_uri(self, theme: str, extension: str) -> str:
        """src_uri of a themed variant: ``blog/posts/foo/cell.light.svg``."""
        return f"{posixpath.splitext(self.raster_uri)[0]}.{theme}.{extension}"

    @property
    def summary_uri(self) -> str:
        """src_uri of the JSON written from the generator's ``summarize``: ``blog/posts/foo/cell.json``."""
        return f"{posixpath.splitext(self.raster_uri)[0]}.json"

    @property
    def raster_format(self) -> str | None:
        """``jpeg`` or ``png`` from the asset's extension; None for a name the engine cannot write."""
        return RASTER_FORMATS.get(posixpath.splitext(self.asset)[1].lower())


RASTER_FORMATS: dict[str, str] = {".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png"}


@dataclass
class FigurePlan:
    """What :meth:`FigureRegistry.plan` found: figures, located problems and config-level problems."""

    figures: list[FigureSpec] = field(default_factory=list)
    diagnostics: list[tuple[str, Diagnostic]] = field(default_factory=list)
    """``(post src_uri, diagnostic)``: problems at a tag in a post."""
    config_warnings: list[str] = field(default_factory=list)
    """Problems of the ``figures`` option itself (a binding that matches nothing)."""


class FigureRegistry:
    """The bindings of a site, and how they match posts and the assets those posts name."""

    def __init__(self, bindings: Iterable[Binding]) -> None:
        self.bindings = list(bindings)
        # Most bindings name their posts exactly; index those so matching a post costs a dict lookup
        # rather than a pattern match against every binding (2,000 bindings x 1,000 posts on big blogs).
        self._exact: dict[str, list[Binding]] = {}
        self._globbed: list[Binding] = []
        for binding in self.bindings:
            if any(_GLOB_CHARS & set(pattern) for pattern in binding.posts):
                self._globbed.append(binding)
            else:
                for post in dict.fromkeys(binding.posts):
                    self._exact.setdefault(post, []).append(binding)

    def bindings_for(self, src_uri: str) -> list[Binding]:
        """The bindings that apply to the post at *src_uri*, in the order of the ``figures`` option."""
        found = self._exact.get(src_uri, [])
        globbed = [b for b in self._globbed if b.claims_post(src_uri)]
        if not globbed:
            return list(found)
        return sorted([*found, *globbed], key=lambda b: b.index)

    @classmethod
    def from_config(cls, entries: Iterable[Mapping[str, Any]], config_dir: str) -> FigureRegistry:
        """Build from the validated ``figures`` option (``post``, ``asset``, ``generator``, ``params``)."""
        return cls(
            Binding(
                index=index,
                posts=tuple(entry["post"]),
                assets=tuple(entry["asset"]),
                generator=GeneratorRef(entry["generator"], config_dir),
                params=dict(entry.get("params") or {}),
            )
            for index, entry in enumerate(entries)
        )

    def claims_post(self, src_uri: str) -> bool:
        """Whether any binding applies to the post at *src_uri*."""
        return src_uri in self._exact or any(b.claims_post(src_uri) for b in self._globbed)

    def generator_files(self) -> list[str]:
        """Source files of every bound generator that exists (for ``mkdocs serve`` to watch)."""
        paths = {b.generator.source_path() for b in self.bindings}
        return sorted(p for p in paths if p is not None)

    def paths_to_watch(self, docs_dir: str, avoid: Iterable[str] = ()) -> list[tuple[str, bool]]:
        """What ``mkdocs serve`` watches for generator edits, as ``(folder, recursive)``.

        Each generator's folder, not recursively (the generator and the helper modules beside it), and,
        recursively, the Python packages in it (sub-folders with an ``__init__.py``). Not folders in
        *docs_dir* (already watched) or in installed packages, nor any holding or inside one of *avoid*
        (the plugin's cache, the site). A generator beside mkdocs.yml would otherwise have the whole
        project watched: every build's own cache writes would trigger another build, and a virtualenv in
        it would be polled file by file.
        """
        skip = [os.path.abspath(docs_dir), *(sysconfig.get_path(p) for p in ("purelib", "platlib"))]
        avoided = [os.path.abspath(path) for path in avoid]

        def inside(path: str, folders: Iterable[str]) -> bool:
            return any(path == f or path.startswith(f + os.sep) for f in folders)

        watched: list[tuple[str, bool]] = []
        for folder in sorted({os.path.dirname(path) for path in self.generator_files()}):
            if inside(folder, skip):
                continue
            watched.append((folder, False))
            try:
                entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
            except OSError:
                continue
            for entry in entries:
                package = entry.path
                if (
                    entry.is_dir()
                    and not entry.name.startswith((".", "__"))
                    and os.path.isfile(os.path.join(package, "__init__.py"))
                    and not inside(package, [*skip, *avoided])
                    and not any(a.startswith(package + os.sep) for a in avoided)
                ):
                    watched.append((package, True))
        return watched

    def plan(self, posts: Iterable[tuple[str, str]], find_references: FindReferences) -> FigurePlan:
        """Match *posts* (``(src_uri, file text)``) against the bindings; the first matching binding wins."""
        plan = FigurePlan()
        used: set[int] = set()
        for src_uri, text in posts:
            bindings = self.bindings_for(src_uri)
            if not bindings:
                continue
            seen: set[str] = set()
            for name, line in find_references(text):
                name = posixpath.normpath(name)
                if name in seen:
                    continue
                binding = next((b for b in bindings if b.claims_asset(name)), None)
                if binding is None:
                    continue
                seen.add(name)
                used.add(binding.index)
                spec = FigureSpec(post=src_uri, line=line, asset=name, binding=binding)
                if spec.raster_format is None:
                    plan.diagnostics.append(
                        (
                            src_uri,
                            Diagnostic(
                                line,
                                f"the figure '{name}' ({binding.generator.text}) cannot be generated: "
                                "only .jpg, .jpeg and .png names are written.",
                                f"Rename the image to a .png or .jpg name, or change {binding.describe()}.",
                            ),
                        )
                    )
                    continue
                plan.figures.append(spec)
        for binding in self.bindings:
            if binding.index not in used:
                plan.config_warnings.append(
                    f"mkdocs.yml: plugins.zigzag.{binding.describe()} matches no image that a post names "
                    f"with a tag; check the post path (under docs/) and the asset name (in the post's asset "
                    f"folder, e.g. blog/posts/foo.md owns blog/posts/foo/)."
                )
        return plan

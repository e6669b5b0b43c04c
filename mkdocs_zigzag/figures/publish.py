"""Generated figures as the pages show them: where each file goes, the themed markup, the quoted numbers.

Between the :class:`~mkdocs_zigzag.figures.engine.FigureJob` that draws a build's figures and the pages that
show them. Pages are converted while stale figures are still being drawn, so a page that shows one at its
own size gets a stand-in for the size (:data:`PENDING_SIZE_PREFIX`), filled in when the page is written.
Nothing here imports MkDocs: the adapter tells where a file is published with a ``url_of`` function.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from mkdocs_zigzag.figures.html import render_figure_html
from mkdocs_zigzag.figures.numbers import NumberError, format_number, parse_number_args, read_summary
from mkdocs_zigzag.hexo.render import TagError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from mkdocs_zigzag.figures.engine import FigureEngine, FigureJob, FigureReport
    from mkdocs_zigzag.figures.registry import FigureSpec
    from mkdocs_zigzag.hexo.render import PageContext
    from mkdocs_zigzag.images import ImageAttributes

    UrlOf = Callable[[str], "str | None"]
    """``src_uri -> URL`` of a file as the site publishes it now (``None``: not in the site)."""

PENDING_SIZE_PREFIX = "zigzag-pending-figure-"
_PENDING_SIZE = re.compile(re.escape(PENDING_SIZE_PREFIX) + r"(\d+)-(width|height)")
"""Stand-in for a figure's width/height in a page converted while the figure was still being drawn."""


@dataclass(frozen=True)
class Placement:
    """One file of one figure: its place in the site and the file that goes there."""

    index: int
    """The figure's index in the job."""
    src_uri: str
    path: str
    """The file to publish (where it will be, while the figure is still being drawn)."""
    ready: bool
    """False while the figure is being drawn: the file is linked into the site when the job finishes."""


def summary_beside(raster_dest_uri: str, raster_url: str, summary_src_uri: str) -> tuple[str, str]:
    """``(dest_uri, url)`` that put a figure's summary beside its raster, wherever the raster was moved
    (Material's blog publishes a post's assets in the post's folder)."""
    name = posixpath.basename(summary_src_uri)
    return posixpath.join(posixpath.dirname(raster_dest_uri), name), posixpath.join(
        posixpath.dirname(raster_url), name
    )


class FigurePublisher:
    """This build's generated figures, from the job that draws them to the pages that show them."""

    def __init__(self, engine: FigureEngine, *, caption: bool) -> None:
        self.engine = engine
        self.caption = caption
        """Show an image's title as a ``<figcaption>`` (``figures_caption``)."""
        self.job: FigureJob | None = None
        self.report: FigureReport | None = None
        """The job's report, once every figure is drawn."""
        self._index: dict[str, int] = {}
        """Raster src_uri → the figure's index in the job."""
        self._url_of: UrlOf = lambda _src_uri: None
        self._summaries: dict[str, dict[str, Any]] = {}

    def start(
        self, specs: Sequence[FigureSpec], url_of: UrlOf, progress: Callable[[str], None] | None = None
    ) -> FigureJob:
        """Start drawing *specs*' stale figures (in worker processes, while the pages are built); with
        many to draw, *progress* gets a line as each is done."""
        job = self.engine.start(specs, progress=progress)
        self.job = job
        self._url_of = url_of
        self._index = {spec.raster_uri: index for index, spec in enumerate(job.specs)}
        return job

    @property
    def specs(self) -> Sequence[FigureSpec]:
        """The figures of this build (none before :meth:`start`)."""
        return self.job.specs if self.job is not None else []

    @property
    def drawing(self) -> bool:
        """Whether figures were started and not all collected yet."""
        return self.job is not None and self.report is None

    def placements(self) -> Iterator[Placement]:
        """Every file of every figure: the drawn file, or the one it will be for a figure being drawn."""
        job = self.job
        if job is None:
            return
        for index in range(len(job.specs)):
            ready = job.ready(index)
            placed = job.output(index).files if ready else job.expected_files(index)
            for src_uri, path in placed.items():
                yield Placement(index, src_uri, path, ready)

    def finish(self) -> FigureReport:
        """Wait for the figures still being drawn; the build's report."""
        assert self.job is not None
        self.report = self.job.finish()
        return self.report

    def drawn_file(self, index: int, src_uri: str) -> str | None:
        """The file drawn for *src_uri* of figure *index* (None: that figure writes no such file)."""
        assert self.job is not None
        return self.job.output(index).files.get(src_uri)

    def stop(self) -> None:
        """Stop drawing (the build failed)."""
        if self.drawing:
            assert self.job is not None
            self.job.stop()

    def prune(self) -> None:
        """Forget cache entries that no build used lately (after :meth:`finish`)."""
        if self.report is not None:
            self.engine.prune(self.report.keys)

    def figure_html(self, src_uri: str, url: str, image: ImageAttributes) -> str | None:
        """Markup for the generated figure at *src_uri* (None when that asset is not a generated figure).

        *url* is the page-relative URL of the raster, as the tag renderer computed it; the themed
        variants sit beside it, so their URLs are derived from the site URLs relative to the raster.
        """
        index = self._index.get(src_uri)
        job = self.job
        if index is None or job is None:
            return None
        light_uri, dark_uri = self.engine.variant_uris(job.specs[index])
        raster, light, dark = (self._url_of(uri) for uri in (src_uri, light_uri, dark_uri))
        if raster is None or light is None or dark is None:
            return None
        base = posixpath.dirname(url)
        folder = posixpath.dirname(raster)

        def beside(file_url: str) -> str:
            return posixpath.join(base, posixpath.relpath(file_url, folder or "."))

        # The tag's size wins; with neither given, the figure's own size (so the page does not jump),
        # filled in when the page is written if the figure is still being drawn now.
        if not (image.width or image.height):
            if job.ready(index):
                drawn = job.output(index)
                image = replace(image, width=str(drawn.width), height=str(drawn.height))
            else:
                width, height = (f"{PENDING_SIZE_PREFIX}{index}-{side}" for side in ("width", "height"))
                image = replace(image, width=width, height=height)
        caption = image.title if self.caption else None
        return render_figure_html(beside(light), beside(dark), image, caption=caption)

    def fill_sizes(self, output: str) -> str:
        """*output* with the sizes of figures that were still being drawn when the page was converted."""
        job = self.job
        if job is None or PENDING_SIZE_PREFIX not in output:  # stand-ins come only from this build's job
            return output

        def size(match: re.Match[str]) -> str:
            drawn = job.output(int(match.group(1)))
            return str(drawn.width if match.group(2) == "width" else drawn.height)

        return _PENDING_SIZE.sub(size, output)

    def number(self, args: Sequence[str], page: PageContext) -> str:
        """The ``zigzag_number`` tag: a number from the summary of a figure generated for this page."""
        try:
            image, key, spec = parse_number_args(args)
            index = self._index.get(posixpath.join(page.asset_folder, image))
            job = self.job
            output = job.output(index) if index is not None and job is not None else None  # waits if drawing
            if output is None:
                raise NumberError(
                    f"'{image}' is not a figure generated for this page.",
                    "Bind it under `figures` in mkdocs.yml (post: this page, asset: the image).",
                )
            path = None if output.failed else output.files.get(output.spec.summary_uri)
            if path is None:
                raise NumberError(
                    f"the figure '{image}' has no summary to quote"
                    + (" (it was not generated: see its warning)." if output.failed else "."),
                    "Give its generator a summarize() (docs/figures.md)." if not output.failed else "",
                )
            if path not in self._summaries:
                self._summaries[path] = read_summary(path)
            return format_number(self._summaries[path], key, spec, image=image)
        except NumberError as error:
            raise TagError(error.message, error.fix) from None

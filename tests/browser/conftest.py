"""Real-browser fixtures: build a site, serve it on 127.0.0.1, and watch everything a page does.

Playwright drives Debian's Chromium (``apt-get install chromium``); ``playwright install`` is never
needed. The browser is session-scoped (pytest-playwright's ``browser``), and so are the built sites
and their servers, so each test pays only for its pages.

Every browser context a test opens through :func:`watch_context` records, as readable lines:
requests to any host but 127.0.0.1 (aborted), failed requests and HTTP errors, console errors,
uncaught page errors and dialogs (dismissed). A test asserts ``watch.problems == []`` where it
matters; the ``reader`` fixture fails the test at teardown if anything was left unchecked.
"""

from __future__ import annotations

import os
import shutil
import struct
import zlib
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin, urlsplit

import pytest
from conftest import ROOT, BuiltSite, run_build

from .chromium import CHROMIUM, CHROMIUM_ARGS, LOCAL_HOST, serve

if TYPE_CHECKING:
    from collections.abc import Callable, Generator, Iterator

    from playwright.sync_api import BrowserContext, ConsoleMessage, Dialog, Page, Request, Response, Route
    from playwright.sync_api import Error as PlaywrightError
    from pytest_playwright.pytest_playwright import CreateContextCallback

HERE = Path(__file__).resolve().parent
ARTIFACTS = ROOT / "test-artifacts"
VIEWPORT = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of this folder ``browser`` (``-m 'not browser'`` leaves them out) and ``slow`` (each
    builds a whole site)."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)


_CALL_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Remember whether the test body failed, so teardown does not report the same problems twice."""
    report = yield
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed
    return report


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launch Debian's Chromium; skip (fail under ``CI=true``) when it is not installed."""
    if not CHROMIUM.is_file():
        message = (
            f"the browser tests need Debian's Chromium at {CHROMIUM}: install it with "
            "`apt-get install chromium` (never `playwright install`)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url() -> None:
    """No base URL: tests use absolute URLs of the sites they serve.

    Overrides pytest-playwright's own, an instance-method session fixture that pytest 9 deprecates
    (a warning, hence an error here).
    """
    return None


# --- serving built sites ------------------------------------------------------------------------


@dataclass
class ServedSite:
    """A built site and the local URL it is served at (its ``site_url`` path kept, so 404.html works)."""

    built: BuiltSite
    base_url: str

    @property
    def pages(self) -> list[str]:
        """Every HTML page of the site, relative to :attr:`base_url` (``blog/`` for blog/index.html)."""
        paths = []
        for html in sorted(self.built.site_dir.rglob("*.html")):
            rel = html.relative_to(self.built.site_dir).as_posix()
            paths.append(rel[: -len("index.html")] if html.name == "index.html" else rel)
        return paths

    def html(self, path: str) -> str:
        """The built HTML of a page given as in :attr:`pages`."""
        file = self.built.site_dir / path
        return (file / "index.html" if path.endswith("/") or not path else file).read_text(encoding="utf-8")

    def url(self, path: str) -> str:
        """Absolute URL of a site-relative *path* (percent-encoded, as a browser would send it)."""
        return urljoin(self.base_url, quote(path))

    def page_matching(self, pattern: str) -> str:
        """The one page whose HTML file matches the glob *pattern* (relative to the site dir)."""
        found = sorted(self.built.site_dir.glob(pattern))
        assert len(found) == 1, (
            f"expected one page matching {pattern!r} in {self.built.site_dir}, got {found}"
        )
        rel = found[0].relative_to(self.built.site_dir).as_posix()
        return rel[: -len("index.html")] if found[0].name == "index.html" else rel


@contextmanager
def build_and_serve(project: Path, workdir: Path) -> Iterator[ServedSite]:
    """Build *project* (its mkdocs.yml) into *workdir* and serve it under its ``site_url`` path."""
    from mkdocs.config import load_config

    prefix = urlsplit(load_config(str(project / "mkdocs.yml")).site_url or "/").path.strip("/")
    www = workdir / "www"
    # In a thread of its own: Playwright's sync API runs an asyncio loop in this one, and code that checks
    # for a running loop (mini-racer refuses a timeout inside one) must see the plain `mkdocs build` world.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="mkdocs-build") as pool:
        built = pool.submit(run_build, project, site_dir=www / prefix if prefix else www).result()
    with serve(www) as origin:
        yield ServedSite(built=built, base_url=urljoin(origin, f"{prefix}/" if prefix else ""))


def tiny_png(width: int = 4, height: int = 3) -> bytes:
    """A valid RGB PNG of one colour (stdlib only)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x20\x40\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """This repository's own site (mkdocs.yml at the root), built into a temp dir and served."""
    with build_and_serve(ROOT, tmp_path_factory.mktemp("site")) as served:
        yield served


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The hostile fixture project (script-like text everywhere), copied, built and served."""
    project = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(HERE / "fixtures" / "hostile", project)
    (project / "docs" / "blog" / "posts" / "hostile").mkdir()
    (project / "docs" / "blog" / "posts" / "hostile" / "pic.png").write_bytes(tiny_png(40, 30))
    with build_and_serve(project, project.parent) as served:
        yield served


# --- watching what pages do ---------------------------------------------------------------------


@dataclass
class Watch:
    """What went wrong in one browser context, one readable line per event."""

    problems: list[str] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    pending: set[Request] = field(default_factory=set)
    checked: int = 0

    def report(self, what: str, page: Page | None) -> None:
        """Record a problem, tagged with the page it happened on."""
        where = page.url if page is not None else "?"
        self.problems.append(f"{where}: {what}")

    def take(self) -> list[str]:
        """The problems recorded so far; they count as checked from now on."""
        self.checked = len(self.problems)
        return list(self.problems)


def watch_context(context: BrowserContext) -> Watch:
    """Route and observe every request and message of *context*, recorded in the returned :class:`Watch`."""
    watch = Watch()

    def on_route(route: Route) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in ("data", "blob") or url.hostname == LOCAL_HOST:
            route.continue_()
            return
        watch.report(f"request to another host: {route.request.url}", route.request.frame.page)
        route.abort("blockedbyclient")

    def on_request(request: Request) -> None:
        watch.requests.append(request)
        watch.pending.add(request)

    def on_finished(request: Request) -> None:
        watch.pending.discard(request)

    def on_failed(request: Request) -> None:
        watch.pending.discard(request)
        if urlsplit(request.url).hostname == LOCAL_HOST:  # others are already reported above
            watch.report(f"failed request: {request.url} ({request.failure})", _page_of(request))

    def on_response(response: Response) -> None:
        if response.status >= 400:
            watch.report(f"HTTP {response.status}: {response.url}", _page_of(response.request))

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            watch.report(f"console error: {message.text} at {message.location}", message.page)

    def on_page_error(error: PlaywrightError) -> None:
        watch.report(f"page error: {error}", None)

    def on_dialog(dialog: Dialog) -> None:
        watch.dialogs.append(dialog.message)
        watch.report(f"a script opened a {dialog.type} dialog: {dialog.message!r}", dialog.page)
        dialog.dismiss()

    context.route("**/*", on_route)
    context.on("request", on_request)
    context.on("requestfinished", on_finished)
    context.on("requestfailed", on_failed)
    context.on("response", on_response)
    context.on("console", on_console)
    context.on("weberror", lambda web_error: on_page_error(web_error.error))
    context.on("dialog", on_dialog)
    return watch


def _page_of(request: Request) -> Page | None:
    """The page a request belongs to (None for a worker's request)."""
    try:
        return request.frame.page
    except Exception:  # a service or dedicated worker's request has no frame
        return None


# JavaScript run in the page: scroll through it so lazy images start, make the rest eager, wait for all.
_LOAD_ALL_IMAGES = """async () => {
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight) {
    scrollTo(0, y);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  scrollTo(0, 0);
  const images = [...document.images];
  for (const image of images) image.loading = "eager";
  await Promise.all(images.map((image) => image.decode().catch(() => null)));
  return images.filter((image) => !(image.complete && image.naturalWidth > 0))
               .map((image) => image.getAttribute("src"));
}"""


@dataclass
class Reader:
    """A page in a watched browser context: what a reader's browser does, and what went wrong."""

    page: Page
    watch: Watch

    def open(self, url: str) -> None:
        """Load *url*, wait until no request is in flight and the fonts are ready."""
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.ok, (
            f"{url}: {response.status if response else 'no response'}"
        )
        self.settle()
        self.page.evaluate("document.fonts.ready.then(() => true)")

    def settle(self, quiet_ms: int = 150, timeout_ms: int = 15_000) -> None:
        """Wait until no request has been in flight for *quiet_ms* (Playwright's networkidle waits 500 ms).

        Material's search worker fetches its index and then lunr's language files, one after another;
        the gaps between them are a few milliseconds.
        """
        quiet = waited = 0
        step = 50
        while quiet < quiet_ms:
            self.page.wait_for_timeout(step)  # Playwright delivers the request events meanwhile
            quiet = quiet + step if not self.watch.pending else 0
            waited += step
            if waited > timeout_ms:
                pending = ", ".join(request.url for request in self.watch.pending)
                raise AssertionError(f"requests still in flight after {timeout_ms} ms: {pending}")

    def broken_images(self) -> list[str]:
        """The ``src`` of every ``<img>`` that did not load (lazy ones included), after scrolling through."""
        return list(self.page.evaluate(_LOAD_ALL_IMAGES))

    def scheme(self) -> str:
        """Material's current colour scheme (``default`` or ``slate``)."""
        return str(self.page.evaluate("document.body.dataset.mdColorScheme"))

    def toggle_palette(self) -> str:
        """Click the visible palette toggle (``label[for="__palette_N"]``); return the new scheme."""
        before = self.scheme()
        self.page.locator('label[for^="__palette_"]:visible').click()
        self.page.wait_for_function("(before) => document.body.dataset.mdColorScheme !== before", arg=before)
        return self.scheme()

    def screenshot(self, name: str) -> Path:
        """Save a full-page screenshot under ``test-artifacts/`` and return its path."""
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def new_reader(
    new_context: CreateContextCallback, request: pytest.FixtureRequest
) -> Iterator[Callable[..., Reader]]:
    """Factory of watched readers (``new_reader(java_script_enabled=False)``); unchecked problems fail."""
    readers: list[Reader] = []

    def _new_reader(**context_args: Any) -> Reader:
        context = new_context(**{"viewport": VIEWPORT, "color_scheme": "light", **context_args})
        watch = watch_context(context)
        reader = Reader(page=context.new_page(), watch=watch)
        readers.append(reader)
        return reader

    yield _new_reader
    for reader in readers:
        reader.page.context.unroute_all(behavior="ignoreErrors")
    unchecked = [p for reader in readers for p in reader.watch.problems[reader.watch.checked :]]
    if unchecked and not request.node.stash.get(_CALL_FAILED, False):
        pytest.fail("the browser reported problems:\n" + "\n".join(unchecked), pytrace=False)


@pytest.fixture
def reader(new_reader: Callable[..., Reader]) -> Reader:
    """One watched reader: Chromium at 1280×900, light colour scheme preferred."""
    return new_reader()

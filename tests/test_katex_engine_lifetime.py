"""V8's lifetime: a context is torn down in the thread that made it, whether closed or left to exit.

On some hosts (seen on Intel Xeon with mini-racer 0.13 and 0.14) freeing a V8 isolate from any other
thread, once its maker has exited, kills the process with SIGSEGV: a build that closed KaTeX in
``on_shutdown`` exited 139. Each case runs in a child process, so a crash fails the test instead of the run.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

_SCRIPT = """
import threading
from mkdocs_zigzag.katex.assets import locate_katex_assets
from mkdocs_zigzag.katex.engine import Formula, KatexEngine, KatexOptions

engine = KatexEngine(locate_katex_assets())
rendered = engine.render([Formula(r"\\frac{1}{2} + \\sigma(x)", False)] * 24, KatexOptions.build())
assert all(r.html for r in rendered), rendered
ENDING
print("done")
"""


@pytest.mark.parametrize(
    "ending",
    [
        pytest.param("engine.close()", id="closed-by-its-user"),
        pytest.param("", id="left-to-interpreter-exit"),
        pytest.param(
            "t = threading.Thread(target=engine.close); t.start(); t.join()",
            id="closed-from-another-thread",
        ),
        pytest.param(
            "engine.close(); engine.render([Formula('x', True)], KatexOptions.build())", id="restarted"
        ),
    ],
)
def test_v8_teardown_never_crashes_the_process(ending: str) -> None:
    script = textwrap.dedent(_SCRIPT).replace("ENDING", ending)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout.strip()) == (0, "done"), result.stderr[-2000:]


def test_two_engines_of_one_process_live_side_by_side() -> None:
    """A second context made while the first lives (a test session's shared renderer and a build's)."""
    script = textwrap.dedent(
        """
        import threading
        from mkdocs_zigzag.katex.assets import locate_katex_assets
        from mkdocs_zigzag.katex.engine import Formula, KatexEngine, KatexOptions

        first, second = KatexEngine(locate_katex_assets()), KatexEngine(locate_katex_assets())
        options = KatexOptions.build()
        assert first.render([Formula("x", False)], options)[0].html
        worker = threading.Thread(target=lambda: second.render([Formula("y", True)], options))
        worker.start()
        worker.join()
        assert second.render([Formula("z", False)], options)[0].html
        first.close()
        assert second.render([Formula("w", False)], options)[0].html
        print("done")
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout.strip()) == (0, "done"), result.stderr[-2000:]

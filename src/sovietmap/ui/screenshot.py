"""``sovietmap --screenshot FILE``: wait for the map to paint the date asked for, then save the
window atomically.

The rules of exports hold (see :mod:`sovietmap.export.atomic`): the PNG goes to a temporary
file beside the target and is renamed over it only when complete, so a full disk never leaves
a cut-off PNG in place of the old one. Every failure (the map did not load or paint in time,
the file could not be written) is one line on stderr and exit status 1.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop, QTimer

from sovietmap.export.atomic import ExportError, write_bytes
from sovietmap.export.qtcapture import png_bytes

if TYPE_CHECKING:
    from sovietmap.ui.main_window import MainWindow

log = logging.getLogger("sovietmap")

#: Longest wait for the map to paint before ``--screenshot`` gives up.
SCREENSHOT_TIMEOUT_MS = 90_000
#: Pause after the first paint, so a popup's pan settles.
SETTLE_MS = 900


def save_screenshot(window: MainWindow, path: Path) -> None:
    """Write a PNG of ``window`` to ``path`` atomically; :class:`ExportError` if it fails."""
    write_bytes(Path(path), png_bytes(window.grab().toImage()))


def take_screenshot(window: MainWindow, path: Path, timeout_ms: int = SCREENSHOT_TIMEOUT_MS) -> int:
    """Wait until the shown ``window``'s map has painted, then save it to ``path``.

    Returns 0 when the PNG was written; 1, with one line on stderr and ``path`` left as it
    was, when the map failed to load, did not paint within ``timeout_ms``, or the file could
    not be written.
    """
    loop = QEventLoop()
    outcome: dict[str, str] = {}

    def finish(problem: str | None) -> None:
        if "done" in outcome:
            return
        outcome["done"] = "yes"
        if problem is not None:
            outcome["problem"] = problem
        loop.quit()

    def save() -> None:
        if "done" in outcome:
            return
        try:
            save_screenshot(window, path)
        except ExportError as exc:
            finish(str(exc))
        else:
            finish(None)

    def failed(message: str) -> None:
        finish("the map failed to load: " + " ".join(str(message).split()))

    started = {"paint": False}

    def shows_the_date(state: dict[str, Any]) -> None:
        # a paint of an earlier change (the page's first date) is not the one to keep
        wanted = window.model.date.isoformat()
        if not started["paint"] and state.get("painted") and state.get("date") == wanted:
            started["paint"] = True
            QTimer.singleShot(SETTLE_MS, save)

    def painted() -> None:
        if not started["paint"]:
            window.map.state(shows_the_date)

    window.map.painted.connect(painted)
    window.map.failed.connect(failed)
    QTimer.singleShot(
        timeout_ms,
        lambda: finish(f"the map did not paint within {timeout_ms // 1000} s; nothing was written"),
    )
    if window.map.error is not None:  # it failed before we listened
        failed(window.map.error)
    if "done" not in outcome:
        loop.exec()
    if "problem" in outcome:
        print(f"sovietmap: {outcome['problem']}", file=sys.stderr, flush=True)
        return 1
    log.info("screenshot %s saved", path)
    return 0

"""Helpers of tests/ui/test_big_events.py: a generated big events file, the page's state, and a
load watched from start to end (what the window showed while it loaded in the background)."""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, Qt, QTimer, SignalInstance
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from sovietmap.ui.main_window import MainWindow

ROWS = 30_000
KINDS = ("battle", "decree", "strike", "congress")
PLACES = ("Baku", "Tiflis", "Erivan", "Ganja")
ID_ROLE = Qt.ItemDataRole.UserRole


def write_events(path: Path, rows: int, *, prefix: str = "big", bad: int = 0) -> Path:
    """A generated CSV of ``rows`` good events (and ``bad`` rows with an impossible date)."""
    rnd = random.Random(rows)
    first = dt.date(1918, 1, 1).toordinal()
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "title", "description", "start", "end", "place", "lat", "lon", "kind"])
        for i in range(rows):
            start = dt.date.fromordinal(first + rnd.randrange(28_000))
            place = PLACES[i % len(PLACES)]
            out.writerow(
                [
                    f"{prefix}-{i:06d}",
                    f"Event {i} at {place}",
                    f"Generated row {i} ({'Ünïcode' if i % 7 == 0 else 'ascii'})",
                    start.isoformat(),
                    start.isoformat(),
                    place,
                    f"{39 + rnd.random() * 3:.4f}",
                    f"{45 + rnd.random() * 4:.4f}",
                    KINDS[i % len(KINDS)],
                ]
            )
        for i in range(bad):
            out.writerow(
                [f"{prefix}-bad-{i}", "Bad", "", "1937-02-30", "", "Baku", "40", "49", "battle"]
            )
    return path


def spin(qtbot: QtBot, test: Callable[[], bool], timeout: int = 180_000) -> None:
    """Run the event loop until ``test()`` holds (fails after ``timeout`` ms)."""
    qtbot.waitUntil(test, timeout=timeout)


def close_boxes() -> None:
    """Close every message box (the bad-rows dialogs)."""
    for box in [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]:
        box.close()


def page_state(qtbot: QtBot, window: MainWindow) -> dict[str, Any]:
    """``sovietmap.state()`` from the window's page."""
    box: list[dict[str, Any]] = []
    window.map.state(box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    return box[0]


def wait_page(
    qtbot: QtBot, window: MainWindow, test: Callable[[dict[str, Any]], bool]
) -> dict[str, Any]:
    """The page's state once it has painted and ``test(state)`` holds."""
    seen: dict[str, Any] = {}

    def check() -> bool:
        seen.clear()
        seen.update(page_state(qtbot, window))
        return bool(seen.get("painted")) and test(seen)

    qtbot.waitUntil(check, timeout=20_000)
    return dict(seen)


def shown_ids(window: MainWindow) -> list[str]:
    """The ids of the rows the events list shows, in order."""
    model = window.events_panel.list.model()
    return [str(model.data(model.index(r, 0), ID_ROLE)) for r in range(model.rowCount())]


def wait_signal(signal: SignalInstance, timeout_ms: int) -> list[Any]:
    """Run the event loop until ``signal`` fires; its arguments (fails after ``timeout_ms``)."""
    got: list[Any] = []
    loop = QEventLoop()

    def fired(*args: Any) -> None:
        got.append(list(args))
        loop.quit()

    signal.connect(fired)
    QTimer.singleShot(timeout_ms, loop.quit)
    if not got:
        loop.exec()
    signal.disconnect(fired)
    assert got, f"no signal within {timeout_ms} ms"
    return list(got[0])


@dataclass
class Load:
    """What the window showed while it loaded a file in the background."""

    before: int  # events before the load
    busy_at_once: bool = False  # right after load_events returned ...
    shown_at_once: bool = False  # ... progress bar and Cancel on show
    count_at_once: int = 0  # ... and the catalogue not yet changed
    ticks: list[bool] = field(default_factory=list)  # loader.busy() at each 25 ms tick
    steps: list[tuple[str, int, int]] = field(default_factory=list)  # progress (stage, done, of)
    loaded: list[Any] = field(default_factory=list)  # loaded(path, added, problems)
    after: int = 0  # events once loaded
    rows_after: int = 0  # rows in the list once loaded
    shown_after: bool = True  # progress bar or Cancel still on show


def load_watched(window: MainWindow, path: Path) -> Load:
    """Load ``path`` as File → Open does, watching the window meanwhile."""
    panel, loader = window.events_panel, window.events_loader
    seen = Load(before=len(window.catalogue.events))
    timer = QTimer(interval=25)
    timer.timeout.connect(lambda: seen.ticks.append(loader.busy()))
    timer.start()
    got: list[Any] = []

    def step(*args: Any) -> None:
        seen.steps.append(args)

    def loaded(*args: Any) -> None:
        got.append(list(args))

    loader.progress.connect(step)
    loader.loaded.connect(loaded)
    window.load_events(path)
    # the call returns at once: the file is read on another thread, progress on show
    seen.busy_at_once = loader.busy()
    seen.shown_at_once = panel.progress.isVisibleTo(window) and panel.cancel_button.isVisibleTo(
        window
    )
    seen.count_at_once = len(window.catalogue.events)
    seen.loaded = got[0] if got else wait_signal(loader.loaded, 300_000)
    timer.stop()
    loader.progress.disconnect(step)  # later loads are no part of this one
    loader.loaded.disconnect(loaded)
    close_boxes()
    seen.after = len(window.catalogue.events)
    seen.rows_after = panel.list.model().rowCount()
    seen.shown_after = panel.progress.isVisibleTo(window) or panel.cancel_button.isVisibleTo(window)
    return seen

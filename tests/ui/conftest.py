"""A viewer window per ui test module (real data, a temporary settings file and page cache),
put back before each test into the state it opened in, so that the tests pass in any order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QToolTip
from pytestqt.qtbot import QtBot

from sovietmap.core.atlas import BorderAtlas
from sovietmap.core.changes import DEFAULT_POLITY
from sovietmap.core.events import EventCatalogue
from sovietmap.mapview.page import build_page
from sovietmap.ui.main_window import MainWindow

#: The fixtures that give a shared window; each is reset before every test that uses it.
SHARED_WINDOWS = ("window", "big_window")


@pytest.fixture(scope="session")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real page, built into a temporary cache."""
    return build_page(cache_dir=tmp_path_factory.mktemp("cache"))


def _temp_settings(folder: Path) -> QSettings:
    """A settings store in a file of its own (never the user's)."""
    return QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)


def _page_state(qtbot: QtBot, window: MainWindow) -> dict[str, Any]:
    """``sovietmap.state()`` from the page."""
    box: list[dict[str, Any]] = []
    window.map.state(box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    return box[0]


def _wait_state(
    qtbot: QtBot, window: MainWindow, test: Callable[[dict[str, Any]], bool], timeout: int = 15_000
) -> dict[str, Any]:
    """Poll the page until ``test(state)`` holds (and the page has painted); return the state."""
    seen: dict[str, Any] = {}

    def check() -> bool:
        seen.clear()
        seen.update(_page_state(qtbot, window))
        return bool(seen.get("painted")) and test(seen)

    qtbot.waitUntil(check, timeout=timeout)
    return dict(seen)


@dataclass(frozen=True)
class Opened:
    """What a shared window's model held when the window had opened (and its map was ready)."""

    date: dt.date
    speed: int
    layers: dict[str, bool]
    pin_mode: str
    selected: str | None

    @classmethod
    def of(cls, window: MainWindow) -> Opened:
        """The state ``window`` shows now."""
        m = window.model
        return cls(m.date, m.speed, dict(m.layers), m.pin_mode, m.selected_event)


#: The state each shared window opened in, by ``id(window)`` (set by :func:`open_window`).
_OPENED: dict[int, Opened] = {}


def close_dialogs() -> None:
    """Close every dialog and message box a test left open, and any tooltip."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog | QMessageBox) and widget.isVisible():
            widget.close()
    QToolTip.hideText()
    QApplication.processEvents()


def open_window(settings: QSettings, atlas: Any, page: Path) -> MainWindow:
    """A viewer window on the real catalogue, shown, with its map ready; the state it opened in
    is remembered for :func:`reset_window`."""
    win = MainWindow(atlas, EventCatalogue.load(), page, settings)
    win.remember = False
    win.show()
    loop = QEventLoop()
    win.map.ready.connect(loop.quit)
    win.map.failed.connect(lambda _m: loop.quit())
    QTimer.singleShot(60_000, loop.quit)
    if not win.map.is_ready and win.map.error is None:
        loop.exec()
    assert win.map.is_ready, f"map page never became ready: {win.map.error}"
    remember_opened(win)
    return win


def remember_opened(window: MainWindow) -> None:
    """Take what ``window`` shows now as the state :func:`reset_window` puts back."""
    _OPENED[id(window)] = Opened.of(window)


def close_window(window: MainWindow) -> None:
    """Close a window of :func:`open_window`."""
    close_dialogs()
    _OPENED.pop(id(window), None)
    window.close()


def reset_window(qtbot: QtBot, window: MainWindow) -> None:
    """Put ``window`` back into the state it opened in: no play, its speed, layers, pin mode,
    date and selected event (in the panel, the model and the page), no filter, no dialog, the
    keyboard on the map; then wait until the page shows it.

    Events a test added to the catalogue stay (tests count them relative to what was there).
    """
    opened = _OPENED[id(window)]
    close_dialogs()
    model = window.model
    model.set_playing(False)
    model.set_compare_date(None)  # Compare mode off: no hatches left for the next test
    model.set_compare_polity(DEFAULT_POLITY)
    model.set_speed(opened.speed)
    model.set_layers(opened.layers)
    model.set_pin_mode(opened.pin_mode)
    panel = window.events_panel
    panel.filter.clear()
    panel.kind.setCurrentIndex(0)
    model.set_date(opened.date)
    model.select_event(opened.selected)
    if opened.selected is not None:
        panel.select(opened.selected, announce=False)
    window.map.focus_event(opened.selected)
    window.activateWindow()
    window.map.view.setFocus()
    _wait_state(
        qtbot,
        window,
        lambda s: (
            s["date"] == opened.date.isoformat()
            and s["pinMode"] == opened.pin_mode
            and s["focused"] == opened.selected
        ),
    )


@pytest.fixture(autouse=True)
def _as_opened(request: pytest.FixtureRequest) -> None:
    """Before each test that uses a shared window: :func:`reset_window` on it."""
    for name in SHARED_WINDOWS:
        if name in request.fixturenames:
            reset_window(request.getfixturevalue("qtbot"), request.getfixturevalue(name))


@pytest.fixture(scope="module")
def session_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for the module's window settings."""
    return tmp_path_factory.mktemp("settings")


@pytest.fixture(scope="module")
def window(qapp: Any, atlas: BorderAtlas, page: Path, session_dir: Path) -> Iterator[MainWindow]:
    """A fresh window for each test module (no test sees another module's leftovers), opened as
    on a first run, with its map ready; reset to that state before each test."""
    win = open_window(_temp_settings(session_dir), atlas, page)
    yield win
    close_window(win)


class PageProbe:
    """Asks the shared window's page what it shows."""

    def __init__(self, qtbot: QtBot, window: MainWindow) -> None:
        self.qtbot = qtbot
        self.window = window

    def state(self) -> dict[str, Any]:
        """``sovietmap.state()`` now."""
        return _page_state(self.qtbot, self.window)

    def wait(self, test: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """The state once the page has painted and ``test(state)`` holds."""
        return _wait_state(self.qtbot, self.window, test)


@pytest.fixture
def probe(qtbot: QtBot, window: MainWindow) -> PageProbe:
    """A :class:`PageProbe` on the shared window."""
    return PageProbe(qtbot, window)


@pytest.fixture
def make_settings() -> Callable[[Path], QSettings]:
    """Makes a settings store in a given folder (never the user's)."""
    return _temp_settings

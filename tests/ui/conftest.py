"""A viewer window per ui test module: real data, a temporary settings file and page cache."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEventLoop, QSettings, QTimer
from pytestqt.qtbot import QtBot

from sovietmap.core.atlas import BorderAtlas
from sovietmap.core.events import EventCatalogue
from sovietmap.mapview.page import build_page
from sovietmap.ui.main_window import MainWindow


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


@pytest.fixture(scope="module")
def session_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for the module's window settings."""
    return tmp_path_factory.mktemp("settings")


@pytest.fixture(scope="module")
def window(qapp: Any, atlas: BorderAtlas, page: Path, session_dir: Path) -> Iterator[MainWindow]:
    """A fresh window for each test module (no test sees another module's leftovers), opened as
    on a first run, with its map ready."""
    win = MainWindow(atlas, EventCatalogue.load(), page, _temp_settings(session_dir))
    win.remember = False
    win.show()
    loop = QEventLoop()
    win.map.ready.connect(loop.quit)
    win.map.failed.connect(lambda _m: loop.quit())
    QTimer.singleShot(60_000, loop.quit)
    if not win.map.is_ready and win.map.error is None:
        loop.exec()
    assert win.map.is_ready, f"map page never became ready: {win.map.error}"
    yield win
    win.close()


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

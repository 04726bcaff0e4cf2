"""Shared fixtures of the export tests: one built page, one warm capturer (the atlas is
tests/conftest.py's)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from sovietmap.core.atlas import BorderIndex
from sovietmap.core.events import EventCatalogue
from sovietmap.export import qtcapture
from sovietmap.mapview.page import build_page
from sovietmap.ui.main_window import MainWindow


@pytest.fixture(scope="session")
def export_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real map page, built into a temporary cache."""
    return build_page(cache_dir=tmp_path_factory.mktemp("export-cache"))


@pytest.fixture(scope="session")
def capturer(qapp: Any, export_page: Path) -> Iterator[qtcapture.PageCapturer]:
    """One hidden page, warm, shared by every capture test."""
    page = qtcapture.PageCapturer(export_page)
    page.wait_ready()
    yield page
    page.close()


@pytest.fixture(autouse=True)
def _bare_capturer(request: pytest.FixtureRequest) -> None:
    """Each test that uses the shared capturer starts from a freshly loaded page's pins (none,
    pin mode "date"), whatever pins an earlier test set: the suite passes in any order."""
    if "capturer" in request.fixturenames:
        page: qtcapture.PageCapturer = request.getfixturevalue("capturer")
        page.set_events([])


@pytest.fixture(scope="module")
def window(
    qapp: Any,
    export_page: Path,
    tmp_path_factory: pytest.TempPathFactory,
    border_index: BorderIndex,
) -> Iterator[MainWindow]:
    """A real window per module for the export dialogs, on 1 November 1937, its settings in a
    temporary file (never the user's)."""
    folder = tmp_path_factory.mktemp("settings")
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(
        border_index, EventCatalogue.load(), export_page, settings, start=dt.date(1937, 11, 1)
    )
    win.remember = False
    win.resize(900, 600)
    win.show()
    yield win
    for box in win.findChildren(QMessageBox):  # a failure's message must not outlive the module
        box.close()
    win.close()
    win.deleteLater()

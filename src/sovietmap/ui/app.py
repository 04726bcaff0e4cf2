"""Wiring in one place: ``run(options)`` builds the data, the page and the window."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from sovietmap.ui.main_window import MainWindow

log = logging.getLogger("sovietmap")


def prepare_environment() -> None:
    """Settings Qt WebEngine needs before the QApplication exists."""
    if (
        hasattr(os, "geteuid")
        and os.geteuid() == 0
        and not os.environ.get("QTWEBENGINE_DISABLE_SANDBOX")
    ):
        os.environ["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
        log.warning("running as root: Chromium's sandbox disabled (QTWEBENGINE_DISABLE_SANDBOX=1)")
    from sovietmap.mapview.engine import prepare_memory

    prepare_memory()  # the web engine's memory switches (README, Performance)


def start_date(options: argparse.Namespace) -> dt.date | None:
    """The date asked for on the command line (``--date`` wins over ``--year``), if any."""
    if getattr(options, "date", None):
        return dt.date.fromisoformat(options.date)
    if getattr(options, "year", None):
        return dt.date(int(options.year), 1, 1)
    return None


def open_window(options: argparse.Namespace) -> tuple[QApplication, MainWindow]:
    """Create the application and the shown main window, its map page loading."""
    prepare_environment()
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from sovietmap.core.atlas import BorderIndex
    from sovietmap.core.events import EventCatalogue
    from sovietmap.mapview.page import build_page
    from sovietmap.ui.main_window import ICON_FILE, MainWindow
    from sovietmap.ui.settings import APPLICATION, ORGANISATION, user_settings

    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    if ICON_FILE.exists():
        app.setWindowIcon(QIcon(str(ICON_FILE)))
    atlas = BorderIndex.load()  # properties only: the page holds the geometry
    catalogue = EventCatalogue.load()
    page = build_page()
    window = MainWindow(
        atlas,
        catalogue,
        page,
        user_settings(),
        start=start_date(options),
        view=getattr(options, "view", None),
    )
    if getattr(options, "screenshot", None) or getattr(options, "no_remember", False):
        window.remember = False  # a scripted run leaves the user's settings alone
    window.show()
    for name in getattr(options, "event_files", None) or []:
        if getattr(options, "screenshot", None):  # the picture shows the file's pins
            window.add_events_file(Path(name))
        else:  # in the background, with progress and Cancel in the events panel
            window.load_events(Path(name))
    return app, window


def run(options: argparse.Namespace) -> int:
    """Open the viewer; with ``options.screenshot`` save a PNG of the window and exit."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    from sovietmap.mapview.pagecache import PageCacheError

    try:
        app, window = open_window(options)
    except PageCacheError as exc:  # neither the cache nor a temporary folder: one line
        print(f"sovietmap: {exc}", file=sys.stderr)
        return 1
    screenshot = getattr(options, "screenshot", None)
    if screenshot:
        from sovietmap.ui.screenshot import take_screenshot

        code = take_screenshot(window, Path(screenshot))
        window.close()
        return code
    return int(app.exec())

"""Shared test set-up: Qt runs offscreen, WebEngine without its sandbox when root and with the
app's memory switches, and the one real border atlas every test reads (loaded once per session;
tests must not modify it). At the end, every window still open is deleted, so no web page
outlives the web engine's profile."""

import os
import sys
from collections.abc import Iterator

import pytest

from sovietmap.core.atlas import BorderAtlas, BorderIndex
from sovietmap.mapview.engine import engine_flags

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
# The web engine runs with the switches the app and `sovietmap export` give it (low-end device
# mode, software rendering offscreen), so the tests see the pages users get.
engine_flags()


@pytest.fixture(scope="session")
def atlas() -> BorderAtlas:
    """The real border atlas, with geometry (shared: read it, never change it)."""
    return BorderAtlas.load()


@pytest.fixture(scope="session")
def border_index() -> BorderIndex:
    """The real properties-only border index the viewer loads (shared: never change it)."""
    return BorderIndex.load()


@pytest.fixture(scope="session", autouse=True)
def _no_web_page_left_at_exit() -> Iterator[None]:
    """Delete every top-level widget left at the end of the session (a map view a test made, a
    module's window), with its web page. A page still alive when Qt WebEngine releases its
    profile at exit crashes the process ("Release of profile requested but WebEnginePage still
    not deleted") after every test has passed; which one is left last depends on the order."""
    yield
    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        return
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()

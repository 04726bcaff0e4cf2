"""Exports through Qt WebEngine: the entry point for the command line, the UI and tests.

The work is split by job: :mod:`.pagesession` (the page, its bridge, ready and painted, shared
with the visible map), :mod:`.capture` (snapshots of a :class:`MapSpec`), :mod:`.recorder`
(animations), :mod:`.qtimage` (PNG files and pixel arrays) and :mod:`.qtwait` (blocking waits on
the event loop). This module starts Qt for them (:func:`application`, :func:`open_capturer`)
and keeps the names callers import from here.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QApplication

from sovietmap.export.atomic import ExportError
from sovietmap.export.capture import (
    CAPTURE_TIMEOUT_S,
    LOAD_TIMEOUT_S,
    PageCapturer,
)
from sovietmap.export.qtimage import from_rgb_array, png_bytes, rgb_array, save_png
from sovietmap.export.qtwait import wait_for, wait_signal
from sovietmap.export.recorder import AnimationRecorder, record_animation

__all__ = [
    "CAPTURE_TIMEOUT_S",
    "LOAD_TIMEOUT_S",
    "AnimationRecorder",
    "PageCapturer",
    "application",
    "from_rgb_array",
    "open_capturer",
    "png_bytes",
    "prepare_environment",
    "record_animation",
    "rgb_array",
    "save_png",
    "wait_for",
    "wait_signal",
]


def prepare_environment(headless: bool) -> None:
    """Before the QApplication exists: offscreen platform when headless, no sandbox as root,
    the web engine's memory switches (:mod:`sovietmap.mapview.engine`)."""
    if headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    from sovietmap.mapview.engine import prepare_memory

    prepare_memory()  # the web engine's memory switches (README, Performance)


def application(headless: bool = True) -> QApplication:
    """The running QApplication, or a new one (offscreen when ``headless``)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    prepare_environment(headless)
    return QApplication(["sovietmap-export"])


def open_capturer(index: Path | None = None) -> PageCapturer:
    """A ready :class:`PageCapturer` on ``index`` (default: the built page), headless."""
    application(headless=True)
    if index is None:
        from sovietmap.mapview.page import build_page
        from sovietmap.mapview.pagecache import PageCacheError

        try:
            index = build_page()
        except PageCacheError as exc:  # neither the cache nor a temporary folder: one line
            raise ExportError(str(exc)) from None
    capturer = PageCapturer(index)
    capturer.wait_ready()
    return capturer

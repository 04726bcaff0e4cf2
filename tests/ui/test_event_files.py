"""Opening hostile event files in the viewer: FIFOs and devices are refused, the app runs on."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from sovietmap.ui.main_window import MainWindow


def _release_after(fifo: Path, seconds: float, done: threading.Event) -> threading.Thread:
    """If a reader still blocks on ``fifo`` after ``seconds`` (old code), open it to let it go."""

    def run() -> None:
        if done.wait(seconds):
            return
        while not done.is_set():
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
                return
            except OSError as exc:
                if exc.errno != errno.ENXIO:  # ENXIO: no reader yet
                    return
            done.wait(0.1)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def _close_boxes() -> list[str]:
    texts = []
    for box in QApplication.topLevelWidgets():
        if isinstance(box, QMessageBox) and box.isVisible():
            texts.append(f"{box.text()}\n{box.informativeText()}")
            box.close()
    return texts


def _open(qtbot: QtBot, window: MainWindow, path: Path, *, background: bool) -> list[str]:
    """Open ``path`` as File → Open does (``background``) or as a scripted run does."""
    with qtbot.waitSignal(window.problems_shown, timeout=30_000) as blocker:
        if background:
            window.load_events(path)
        else:
            window.add_events_file(path)
    problems: list[str] = blocker.args[0]
    return problems


@pytest.mark.parametrize("background", [True, False], ids=["file-open", "scripted"])
def test_a_fifo_is_refused_and_the_app_runs_on(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, background: bool
) -> None:
    fifo = tmp_path / "events.csv"
    os.mkfifo(fifo)
    before = len(window.catalogue.events)
    done = threading.Event()
    releaser = _release_after(fifo, 10, done)
    try:
        problems = _open(qtbot, window, fifo, background=background)
    finally:
        done.set()
        releaser.join(5)
    assert problems == [f"{fifo}: not a regular file (a FIFO): choose a file"]
    [text] = _close_boxes()
    assert text == f"{fifo} could not be read; no events were added.\n{problems[0]}"
    assert len(window.catalogue.events) == before
    good = tmp_path / "good.csv"
    good.write_text(
        f"id,title,start,lat,lon\nafter-fifo-{background},After,1937-11-01,40.4,49.8\n"
        "bad,Bad,1937-02-30,40.4,49.8\n",
        "utf-8",
    )
    assert len(_open(qtbot, window, good, background=background)) == 1
    assert "1 row(s) of" in _close_boxes()[0]
    assert window.catalogue.by_id(f"after-fifo-{background}").title == "After"


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_a_device_is_refused(qtbot: QtBot, window: MainWindow, tmp_path: Path, device: str) -> None:
    link = tmp_path / "events.geojson"
    link.symlink_to(device)
    problems = _open(qtbot, window, link, background=True)
    assert problems == [f"{link}: not a regular file (a device): choose a file"]
    _close_boxes()
    assert window.isVisible()

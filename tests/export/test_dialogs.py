"""File → Export in the window: the menu, the dialogs (filled in, never blocking), results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from sovietmap.core.atlas import BorderIndex
from sovietmap.core.events import EventCatalogue
from sovietmap.ui.export_dialogs import ExportDialog
from sovietmap.ui.main_window import MainWindow


@pytest.fixture(scope="module")
def window(
    qapp: Any, export_page: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[MainWindow]:
    folder = tmp_path_factory.mktemp("settings")
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(
        BorderIndex.load(), EventCatalogue.load(), export_page, settings, start=dt.date(1937, 11, 1)
    )
    win.remember = False
    win.resize(900, 600)
    win.show()
    yield win
    win.close()


def _ready(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.map.is_ready, timeout=60_000)


def test_menu_has_the_actions_with_shortcuts(window: MainWindow) -> None:
    assert window.export_menu.isEnabled()
    shortcuts = {a.objectName(): a.shortcut().toString() for a in window.export_menu.actions()}
    assert shortcuts == {
        "export-snapshot": "Ctrl+E",
        "export-print": "Ctrl+Shift+P",
        "export-html": "Ctrl+Shift+H",
        "export-animation": "Ctrl+Shift+A",
        "export-copy": "Ctrl+Shift+C",
    }


def test_snapshot_dialog_writes_a_2x_png(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    _ready(qtbot, window)
    dialog = window.exports.open_dialog("snapshot")
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    out = tmp_path / "snap.png"
    dialog.path.setText(str(out))
    dialog.scale.setCurrentIndex(1)
    dialog.title.setText("Baku, 1937")
    with qtbot.waitSignal(window.exports.exported, timeout=30_000) as blocker:
        dialog.accept()
    assert blocker.args == [str(out)]
    view = window.map.view
    with Image.open(out) as image:
        assert image.size == (2 * view.width(), 2 * view.height())


def test_print_map_and_html_from_the_window(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    _ready(qtbot, window)
    svg = tmp_path / "print.svg"
    with qtbot.waitSignal(window.exports.exported, timeout=30_000):
        window.exports.run("print", {"path": svg, "title": "", "legend": True, "attribution": True})
    text = svg.read_text(encoding="utf-8")
    assert "1937-11-01" in text and 'id="polity-azerbaijan-ssr"' in text
    html = tmp_path / "page.html"
    with qtbot.waitSignal(window.exports.exported, timeout=30_000):
        window.exports.run("html", {"path": html, "title": "T", "timeline": False})
    assert "https://" not in html.read_text(encoding="utf-8")


def test_wrong_suffix_and_unwritable_path_show_one_message(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    with qtbot.waitSignal(window.exports.failed) as blocker:
        window.exports.run("print", {"path": tmp_path / "map.png"})
    assert "use a .pdf or .svg file" in blocker.args[0]
    with qtbot.waitSignal(window.exports.failed) as blocker:
        window.exports.run("snapshot", {"path": tmp_path / "missing" / "map.png"})
    assert "does not exist" in blocker.args[0]
    assert not list(tmp_path.iterdir())


def test_animation_runs_from_the_event_loop_and_cancels(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    _ready(qtbot, window)
    out = tmp_path / "anim.gif"
    out.write_bytes(b"old")
    window.exports.export_animation(
        out, {"first": 1920, "last": 1990, "step": "year", "fps": 4, "scale": 1.0}
    )
    qtbot.waitUntil(
        lambda: window.exports.recorder is not None and window.exports.recorder.done >= 1,
        timeout=30_000,
    )
    assert window.exports.progress is not None and window.exports.progress.isVisible()
    with qtbot.waitSignal(window.exports.failed, timeout=30_000):
        qtbot.mouseClick(window.exports.progress.findChild(QPushButton), Qt.MouseButton.LeftButton)
    assert out.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["anim.gif"]
    out.unlink()
    with qtbot.waitSignal(window.exports.exported, timeout=60_000):
        window.exports.export_animation(
            out, {"first": 1936, "last": 1938, "step": "year", "fps": 4, "scale": 1.0}
        )
    with Image.open(out) as gif:
        assert getattr(gif, "n_frames", 1) == 3


def test_copy_snapshot_to_clipboard(qtbot: QtBot, window: MainWindow) -> None:
    _ready(qtbot, window)
    with qtbot.waitSignal(window.exports.exported, timeout=30_000):
        window.exports.actions["copy"].trigger()
    image = QGuiApplication.clipboard().image()
    assert image.width() == window.map.view.width() and not image.isNull()


def test_the_hidden_page_is_released_when_idle_and_made_again(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    _ready(qtbot, window)
    exports = window.exports
    first = tmp_path / "first.png"
    with qtbot.waitSignal(exports.exported, timeout=30_000):
        exports.run("snapshot", {"path": str(first), "scale": 1.0})
    assert exports._capturer is not None and exports._release.isActive()
    exports.release()  # what the idle timer does
    assert exports._capturer is None and exports._atlas is None
    again = tmp_path / "again.png"
    with qtbot.waitSignal(exports.exported, timeout=60_000):
        exports.run("snapshot", {"path": str(again), "scale": 1.0})
    with Image.open(first) as a, Image.open(again) as b:
        assert a.size == b.size

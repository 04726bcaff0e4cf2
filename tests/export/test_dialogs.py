"""File → Export in the window: the menu, the dialogs (filled in, never blocking), results."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from sovietmap.core.atlas import BorderIndex
from sovietmap.core.events import EventCatalogue
from sovietmap.export.service import AnimationOptions
from sovietmap.ui.export_dialogs import ExportDialog
from sovietmap.ui.main_window import MainWindow


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
    exports = window.exports
    svg = tmp_path / "print.svg"
    with qtbot.waitSignal(exports.exported, timeout=30_000):
        exports.run(exports.request(svg, legend=True, attribution=True), "print")
    text = svg.read_text(encoding="utf-8")
    assert "1937-11-01" in text and 'id="polity-azerbaijan-ssr"' in text
    html = tmp_path / "page.html"
    with qtbot.waitSignal(exports.exported, timeout=30_000):
        exports.run(exports.request(html, title="T"))
    assert "https://" not in html.read_text(encoding="utf-8")


def test_wrong_suffix_and_unwritable_path_show_one_message(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    exports = window.exports
    with qtbot.waitSignal(exports.failed) as blocker:
        exports.run(exports.request(tmp_path / "map.png"), "print")
    assert "use a .pdf or .svg file" in blocker.args[0]
    with qtbot.waitSignal(exports.failed) as blocker:
        exports.run(exports.request(tmp_path / "missing" / "map.png"), "snapshot")
    assert "does not exist" in blocker.args[0]
    assert not list(tmp_path.iterdir())


def test_animation_runs_from_the_event_loop_and_cancels(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    _ready(qtbot, window)
    out = tmp_path / "anim.gif"
    out.write_bytes(b"old")
    exports = window.exports
    exports.run(exports.request(out, animation=AnimationOptions(1920, 1990, "year", 4)))
    qtbot.waitUntil(
        lambda: window.exports.recorder is not None and window.exports.recorder.done >= 1,
        timeout=30_000,
    )
    assert window.exports.progress is not None and window.exports.progress.isVisible()
    with qtbot.waitSignal(window.exports.failed, timeout=30_000):
        qtbot.mouseClick(window.exports.progress.findChild(QPushButton), Qt.MouseButton.LeftButton)
    assert out.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["anim.gif"]
    out.unlink()
    with qtbot.waitSignal(exports.exported, timeout=60_000):
        exports.run(exports.request(out, animation=AnimationOptions(1936, 1938, "year", 4)))
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
        exports.run(exports.request(first))
    assert exports._capturer is not None and exports._release.isActive()
    exports.release()  # what the idle timer does
    assert exports._capturer is None and exports._atlas is None
    again = tmp_path / "again.png"
    with qtbot.waitSignal(exports.exported, timeout=60_000):
        exports.run(exports.request(again))
    with Image.open(first) as a, Image.open(again) as b:
        assert a.size == b.size


def test_print_and_html_are_drawn_off_the_gui_thread(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sovietmap.export import html
    from sovietmap.export.printmap import PrintMapper

    _ready(qtbot, window)
    threads: list[threading.Thread] = []
    render = PrintMapper.render

    def spy(self: PrintMapper, *args: Any, **kwargs: Any) -> bytes:  # calls through
        threads.append(threading.current_thread())
        return render(self, *args, **kwargs)

    monkeypatch.setattr(PrintMapper, "render", spy)
    exports = window.exports
    pdf = tmp_path / "print.pdf"
    with qtbot.waitSignal(exports.exported, timeout=60_000) as blocker:
        exports.run(exports.request(pdf, title="Off the GUI thread"))
        assert not pdf.exists()  # run() returned before the map was drawn
    assert blocker.args == [str(pdf)] and pdf.read_bytes().startswith(b"%PDF")
    assert threads and threads[0] is not threading.main_thread()
    html_export = html.export_html

    def html_spy(*args: Any, **kwargs: Any) -> Path:  # calls through
        threads.append(threading.current_thread())
        return html_export(*args, **kwargs)

    monkeypatch.setattr(html, "export_html", html_spy)
    page = tmp_path / "page.html"
    with qtbot.waitSignal(exports.exported, timeout=60_000):
        exports.run(exports.request(page))
    assert page.exists() and len(threads) == 2 and threads[1] is not threading.main_thread()
    assert not exports.worker.busy


def test_the_dialog_gives_a_typed_request(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    dialog = window.exports.open_dialog("animation")
    assert dialog is not None
    dialog.path.setText(str(tmp_path / "years.mp4"))
    dialog.first.setValue(1930)
    dialog.last.setValue(1935)
    dialog.step.setCurrentIndex(1)
    dialog.scale.setCurrentIndex(1)
    request = dialog.request(window.exports.current_spec())
    assert (request.kind, request.family) == ("mp4", "animation")
    assert request.animation == AnimationOptions(1930, 1935, "change", 2.0)
    assert request.spec.scale == 2.0 and request.spec.day == window.model.date
    assert request.spec.layers == window.model.layers
    dialog.reject()


def test_exports_need_only_the_host(qtbot: QtBot, export_page: Path, tmp_path: Path) -> None:
    """No window: a host of plain callables is all an export reads."""
    from PySide6.QtWidgets import QMenu, QWidget

    from sovietmap.core.viewer import ViewerModel
    from sovietmap.ui.export_dialogs import ExportController
    from sovietmap.ui.export_host import ExportHost

    widget = QWidget()
    qtbot.addWidget(widget)
    status: list[str] = []
    host = ExportHost(
        widget=widget,
        model=ViewerModel(day=dt.date(1921, 3, 16)),
        map_size=lambda: (400, 300),
        page_file=lambda: export_page,
        read_view=lambda callback: callback(None),  # no map on screen: the default extent
        page_events=list,
        catalogue_events=lambda: EventCatalogue.load().events,
        index=BorderIndex.load,
        show_status=lambda text, _ms: status.append(text),
    )
    exports = ExportController(host, QMenu(widget))
    out = tmp_path / "kars.html"
    with qtbot.waitSignal(exports.exported, timeout=60_000):
        exports.run(exports.request(out, title="Treaty of Kars"))
    assert "Treaty of Kars" in out.read_text(encoding="utf-8")
    assert status == [f"Exported {out}"]

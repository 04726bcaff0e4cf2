"""Issue 12 §1, framing: view presets on the toolbar, in the View menu and on keys; back to the
previous view; the first view frames the Transcaucasian republics; ``--view`` for the viewer
and the export. Each drives the real window and reads the page's own view (getView)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from sovietmap.cli import build_parser
from sovietmap.commands.export import request_of
from sovietmap.core.atlas import BorderAtlas
from sovietmap.core.events import EventCatalogue
from sovietmap.core.views import VIEWS, ViewHistory, contains
from sovietmap.export.atomic import ExportError
from sovietmap.mapview.pagecalls import BBox
from sovietmap.ui.main_window import MainWindow

from .conftest import close_window, open_window

DAY = dt.date(1937, 11, 1)
REPUBLICS = ("azerbaijan-ssr", "armenia-ssr", "georgia-ssr")


def page_view(qtbot: QtBot, window: MainWindow) -> BBox:
    """The extent the page shows now (its getView)."""
    box: list[BBox | None] = []
    window.map.get_view(box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    assert box[0] is not None
    return box[0]


def settled_view(qtbot: QtBot, window: MainWindow, test: object) -> BBox:
    """Poll the page's view until ``test(bbox)`` holds; return it."""
    seen: list[BBox] = []

    def check() -> bool:
        seen[:] = [page_view(qtbot, window)]
        return bool(test(seen[0]))  # type: ignore[operator]

    try:
        qtbot.waitUntil(check, timeout=15_000)
    except Exception:
        print("last view", seen, window.size(), window.map.size())
        raise
    return seen[0]


def bounds(atlas: BorderAtlas, polity: str, day: dt.date = DAY) -> tuple[float, ...]:
    """A polity's extent on ``day`` (west, south, east, north)."""
    return tuple(float(v) for v in atlas.feature(polity, day).bounds)


def centre_in(bbox: BBox, target: tuple[float, float, float, float]) -> bool:
    """Whether ``bbox``'s centre lies in ``target``."""
    x, y = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    return target[0] <= x <= target[2] and target[1] <= y <= target[3]


def test_presets_hold_their_polities(atlas: BorderAtlas) -> None:
    """The azerbaijan and transcaucasia presets hold their republics whole."""
    assert contains(VIEWS["azerbaijan"].bbox, bounds(atlas, "azerbaijan-ssr"))
    for polity in REPUBLICS:
        assert contains(VIEWS["transcaucasia"].bbox, bounds(atlas, polity))


def test_first_view_frames_the_transcaucasian_republics(
    qtbot: QtBot, atlas: BorderAtlas, page: Path, tmp_path: Path
) -> None:
    """A first run (the Hamberg pin focused, in Baku) shows Georgia, Armenia and Azerbaijan
    whole, not a view centred on Baku."""
    win = open_window(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), atlas, page)
    try:
        assert win.model.selected_event is not None  # the first run's event is selected
        view = settled_view(
            qtbot, win, lambda b: all(contains(b, bounds(atlas, p)) for p in REPUBLICS)
        )
        assert view[2] - view[0] < 25  # framed, not the whole region
    finally:
        close_window(win)


def test_view_option_opens_on_a_preset(
    qtbot: QtBot, atlas: BorderAtlas, page: Path, tmp_path: Path
) -> None:
    """``sovietmap --view azerbaijan``: parsed, and the window opens framing Azerbaijan SSR
    (closer than the Transcaucasia view: western Georgia is outside)."""
    args = build_parser().parse_args(["--view", "Azerbaijan"])
    assert args.view == "azerbaijan"
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    win = MainWindow(atlas, EventCatalogue.load(), page, settings, view=args.view)
    win.remember = False
    win.show()
    try:
        qtbot.waitUntil(lambda: win.map.is_ready, timeout=60_000)
        view = settled_view(qtbot, win, lambda b: contains(b, bounds(atlas, "azerbaijan-ssr")))
        assert not contains(view, bounds(atlas, "georgia-ssr"))
    finally:
        win.close()


def test_bad_view_name_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown view is a usage error naming the views."""
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(["--view", "europe"])
    assert exit_.value.code == 2
    assert "transcaucasia" in capsys.readouterr().err


def _press(qtbot: QtBot, window: MainWindow, how: str, name: str) -> None:
    """Go to the preset ``name`` by the toolbar, the View menu or its keys."""
    action = window.view_bar.presets[name]
    if how == "toolbar":
        button = window.view_bar.widgetForAction(action)
        assert button is not None and button.isVisible()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    elif how == "menu":
        menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
        assert isinstance(menu, QMenu) and action in menu.actions()
        action.trigger()
    else:
        window.activateWindow()
        window.map.view.setFocus()
        qtbot.keyClick(
            window, Qt.Key.Key_0 + int(VIEWS[name].keys[-1]), Qt.KeyboardModifier.ControlModifier
        )


@pytest.mark.parametrize("how", ["toolbar", "menu", "keys"])
def test_presets_by_toolbar_menu_and_keys(
    qtbot: QtBot, window: MainWindow, atlas: BorderAtlas, how: str
) -> None:
    """Each way to a preset fits the page to it: Azerbaijan SSR whole, the three republics
    whole, the USSR (centred on the Union, from Tallinn to Kamchatka)."""
    _press(qtbot, window, how, "azerbaijan")
    view = settled_view(qtbot, window, lambda b: contains(b, bounds(atlas, "azerbaijan-ssr")))
    assert not contains(view, bounds(atlas, "georgia-ssr"))
    _press(qtbot, window, how, "transcaucasia")
    settled_view(qtbot, window, lambda b: all(contains(b, bounds(atlas, p)) for p in REPUBLICS))
    _press(qtbot, window, how, "ussr")
    tallinn_to_kamchatka = (24.7, 40.4, 160.0, 59.5)  # the Baltic to the Pacific, Baku too
    view = settled_view(qtbot, window, lambda b: contains(b, tallinn_to_kamchatka))
    assert centre_in(view, VIEWS["ussr"].bbox)


def test_back_returns_from_a_preset_and_a_far_event(
    qtbot: QtBot, window: MainWindow, atlas: BorderAtlas
) -> None:
    """ "Back" (button, Alt+Left) returns to the view before the jump: from the USSR preset,
    and from selecting an event far from the Caucasus (its pin panned to)."""
    window.go_to_view("azerbaijan")
    before = settled_view(qtbot, window, lambda b: contains(b, bounds(atlas, "azerbaijan-ssr")))
    qtbot.waitUntil(
        lambda: (
            window.model.extent is not None
            and contains(window.model.extent, bounds(atlas, "azerbaijan-ssr"))
        )
    )
    window.go_to_view("ussr")
    settled_view(qtbot, window, lambda b: b[2] - b[0] > 60)
    assert window.view_bar.back.isEnabled()
    button = window.view_bar.widgetForAction(window.view_bar.back)
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settled_view(
        qtbot, window, lambda b: all(abs(x - y) < 0.3 for x, y in zip(b, before, strict=True))
    )

    far = next(e for e in window.catalogue.events if e.lon > 100 or e.lat > 54)
    window.show_event(far.id)
    settled_view(qtbot, window, lambda b: b[0] <= far.lon <= b[2] and b[1] <= far.lat <= b[3])
    window.activateWindow()
    window.map.view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    settled_view(
        qtbot, window, lambda b: all(abs(x - y) < 0.3 for x, y in zip(b, before, strict=True))
    )


def test_view_history_skips_the_view_shown_now() -> None:
    """Back never "goes" to where the map already is, and forgets what it gave."""
    history = ViewHistory()
    history.leave((1, 1, 2, 2))
    history.leave((1, 1, 2, 2))
    history.leave((3, 3, 4, 4))
    assert history.back((3, 3, 4, 4)) == (1, 1, 2, 2)
    assert history.back((1, 1, 2, 2)) is None


def test_export_view_option_uses_the_preset(tmp_path: Path) -> None:
    """``sovietmap export --view ussr`` draws the preset's extent; with --bbox it is refused."""
    parser = build_parser()
    args = parser.parse_args(
        ["export", "--date", "1937-11-01", "--view", "USSR", "--out", str(tmp_path / "m.png")]
    )
    assert request_of(args).spec.bbox == VIEWS["ussr"].bbox
    both = parser.parse_args(
        [
            "export",
            "--date",
            "1937-11-01",
            "--view",
            "ussr",
            "--bbox",
            "40,38,50,44",
            "--out",
            str(tmp_path / "m.png"),
        ]
    )
    with pytest.raises(ExportError):
        request_of(both)


def _capture_view(qtbot: QtBot, window: MainWindow) -> BBox:
    """The extent the export's hidden page drew last (its getView)."""
    box: list[BBox | None] = []
    window.exports.capturer().session.get_view(box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    assert box[0] is not None
    return box[0]


def test_export_dialog_offers_a_preset_extent(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """The snapshot dialog offers the current view or a named view: the USSR is drawn as the
    USSR although the window shows Transcaucasia; "The current view" draws the window's."""
    window.go_to_view("transcaucasia")
    shown = settled_view(qtbot, window, lambda b: b[2] - b[0] < 25)
    dialog = window.exports.open_dialog("snapshot")
    assert dialog is not None and dialog.extent.isVisible()
    names = [dialog.extent.itemText(i) for i in range(dialog.extent.count())]
    assert names == ["The current view", "Azerbaijan", "Transcaucasia", "USSR"]
    dialog.extent.setCurrentIndex(dialog.extent.findData("ussr"))
    dialog.path.setText(str(tmp_path / "ussr.png"))
    with qtbot.waitSignal(window.exports.exported, timeout=90_000):
        dialog.accept()
    assert (tmp_path / "ussr.png").stat().st_size > 0
    drawn = _capture_view(qtbot, window)
    assert contains(drawn, (37.6, 40.4, 49.9, 55.8)) and drawn[2] - drawn[0] > 60

    dialog = window.exports.open_dialog("snapshot")
    assert dialog is not None and dialog.preset() is None  # the current view first
    dialog.path.setText(str(tmp_path / "here.png"))
    with qtbot.waitSignal(window.exports.exported, timeout=90_000):
        dialog.accept()
    drawn = _capture_view(qtbot, window)
    assert all(abs(x - y) < 0.5 for x, y in zip(drawn, shown, strict=True)), (drawn, shown)

"""Big events files in the app: background loading with progress and Cancel, the list as a
model/view with a filter over every row, pins for the current mode only, plain-text tooltips.

One window of its own (module scope), so the 30,000 generated events never reach the shared
window the other ui tests use. The fixture loads the file as File → Open does and keeps what it
saw of the load for the test of loading; every test starts from that window as it was once
loaded (tests/ui/conftest.py resets it), so they pass in any order. No timing asserts: the
figures are in benchmarks/bigevents.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QHelpEvent, QTextDocument
from PySide6.QtWidgets import QApplication, QMessageBox, QToolTip
from pytestqt.qtbot import QtBot

from sovietmap.core.atlas import BorderAtlas
from sovietmap.core.events import EventCatalogue
from sovietmap.ui.main_window import MainWindow

from .bigevents import (
    ROWS,
    Load,
    close_boxes,
    load_watched,
    shown_ids,
    spin,
    wait_page,
    write_events,
)
from .conftest import close_window, open_window, remember_opened


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30,000 good rows and 2 bad ones."""
    return write_events(tmp_path_factory.mktemp("big") / "big.csv", ROWS, bad=2)


def _settings(tmp_path_factory: pytest.TempPathFactory) -> QSettings:
    folder = tmp_path_factory.mktemp("big-settings")
    return QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture(scope="module")
def loaded_big(
    qapp: Any,
    atlas: BorderAtlas,
    page: Path,
    tmp_path_factory: pytest.TempPathFactory,
    big_file: Path,
) -> Iterator[tuple[MainWindow, Load]]:
    """A window of this module's own, opened on a first run, that has loaded the big file in
    the background; and what it showed meanwhile."""
    win = open_window(_settings(tmp_path_factory), atlas, page)
    seen = load_watched(win, big_file)
    remember_opened(win)  # the state the tests start from: the big file in
    yield win, seen
    close_window(win)


@pytest.fixture(scope="module")
def big_window(loaded_big: tuple[MainWindow, Load]) -> MainWindow:
    """The window with the big file (reset before each test to how it was once loaded)."""
    return loaded_big[0]


@pytest.fixture
def fresh_window(
    qapp: Any, atlas: BorderAtlas, page: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[MainWindow]:
    """A window of one test's own, on a first run, without the big file."""
    win = open_window(_settings(tmp_path_factory), atlas, page)
    yield win
    close_window(win)


def test_tooltips_show_markup_as_text(qtbot: QtBot, big_window: MainWindow, tmp_path: Path) -> None:
    markup = "<b>x</b><img src=file:///etc/passwd>"
    path = tmp_path / "markup.csv"
    path.write_text(
        "id,title,start,place,lat,lon,kind\n"
        f"markup-1,{markup} title,1937-11-02,{markup} place,40.4,49.8,"
        f"<i>kind</i>\n",
        encoding="utf-8",
    )
    big_window.add_events_file(path)
    panel = big_window.events_panel
    spin(qtbot, lambda: "markup-1" in shown_ids(big_window), 30_000)
    row = shown_ids(big_window).index("markup-1")
    model = panel.list.model()
    tip = str(model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole))
    # What the user sees is what QToolTip's label renders: rich text if Qt thinks it is.
    panel.list.scrollTo(model.index(row, 0))
    rect = panel.list.visualRect(model.index(row, 0))
    viewport = panel.list.viewport()
    QApplication.sendEvent(
        viewport,
        QHelpEvent(QEvent.Type.ToolTip, rect.center(), viewport.mapToGlobal(rect.center())),
    )
    assert QToolTip.text() == tip
    doc = QTextDocument()
    if QtGui.Qt.mightBeRichText(tip):
        doc.setHtml(tip)
    else:
        doc.setPlainText(tip)
    seen = doc.toPlainText()
    assert f"{markup} title" in seen
    assert f"{markup} place" in seen and "<i>kind</i>" in seen
    QToolTip.hideText()


def test_a_big_file_loads_in_the_background_with_progress(
    qtbot: QtBot, loaded_big: tuple[MainWindow, Load], big_file: Path
) -> None:
    window, seen = loaded_big
    # the call returned at once: the file was read on another thread, progress on show
    assert seen.busy_at_once and seen.shown_at_once and seen.count_at_once == seen.before
    assert seen.ticks.count(True) >= 2  # the window's own event loop kept turning meanwhile
    path, added, problems = seen.loaded
    assert Path(path) == big_file and added == ROWS
    assert len(problems) == 2 and all("big.csv, row" in p for p in problems)
    assert seen.after == seen.before + ROWS and seen.rows_after == seen.before + ROWS
    assert not seen.shown_after
    # real progress while the rows are read: bytes of the file, counting up to its size
    reading = [(d, t) for stage, d, t in seen.steps if stage.startswith("Reading") and t]
    size = big_file.stat().st_size
    assert len(reading) >= 5 and {t for _, t in reading} == {size}
    assert [d for d, _ in reading] == sorted(d for d, _ in reading)
    assert reading[0][0] < size // 2 and reading[-1][0] == size
    later = [stage.split()[0] for stage, _d, t in seen.steps if t and not stage.startswith("Read")]
    assert later and set(later) <= {"Sorting", "Merging", "Indexing"}
    # the change dates and timeline marks follow in later turns of the event loop
    dates = sorted({e.start for e in window.catalogue.events})
    spin(qtbot, lambda: window.timeline.slider.event_marks == dates, 10_000)
    day = window.catalogue.by_id("big-000007").start
    following = window.model.next_change(day - dt.timedelta(days=1))
    assert following is not None and following <= day


def test_cancel_through_the_hook_stops_the_work_and_keeps_the_catalogue(big_file: Path) -> None:
    from sovietmap.core.events import Cancelled
    from sovietmap.ui.events_loader import prepare

    def stopped_at(stage: str) -> list[tuple[str, int, int]]:
        """The steps reported until the first of ``stage`` made ``cancelled()`` true."""
        steps: list[tuple[str, int, int]] = []

        def cancelled() -> bool:
            return any(s.startswith(stage) and t for s, _d, t in steps)

        with pytest.raises(Cancelled):
            prepare(base, big_file, lambda *step: steps.append(step), cancelled)
        return steps

    base = EventCatalogue.load()
    ids = [e.id for e in base.events]
    for stop_at in ("Reading", "Sorting", "Indexing"):
        steps = stopped_at(stop_at)
        assert steps[-1][0].startswith(stop_at)  # nothing reported after the cancel
        assert steps[-1][1] < steps[-1][2]  # stopped before the end of that step
        assert [e.id for e in base.events] == ids


def test_pins_follow_the_mode_and_stay_few(
    qtbot: QtBot, big_window: MainWindow, big_file: Path
) -> None:
    from sovietmap.ui.pins import PAGE_EVENTS_MAX

    window = big_window
    assert len(window.catalogue.events) > PAGE_EVENTS_MAX
    day = window.catalogue.events[len(window.catalogue.events) // 2].start
    window.events_panel.set_pin_mode("date")
    window.model.set_date(day)
    on_day = {e.id for e in window.catalogue.events if e.holds_on(day)}
    state = wait_page(
        qtbot,
        window,
        lambda s: (
            s["date"] == day.isoformat() and s["pinMode"] == "date" and set(s["pins"]) == on_day
        ),
    )
    assert state["events"] <= PAGE_EVENTS_MAX
    window.events_panel.set_pin_mode("upto")
    started = [e for e in window.catalogue.events if e.start <= day]
    most = min(PAGE_EVENTS_MAX, len(started))
    state = wait_page(
        qtbot, window, lambda s: s["pinMode"] == "upto" and most <= len(s["pins"]) <= most + 1
    )
    # the latest events up to the date (and the selected one), never more than the page carries
    assert state["events"] <= PAGE_EVENTS_MAX + 1
    assert set(state["pins"]) <= {e.id for e in started}
    assert {e.id for e in started[-100:]} <= set(state["pins"])
    assert "of" in window.events_panel.pin_note.text()  # the panel says pins are capped
    window.events_panel.set_pin_mode("date")


def test_a_snapshot_export_gets_the_pins_the_page_holds(
    qtbot: QtBot, big_window: MainWindow
) -> None:
    from sovietmap.ui.pins import PAGE_EVENTS_MAX

    window = big_window
    window.events_panel.set_pin_mode("year")
    state = wait_page(qtbot, window, lambda s: s["pinMode"] == "year")
    exported = window.exports.host.page_events()
    assert 0 < len(exported) <= PAGE_EVENTS_MAX + 1
    assert state["events"] == len(exported)
    year = window.model.date.year
    selected = window.events_panel.selected_id()  # always given, to be focused
    assert all(e["start"][:4] <= str(year) <= e["end"][:4] for e in exported if e["id"] != selected)
    window.events_panel.set_pin_mode("date")


def test_selecting_a_row_moves_the_timeline_and_focuses_the_pin(
    qtbot: QtBot, big_window: MainWindow
) -> None:
    window = big_window
    target = window.catalogue.by_id("big-012345")
    assert window.events_panel.select(target.id)
    assert window.model.date == target.start
    assert window.events_panel.selected_id() == target.id
    state = wait_page(qtbot, window, lambda s: s["focused"] == target.id)
    assert target.id in state["pins"]


def test_the_filter_finds_the_right_rows(qtbot: QtBot, big_window: MainWindow) -> None:
    window = big_window
    panel = window.events_panel
    events = window.catalogue.events

    def expected(text: str, kind: str | None = None) -> list[str]:
        text = text.strip().casefold()
        return [
            e.id
            for e in events
            if text in f"{e.title} {e.place} {e.description}".casefold()
            and (kind is None or e.kind == kind)
        ]

    panel.filter.clear()
    qtbot.keyClicks(panel.filter, "EVENT 123")
    assert shown_ids(window) == expected("event 123")
    assert 0 < len(shown_ids(window)) < 200
    qtbot.keyClick(panel.filter, Qt.Key.Key_Backspace)
    assert shown_ids(window) == expected("event 12")
    panel.filter.setText("ünïcode")
    assert shown_ids(window) == expected("ünïcode")
    panel.kind.setCurrentIndex(panel.kind.findData("strike"))
    assert shown_ids(window) == expected("ünïcode", "strike")
    assert shown_ids(window)
    panel.filter.setText("tiflis")
    assert shown_ids(window) == expected("tiflis", "strike")
    panel.filter.setText("no such thing anywhere")
    assert shown_ids(window) == []
    panel.filter.clear()
    panel.kind.setCurrentIndex(0)
    assert shown_ids(window) == [e.id for e in events]


def test_selection_survives_filtering_and_select_clears_a_hiding_filter(
    qtbot: QtBot, big_window: MainWindow
) -> None:
    panel = big_window.events_panel
    panel.select("big-000042")
    panel.filter.setText("event 42")
    assert panel.selected_id() == "big-000042"
    panel.filter.setText("event 43")
    assert panel.selected_id() != "big-000042"
    assert panel.select("big-000042")
    assert panel.filter.text() == "" and panel.selected_id() == "big-000042"


def test_cancel_keeps_the_events_already_there(
    qtbot: QtBot, fresh_window: MainWindow, tmp_path: Path
) -> None:
    window = fresh_window  # its own: the cancelled file is loaded in full at the end
    panel = window.events_panel
    loader = window.events_loader
    ids = [e.id for e in window.catalogue.events]
    rows = panel.list.model().rowCount()
    other = write_events(tmp_path / "other.csv", ROWS, prefix="other")
    window.load_events(other)
    assert loader.busy() and panel.cancel_button.isVisibleTo(window)
    with qtbot.waitSignal(loader.progress, timeout=30_000):
        pass  # the worker is under way
    thread = loader._job
    assert thread is not None
    with qtbot.waitSignal(loader.cancelled, timeout=30_000):
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    spin(qtbot, lambda: not loader.busy(), 60_000)
    assert thread.is_cancelled()
    spin(qtbot, lambda: thread not in loader._threads, 60_000)  # it ended of itself
    qtbot.wait(200)
    assert [e.id for e in window.catalogue.events] == ids
    assert panel.list.model().rowCount() == rows
    assert not panel.progress.isVisibleTo(window)
    assert not any(i.startswith("other-") for i in shown_ids(window))
    # the same file loads afterwards, as if nothing had happened
    with qtbot.waitSignal(loader.loaded, timeout=300_000):
        window.load_events(other)
    close_boxes()
    assert len(window.catalogue.events) == len(ids) + ROWS


def test_timeline_marks_of_many_dates_fall_on_the_same_pixels(big_window: MainWindow) -> None:
    from PySide6.QtCore import QRect

    slider = big_window.timeline.slider
    days = slider.event_marks
    assert len(days) > 10_000  # the shortcut for many dates is the one tested
    for groove, handle in ((QRect(10, 5, 1000, 10), 20), (QRect(3, 0, 397, 8), 11)):
        each = sorted({slider._x(day, groove, handle) for day in days})
        assert slider._mark_xs("event", days, groove, handle) == each


def test_a_file_of_bad_rows_lists_a_thousand_and_counts_all(
    qtbot: QtBot, big_window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "id,title,start,lat,lon\n"
        + "".join(f"bad-{i},Bad,1937-02-30,40,49\n" for i in range(5000)),
        "utf-8",
    )
    with qtbot.waitSignal(big_window.problems_shown, timeout=60_000) as blocker:
        big_window.load_events(path)
    assert len(blocker.args[0]) == 5000
    boxes = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
    details = next(b.detailedText() for b in boxes if b.text().startswith("5000 row(s) of"))
    lines = details.splitlines()
    assert len(lines) == 1001 and lines[:1000] == blocker.args[0][:1000]
    assert lines[-1] == "… and 4,000 more (sovietmap events --file lists all)"
    close_boxes()

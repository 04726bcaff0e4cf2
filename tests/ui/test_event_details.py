"""Events readable in the real window (issue 12 §2): the details pane shows the event whole,
its citations link to full references, the list follows the date, dates show their precision
and kinds read as words, and the map's popup is short and fits."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWebEngineWidgets import QWebEngineView
from pytestqt.qtbot import QtBot

from sovietmap.core import bibliography
from sovietmap.core.atlas import BorderAtlas
from sovietmap.core.citations import EventCitations
from sovietmap.core.events import EventCatalogue
from sovietmap.export.html import export_html
from sovietmap.ui.main_window import MainWindow

D = dt.date
HAMBERG = "hamberg-execution"


def _anchors(doc: QTextDocument) -> tuple[dict[str, int], dict[str, int]]:
    """Links (href -> position) and anchor names (name -> position) in ``doc``."""
    hrefs: dict[str, int] = {}
    names: dict[str, int] = {}
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            fmt = frag.charFormat()
            if fmt.anchorHref():
                hrefs.setdefault(fmt.anchorHref(), frag.position())
            for name in fmt.anchorNames():
                names.setdefault(name, frag.position())
            it += 1
        block = block.next()
    return hrefs, names


def _page(qtbot: QtBot, window: MainWindow, script: str) -> Any:
    box: list[Any] = []
    window.map.run_js(f"JSON.stringify({script})", box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    return json.loads(box[0]) if box[0] else None


_POPUP = """(function () {
  var all = document.querySelectorAll('.leaflet-popup-content .sm-event');
  var box = all.length ? all[all.length - 1] : null;  // the newest (an old one may fade out)
  if (!box) return null;
  var content = box.closest('.leaflet-popup-content');
  var wrapper = box.closest('.leaflet-popup-content-wrapper').getBoundingClientRect();
  var map = document.querySelector('.leaflet-container').getBoundingClientRect();
  return {text: box.innerText, height: wrapper.height, width: wrapper.width,
          scroll: content.scrollHeight, client: content.clientHeight,
          mapHeight: map.height, mapWidth: map.width};
})()"""


def test_the_details_pane_shows_the_event_whole(window: MainWindow) -> None:
    assert window.model.selected_event == HAMBERG
    assert window.details_dock.isVisible()
    event = window.catalogue.by_id(HAMBERG)
    assert event.source is not None
    text = window.event_details.toPlainText()
    for part in (
        event.title,
        "1 November 1937",
        "exact day",
        "Repression",
        event.place,
        event.description,
        event.source.quote,
        "pinned at Baku because the Baku Lutheran church council was arrested in Baku",
        "Baku as the place of execution is UNCONFIRMED.",
        "References",
    ):
        assert part in text, part
    # the pane is no strip: it has a good share of the right-hand side
    assert window.details_dock.height() >= 0.4 * window.events_dock.height()
    # the whole text can be scrolled to: the last reference is in the document
    last = EventCitations(event).references[-1]
    assert last.line() in text


def test_citations_link_to_their_full_references(qtbot: QtBot, window: MainWindow) -> None:
    details = window.event_details
    event = window.catalogue.by_id(HAMBERG)
    refs = EventCitations(event).references
    text = details.toPlainText()
    assert "[hamberg-on-this-day]" not in text and "[baku-lutheran-arrests-1937]" not in text
    hrefs, names = _anchors(details.document())
    for ref in refs:  # every citation is a number linking to its reference, which is whole
        assert f"#ref-{ref.number}" in hrefs and f"ref-{ref.number}" in names
        assert ref.line() == bibliography.cite(ref.key).split(": ", 1)[1]
        assert ref.line() in text
        assert ref.url in hrefs  # and the reference links to its address
    seed = refs[0]
    assert seed.seed and "Quoted source" in text and seed.title in text  # not a bare file name
    # a click on the citation [3] in the note scrolls the pane to reference 3
    details.verticalScrollBar().setValue(0)
    qtbot.waitUntil(lambda: details.verticalScrollBar().maximum() > 0, timeout=5_000)
    cursor = QTextCursor(details.document())
    cursor.setPosition(hrefs[f"#ref-{refs[-1].number}"])
    spot = details.cursorRect(cursor).center() + QPoint(3, 0)  # on the link's digit
    if not details.viewport().rect().contains(spot):  # the note lies below: bring it up
        details.verticalScrollBar().setValue(details.verticalScrollBar().value() + spot.y() - 20)
        spot = details.cursorRect(cursor).center() + QPoint(3, 0)
    before = details.verticalScrollBar().value()
    qtbot.mouseClick(details.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(spot))
    target = QTextCursor(details.document())
    target.setPosition(names[f"ref-{refs[-1].number}"])
    qtbot.waitUntil(
        lambda: details.viewport().rect().contains(details.cursorRect(target).center()),
        timeout=5_000,
    )
    assert details.verticalScrollBar().value() != before


def test_the_events_list_follows_the_date(qtbot: QtBot, window: MainWindow, probe: Any) -> None:
    panel, model = window.events_panel, window.events_panel.model
    assert panel.selected_id() == HAMBERG

    def bold_ids() -> set[str]:
        out = set()
        for row in range(model.rowCount()):
            font = model.data(model.index(row, 0), Qt.ItemDataRole.FontRole)
            if font is not None and font.bold():
                out.add(str(model.event_id(row)))
        return out

    assert HAMBERG in bold_ids()  # on the map on 1 Nov 1937
    for day in (D(1918, 6, 1), D(1995, 6, 1)):
        window.model.set_date(day)
        assert window.model.selected_event is None  # no stale Hamberg
        assert panel.selected_id() is None
        assert not panel.list.selectionModel().hasSelection()
        state = probe.wait(lambda s, d=day: s["date"] == d.isoformat())
        assert state["focused"] is None
        on_day = {e.id for e in window.catalogue.events if e.start <= day <= e.end}
        assert bold_ids() == on_day
        row = model.row_at(day)
        assert row is not None
        rect = panel.list.visualRect(model.index(row, 0))
        assert panel.list.viewport().rect().intersects(rect)  # scrolled to the date
        assert "No event selected" in window.event_details.toPlainText()
    # "All up to this date": Hamberg's pin is still on the map in 1995, so it stays selected
    window.model.set_pin_mode("upto")
    window.events_panel.select(HAMBERG)
    window.model.set_date(D(1995, 6, 1))
    assert window.model.selected_event == HAMBERG and panel.selected_id() == HAMBERG
    assert window.catalogue.by_id(HAMBERG).title in window.event_details.toPlainText()
    window.model.set_pin_mode("date")  # and in this mode it is not: unselected
    assert window.model.selected_event is None and panel.selected_id() is None


def test_dates_show_their_precision_and_kinds_read_as_words(window: MainWindow) -> None:
    panel, model = window.events_panel, window.events_panel.model

    def row_text(event_id: str) -> str:
        row = model.row_of(event_id)
        assert row is not None
        return str(model.data(model.index(row, 0), Qt.ItemDataRole.DisplayRole))

    assert row_text("stalinism").startswith("1927  ")
    assert row_text("independence-declaration").startswith("Aug 1991  ")
    assert row_text(HAMBERG).startswith("1 Nov 1937  ")
    assert all("-01-01" not in row_text(e.id) for e in window.catalogue.events)
    kinds = [panel.kind.itemText(i) for i in range(1, panel.kind.count())]
    assert "Renaming" in kinds and "Repression" in kinds
    assert all(k[0].isupper() and "_" not in k for k in kinds)
    assert panel.kind.itemData(kinds.index("Renaming") + 1) == "rename"  # filters by the key
    row = model.row_of("independence-declaration")
    assert row is not None
    tip = str(model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole))
    assert "Aug 1991" in tip and "Independence" in tip and "month known" in tip
    panel.select("independence-declaration")
    text = window.event_details.toPlainText()
    assert "August 1991" in text and "month known, not the day" in text
    assert "1991-08-01" not in text


def test_the_map_popup_is_short_and_fits(qtbot: QtBot, window: MainWindow, probe: Any) -> None:
    event = window.catalogue.by_id(HAMBERG)
    probe.wait(lambda s: s["focused"] == HAMBERG)
    window.map.focus_event(HAMBERG)  # opens its popup
    qtbot.waitUntil(
        lambda: event.title in ((_page(qtbot, window, _POPUP) or {}).get("text") or ""),
        timeout=10_000,
    )
    popup = _page(qtbot, window, _POPUP)
    assert event.title in popup["text"] and "1 Nov 1937 · Repression" in popup["text"]
    assert "Details" in popup["text"]
    assert event.description[:30] not in popup["text"]  # the long text is in the pane
    assert popup["scroll"] <= popup["client"] + 1  # nothing to scroll
    assert popup["height"] <= 0.3 * popup["mapHeight"]  # it covers little of the map
    assert popup["width"] <= min(320, 0.5 * popup["mapWidth"])
    # "Details →" brings the details pane back, even when it was closed
    window.details_dock.hide()
    window.map.run_js(  # the newest popup's link (an old popup may still be fading out)
        "Array.from(document.querySelectorAll('.leaflet-popup-content .sm-details')).pop().click()"
    )
    qtbot.waitUntil(window.details_dock.isVisible, timeout=10_000)
    assert window.model.selected_event == HAMBERG
    assert event.title in window.event_details.toPlainText()


def test_with_no_event_selected_the_pane_lists_the_date_s_events(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.model.select_event(None)
    text = window.event_details.toPlainText()
    assert "No event selected" in text
    on_map = [e for e in window.catalogue.events if e.holds_on(D(1937, 11, 1))]
    assert on_map and all(e.title in text for e in on_map)
    hrefs, _names = _anchors(window.event_details.document())
    assert f"event:{HAMBERG}" in hrefs
    window.event_details.anchorClicked.emit(QUrl(f"event:{HAMBERG}"))  # as a click on it
    assert window.model.selected_event == HAMBERG
    assert window.events_panel.selected_id() == HAMBERG


def test_an_exported_html_popup_keeps_the_whole_text(
    qtbot: QtBot, tmp_path: Path, atlas: BorderAtlas
) -> None:
    """A standalone HTML file has no details pane: its popup holds the event whole."""
    out = tmp_path / "day.html"
    events = EventCatalogue.load().events
    export_html(out, D(1937, 11, 1), atlas=atlas, events=events)
    event = next(e for e in events if e.id == HAMBERG)
    view = QWebEngineView()  # a plain browser view: no channel, as a browser opens the file
    view.resize(900, 700)
    view.show()

    def ask(script: str) -> Any:
        box: list[Any] = []
        view.page().runJavaScript(script, 0, box.append)
        qtbot.waitUntil(lambda: bool(box), timeout=10_000)
        return box[0]

    try:
        with qtbot.waitSignal(view.loadFinished, timeout=60_000):
            view.load(QUrl.fromLocalFile(str(out)))
        qtbot.waitUntil(
            lambda: ask("typeof sovietmap !== 'undefined' && !!sovietmap.state().ready") is True,
            timeout=30_000,
        )
        ask(f"sovietmap.focusEvent({json.dumps(HAMBERG)}) || true")
        qtbot.waitUntil(
            lambda: event.title in (ask(f"JSON.stringify({_POPUP})") or "null"), timeout=10_000
        )
        popup = json.loads(ask(f"JSON.stringify({_POPUP})"))
        assert event.description in popup["text"] and "UNCONFIRMED" in popup["text"]
        assert "Details" not in popup["text"]
    finally:
        view.close()
        view.deleteLater()

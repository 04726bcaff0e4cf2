"""Compare mode (issue 14): the shown date against a second date, in a dock.

View → "Compare with…" (Ctrl+K) turns it on: the dock shows a date field (the second date), a
polity choice, the totals in km² and the acts in between (click, or Enter on one, to move the
timeline to its date). The map hatches the land gained (green) and lost (red) between the two
dates over the date it shows. The polity defaults to Azerbaijan through its states (the Democratic
Republic, the SSR, the Republic: ``core.changes.LINEAGES``), compared as one country: what a
teacher of this map asks first; any polity of the two dates can be chosen, and "All polities"
shows every border that moved (land that changed hands shows both hatches).

The slider stays instant: the difference geometry is computed in Python
(:class:`sovietmap.core.changes.Comparer`, cached per pair of change intervals) on a worker
thread; the window loads only the :class:`~sovietmap.core.atlas.BorderIndex`, so the atlas's
geometry is read there the first time Compare is used (the dock says "computing…"). Only the
latest request is drawn. Turning Compare off drops the hatched layers.
"""

from __future__ import annotations

import datetime as dt
import logging
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDockWidget,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sovietmap.core.atlas import BorderAtlas
from sovietmap.core.changes import (
    LINEAGE_NAMES,
    Comparer,
    Comparison,
    compared_polity,
    polity_name,
)
from sovietmap.mapview import pagecalls

if TYPE_CHECKING:
    from sovietmap.ui.main_window import MainWindow

log = logging.getLogger(__name__)

#: The key of View → Compare with…
COMPARE_KEYS = "Ctrl+K"
#: The polity combo's entry for every polity.
ALL = "*"
#: A request: (first date, second date, polity id or None for all).
Request = tuple[dt.date, dt.date, str | None]


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class ComparePanel(QWidget):
    """The dock's contents: on/off, the second date, the polity, status, totals and acts."""

    toggled = Signal(bool)
    date_picked = Signal(object)  # dt.date
    polity_picked = Signal(str)  # an id, or ALL
    act_picked = Signal(object)  # dt.date

    def __init__(self, start: dt.date, end: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comparePanel")
        self.enabled = QCheckBox("Compare with a second date", self)
        self.enabled.setObjectName("compareOn")
        self.enabled.setAccessibleName("Compare with a second date")
        self.date = QDateEdit(self)
        self.date.setObjectName("compareDate")
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setCalendarPopup(True)
        self.date.setDateRange(_qdate(start), _qdate(end))
        self.date.setAccessibleName("Date to compare with")
        self.date.setToolTip("The second date: the map hatches what changed between the two")
        self.polity = QComboBox(self)
        self.polity.setObjectName("comparePolity")
        self.polity.setAccessibleName("Polity compared")
        self.status = QLabel(self)
        self.status.setObjectName("compareStatus")
        self.status.setWordWrap(True)
        self.totals = QLabel(self)
        self.totals.setObjectName("compareTotals")
        self.totals.setWordWrap(True)
        self.totals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.acts = QListWidget(self)
        self.acts.setObjectName("compareActs")
        self.acts.setAccessibleName("Acts between the two dates")
        self.acts.setWordWrap(True)
        self.acts.setMinimumHeight(100)
        form = QFormLayout()
        form.addRow("Second date:", self.date)
        form.addRow("Polity:", self.polity)
        layout = QVBoxLayout(self)
        layout.addWidget(self.enabled)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.totals)
        layout.addWidget(QLabel("Acts in between (Enter or click: go to its date):", self))
        layout.addWidget(self.acts, 1)
        self.enabled.toggled.connect(self.toggled)
        self.date.editingFinished.connect(self._date_done)
        self.date.dateChanged.connect(
            lambda _d: self._date_done() if not self.date.hasFocus() else None
        )
        self.polity.activated.connect(
            lambda i: self.polity_picked.emit(str(self.polity.itemData(i)))
        )
        self.acts.itemActivated.connect(self._act)
        self.acts.itemClicked.connect(self._act)

    def _date_done(self) -> None:
        q = self.date.date()
        self.date_picked.emit(dt.date(q.year(), q.month(), q.day()))

    def _act(self, item: QListWidgetItem) -> None:
        self.act_picked.emit(item.data(Qt.ItemDataRole.UserRole))

    def show_compare_date(self, day: dt.date | None) -> None:
        """Show the model's compare date (None: Compare off) without announcing it."""
        for widget in (self.enabled, self.date):
            widget.blockSignals(True)
        self.enabled.setChecked(day is not None)
        if day is not None:
            self.date.setDate(_qdate(day))
        for widget in (self.enabled, self.date):
            widget.blockSignals(False)
        self.date.setEnabled(True)
        if day is None:
            self.status.setText("Compare is off: tick the box or press Ctrl+K.")
            self.totals.clear()
            self.acts.clear()

    def show_polities(self, names: dict[str, str], chosen: str) -> None:
        """Fill the polity combo ("All polities" first, then by name) and select ``chosen``."""
        self.polity.blockSignals(True)
        self.polity.clear()
        self.polity.addItem("All polities", ALL)
        for key, name in LINEAGE_NAMES.items():
            self.polity.addItem(name, key)
        for pid, name in sorted(names.items(), key=lambda kv: kv[1].casefold()):
            self.polity.addItem(name, pid)
        index = self.polity.findData(chosen)
        self.polity.setCurrentIndex(max(0, index))
        self.polity.blockSignals(False)

    def show_result(self, result: Comparison, shown: dt.date) -> None:
        """The totals and acts of ``result`` (``shown``: the date the map shows)."""
        later = "later" if shown == result.end else "earlier"
        self.status.setText(
            f"From {result.start.isoformat()} to {result.end.isoformat()} "
            f"(the map shows the {later} date): gained land hatched green, lost land red."
        )
        lines = []
        for p in result.polities:
            name = polity_name(p)
            lines.append(f"{name}: gained {p.gained_km2:,.0f} km², lost {p.lost_km2:,.0f} km²")
        self.totals.setText("\n".join(lines) if lines else "No territory changed.")
        self.acts.clear()
        for act in result.acts:
            item = QListWidgetItem(f"{act.date.isoformat()}  {act.headline}")
            item.setData(Qt.ItemDataRole.UserRole, act.date)
            item.setToolTip(
                act.summary + ("\n\nSources: " + "; ".join(act.sources) if act.sources else "")
            )
            self.acts.addItem(item)


class _Relay(QObject):
    """Carries a worker's result to the GUI thread (a queued signal)."""

    done = Signal(object)  # (Request, Comparison | Exception)


class CompareController(QObject):
    """Keeps the map's hatches and the dock in step with the model's two dates."""

    #: Emitted on the GUI thread when a comparison is shown (tests wait for it).
    shown = Signal(object)  # Comparison

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.model = window.model
        self.panel = ComparePanel(window.model.start, window.model.end, window)
        self.dock = QDockWidget("Compare", window)
        self.dock.setObjectName("compareDock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        # a tab beside the event details: the acts list gets room (the right side is full)
        window.tabifyDockWidget(window.details_dock, self.dock)
        window.details_dock.raise_()
        self.dock.hide()
        self.action = QAction("&Compare with…", window, checkable=True)
        self.action.setObjectName("compareAction")
        self.action.setShortcut(QKeySequence(COMPARE_KEYS))
        self.action.setToolTip("Compare the shown date with a second date")
        self._atlas: BorderAtlas | None = (
            window.atlas if isinstance(window.atlas, BorderAtlas) else None
        )
        self._comparer: Comparer | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="compare")
        self._busy: Request | None = None
        self._drawn: Request | None = None
        self.result: Comparison | None = None
        self._relay = _Relay()
        self._relay.done.connect(self._done)

    # --- wiring ------------------------------------------------------------------------------
    def wire(self) -> None:
        """Connect the panel and the action to the model, and the model to the map."""
        panel, model = self.panel, self.model
        self.action.triggered.connect(self.set_on)
        panel.toggled.connect(self.set_on)
        panel.date_picked.connect(
            lambda day: model.compare_date is not None and model.set_compare_date(day)
        )
        panel.polity_picked.connect(
            lambda pid: model.set_compare_polity(None if pid == ALL else pid)
        )
        model.compare_polity_changed.connect(lambda _p: self.request())
        panel.act_picked.connect(model.set_date)
        model.compare_date_changed.connect(self._compare_date_changed)
        model.date_changed.connect(lambda _d: self.request())
        self._compare_date_changed(model.compare_date)
        if model.compare_date is not None:  # Compare was on when the app last closed
            self.dock.show()
            self.dock.raise_()

    def set_on(self, on: bool) -> None:
        """Turn Compare on (second date: the last border change before the shown date) or off."""
        model = self.model
        if not on:
            model.set_compare_date(None)
            return
        if model.compare_date is None:
            before = [d for d in self.window.atlas.change_dates() if d < model.date]
            model.set_compare_date(before[-1] if before else model.start)
        self.dock.show()
        self.dock.raise_()
        self.panel.date.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _compare_date_changed(self, day: dt.date | None) -> None:
        self.action.setChecked(day is not None)
        self.panel.show_compare_date(day)
        if day is None:
            self._drawn = None
            self.result = None
            self.window.map.run_js(pagecalls.clear_compare())
        else:
            self.request()

    # --- computing ---------------------------------------------------------------------------
    def polity_for(self, first: dt.date, second: dt.date) -> str | None:
        """The polity compared between two dates (None: all); fills the combo."""
        atlas = self.window.atlas
        names = {**atlas.names_at(first), **atlas.names_at(second)}
        chosen = compared_polity(self.model.compare_polity, names)
        self.panel.show_polities(names, ALL if chosen is None else chosen)
        return chosen

    def wanted(self) -> Request | None:
        """What should be drawn now (None: Compare is off)."""
        other = self.model.compare_date
        if other is None:
            return None
        return (other, self.model.date, self.polity_for(other, self.model.date))

    def request(self) -> None:
        """Draw the comparison the model asks for: at once if the Comparer has it cached,
        else on the worker (one at a time; the latest request wins)."""
        want = self.wanted()
        if want is None or want == self._drawn or self._busy is not None:
            return
        self._busy = want
        if self._atlas is None:
            self.panel.status.setText("Computing… (reading the borders' geometry the first time)")
        else:
            self.panel.status.setText("Computing…")
        future: Future[Comparison] = self._pool.submit(self._compute, want)
        relay = self._relay

        def finished(done: Future[Comparison]) -> None:  # on the worker: queued to the GUI
            relay.done.emit((want, done))

        future.add_done_callback(finished)

    def _compute(self, want: Request) -> Comparison:
        """On the worker: load the atlas once, then compare (cached per interval pair)."""
        if self._atlas is None:
            self._atlas = BorderAtlas.load()
        if self._comparer is None:
            self._comparer = Comparer(self._atlas)
        return self._comparer.compare(*want)

    def _done(self, payload: tuple[Request, Future[Comparison]]) -> None:
        want, future = payload
        self._busy = None
        try:
            result = future.result()
        except Exception as exc:  # shown to the user, the app goes on
            log.exception("compare %s failed", want)
            self.panel.status.setText(f"Compare failed: {exc}")
            self._drawn = want
            return
        if want == self.wanted():
            self._draw(want, result)
        self.request()  # a newer request, if the dates moved meanwhile

    def _draw(self, want: Request, result: Comparison) -> None:
        self._drawn = want
        self.result = result
        info = result.page_info(want[2])
        self.window.map.run_js(pagecalls.set_compare(result.pieces_geojson(), info))
        self.panel.show_result(result, self.model.date)
        self.shown.emit(result)

    def shutdown(self) -> None:
        """Stop the worker (the window closes)."""
        self._pool.shutdown(wait=False, cancel_futures=True)


def install(window: MainWindow) -> CompareController:
    """Build Compare mode's dock and action for ``window`` (wire it with its ``wire``)."""
    return CompareController(window)

"""The main window: map in the centre, timeline at the bottom, layers and events as docks."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QFrame,
    QMainWindow,
    QMenu,
    QScrollArea,
    QWidget,
)

from sovietmap import RESOURCES_DIR
from sovietmap.core.atlas import BorderIndex
from sovietmap.core.events import EventCatalogue
from sovietmap.core.views import DEFAULT_VIEW, VIEWS, ViewHistory, preset
from sovietmap.mapview.style import LAYERS
from sovietmap.ui import compare, dialogs
from sovietmap.ui.event_details import EventDetails
from sovietmap.ui.map_widget import MapView
from sovietmap.ui.panels import EventsPanel, LayersPanel
from sovietmap.ui.playclock import PlayClock
from sovietmap.ui.settings import ViewState, load_state, model_from, save_state, state_of
from sovietmap.ui.shortcuts import KEY_COMMANDS, KeyBindings
from sovietmap.ui.timeline_bar import TimelineBar
from sovietmap.ui.user_events import UserEvents
from sovietmap.ui.viewbar import ViewBar
from sovietmap.ui.wiring import wire

log = logging.getLogger(__name__)

FIRST_DATE = dt.date(1937, 11, 1)
ICON_FILE = RESOURCES_DIR / "sovietmap.svg"
#: The window's size on a first run, made smaller to fit a smaller screen: it fits a
#: 1280×800 screen with its title bar and a panel.
DEFAULT_SIZE = (1280, 720)
#: Below this width (or height) the side panels are narrowed (see :meth:`MainWindow.fit_panels`).
COMPACT_WIDTH, COMPACT_HEIGHT = 1300, 680
_HORIZONTAL = Qt.Orientation.Horizontal

#: Keyboard shortcuts: keys -> command of :data:`sovietmap.ui.wiring.COMMANDS` (the table is
#: :data:`sovietmap.ui.shortcuts.KEYS`).
SHORTCUTS: dict[str, str] = KEY_COMMANDS


def first_run_event(catalogue: EventCatalogue, day: dt.date = FIRST_DATE) -> str | None:
    """The event to select on first run: the Hamberg execution, found by date and kind."""
    candidates = [e for e in catalogue.events if e.start == day]
    for test in (
        lambda e: "hamberg" in e.title.casefold(),
        lambda e: e.kind in ("repression", "execution"),
    ):
        hit = next((e for e in candidates if test(e)), None)
        if hit is not None:
            return hit.id
    return candidates[0].id if candidates else None


def fit_size(widget: QWidget) -> tuple[int, int]:
    """:data:`DEFAULT_SIZE`, made lower to fit the available height of ``widget``'s screen
    (less the title bar and frame). Screens are at least 1280 px wide; a window narrowed by
    the user narrows its panels (:meth:`MainWindow.fit_panels`)."""
    width, height = DEFAULT_SIZE
    screen = widget.screen()
    if screen is None:
        return width, height
    return width, max(480, min(height, screen.availableGeometry().height() - 40))


class MainWindow(QMainWindow):
    """The viewer's window: it builds the widgets; :func:`~sovietmap.ui.wiring.wire` binds them
    to the :class:`ViewerModel`, through which all state flows."""

    #: Emitted with the problem lines whenever the bad-rows dialog is shown.
    problems_shown = Signal(list)

    def __init__(
        self,
        atlas: BorderIndex,
        catalogue: EventCatalogue,
        page: Path,
        settings: QSettings,
        *,
        start: dt.date | None = None,
        view: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sovietmapMain")
        self.atlas = atlas
        self.catalogue = catalogue
        self.settings = settings
        self.remember = True
        if ICON_FILE.exists():
            self.setWindowIcon(QIcon(str(ICON_FILE)))
        remembered = load_state(settings)
        first_run = remembered.date is None

        self.model = model_from(remembered, start or remembered.date or FIRST_DATE)
        self.clock = PlayClock(self.model, parent=self)
        #: The views left by jumps (presets, far events), for "Back".
        self.view_history = ViewHistory()
        self.view_bar = ViewBar(self)
        self._compact: bool | None = None  # whether the panels were narrowed (fit_panels)
        self._fit_later = QTimer(self, singleShot=True, interval=0)
        self._fit_later.timeout.connect(self.fit_panels)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.view_bar)
        self.map = MapView(self)
        self.setCentralWidget(self.map)
        self.timeline = TimelineBar(self.model.start, self.model.end, self)
        self.layers_panel = LayersPanel(self)
        self.events_panel = EventsPanel(self)
        self.timeline_dock = self._dock(
            "Timeline", "timelineDock", self.timeline, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.layers_dock = self._dock(
            "Layers and legend",
            "layersDock",
            self.layers_panel,
            Qt.DockWidgetArea.LeftDockWidgetArea,
        )
        self.events_dock = self._dock(
            "Events", "eventsDock", self.events_panel, Qt.DockWidgetArea.RightDockWidgetArea
        )
        # the selected event read whole, below the list (the map's popup only names it)
        self.event_details = EventDetails(self)
        self.details_dock = QDockWidget("Event details", self)
        self.details_dock.setObjectName("detailsDock")
        self.details_dock.setWidget(self.event_details)  # it scrolls itself
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.details_dock)
        self.splitDockWidget(self.events_dock, self.details_dock, Qt.Orientation.Vertical)
        self.resizeDocks([self.events_dock, self.details_dock], [55, 45], Qt.Orientation.Vertical)
        # events: index, background loading (progress, Cancel), pins for the page
        self.user_events = UserEvents(self)
        self.events_loader = self.user_events.loader
        self.layer_actions: dict[str, QAction] = {}
        # the timeline's keys, only while the map or the timeline has the keyboard; Tab order
        self.keyboard = KeyBindings(self, (self.map, self.timeline), (self.timeline.slider,))
        self.shortcuts = self.keyboard.shortcuts
        # Compare mode (issue 14): a dock, View → Compare with… (ui/compare.py)
        self.compare = compare.install(self)
        self._build_menus()
        wire(self)

        self.user_events.show()
        self.resize(*fit_size(self))
        if remembered.geometry is not None and not self.restoreGeometry(remembered.geometry):
            log.warning("settings: ignoring window/geometry (not restorable)")
        self._state_restored = False
        if remembered.window_state is not None:
            self._state_restored = self.restoreState(remembered.window_state)
            if not self._state_restored:
                log.warning("settings: ignoring window/state (not restorable)")
        selected = (
            first_run_event(catalogue) if first_run and start is None else remembered.event_id
        )
        if selected and selected in {e.id for e in catalogue.events}:
            self.model.select_event(selected)
            self.map.focus_event(selected)
        # The first view frames the Transcaucasian republics whole (or the view asked for),
        # after the first event's pin is focused (which pans to it).
        self.first_view = preset(view or DEFAULT_VIEW).bbox
        self._first_view_shown = False
        self.map.ready.connect(self._show_first_view)
        self.map.load(page)

    # --- construction ----------------------------------------------------------------------
    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)  # restoreState needs names
        if area == Qt.DockWidgetArea.BottomDockWidgetArea:
            dock.setWidget(widget)
        else:  # a side panel scrolls rather than make the window taller than a small screen
            scroller = QScrollArea(dock)
            scroller.setObjectName(f"{name}Scroller")
            scroller.setWidgetResizable(True)
            scroller.setFrameShape(QFrame.Shape.NoFrame)
            scroller.setWidget(widget)
            dock.setWidget(scroller)
        self.addDockWidget(area, dock)
        return dock

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        open_action = QAction(
            "&Open events file…", self, shortcut=QKeySequence(QKeySequence.StandardKey.Open)
        )
        open_action.triggered.connect(self.open_events_dialog)
        file_menu.addAction(open_action)
        file_menu.addSeparator()
        # --- Export entries (export/ package: PNG, SVG, PDF, HTML, GIF, MP4, clipboard) ---
        self.export_menu: QMenu = file_menu.addMenu("&Export")
        self.export_menu.setObjectName("exportMenu")
        from sovietmap.ui.export_dialogs import ExportController
        from sovietmap.ui.export_host import window_host

        self.exports = ExportController(window_host(self), self.export_menu, self)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self, shortcut=QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = bar.addMenu("&View")
        layers_menu = view_menu.addMenu("&Layers")
        for key, label in LAYERS.items():
            action = QAction(label, self, checkable=True)
            action.setObjectName(f"layer-{key}")
            self.layer_actions[key] = action
            layers_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.view_bar.back)
        for action in self.view_bar.presets.values():
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.compare.action)
        view_menu.addSeparator()
        docks = (self.timeline_dock, self.layers_dock, self.events_dock, self.details_dock)
        for dock in (*docks, self.compare.dock):
            view_menu.addAction(dock.toggleViewAction())

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.keyboard.help_action)  # made from what binds the keys
        help_items: list[tuple[str, str, str, QKeySequence | None]] = [
            ("&About sovietmap", "About sovietmap", dialogs.about_html(), None),
        ]
        for text, title, html, keys in help_items:
            action = QAction(text, self)
            if keys is not None:
                action.setShortcut(keys)
            action.triggered.connect(lambda _c=False, t=title, h=html: dialogs.info_box(self, t, h))
            help_menu.addAction(action)
        # The bibliography is long: its own scrolling dialog with links, second in the menu.
        sources = QAction("&Sources and attributions", self)
        sources.setObjectName("helpSources")
        sources.triggered.connect(lambda _c=False: dialogs.sources_dialog(self))
        help_menu.insertAction(help_menu.actions()[1], sources)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 - Qt override
        """Tab and Shift+Tab in the order of the layout (:meth:`KeyBindings.tab`)."""
        return self.keyboard.tab(next) or super().focusNextPrevChild(next)

    # --- behaviour -------------------------------------------------------------------------
    def show_event(self, event_id: str) -> None:
        """Move the timeline to an event's date and focus its pin on the map."""
        try:
            event = self.catalogue.by_id(event_id)
        except KeyError:
            log.warning("no event %r", event_id)
            return
        self.model.set_date(event.start)
        self.model.select_event(event_id)
        self.leave_view()  # its pin may be far away: "Back" returns here
        self.map.focus_event(event_id)

    # --- views -----------------------------------------------------------------------------
    def _show_first_view(self) -> None:
        """Once, when the page is first up: the first view (a lambda with a single-shot
        connection crashes PySide6)."""
        if not self._first_view_shown:
            self._first_view_shown = True
            self.map.set_view(self.first_view)

    def leave_view(self) -> None:
        """Remember the view shown now, for "Back" (called before a jump)."""
        self.view_history.leave(self.model.extent)
        self.view_bar.show_back(len(self.view_history) > 0)

    def go_to_view(self, name: str) -> None:
        """Fit the map to the preset ``name`` (:data:`~sovietmap.core.views.VIEWS`)."""
        self.leave_view()
        self.map.set_view(VIEWS[name].bbox)

    def go_back(self) -> None:
        """Back to the view before the last jump, if there is one."""
        target = self.view_history.back(self.model.extent)
        if target is not None:
            self.map.set_view(target)
        self.view_bar.show_back(len(self.view_history) > 0)

    # --- small screens ---------------------------------------------------------------------
    def fit_panels(self) -> None:
        """On a small window the side panels get narrower (a fifth of the window each, their
        contents scrolling), so that the map keeps most of it; back to their usual widths when
        the window is roomy again."""
        compact = self.width() < COMPACT_WIDTH or self.height() < COMPACT_HEIGHT
        if not compact and self._compact is not True:
            first, self._compact = self._compact is None, False
            if first and not self._state_restored:  # a first run: the usual widths
                self.resizeDocks([self.layers_dock, self.events_dock], [260, 300], _HORIZONTAL)
            return  # roomy as before: the default, remembered or user's widths stay
        self._compact = compact
        side = (self.layers_dock, self.events_dock)
        widths = [max(180, self.width() // 5)] * 2 if compact else [260, 300]
        self.resizeDocks(list(side), widths, _HORIZONTAL)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """Narrow or widen the side panels with the window."""
        super().resizeEvent(event)
        self._fit_later.start()  # not within the layout's own resize

    def open_events_dialog(self) -> None:
        """File → Open events file…"""
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Open events file",
            str(Path.home()),
            "Events (*.yaml *.yml *.csv *.geojson *.json);;All files (*)",
        )
        if name:
            self.load_events(Path(name))

    def load_events(self, path: Path) -> None:
        """Add the good rows of an events file, read in the background (progress, Cancel);
        the bad ones are shown in a dialog (non-blocking) when it is done."""
        self.user_events.load(path)

    def add_events_file(self, path: Path) -> list[str]:
        """As :meth:`load_events`, but read now (scripted runs); returns the problem lines."""
        return self.user_events.add_now(path)

    # --- settings --------------------------------------------------------------------------
    def view_state(self) -> ViewState:
        """What would be remembered now."""
        return state_of(self.model, self.saveGeometry(), self.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Remember where the user left off."""
        self.model.set_playing(False)
        self.events_loader.shutdown()
        self.compare.shutdown()
        if self.remember:
            save_state(self.settings, self.view_state())
        super().closeEvent(event)

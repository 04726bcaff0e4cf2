"""Wiring in one place: who tells whom what, between the model, the widgets and the page.

As in Mu, the window builds its widgets and :func:`wire` connects them. Each widget announces
what the user asks for and the :class:`~sovietmap.core.viewer.ViewerModel` takes it; each of the
model's signals tells the widgets, the menu, the window and the page what changed, and only
that: a date change sends ``setDate`` once, toggling play sends nothing to the page. Widgets
never sync each other (a layer's check box and its menu action both follow the model).

The flow of a date::

    slider / keys / buttons / play clock ──> model.set_date ──> date_changed
        ──> timeline bar (date, caption), window title, pins, map.set_date (one setDate)
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker

from sovietmap.core import bibliography
from sovietmap.core.caption import describe_state, standing_sources
from sovietmap.core.viewer import ViewerModel
from sovietmap.ui import event_details

if TYPE_CHECKING:
    from sovietmap.ui.main_window import MainWindow

log = logging.getLogger(__name__)

#: What each named command (timeline buttons, keyboard shortcuts) does to the model.
COMMANDS: dict[str, Callable[[ViewerModel], object]] = {
    "start": lambda m: m.go_start(),
    "end": lambda m: m.go_end(),
    "prev_change": lambda m: m.go_prev_change(),
    "next_change": lambda m: m.go_next_change(),
    "prev_year": lambda m: m.step_years(-1),
    "next_year": lambda m: m.step_years(1),
    "prev_month": lambda m: m.step_months(-1),
    "next_month": lambda m: m.step_months(1),
    "play": lambda m: m.toggle_playing(),
}


def run_command(model: ViewerModel, name: str) -> None:
    """Do the command ``name`` of :data:`COMMANDS` on ``model``."""
    COMMANDS[name](model)


def wire(window: MainWindow) -> None:
    """Connect ``window``'s widgets, menu, page and play clock to its model, and show the
    model's state in all of them once."""
    model = window.model
    bar, view = window.timeline, window.map
    layers, events = window.layers_panel, window.events_panel

    # --- the user asks, the model takes ----------------------------------------------------
    bar.date_picked.connect(model.set_date)
    bar.command.connect(lambda name: run_command(model, name))
    bar.speed_picked.connect(model.set_speed)
    bar.date_rejected.connect(lambda message: window.statusBar().showMessage(message, 6000))
    bar.compare_picked.connect(  # Compare's second handle, dragged (only while Compare is on)
        lambda day: model.compare_date is not None and model.set_compare_date(day)
    )
    for name, shortcut in window.shortcuts.items():
        shortcut.activated.connect(lambda n=name: run_command(model, n))
    layers.layer_toggled.connect(model.set_layer)
    for key, action in window.layer_actions.items():
        action.toggled.connect(lambda on, k=key: model.set_layer(k, on))
    events.pin_mode_changed.connect(model.set_pin_mode)
    events.event_selected.connect(window.show_event)
    view.pin_clicked.connect(model.select_event)
    view.pin_clicked.connect(lambda _id: event_details.reveal(window))  # the popup is short
    window.event_details.event_picked.connect(window.show_event)
    view.view_changed.connect(model.set_extent)  # the page reports where it looks
    window.view_bar.preset_picked.connect(window.go_to_view)  # presets and "Back"
    window.view_bar.back_requested.connect(window.go_back)
    window.compare.wire()  # Compare mode: its dock, action and the map's hatches (ui/compare.py)

    # --- the model tells -------------------------------------------------------------------
    def date_changed(day: dt.date) -> None:
        bar.show_date(day, describe_state(window.atlas, day))
        window.setWindowTitle(f"sovietmap — {day.isoformat()}")
        window.user_events.update_pins()  # a big catalogue: the page holds this date's pins
        view.set_date(day.isoformat())
        bar.caption.setToolTip(_caption_sources(window, day))
        event_details.follow_date(window)  # the events side follows the date
        layers.show_legend(day, model.layers, model.compare_date)  # what this date shows

    def layers_changed(shown: dict[str, bool]) -> None:
        layers.show_layers(shown)
        layers.show_legend(model.date, shown, model.compare_date)
        for key, action in window.layer_actions.items():
            if key in shown:
                with QSignalBlocker(action):
                    action.setChecked(shown[key])
        view.set_layers(shown)

    def pin_mode_changed(mode: str) -> None:
        events.show_pin_mode(mode)
        view.set_pin_mode(mode)
        window.user_events.update_pins()
        event_details.follow_date(window)

    def selected_event_changed(event_id: str | None) -> None:
        with QSignalBlocker(events):
            if event_id is None:
                events.clear_selection()
            else:
                events.select(event_id, announce=False)
        window.user_events.update_pins()  # the selected event's pin is always given
        event_details.show_selected(window)  # the details pane

    model.date_changed.connect(date_changed)
    model.playing_changed.connect(bar.show_playing)
    model.speed_changed.connect(bar.show_speed)
    model.layers_changed.connect(layers_changed)
    model.pin_mode_changed.connect(pin_mode_changed)
    model.selected_event_changed.connect(selected_event_changed)
    model.compare_date_changed.connect(bar.show_compare_date)  # the second handle
    model.compare_date_changed.connect(  # and the hatches' rows in the legend
        lambda other: layers.show_legend(model.date, model.layers, other)
    )

    # --- once, the state the model starts with ---------------------------------------------
    layers_changed(model.layers)
    events.show_pin_mode(model.pin_mode)
    view.set_pin_mode(model.pin_mode)
    bar.show_speed(model.speed)
    bar.show_playing(model.playing)
    bar.show_compare_date(model.compare_date)
    date_changed(model.date)


def _caption_sources(window: MainWindow, day: dt.date) -> str:
    """The caption's tooltip: the sources of the facts that no border shows (1991)."""
    try:
        cited = [bibliography.cite(k) for k in standing_sources(window.atlas, day)]
    except KeyError as exc:
        log.warning("caption: citation %s is not in the bibliography", exc)
        cited = []
    return "Source: " + "\n".join(cited) if cited else ""

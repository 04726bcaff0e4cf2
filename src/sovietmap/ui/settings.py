"""What the viewer remembers between runs (QSettings, organisation "sovietmap").

Every value is checked on the way in: a corrupt or foreign value is ignored with a log line.
The remembered view is the :class:`~sovietmap.core.viewer.ViewerModel`'s: :func:`model_from`
starts a model where the user left off and :func:`state_of` reads one back.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from sovietmap.core import userdirs
from sovietmap.core.dates import DateError, parse_timeline_date
from sovietmap.core.viewer import PIN_MODES, ViewerModel
from sovietmap.mapview.style import LAYERS, LAYERS_OFF

log = logging.getLogger(__name__)

ORGANISATION = "sovietmap"
APPLICATION = "sovietmap"


@dataclass
class ViewState:
    """The remembered state; ``None`` where nothing (valid) was stored."""

    geometry: QByteArray | None = None
    window_state: QByteArray | None = None
    date: dt.date | None = None
    layers: dict[str, bool] = field(default_factory=dict)
    pin_mode: str | None = None
    event_id: str | None = None
    speed: int | None = None
    #: Compare mode's second date (None: Compare was off).
    compare_date: dt.date | None = None
    #: Compare mode's polity: an id, a lineage, :data:`ALL_POLITIES`; None: nothing stored.
    compare_polity: str | None = None


#: How "every polity" is stored as Compare's polity.
ALL_POLITIES = "*"
_POLITY_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


def user_settings() -> QSettings:
    """The user's settings store: ``sovietmap.conf`` in the config folder from platformdirs
    (``$XDG_CONFIG_HOME/sovietmap``, ``~/.config/sovietmap`` on Linux)."""
    return QSettings(str(userdirs.settings_file()), QSettings.Format.IniFormat)


def _bytes(settings: QSettings, key: str) -> QByteArray | None:
    value = settings.value(key)
    if value is None:
        return None
    if isinstance(value, QByteArray) and not value.isEmpty():
        return value
    log.warning("settings: ignoring %s (%r is not saved window data)", key, type(value).__name__)
    return None


def _text(settings: QSettings, key: str) -> str | None:
    value = settings.value(key)
    if value is None:
        return None
    if isinstance(value, str):
        return value
    log.warning("settings: ignoring %s (expected text, found %r)", key, value)
    return None


def _date(settings: QSettings, key: str, what: str) -> dt.date | None:
    """The date stored under ``key`` (None if none, empty, or not a date of the timeline)."""
    text = _text(settings, key)
    if not text:
        return None
    try:
        return parse_timeline_date(text, what=what)
    except DateError as exc:
        log.warning("settings: ignoring %s: %s", key, exc)
        return None


def load_state(settings: QSettings) -> ViewState:
    """Read the remembered state, dropping whatever does not check out."""
    state = ViewState(
        geometry=_bytes(settings, "window/geometry"),
        window_state=_bytes(settings, "window/state"),
    )
    state.date = _date(settings, "view/date", "remembered date")
    text = _text(settings, "view/layers")
    if text is not None:
        try:
            raw: Any = json.loads(text)
            if not isinstance(raw, dict):
                raise ValueError("not an object")
            state.layers = {k: v for k, v in raw.items() if k in LAYERS and isinstance(v, bool)}
            if len(state.layers) != len(raw):
                log.warning("settings: ignoring unknown or non-boolean entries in view/layers")
        except ValueError as exc:
            log.warning("settings: ignoring view/layers (%s)", exc)
    mode = _text(settings, "view/pin_mode")
    if mode is not None:
        if mode in PIN_MODES:
            state.pin_mode = mode
        else:
            log.warning("settings: ignoring view/pin_mode %r", mode)
    state.event_id = _text(settings, "view/event") or None
    speed = _text(settings, "view/speed")
    if speed is not None:
        if speed.isdigit() and 1 <= int(speed) <= 120:
            state.speed = int(speed)
        else:
            log.warning("settings: ignoring view/speed %r", speed)
    state.compare_date = _date(settings, "compare/date", "remembered compare date")
    polity = _text(settings, "compare/polity")
    if polity is not None:
        if polity == ALL_POLITIES or _POLITY_ID.fullmatch(polity):
            state.compare_polity = polity
        else:
            log.warning("settings: ignoring compare/polity %r", polity)
    return state


def default_layers() -> dict[str, bool]:
    """Every layer shown but those off on a first run (the historical districts)."""
    return {key: key not in LAYERS_OFF for key in LAYERS}


def model_from(state: ViewState, day: dt.date) -> ViewerModel:
    """A model on ``day`` with the remembered layers, pin mode and speed (defaults where
    nothing was remembered), in Compare mode if it was on. The remembered event is selected
    once the events are shown."""
    model = ViewerModel(
        day=day,
        layers={**default_layers(), **state.layers},
        pin_mode=state.pin_mode or PIN_MODES[0],
        speed=state.speed or 1,
    )
    if state.compare_polity is not None:
        model.set_compare_polity(
            None if state.compare_polity == ALL_POLITIES else state.compare_polity
        )
    model.set_compare_date(state.compare_date)
    return model


def state_of(
    model: ViewerModel,
    geometry: QByteArray | None = None,
    window_state: QByteArray | None = None,
) -> ViewState:
    """What would be remembered of ``model`` (and the window's geometry and docks)."""
    return ViewState(
        geometry=geometry,
        window_state=window_state,
        date=model.date,
        layers=model.layers,
        pin_mode=model.pin_mode,
        event_id=model.selected_event,
        speed=model.speed,
        compare_date=model.compare_date,
        compare_polity=ALL_POLITIES if model.compare_polity is None else model.compare_polity,
    )


def save_state(settings: QSettings, state: ViewState) -> None:
    """Write the state (as text where possible, so a hand-edited file stays readable)."""
    if state.geometry is not None:
        settings.setValue("window/geometry", state.geometry)
    if state.window_state is not None:
        settings.setValue("window/state", state.window_state)
    if state.date is not None:
        settings.setValue("view/date", state.date.isoformat())
    settings.setValue("view/layers", json.dumps(state.layers, sort_keys=True))
    if state.pin_mode is not None:
        settings.setValue("view/pin_mode", state.pin_mode)
    settings.setValue("view/event", state.event_id or "")
    if state.speed is not None:
        settings.setValue("view/speed", str(state.speed))
    compare = state.compare_date
    settings.setValue("compare/date", "" if compare is None else compare.isoformat())
    if state.compare_polity is not None:
        settings.setValue("compare/polity", state.compare_polity)
    settings.sync()

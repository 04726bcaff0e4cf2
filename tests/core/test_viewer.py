"""The Qt-free viewer model: one signal per field, each emitted once per real change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from sovietmap.core.changes import DEFAULT_POLITY
from sovietmap.core.viewer import PIN_MODES, Signal, ViewerModel

D = dt.date


def _heard(model: ViewerModel) -> list[tuple[str, object]]:
    """Every signal of ``model``, recorded in order as (field, value)."""
    heard: list[tuple[str, object]] = []

    def recorder(name: str) -> Callable[[object], None]:
        return lambda value: heard.append((name, value))

    for name in ("date", "playing", "speed", "layers", "pin_mode", "selected_event", "extent"):
        signal: Signal[object] = getattr(model, f"{name}_changed")
        signal.connect(recorder(name))
    return heard


def test_each_setter_emits_its_own_signal_once_and_only_on_a_change() -> None:
    model = ViewerModel(day=D(1930, 1, 1), layers={"cities": True, "labels": True})
    heard = _heard(model)
    assert model.set_date(D(1931, 1, 1)) and not model.set_date(D(1931, 1, 1))
    assert model.set_speed(3) and not model.set_speed(3)
    assert model.set_layer("cities", False) and not model.set_layers({"cities": False})
    assert model.set_pin_mode("year") and not model.set_pin_mode("year")
    assert model.select_event("e1") and not model.select_event("e1")
    assert model.set_extent([40, 38, 51, 42.5]) and not model.set_extent((40, 38, 51, 42.5))
    assert model.set_playing(True) and not model.set_playing(True)
    assert heard == [
        ("date", D(1931, 1, 1)),
        ("speed", 3),
        ("layers", {"cities": False, "labels": True}),
        ("pin_mode", "year"),
        ("selected_event", "e1"),
        ("extent", (40.0, 38.0, 51.0, 42.5)),
        ("playing", True),
    ]
    assert model.layers == {"cities": False, "labels": True}
    assert model.extent == (40.0, 38.0, 51.0, 42.5)


def test_toggling_play_tells_only_who_listens_to_playing() -> None:
    model = ViewerModel(day=D(1940, 1, 1))
    heard = _heard(model)
    model.toggle_playing()
    model.toggle_playing()
    assert heard == [("playing", True), ("playing", False)]


def test_play_ticks_by_the_speed_and_stops_at_the_end() -> None:
    model = ViewerModel(day=D(1995, 1, 1), speed=6)
    heard = _heard(model)
    model.tick()  # not playing: nothing
    model.set_playing(True)
    model.tick()
    model.tick()
    assert model.date == D(1995, 12, 31) and not model.playing
    assert heard == [
        ("playing", True),
        ("date", D(1995, 7, 1)),
        ("date", D(1995, 12, 31)),
        ("playing", False),
    ]
    heard.clear()
    model.set_playing(True)  # from the last day: rewinds first
    assert heard == [("date", model.start), ("playing", True)]


def test_the_layers_given_are_a_copy() -> None:
    layers = {"cities": True}
    model = ViewerModel(layers=layers)
    model.layers["cities"] = False
    layers["cities"] = False
    assert model.layers == {"cities": True}


def test_bad_values_are_refused_or_bounded() -> None:
    model = ViewerModel()
    with pytest.raises(ValueError, match="pin mode"):
        model.set_pin_mode("someday")
    with pytest.raises(ValueError, match="pin mode"):
        ViewerModel(pin_mode="someday")
    with pytest.raises(ValueError, match="before its start"):
        ViewerModel(start=D(1930, 1, 1), end=D(1920, 1, 1))
    assert set(PIN_MODES) == {"date", "year", "upto"}
    model.set_speed(0)
    assert model.speed == 1
    model.set_extent(None)
    assert model.extent is None


def test_a_signal_calls_its_slots_in_order_and_forgets_disconnected_ones() -> None:
    signal: Signal[int] = Signal()
    heard: list[str] = []

    def first(value: int) -> None:
        heard.append(f"first {value}")
        signal.disconnect(second)  # a slot may disconnect another during an emit

    def second(value: int) -> None:
        heard.append(f"second {value}")

    signal.connect(first)
    signal.connect(second)
    signal.emit(1)
    signal.emit(2)
    signal.disconnect(second)  # not connected: ignored
    assert heard == ["first 1", "second 1", "first 2"]
    assert len(signal) == 1


def test_compare_polity_is_kept_while_compare_is_off() -> None:
    """Compare's polity: Azerbaijan's lineage first; None means every polity; one signal per
    real change; turning Compare off and on keeps it."""
    model = ViewerModel(day=D(1930, 1, 1))
    heard: list[object] = []
    model.compare_polity_changed.connect(heard.append)
    assert model.compare_polity == DEFAULT_POLITY
    assert model.set_compare_polity("ussr") and not model.set_compare_polity("ussr")
    model.set_compare_date(D(1925, 1, 1))
    model.set_compare_date(None)
    assert model.compare_polity == "ussr"
    assert model.set_compare_polity(None) and not model.set_compare_polity("")
    assert heard == ["ussr", None]
    assert model.snapshot()["compare_polity"] is None

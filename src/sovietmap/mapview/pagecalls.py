"""Every call into the map page, as JavaScript source, and the page's answers read back typed.

Qt-free. The page's API is ``window.sovietmap`` (``mapview/assets/sovietmap.js``; its data and
answers have JSDoc typedefs in ``assets/types.js``). The visible map (``ui/map_widget.py``), the
export capture (``export/capture.py``), the standalone HTML (``export/html.py``) and the export
dialogs build their calls here, so that API is spelt in Python in one place, and no Python
module writes Leaflet code. Each builder returns one JavaScript *expression* (no ``;``); run
alone, its value is the call's result. :func:`batch` joins several into one script whose value
is that of the last.

Values go in as JSON (``json.dumps``, non-ASCII kept): JSON is JavaScript, so no text from data
can break out of its string.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, TypedDict

#: A map extent: west, south, east, north (degrees).
BBox = tuple[float, float, float, float]

#: The page's API object.
API = "sovietmap"


def _arg(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def call(name: str, *args: Any) -> str:
    """``sovietmap.name(args...)`` with each argument as JSON."""
    return f"{API}.{name}({', '.join(_arg(a) for a in args)})"


def _guarded(name: str, *args: Any, default: str = "null") -> str:
    """``call(name, ...)`` if the API has ``name`` yet (page still loading), else ``default``."""
    return f"(window.{API} && {API}.{name} ? {call(name, *args)} : {default})"


def batch(*calls: str) -> str:
    """One script running ``calls`` in order; its value is the last call's."""
    return ";\n".join(calls) + ";"


def as_json(expression: str) -> str:
    """``expression``'s value as a JSON string (the reliable way through ``runJavaScript``)."""
    return f"JSON.stringify({expression})"


# --- what the page shows ---------------------------------------------------------------------
def set_date(iso: str) -> str:
    """Show the borders, names and pins of the day ``iso`` (YYYY-MM-DD)."""
    return call("setDate", iso)


def set_layers(layers: dict[str, bool]) -> str:
    """Show or hide layers by key (keys the page does not know are ignored)."""
    return call("setLayers", {str(k): bool(v) for k, v in layers.items()})


def set_pin_mode(mode: str) -> str:
    """Pins for this date ('date'), this year ('year') or all up to now ('upto')."""
    return call("setPinMode", mode)


def set_events(events: list[dict[str, Any]]) -> str:
    """The events the page may pin (plain data; the page puts all text in as text)."""
    return call("setEvents", events)


def focus_event(event_id: str | None) -> str:
    """Highlight an event's pin, pan to it and open its popup (``None``: no focus)."""
    return call("focusEvent", event_id)


def set_reserved(boxes: list[tuple[float, float, float, float]]) -> str:
    """Boxes (x0, y0, x1, y1 in map pixels) names keep clear of: what an export draws over."""
    return call(
        "setReserved", [{"x0": x0, "y0": y0, "x1": x1, "y1": y1} for x0, y0, x1, y1 in boxes]
    )


def _bbox(bbox: BBox) -> list[float]:
    values = [float(v) for v in bbox]
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise ValueError(f"not a bounding box: {bbox!r}")
    west, south, east, north = values
    if not (west < east and south < north):
        raise ValueError(f"an empty bounding box: {bbox!r}")
    return values


def set_view(bbox: BBox) -> str:
    """Fit the map to ``bbox`` (west, south, east, north); its value is the page's new view."""
    return as_json(call("setView", _bbox(bbox)))


def set_center(center: tuple[float, float], zoom: float) -> str:
    """Centre the map on ``center`` (lat, lon) at ``zoom``; its value is the page's new view."""
    return as_json(call("setView", {"center": [float(center[0]), float(center[1])], "zoom": zoom}))


def get_view() -> str:
    """The page's current view as JSON (read it with :func:`read_view`); ``null`` if none."""
    return as_json(_guarded("getView"))


def state() -> str:
    """What the page shows, as JSON (read it with :func:`read_state`); ``{}`` while loading."""
    return as_json(_guarded("state", default="{}"))


def report_painted() -> str:
    """Change nothing, but report painted again after the next two frames."""
    return call("reportPainted")


def paint_token() -> str:
    """The number of the page's last change: a painted report with it covers that change."""
    return call("paintToken")


# --- Compare mode (assets/compare.js) -----------------------------------------------------------
def set_compare(pieces: dict[str, Any], info: dict[str, Any] | None = None) -> str:
    """Hatch the land gained and lost (a GeoJSON FeatureCollection of
    :meth:`sovietmap.core.changes.Comparison.pieces_geojson`) over the map; ``info`` is kept
    as is for :func:`compare_state`. Its value is ``{gained, lost}`` (pieces drawn)."""
    return as_json(call("setCompare", pieces, info or {}))


def clear_compare() -> str:
    """Drop Compare mode's hatched layers."""
    return _guarded("clearCompare", default="false")


def compare_state() -> str:
    """What Compare draws, as JSON: ``{gained, lost, paths, info}`` (``null`` while loading)."""
    return as_json(_guarded("compareState"))


# --- export-only page set-up --------------------------------------------------------------------
def export_mode(strip_px: int) -> str:
    """Set the page up for captures: no zoom buttons or attribution (images draw their own),
    and a probe strip of ``strip_px`` CSS pixels under the map (see :func:`set_probe`)."""
    return call("exportMode", int(strip_px))


def when_size(width: int, height: int) -> str:
    """-1 if the page's window is ``width`` by ``height`` CSS pixels (within one); else a
    change number: the page reports painted above it once a resize makes it so."""
    return call("whenSize", int(width), int(height))


def set_probe(rgb: tuple[int, int, int]) -> str:
    """Paint the probe strip ``rgb``: a grabbed frame showing it holds every change before.
    Its value is the change number whose painted report covers it (and all before it)."""
    return call("setProbe", [int(c) for c in rgb])


# --- answers -------------------------------------------------------------------------------
class PageState(TypedDict, total=False):
    """``sovietmap.state()``: the page's answer to "what do you show?" (``PageState`` in
    ``assets/types.js``). Empty while the page is loading."""

    ready: bool
    painted: bool
    paintToken: int
    error: str | None
    date: str | None
    pinMode: str
    focused: str | None
    layers: dict[str, bool]
    polities: list[str]
    labels: list[str]
    drawn: list[str]
    cities: dict[str, str]
    pins: list[str]
    labelPass: dict[str, Any] | None
    events: int
    stretches: int


@dataclass(frozen=True)
class PageView:
    """The page's view: its extent, centre and zoom (``View`` in ``assets/types.js``)."""

    bbox: BBox
    center: tuple[float, float]
    zoom: float


def _json(result: Any) -> Any:
    if not isinstance(result, str):
        return None
    try:
        return json.loads(result)
    except ValueError:
        return None


def read_state(result: Any) -> PageState:
    """The answer to :func:`state` as a :class:`PageState` (``{}`` if it is not one)."""
    value = _json(result)
    return PageState(**value) if isinstance(value, dict) else PageState()


def read_view(result: Any) -> PageView | None:
    """The answer to :func:`get_view`, :func:`set_view` or :func:`set_center`; ``None`` if the
    page had no view to give (not loaded yet)."""
    value = _json(result)
    try:
        west, south, east, north = (float(v) for v in value["bbox"])
        lat, lon = (float(v) for v in value["center"])
        return PageView((west, south, east, north), (lat, lon), float(value["zoom"]))
    except (TypeError, ValueError, KeyError):
        return None


def read_int(result: Any) -> int | None:
    """A number the page answered (as :func:`paint_token`), else ``None``."""
    return int(result) if isinstance(result, int | float) and not isinstance(result, bool) else None

"""Print maps: SVG or PDF vector maps of a date with geopandas and matplotlib (no Qt).

Same colours, line styles and labels as the screen (from :mod:`sovietmap.mapview.style`),
drawn in Web Mercator like Leaflet, over the extent of a :class:`MapSpec`. Text stays text
in the SVG (searchable), and each polity's shapes are grouped under ``id="polity-<id>"``.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections.abc import Callable, Sequence
from typing import Any

import geopandas as gpd
import matplotlib
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox
from pyproj import Transformer
from shapely.geometry import box

from sovietmap import GEO_DIR
from sovietmap.core.atlas import BorderAtlas
from sovietmap.core.events import Event
from sovietmap.core.places import Gazetteer
from sovietmap.export.atomic import EXIT_USAGE, ExportError, export_kind, write_bytes
from sovietmap.export.legend import PT
from sovietmap.export.printcompare import draw_comparison
from sovietmap.export.printdecor import decorations
from sovietmap.export.printlabels import PrintLabel, renderer_of
from sovietmap.export.printlabels import place as place_labels
from sovietmap.export.printlines import draw_lines, project_lines
from sovietmap.export.spec import MapSpec, date_caption
from sovietmap.mapview.style import (
    EVENT_COLOURS,
    KINDS,
    LAND,
    LAYERS_OFF,
    LINE_KINDS,
    ORDER,
    PRECISION,
    SEA,
    label_priority,
    polity_colour,
)

BASE_FILE = GEO_DIR / "base.geojson"
_MERCATOR = "EPSG:3857"
_RC: Any = {
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "lines.scale_dashes": False,
    "font.family": "DejaVu Serif",
    "text.parse_math": False,
    "text.usetex": False,
}


class PrintMapper:
    """Draws print maps; holds the projected atlas and land, so repeated maps are quick."""

    def __init__(self, atlas: BorderAtlas, gazetteer: Gazetteer | None = None) -> None:
        self.atlas = atlas
        self.gazetteer = gazetteer or Gazetteer.load()
        self._land = gpd.read_file(BASE_FILE, engine="pyogrio").to_crs(_MERCATOR)
        self._projected: dict[int, gpd.GeoDataFrame] = {}
        self._lines = project_lines(_MERCATOR)

    def _borders(self, day: dt.date) -> gpd.GeoDataFrame:
        frame = self.atlas.at(day)
        key = hash(tuple(frame.index))
        if key not in self._projected:
            self._projected[key] = frame.to_crs(_MERCATOR)
        return self._projected[key]

    def figure(self, spec: MapSpec, events: Sequence[Event] = ()) -> Figure:
        """The map of ``spec`` as a matplotlib figure (not yet saved)."""
        layers = spec.layers
        fig = Figure(figsize=spec.page_inches, dpi=100)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_facecolor(SEA)
        ax.set_axis_off()
        fig.patch.set_facecolor(SEA)
        west, south, east, north = _extent(spec)
        ax.set_xlim(west, east)
        ax.set_ylim(south, north)
        ax.set_aspect("equal", adjustable="box")
        ax.add_patch(_rect(west, south, east, north, SEA))
        view = box(west, south, east, north)
        if layers.get("land", True):
            land = self._land[self._land.intersects(view)]
            if not land.empty:
                land.plot(
                    ax=ax,
                    facecolor=LAND["fillColor"],
                    edgecolor=LAND["color"],
                    linewidth=float(LAND["weight"]) * PT,  # type: ignore[arg-type]
                    gid="land",
                )
        frame = self._borders(spec.day)
        frame = frame[frame.intersects(view)]
        for kind in ORDER:
            style = KINDS[kind]
            if not _shown(layers, style["layer"]):
                continue
            for _, row in frame[frame["kind"] == kind].iterrows():
                _draw_polity(ax, row, style)
        if spec.compare is not None:  # gained and lost land, hatched (issue 14)
            draw_comparison(ax, self.atlas, spec, _MERCATOR, view)
        # Border lines by stretch, each in its own precision's style (as on the page).
        draw_lines(
            ax, self._lines, spec.day, frame, lambda layer: _shown(layers, layer), view, _line_style
        )
        labels: list[PrintLabel] = []
        if layers.get("labels", True):
            hidden = [
                k
                for k, s in KINDS.items()
                if not _shown(layers, s["layer"]) and s["layer"] in LAYERS_OFF
            ]  # district names go with their layer
            labels += _polity_labels(frame[~frame["kind"].isin(hidden)], view)
        if layers.get("cities", True):
            labels += self._cities(spec.day, view)
        pins: list[Any] = []
        if layers.get("events", True):
            pins = _event_pins(ax, [e for e in events if e.holds_on(spec.day)], view)
        decorations(fig, spec, date_caption(self.atlas, spec.day), _hidden_by(ax, frame))
        # Names last: they keep clear of each other, the caption, the legend and the credits.
        renderer = renderer_of(fig)
        place_labels(fig, ax, labels, [p.get_window_extent(renderer) for p in pins])
        return fig

    def _cities(self, day: dt.date, view: Any) -> list[PrintLabel]:
        names = self.gazetteer.names_at(day)
        out = []
        for place in self.gazetteer.places:
            if place.id not in names:
                continue
            x, y = _project(place.lon, place.lat)
            if not view.contains(_point(x, y)):
                continue
            bold = place.rank <= 1
            options = {
                "fontsize": 9.5 if bold else 9,
                "fontweight": "bold" if bold else "normal",
                "color": "#222222",
                "family": "DejaVu Sans",
                "zorder": 31,
            }
            out.append(
                PrintLabel(
                    names[place.id],
                    x,
                    y,
                    label_priority(rank=place.rank),
                    f"city-{place.id}",
                    options,
                    city=True,
                )
            )
        return out

    def save(self, spec: MapSpec, path: Any, events: Sequence[Event] = ()) -> None:
        """Write the map of ``spec`` to ``path`` (.svg or .pdf), atomically."""
        kind = export_kind(path)
        if kind not in ("svg", "pdf"):
            raise ExportError(f"{path}: a print map must be .svg or .pdf", EXIT_USAGE)
        write_bytes(path, self.render(spec, kind, events))

    def render(self, spec: MapSpec, kind: str, events: Sequence[Event] = ()) -> bytes:
        """The map of ``spec`` as SVG or PDF bytes."""
        with matplotlib.rc_context(_RC):
            fig = self.figure(spec, events)
            buffer = io.BytesIO()
            metadata = {"Title": spec.title or f"sovietmap {spec.day.isoformat()}"}
            fig.savefig(
                buffer,
                format=kind,
                facecolor=fig.get_facecolor(),
                metadata=metadata if kind == "pdf" else {"Title": metadata["Title"]},
            )
        return buffer.getvalue()


#: The polities a print map is about: a legend should hide as little of them as it can.
SUBJECT_KINDS = ("republic", "autonomy", "disputed")


def _hidden_by(ax: Any, frame: gpd.GeoDataFrame) -> Callable[[Bbox], float]:
    """How much of the map's subject polities (projected m², an autonomy counted with its
    republic) a box of display pixels would hide."""
    subject = frame[frame["kind"].isin(SUBJECT_KINDS)].geometry
    to_data = ax.transData.inverted()

    def hidden(where: Bbox) -> float:
        (x0, y0), (x1, y1) = to_data.transform([[where.x0, where.y0], [where.x1, where.y1]])
        cover = box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        return float(subject.intersection(cover).area.sum())

    return hidden


def _shown(layers: dict[str, bool], layer: str) -> bool:
    """Whether ``layer`` is drawn: as asked, else on unless it starts hidden."""
    return layers.get(layer, layer not in LAYERS_OFF)


_LOCAL = threading.local()


def _to_mercator() -> Transformer:
    """This thread's degrees-to-Web-Mercator transformer (print maps also run in a worker)."""
    transformer = getattr(_LOCAL, "transformer", None)
    if transformer is None:
        transformer = _LOCAL.transformer = Transformer.from_crs(
            "EPSG:4326", _MERCATOR, always_xy=True
        )
    return transformer


def _project(lon: float, lat: float) -> tuple[float, float]:
    """(lon, lat) in degrees to Web Mercator metres (x, y), as Leaflet draws."""
    x, y = _to_mercator().transform(lon, lat)
    return float(x), float(y)


def _point(x: float, y: float) -> Any:
    from shapely.geometry import Point

    return Point(x, y)


def _extent(spec: MapSpec) -> tuple[float, float, float, float]:
    """The bbox in Mercator metres, widened to the page's aspect ratio (as fitBounds)."""
    west, south, east, north = spec.bbox
    x0, y0 = _project(west, south)
    x1, y1 = _project(east, north)
    page_w, page_h = spec.page_inches
    want = page_w / page_h
    cx, cy, w, h = (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0
    if w / h < want:
        w = h * want
    else:
        h = w / want
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def _rect(west: float, south: float, east: float, north: float, colour: str) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle(
        (west, south), east - west, north - south, facecolor=colour, edgecolor="none", zorder=-10
    )


def _line_style(precision: Any, weight: float) -> tuple[float, Any, str]:
    line = PRECISION.get(str(int(precision or 1)), PRECISION["1"])
    width = weight * line["weightScale"] * PT
    dash = line["dash"]
    style: Any = "solid" if not dash else (0, tuple(float(v) * PT for v in dash.split()))
    return width, style, "round" if line["cap"] == "round" else "butt"


def _draw_polity(ax: Any, row: Any, style: dict[str, Any]) -> None:
    colour = polity_colour({"kind": row["kind"], "country": row.get("country")})
    width, dash, cap = _line_style(row["precision"], style["weight"])
    series = gpd.GeoSeries([row.geometry])
    gid = f"polity-{row['id']}"
    if style.get("hatch"):  # a historical district: a light hatch, as on the screen
        series.plot(
            ax=ax,
            facecolor="none",
            edgecolor=colour,
            alpha=0.45,
            linewidth=0,
            hatch="///",
            gid=f"{gid}-fill",
        )
    elif style["fillOpacity"] > 0:
        series.plot(
            ax=ax, facecolor=colour, alpha=style["fillOpacity"], edgecolor="none", gid=f"{gid}-fill"
        )
    if row["kind"] not in LINE_KINDS:  # the others' lines are drawn by stretch (printlines)
        series.boundary.plot(
            ax=ax,
            color=colour,
            alpha=style["opacity"],
            linewidth=width,
            linestyle=dash,
            capstyle=cap,
            gid=gid,
        )


def _polity_labels(frame: gpd.GeoDataFrame, view: Any) -> list[PrintLabel]:
    out = []
    for _, row in frame.iterrows():
        kind = KINDS.get(str(row["kind"]), KINDS["context"])
        if not kind["label"] or row.get("label_lon") is None:
            continue
        x, y = _project(float(row["label_lon"]), float(row["label_lat"]))
        if not view.contains(_point(x, y)):
            continue
        text = str(row["name"])
        options: dict[str, Any] = {"fontsize": 9, "style": "italic", "color": "#3b3227"}
        if row["kind"] == "union":
            text, options = text.upper(), {"fontsize": 11, "color": "#3b3227"}
        elif row["kind"] == "federation":
            options = {"fontsize": 10, "color": "#0b3d66", "style": "italic"}
        elif row["kind"] == "republic":
            options = {"fontsize": 10, "fontweight": "bold", "color": "#3b3227"}
        out.append(
            PrintLabel(
                text,
                x,
                y,
                label_priority(kind=str(row["kind"])),
                f"label-{row['id']}",
                {**options, "zorder": 25},
                autonomy=row["kind"] == "autonomy",
            )
        )
    return out


def _event_pins(ax: Any, events: Sequence[Event], view: Any) -> list[Any]:
    pins = []
    for event in events:
        x, y = _project(event.lon, event.lat)
        if view.contains(_point(x, y)):
            colour = EVENT_COLOURS.get(event.kind, EVENT_COLOURS["default"])
            pins += ax.plot(
                [x],
                [y],
                marker="o",
                markersize=9,
                markerfacecolor=colour,
                markeredgecolor="white",
                markeredgewidth=1.2,
                zorder=40,
                gid=f"event-{event.id}",
            )
    return pins

"""What an export shows: date, extent, layers, size and decorations (plain data, no Qt)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from sovietmap.core.atlas import BorderAtlas
from sovietmap.core.caption import describe_state
from sovietmap.export.atomic import EXIT_USAGE, ExportError
from sovietmap.mapview.style import LAYERS, default_layers

#: The page's initial view (west, south, east, north): Transcaucasia.
DEFAULT_BBOX: tuple[float, float, float, float] = (40.0, 38.3, 50.9, 43.6)
#: Attribution drawn into images and print maps.
ATTRIBUTION = "Borders: sovietmap (Natural Earth, public domain; cited sources) · Leaflet"
#: The print maps' (SVG, PDF): drawn with Matplotlib, not Leaflet.
PRINT_ATTRIBUTION = "Borders: sovietmap (Natural Earth, public domain; cited sources) · Matplotlib"
MAX_PIXELS = 8192
#: Paper sheets of print maps: name → (width, height) in inches, portrait.
SHEETS: dict[str, tuple[float, float]] = {"a4": (210 / 25.4, 297 / 25.4), "letter": (8.5, 11.0)}
#: Every paper choice, ``SHEET-ORIENTATION`` (``a4-portrait`` … ``letter-landscape``).
PAPERS: tuple[str, ...] = tuple(
    f"{sheet}-{side}" for sheet in SHEETS for side in ("portrait", "landscape")
)
#: Print maps are laid out at this many CSS pixels per inch (``width`` 1024 = 10.24 in).
PX_PER_INCH = 100


@dataclass(frozen=True)
class MapSpec:
    """One map to export: the date, what it shows and how big it is.

    ``bbox`` is (west, south, east, north) in degrees; ``center``/``zoom`` (Leaflet's) win
    over it when given, to copy a view exactly. ``scale`` multiplies the pixel size of a PNG.
    """

    day: dt.date
    width: int = 1024
    height: int = 768
    scale: float = 1.0
    bbox: tuple[float, float, float, float] = DEFAULT_BBOX
    center: tuple[float, float] | None = None  # (lat, lon)
    zoom: float | None = None
    layers: dict[str, bool] = field(default_factory=default_layers)
    title: str = ""
    show_date: bool = True
    show_legend: bool = False
    show_attribution: bool = False
    caption: str = ""
    #: A print map's paper (one of :data:`PAPERS`); "" for the map area's own size.
    paper: str = ""
    #: Compare with this other date: land gained and lost between it and ``day`` is hatched
    #: (print maps; export/printcompare.py).
    compare: dt.date | None = None
    #: Only this polity's gains and losses (an id, or a lineage such as ``azerbaijan``);
    #: None: every polity's.
    compare_polity: str | None = None

    def with_day(self, day: dt.date, caption: str = "") -> MapSpec:
        """The same map on another day."""
        return replace(self, day=day, caption=caption)

    @property
    def pixel_size(self) -> tuple[int, int]:
        """The output size in pixels (width × scale, height × scale)."""
        return round(self.width * self.scale), round(self.height * self.scale)

    @property
    def page_inches(self) -> tuple[float, float]:
        """A print map's page in inches: the paper's, else ``width``×``height`` at
        :data:`PX_PER_INCH`."""
        if self.paper:
            return paper_inches(self.paper)
        return self.width / PX_PER_INCH, self.height / PX_PER_INCH

    def on_paper(self, paper: str) -> MapSpec:
        """The same map on ``paper`` (:data:`PAPERS`, or "" for none): its width and height
        become the sheet's in CSS pixels, so the extent is fitted to the sheet's shape."""
        if not paper:
            return replace(self, paper="")
        w, h = paper_inches(paper)
        name = paper.strip().lower()
        name = name if "-" in name else f"{name}-portrait"
        return replace(
            self, paper=name, width=round(w * PX_PER_INCH), height=round(h * PX_PER_INCH)
        )

    def check(self) -> MapSpec:
        """Return self, or raise :class:`ExportError` (exit 2) naming the bad value."""
        if not 16 <= self.width <= MAX_PIXELS or not 16 <= self.height <= MAX_PIXELS:
            raise ExportError(
                f"size {self.width}x{self.height} out of range (16 to {MAX_PIXELS})", EXIT_USAGE
            )
        if not 0.25 <= self.scale <= 4:
            raise ExportError(f"scale {self.scale:g} out of range (0.25 to 4)", EXIT_USAGE)
        if max(self.pixel_size) > MAX_PIXELS:
            raise ExportError(
                f"{self.pixel_size[0]}x{self.pixel_size[1]} pixels is too large "
                f"(at most {MAX_PIXELS} a side)",
                EXIT_USAGE,
            )
        west, south, east, north = self.bbox
        if not (-180 <= west < east <= 180 and -85 <= south < north <= 85):
            raise ExportError(
                f"bbox {west:g},{south:g},{east:g},{north:g} is not W,S,E,N "
                "with W < E and S < N inside the world",
                EXIT_USAGE,
            )
        if self.compare is not None and self.compare == self.day:
            raise ExportError("--compare is the map's own date: nothing to compare", EXIT_USAGE)
        if self.paper:
            paper_inches(self.paper)
        unknown = sorted(set(self.layers) - set(LAYERS))
        if unknown:
            raise ExportError(
                f"unknown layer(s) {', '.join(unknown)} (use {', '.join(LAYERS)})", EXIT_USAGE
            )
        return self


def paper_inches(paper: str) -> tuple[float, float]:
    """(width, height) in inches of ``paper`` (``a4``, ``letter``, optionally ``-portrait`` or
    ``-landscape``; portrait if not said), or :class:`ExportError` (exit 2)."""
    sheet, _, side = paper.strip().lower().partition("-")
    if sheet not in SHEETS or side not in ("", "portrait", "landscape"):
        raise ExportError(
            f"paper {paper!r} is not one of {', '.join(PAPERS)} (or a4, letter)", EXIT_USAGE
        )
    w, h = SHEETS[sheet]
    return (h, w) if side == "landscape" else (w, h)


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """``W,S,E,N`` as four floats, or :class:`ExportError` (exit 2)."""
    parts = [p.strip() for p in text.split(",")]
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise ExportError(f"--bbox {text!r} is not four numbers W,S,E,N", EXIT_USAGE) from None
    return west, south, east, north


def parse_layers(text: str) -> dict[str, bool]:
    """A comma list of layer keys to show (all others hidden), or :class:`ExportError`."""
    wanted = {p.strip() for p in text.split(",") if p.strip()}
    unknown = sorted(wanted - set(LAYERS))
    if unknown:
        raise ExportError(
            f"--layers: unknown layer(s) {', '.join(unknown)} (use {', '.join(LAYERS)})", EXIT_USAGE
        )
    return {key: key in wanted for key in LAYERS}


def date_caption(atlas: BorderAtlas, day: dt.date) -> str:
    """The caption of a frame or snapshot: the date and Azerbaijan's standing then."""
    return f"{day.isoformat()} — {describe_state(atlas, day)}"

"""Build the map page once with folium, fully offline, into a cache folder.

The page (``index.html``) loads Leaflet from the installed xstatic-leaflet package, our data
(``data.js``: every border feature with its interval, the land, the places) and our API
(``sovietmap.js``) by file URI. A date change is a call to ``sovietmap.setDate(iso)``; the page
is never rebuilt or reloaded for it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import xstatic.pkg.leaflet as xleaflet

from sovietmap import GEO_DIR
from sovietmap.core import userdirs
from sovietmap.core.atlas import BORDERS_FILE, read_features, read_text
from sovietmap.core.events import Event
from sovietmap.core.lines import LINES_FILE
from sovietmap.core.places import PLACES_FILE, Gazetteer
from sovietmap.mapview.style import KINDS, PAPER_FONT, SEA, page_style

BASE_FILE = GEO_DIR / "base.geojson"
#: Kinds without a fill: the page needs their names and dates, not their polygons (their
#: lines come from lines.geojson.gz).
UNFILLED_KINDS = ("union", "federation", "context")
#: The date the page shows until the window sets its own (the seed's headline date).
FIRST_DAY = "1937-11-01"
ASSETS = Path(__file__).with_name("assets")
#: The page's own scripts, in the order they go into ``sovietmap.js`` (types.js holds only
#: the JSDoc types; capture.js adds what exports call).
API_FILES = (
    "types.js",
    "dom.js",
    "labels.js",
    "lines.js",
    "pins.js",
    "view.js",
    "sovietmap.js",
    "compare.js",
    "capture.js",
)
#: Initial view: Transcaucasia, [[south, west], [north, east]].
VIEW = [[38.3, 40.0], [43.6, 50.9]]
LEAFLET_DIR = Path(xleaflet.BASE_DIR)


def event_payload(event: Event) -> dict[str, Any]:
    """What the page needs of an event (plain data; the page puts all text in as text)."""
    data = event.to_dict()
    source = data.pop("source", None) or {}
    data["quote"] = source.get("quote")
    data["source_file"] = source.get("file")
    return data


def default_cache_dir() -> Path:
    """Where built pages go (platformdirs): ``$XDG_CACHE_HOME/sovietmap`` or ``~/.cache/sovietmap``
    on Linux."""
    return userdirs.cache_dir()


def _page_borders(path: Path) -> tuple[dict[str, Any], list[Any]]:
    """The border features for the page, and the polygons they are made of.

    Unfilled kinds go without geometry (their lines are drawn by stretch, from
    lines.geojson.gz). A polity keeps its outline through renamings and precision changes, so
    a filled feature's geometry is ``{"type", "polygons": [numbers]}``: each polygon is stored
    once, in the list returned, and put back together in the page (:data:`_JOIN_JS`).
    """
    features = read_features(path)
    polygons: list[Any] = []
    numbers: dict[str, int] = {}
    for feature in features:
        geometry = feature.get("geometry")
        if feature["properties"].get("kind") in UNFILLED_KINDS:
            feature["geometry"] = None
        elif geometry and geometry["type"] in ("Polygon", "MultiPolygon"):
            parts = geometry["coordinates"]
            ids = []
            for part in [parts] if geometry["type"] == "Polygon" else parts:
                key = json.dumps(part, separators=(",", ":"))
                if key not in numbers:
                    numbers[key] = len(polygons)
                    polygons.append(part)
                ids.append(numbers[key])
            feature["geometry"] = {"type": geometry["type"], "polygons": ids}
    return {"type": "FeatureCollection", "features": features}, polygons


#: data.js after its JSON: each border feature gets its coordinates back from the shared
#: polygons (the arrays are shared, not copied), and the table goes.
_JOIN_JS = """(function (d) {
  d.borders.features.forEach(function (f) {
    var g = f.geometry;
    if (!g || !g.polygons) return;
    var parts = g.polygons.map(function (i) { return d.polygons[i]; });
    f.geometry = { type: g.type, coordinates: g.type === 'Polygon' ? parts[0] : parts };
  });
  delete d.polygons;
})(window.SOVIETMAP_DATA);
"""
_DATA_PREFIX = "window.SOVIETMAP_DATA = JSON.parse("


def data_js(payload: dict[str, Any]) -> str:
    """``data.js`` for ``payload``: its JSON in one string parsed with ``JSON.parse`` (V8 holds a
    parsed JSON text in less memory, and parses it faster, than the same data as a literal),
    then :data:`_JOIN_JS`."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    literal = json.dumps(text, ensure_ascii=False)  # a JSON string is a JavaScript string
    return (
        "/* sovietmap page data (sovietmap.mapview.page): one JSON text, parsed once. */\n"
        f"{_DATA_PREFIX}{literal});\n{_JOIN_JS}"
    )


def read_data_js(text: str) -> dict[str, Any]:
    """The data the page sees from a ``data.js`` (:func:`data_js`), border geometry joined."""
    start = text.index(_DATA_PREFIX) + len(_DATA_PREFIX)
    literal, _end = json.JSONDecoder().raw_decode(text, start)
    data: dict[str, Any] = json.loads(literal)
    polygons = data.pop("polygons", [])
    for feature in data["borders"]["features"]:
        geometry = feature.get("geometry")
        if geometry and "polygons" in geometry:
            parts = [polygons[i] for i in geometry["polygons"]]
            coordinates = parts[0] if geometry["type"] == "Polygon" else parts
            feature["geometry"] = {"type": geometry["type"], "coordinates": coordinates}
    return data


def _init_element() -> Any:
    """A folium element that calls ``sovietmap.init`` once folium has created the map."""
    from branca.element import MacroElement
    from jinja2 import Template

    class _Init(MacroElement):
        _template = Template(
            "{% macro script(this, kwargs) %}"
            "window.sovietmap.init({{ this._parent.get_name() }}, window.SOVIETMAP_DATA);"
            "{% endmacro %}"
        )

    return _Init()


_CSS = """
<style>
  html, body, div.leaflet-container { background: %(sea)s; font-family: %(font)s; }
  .sm-label span, .sm-city span { white-space: nowrap; pointer-events: none; }
  .sm-label { display: flex; justify-content: center; }
  /* Names are placed by labels.js (an inline transform from the point); these are the
     positions before its first pass. */
  .sm-label span { position: absolute; left: 0; top: 0; line-height: 1.15;
    transform: translate(-50%%, -50%%); display: inline-block; color: #3b3227;
    white-space: normal; width: max-content; max-width: 10em; text-align: center;
    font-size: 12px; font-style: italic; text-shadow: 0 0 3px #f5efdd, 0 0 2px #f5efdd; }
  .sm-label-union span { font-size: 15px; letter-spacing: 0.2em; text-transform: uppercase; }
  .sm-label-federation span { font-size: 13px; letter-spacing: 0.12em; color: #0b3d66; }
  .sm-label-republic span { font-size: 13px; font-weight: bold; font-style: normal; }
  /* An autonomy's label point is often its capital: the name sits above the city's. */
  .sm-label-autonomy span { transform: translate(-50%%, calc(-50%% - 0.9em)); }
  .sm-label-context span { display: none; }
  .sm-city .sm-mark { position: absolute; left: 0; top: 0; }
  .sm-city .sm-dot { position: absolute; left: -4.5px; top: -4.5px; width: 6px; height: 6px;
    border: 1.5px solid #222; border-radius: 50%%; background: #fff; }
  .sm-city .sm-name { position: absolute; left: 0; top: 0; display: inline-block;
    transform: translate(6.5px, -50%%); font-size: 12px; line-height: 1.15;
    color: #222; text-shadow: 0 0 3px #fff, 0 0 2px #fff; }
  .sm-rank-1 .sm-name { font-weight: bold; font-size: 13px; }
  /* A name that found no room (labels.js); a city goes whole, dot and name. */
  .sm-clash { visibility: hidden; }
  /* Zoomed out, small units' names would pile up on the Caucasus: keep the big ones. */
  .sm-zoom-low .sm-label-republic, .sm-zoom-low .sm-label-autonomy,
  .sm-zoom-low .sm-label-neighbour, .sm-zoom-low .sm-city:not(.sm-rank-1),
  .sm-zoom-low .sm-label-district, .sm-zoom-mid .sm-label-autonomy { display: none; }
  .leaflet-fade-anim .leaflet-popup { transition: none; opacity: 1; }
  .sm-popup { font-size: 13px; line-height: 1.35; }
  .sm-popup h3 { margin: 0 0 4px; font-size: 15px; }
  .sm-popup p { margin: 2px 0; }
  .sm-popup .sm-when { color: #555; }
  .sm-popup blockquote { margin: 6px 0; padding-left: 8px; border-left: 3px solid #b7a77f;
    font-style: italic; max-height: 10em; overflow: auto; }
  .sm-popup .sm-source, .sm-popup .sm-note { font-size: 11px; color: #555; }
  /* Historical districts: a light hatch (the pattern below) instead of a flat fill. */
  path.sm-hatch { fill: url(#sm-hatch); fill-opacity: 1; }
  /* Compare mode (compare.js): gained land hatched green, lost land hatched red. */
  path.sm-compare-gained { fill: url(#sm-gained); fill-opacity: 1; stroke: #1a7f37; }
  path.sm-compare-lost { fill: url(#sm-lost); fill-opacity: 1; stroke: #b3261e; }
  .sm-label-district span { font-size: 11px; font-style: normal; letter-spacing: 0.05em;
    color: #3d2b1f; }
</style>
"""

#: Compare mode's hatches (compare.js): gained land green at 45°, lost land red at -45°, so
#: land that changed hands twice reads as a cross-hatch.
COMPARE_COLOURS = {"gained": "#1a7f37", "lost": "#b3261e"}  # as printcompare.COMPARE_STYLE
COMPARE_PATTERNS = "".join(
    f'<pattern id="sm-{change}" patternUnits="userSpaceOnUse" width="8" height="8"'
    f' patternTransform="rotate({angle})">'
    # a veil of white first: the hatch reads in its own colour over any fill (green over the
    # autonomies' pink looked brown)
    '<rect width="8" height="8" fill="#ffffff" fill-opacity="0.4"/>'
    f'<rect width="8" height="8" fill="{COMPARE_COLOURS[change]}" fill-opacity="0.12"/>'
    f'<line x1="0" y1="0" x2="0" y2="8" stroke="{COMPARE_COLOURS[change]}" stroke-width="2.4"'
    ' stroke-opacity="0.85"/></pattern>'
    for change, angle in (("gained", 45), ("lost", -45))
)

#: The hatch pattern of historical districts (inline SVG needs no namespace address).
_HATCH = (
    '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
    '<pattern id="sm-hatch" patternUnits="userSpaceOnUse" width="7" height="7"'
    ' patternTransform="rotate(45)">'
    '<rect width="7" height="7" fill="%(colour)s" fill-opacity="0.08"/>'
    '<line x1="0" y1="0" x2="0" y2="7" stroke="%(colour)s" stroke-width="1.6"'
    ' stroke-opacity="0.45"/></pattern>' + COMPARE_PATTERNS + "</defs></svg>"
)


def page_files(
    borders: Path = BORDERS_FILE,
    base: Path = BASE_FILE,
    gazetteer: Gazetteer | None = None,
    lines: Path = LINES_FILE,
) -> dict[str, str]:
    """The page's files (name -> text): ``index.html``, ``data.js`` and ``sovietmap.js``.

    ``data.js`` (:func:`data_js`) holds the border features for their fills and names
    (unfilled kinds without geometry; polygons shared between a polity's intervals), the
    border lines (stretches, each stored once, toggled and restyled by date), the land and the
    places.
    """
    collection, polygons = _page_borders(borders)
    payload = {
        "places": (gazetteer or Gazetteer.load()).to_json(),
        "style": page_style(),
        "view": VIEW,
        "date": FIRST_DAY,
        "borders": collection,
        "polygons": polygons,
        "lines": json.loads(read_text(lines)),
        "base": json.loads(read_text(base)),
    }
    # The name placement (labels.js) goes first, in the same file as the page API.
    api_js = "\n".join((ASSETS / name).read_text(encoding="utf-8") for name in API_FILES)
    import folium  # only when a page is built: a cached page needs no folium at start-up
    from branca.element import Element

    m = folium.Map(
        location=[41.0, 46.0],
        zoom_start=6,
        tiles=None,
        control_scale=True,
        min_zoom=2,  # the USSR preset (the Baltic to the Pacific) fits a 600-px map
        max_zoom=10,
        zoom_snap=0.25,
    )
    m._id = "sovietmap"  # a stable element name keeps the page's hash stable between builds
    m.default_js = [("leaflet", (LEAFLET_DIR / "leaflet.js").as_uri())]
    m.default_css = [("leaflet_css", (LEAFLET_DIR / "leaflet.css").as_uri())]
    root: Any = m.get_root()  # a branca Figure (typed as Element)
    root.header.add_child(Element(_CSS % {"sea": SEA, "font": PAPER_FONT}), name="sm_css")
    root.header.add_child(Element('<script src="data.js"></script>'), name="sm_data")
    root.header.add_child(Element('<script src="sovietmap.js"></script>'), name="sm_api")
    root.html.add_child(Element(_HATCH % {"colour": KINDS["district"]["colour"]}), name="sm_hatch")
    m.add_child(_init_element(), name="sm_init")  # a child of the map renders after the map exists
    html = root.render()
    return {"index.html": html, "data.js": data_js(payload), "sovietmap.js": api_js}


def page_assets() -> dict[str, str]:
    """Where the page's assets are: it loads Leaflet by absolute file URI, so a page written
    by another install (another xstatic or sovietmap folder) must not be reused."""
    return {"leaflet": str(LEAFLET_DIR.resolve()), "sovietmap": str(ASSETS.resolve())}


def _inputs_digest(borders: Path, base: Path) -> str:
    """A key for everything the page is made of: data files, this code, style and page API,
    and the asset locations."""
    digest = hashlib.sha256()
    for path in (
        borders,
        base,
        LINES_FILE,
        PLACES_FILE,
        Path(__file__),
        *(ASSETS / name for name in API_FILES),
        Path(__file__).with_name("style.py"),
    ):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update(json.dumps(page_assets(), sort_keys=True).encode())
    return digest.hexdigest()[:16]


def build_page(
    borders: Path = BORDERS_FILE, base: Path = BASE_FILE, cache_dir: Path | None = None
) -> Path:
    """Build (or reuse) the offline map page; return the path of its ``index.html``.

    The page folder is named by a digest of the page's inputs and asset locations; a cached
    page is used only if its manifest (sizes and digests of its files, asset locations)
    checks out, and folium is not even imported then. Else it is rebuilt, or built in a
    temporary folder if the cache cannot be written (:mod:`sovietmap.mapview.pagecache`).
    """
    from sovietmap.mapview.engine import trim_heap
    from sovietmap.mapview.pagecache import cached_page

    built: list[bool] = []

    def build() -> dict[str, str]:
        built.append(True)
        return page_files(borders, base)

    index = cached_page(
        cache_dir or default_cache_dir(), _inputs_digest(borders, base), page_assets(), build
    )
    if built:  # building left some 50 MB of freed heap behind (the geometry, JSON texts)
        trim_heap()
    return index

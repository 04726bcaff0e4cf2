"""Build the map page once with folium, fully offline, into a cache folder.

The page (``index.html``) loads Leaflet from the installed xstatic-leaflet package, our data
(``data.js``: every border feature with its interval, the land, the places) and our API
(``sovietmap.js``) by file URI. A date change is a call to ``sovietmap.setDate(iso)``; the page
is never rebuilt or reloaded for it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import xstatic.pkg.leaflet as xleaflet
from branca.element import Element, MacroElement
from jinja2 import Template
from shapely.geometry import mapping

from sovietmap import GEO_DIR
from sovietmap.core.atlas import BorderAtlas
from sovietmap.core.places import Gazetteer
from sovietmap.mapview.style import PAPER_FONT, SEA, page_style

BASE_FILE = GEO_DIR / "base.geojson"
ASSETS = Path(__file__).with_name("assets")
#: Initial view: Transcaucasia, [[south, west], [north, east]].
VIEW = [[38.3, 40.0], [43.6, 50.9]]
LEAFLET_DIR = Path(xleaflet.BASE_DIR)


def default_cache_dir() -> Path:
    """Where built pages go: ``$XDG_CACHE_HOME/sovietmap`` or ``~/.cache/sovietmap``."""
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "sovietmap"


def _round(coords: Any, digits: int = 4) -> Any:
    if isinstance(coords, (list, tuple)):
        if coords and isinstance(coords[0], (int, float)):
            return [round(float(c), digits) for c in coords]
        return [_round(c, digits) for c in coords]
    return coords


def _plain(value: Any) -> Any:
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _feature(geometry: Any, props: dict[str, Any]) -> dict[str, Any]:
    geo = mapping(geometry)
    return {"type": "Feature", "properties": props,
            "geometry": {"type": geo["type"], "coordinates": _round(geo["coordinates"])}}


def borders_json(atlas: BorderAtlas) -> dict[str, Any]:
    """Every border feature with its interval, precision, sources, kind and a label point."""
    features = []
    frame = atlas.frame
    for _, row in frame.iterrows():
        geom = row.geometry
        if geom is None or geom.is_empty:
            continue
        point = geom.representative_point()
        props = {
            "id": str(row["id"]),
            "name": str(row["name"]),
            "valid_from": str(row["valid_from"])[:10],
            "valid_to": None if _plain(row["valid_to"]) is None else str(row["valid_to"])[:10],
            "precision": int(_plain(row["precision"]) or 1),
            "sources": [str(s) for s in (_plain(row["sources"]) or [])],
            "kind": str(_plain(row.get("kind")) or "context"),
            "label_lon": round(point.x, 4),
            "label_lat": round(point.y, 4),
        }
        features.append(_feature(geom, props))
    return {"type": "FeatureCollection", "features": features}


def base_json(path: Path = BASE_FILE) -> dict[str, Any]:
    """The land polygons of the background (no properties needed)."""
    frame = gpd.read_file(path, engine="pyogrio")
    shapes = [g for g in frame.geometry if g is not None and not g.is_empty]
    return {"type": "FeatureCollection", "features": [_feature(g, {}) for g in shapes]}


class _Init(MacroElement):
    """Calls ``sovietmap.init`` with the Leaflet map once folium has created it."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "window.sovietmap.init({{ this._parent.get_name() }}, window.SOVIETMAP_DATA);"
        "{% endmacro %}"
    )


_CSS = """
<style>
  html, body, .leaflet-container { background: %(sea)s; font-family: %(font)s; }
  .sm-label span, .sm-city span { white-space: nowrap; pointer-events: none; }
  .sm-label { display: flex; justify-content: center; }
  .sm-label span { transform: translate(-50%%, -50%%); display: inline-block; color: #3b3227;
    font-size: 12px; font-style: italic; text-shadow: 0 0 3px #f5efdd, 0 0 2px #f5efdd; }
  .sm-label-union span { font-size: 15px; letter-spacing: 0.2em; text-transform: uppercase; }
  .sm-label-federation span { font-size: 13px; letter-spacing: 0.12em; color: #0b3d66; }
  .sm-label-republic span { font-size: 13px; font-weight: bold; font-style: normal; }
  .sm-label-context span { display: none; }
  .sm-city span { display: inline-block; transform: translate(-4px, -5px); font-size: 12px;
    color: #222; text-shadow: 0 0 3px #fff, 0 0 2px #fff; }
  .sm-city span::before { content: ''; display: inline-block; width: 6px; height: 6px;
    margin-right: 4px; border: 1.5px solid #222; border-radius: 50%%; background: #fff; }
  .sm-rank-1 span { font-weight: bold; font-size: 13px; }
  .leaflet-fade-anim .leaflet-popup { transition: none; opacity: 1; }
  .sm-popup { font-size: 13px; line-height: 1.35; }
  .sm-popup h3 { margin: 0 0 4px; font-size: 15px; }
  .sm-popup p { margin: 2px 0; }
  .sm-popup .sm-when { color: #555; }
  .sm-popup blockquote { margin: 6px 0; padding-left: 8px; border-left: 3px solid #b7a77f;
    font-style: italic; max-height: 10em; overflow: auto; }
  .sm-popup .sm-source, .sm-popup .sm-note { font-size: 11px; color: #555; }
</style>
"""


def page_files(atlas: BorderAtlas, gazetteer: Gazetteer, base: Path = BASE_FILE,
               day: dt.date = dt.date(1937, 11, 1)) -> dict[str, str]:
    """The page's files (name -> text): ``index.html``, ``data.js`` and ``sovietmap.js``."""
    payload = {
        "borders": borders_json(atlas),
        "base": base_json(base),
        "places": gazetteer.to_json(),
        "style": page_style(),
        "view": VIEW,
        "date": day.isoformat(),
    }
    data_js = "window.SOVIETMAP_DATA = " + json.dumps(payload, ensure_ascii=False,
                                                      separators=(",", ":")) + ";\n"
    api_js = (ASSETS / "sovietmap.js").read_text(encoding="utf-8")

    m = folium.Map(location=[41.0, 46.0], zoom_start=6, tiles=None, control_scale=True,
                   min_zoom=3, max_zoom=10, zoom_snap=0.25)
    m._id = "sovietmap"  # a stable element name keeps the page's hash stable between builds
    m.default_js = [("leaflet", (LEAFLET_DIR / "leaflet.js").as_uri())]
    m.default_css = [("leaflet_css", (LEAFLET_DIR / "leaflet.css").as_uri())]
    root: Any = m.get_root()  # a branca Figure (typed as Element)
    root.header.add_child(Element(_CSS % {"sea": SEA, "font": PAPER_FONT}), name="sm_css")
    root.header.add_child(Element('<script src="data.js"></script>'), name="sm_data")
    root.header.add_child(Element('<script src="sovietmap.js"></script>'), name="sm_api")
    m.add_child(_Init(), name="sm_init")  # a child of the map renders after the map exists
    html = root.render()
    return {"index.html": html, "data.js": data_js, "sovietmap.js": api_js}


def write_page(files: dict[str, str], cache_dir: Path | None = None) -> Path:
    """Write the page files into a content-addressed folder; return the ``index.html`` path.

    The folder name is a hash of the contents, so concurrent runs never overwrite each other
    and an unchanged page is not written again.
    """
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode())
        digest.update(files[name].encode("utf-8"))
    target = (cache_dir or default_cache_dir()) / f"page-{digest.hexdigest()[:16]}"
    index = target / "index.html"
    if index.exists():
        return index
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".page-", dir=target.parent))
    for name, text in files.items():
        (staging / name).write_text(text, encoding="utf-8")
    try:
        staging.rename(target)
    except OSError:  # another process won the race: its copy is identical
        for child in staging.iterdir():
            child.unlink()
        staging.rmdir()
    return index


def build_page(atlas: BorderAtlas | None = None, gazetteer: Gazetteer | None = None,
               base: Path = BASE_FILE, cache_dir: Path | None = None,
               day: dt.date = dt.date(1937, 11, 1)) -> Path:
    """Build (or reuse) the offline map page; return the path of its ``index.html``."""
    files = page_files(atlas or BorderAtlas.load(), gazetteer or Gazetteer.load(), base, day)
    return write_page(files, cache_dir)

"""The map page: offline, built once, holding every border feature with its interval."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sovietmap.core.atlas import BORDERS_FILE, read_features
from sovietmap.mapview.page import UNFILLED_KINDS, build_page, page_files, read_data_js

DATA = Path(__file__).resolve().parents[1] / "data"
MINI = DATA / "borders-mini.geojson", DATA / "base-mini.geojson"


def _embedded(data_js: str, key: str) -> dict:
    """``window.SOVIETMAP_DATA.<key>`` as the page sees it."""
    return read_data_js(data_js)[key]


def test_page_is_offline_and_loads_local_files_only() -> None:
    files = page_files(*MINI)
    for name in ("index.html", "sovietmap.js"):
        assert not re.search(r"https?://", files[name]), name
    refs = re.findall(r'(?:src|href)="([^"]+)"', files["index.html"])
    assert refs and all(r.startswith("file://") or "/" not in r for r in refs), refs
    assert "leaflet.js" in files["index.html"] and "sovietmap.init(" in files["index.html"]
    assert "textContent" in files["sovietmap.js"] and "innerHTML" not in files["sovietmap.js"]


def test_every_feature_goes_in_with_its_interval() -> None:
    data_js = page_files(*MINI)["data.js"]
    borders = _embedded(data_js, "borders")
    source = json.loads(MINI[0].read_text("utf-8"))
    assert [f["properties"] for f in borders["features"]] == [
        f["properties"] for f in source["features"]
    ]
    for page_feature, feature in zip(borders["features"], source["features"], strict=True):
        unfilled = feature["properties"]["kind"] in UNFILLED_KINDS  # drawn by their lines
        assert page_feature["geometry"] == (None if unfilled else feature["geometry"])
    tsfsr = next(f["properties"] for f in borders["features"] if f["properties"]["id"] == "tsfsr")
    assert (tsfsr["valid_from"], tsfsr["valid_to"]) == ("1922-03-12", "1936-12-05")
    assert _embedded(data_js, "base")["type"] == "FeatureCollection"
    lines = _embedded(data_js, "lines")
    assert lines["sources"] and lines["features"][0]["properties"]["polities"]


def test_the_real_page_holds_every_real_feature(tmp_path: Path) -> None:
    index = build_page(cache_dir=tmp_path)
    borders = _embedded((index.parent / "data.js").read_text("utf-8"), "borders")
    assert len(borders["features"]) == len(read_features(BORDERS_FILE))


def test_build_is_keyed_by_its_inputs(tmp_path: Path) -> None:
    first = build_page(*MINI, cache_dir=tmp_path)
    stamp = first.stat().st_mtime_ns
    again = build_page(*MINI, cache_dir=tmp_path)
    assert again == first and again.stat().st_mtime_ns == stamp
    assert {p.name for p in first.parent.iterdir()} == {
        "index.html",
        "data.js",
        "sovietmap.js",
        "manifest.json",
    }
    other = build_page(cache_dir=tmp_path)
    assert other.parent != first.parent


def test_a_polity_s_intervals_share_their_polygons() -> None:
    """Each polygon goes into data.js once; the page gets every feature's geometry back whole."""
    data_js = page_files()["data.js"]
    start = data_js.index("JSON.parse(") + len("JSON.parse(")
    stored = json.loads(json.JSONDecoder().raw_decode(data_js, start)[0])
    polygons = stored["polygons"]
    assert len({json.dumps(p) for p in polygons}) == len(polygons)
    uses = [
        i for f in stored["borders"]["features"] if f["geometry"] for i in f["geometry"]["polygons"]
    ]
    assert len(uses) > len(polygons)  # shared between intervals
    source = read_features(BORDERS_FILE)
    page = read_data_js(data_js)["borders"]["features"]
    for page_feature, feature in zip(page, source, strict=True):
        if feature["properties"]["kind"] not in UNFILLED_KINDS:
            assert page_feature["geometry"] == feature["geometry"], feature["properties"]["id"]

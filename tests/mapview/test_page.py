"""The map page: offline, built once, holding every border feature with its interval."""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd

from sovietmap.core.atlas import BorderAtlas
from sovietmap.core.places import Gazetteer
from sovietmap.mapview.page import borders_json, build_page, page_files

DATA = Path(__file__).resolve().parents[1] / "data"


def _mini_atlas() -> BorderAtlas:
    collection = json.loads((DATA / "borders-mini.geojson").read_text(encoding="utf-8"))
    return BorderAtlas(gpd.GeoDataFrame.from_features(collection["features"]))


def test_page_is_offline_and_loads_local_files_only() -> None:
    files = page_files(_mini_atlas(), Gazetteer.load(), DATA / "base-mini.geojson")
    for name in ("index.html", "sovietmap.js"):
        assert not re.search(r"https?://", files[name]), name
    refs = re.findall(r'(?:src|href)="([^"]+)"', files["index.html"])
    assert refs and all(r.startswith("file://") or "/" not in r for r in refs), refs
    assert "leaflet.js" in files["index.html"] and "sovietmap.init(" in files["index.html"]
    assert "textContent" in files["sovietmap.js"] and "innerHTML" not in files["sovietmap.js"]


def test_every_feature_goes_in_with_its_interval() -> None:
    atlas = _mini_atlas()
    features = borders_json(atlas)["features"]
    assert len(features) == len(atlas.frame)
    tsfsr = next(f["properties"] for f in features if f["properties"]["id"] == "tsfsr")
    assert (tsfsr["valid_from"], tsfsr["valid_to"]) == ("1922-03-12", "1936-12-05")
    assert tsfsr["kind"] == "federation" and tsfsr["precision"] == 2
    assert isinstance(tsfsr["label_lat"], float)


def test_build_is_content_addressed(tmp_path: Path) -> None:
    atlas = _mini_atlas()
    first = build_page(atlas, base=DATA / "base-mini.geojson", cache_dir=tmp_path)
    stamp = first.stat().st_mtime_ns
    again = build_page(atlas, base=DATA / "base-mini.geojson", cache_dir=tmp_path)
    assert again == first and again.stat().st_mtime_ns == stamp
    assert {p.name for p in first.parent.iterdir()} == {"index.html", "data.js", "sovietmap.js"}

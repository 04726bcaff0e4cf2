"""sovietmap: a map-and-timeline viewer of Soviet Azerbaijan's history."""

from pathlib import Path

__version__ = "0.1.0"

#: Project root when run from a checkout or an editable install (holds data/, seeds/, resources/).
PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"
GEO_DIR = DATA_DIR / "geo"
SEEDS_DIR = PROJECT_ROOT / "seeds"
RESOURCES_DIR = PROJECT_ROOT / "resources"

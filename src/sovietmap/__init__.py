"""sovietmap: a map-and-timeline viewer of Soviet Azerbaijan's history."""

from importlib.resources import files
from pathlib import Path

#: The one place the version is kept (pyproject.toml reads it; `sovietmap --version` prints it).
__version__ = "0.1.0"


def _data_root() -> Path:
    """The folder holding ``data/``, ``seeds/`` and ``resources/``.

    An installed wheel carries them as package resources in ``sovietmap/_data`` (setup.py copies
    them there at build time); a checkout or an editable install reads the checkout itself.
    """
    packaged = files(__name__).joinpath("_data")
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]


#: Root of the app's data: ``sovietmap/_data`` in an installed wheel, else the checkout.
PROJECT_ROOT = _data_root()
DATA_DIR = PROJECT_ROOT / "data"
GEO_DIR = DATA_DIR / "geo"
SEEDS_DIR = PROJECT_ROOT / "seeds"
RESOURCES_DIR = PROJECT_ROOT / "resources"

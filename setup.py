"""Build step: copy the app's data folders into the wheel as ``sovietmap/_data``.

The repository keeps ``data/``, ``seeds/`` and ``resources/`` at the top level; a wheel carries
them inside the package, where ``sovietmap.PROJECT_ROOT`` finds them through importlib.resources.
An editable install copies nothing and keeps reading the checkout.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
#: Folder -> the files of it the app reads (``geodata/`` is build input, but for its change log,
#: which `sovietmap changes` reads: the acts between two dates).
DATA_FILES = {
    "data": ("*.yaml", "geo/*"),
    "geodata": ("CHANGELOG.md",),
    "seeds": ("*.txt",),
    "resources": ("*.csv", "*.desktop", "*.svg"),
}


class BuildWithData(build_py):
    """build_py that also copies the data folders into ``sovietmap/_data``."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "sovietmap" / "_data"
        for folder, patterns in DATA_FILES.items():
            for pattern in patterns:
                for src in sorted((ROOT / folder).glob(pattern)):
                    if src.is_file():
                        dest = target / src.relative_to(ROOT)
                        dest.parent.mkdir(parents=True, exist_ok=True)
                        shutil.copy2(src, dest)


setup(cmdclass={"build_py": BuildWithData})

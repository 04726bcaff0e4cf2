"""The import contracts of pyproject.toml's [tool.importlinter] (run as `lint-imports` too):
the layers core -> mapview -> export -> ui, and Qt (PySide6, shiboken6) only in ui/ and
export/qtcapture.py and its parts. Here: they are kept, and the Qt contract leaves no module out."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import grimp

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "sovietmap"


def _contracts() -> dict[str, dict[str, Any]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"]
    return {c["type"]: c for c in config["contracts"]}


def test_the_import_contracts_are_kept() -> None:
    # In a process of its own: import-linter configures logging, which silenced the loggers
    # of later tests in this one.
    code = (
        "from importlinter.cli import lint_imports;"
        "raise SystemExit(lint_imports(config_filename=%r))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code % str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]


def test_the_layers_are_core_mapview_export_ui() -> None:
    layers = _contracts()["layers"]["layers"]
    assert layers == ["sovietmap.ui", "sovietmap.export", "sovietmap.mapview", "sovietmap.core"]


def test_the_qt_contract_names_every_module_but_ui() -> None:
    contract = _contracts()["forbidden"]
    modules = {
        f"sovietmap.{p.stem}"
        for p in SRC.iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").is_file()
    }
    assert set(contract["source_modules"]) == modules - {"sovietmap.ui"}
    assert set(contract["forbidden_modules"]) == {"PySide6", "shiboken6"}
    assert "import PySide6" not in (SRC / "__init__.py").read_text("utf-8")  # the root module


def test_the_graph_sees_qt_imports() -> None:
    graph = grimp.build_graph("sovietmap", include_external_packages=True)
    assert graph.direct_import_exists(importer="sovietmap.ui.main_window", imported="PySide6")
    assert graph.direct_import_exists(importer="sovietmap.export.qtcapture", imported="PySide6")

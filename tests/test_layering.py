"""Only sovietmap.ui imports PySide6 (plus the planned export/qtcapture.py)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "sovietmap"
ALLOWED = {SRC / "export" / "qtcapture.py"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_only_ui_imports_pyside6() -> None:
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if SRC / "ui" in path.parents or path in ALLOWED:
            continue
        if any(name.split(".")[0] in ("PySide6", "shiboken6") for name in _imports(path)):
            offenders.append(str(path.relative_to(SRC.parent)))
    assert offenders == []


def test_the_scan_sees_ui_imports() -> None:
    assert "PySide6.QtWidgets" in _imports(SRC / "ui" / "main_window.py")

"""Issue 12 §8: Help → About shows the version, the licence and the data's date; Help →
Sources lists the full bibliography, every key the data cites included."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
import yaml
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from sovietmap import DATA_DIR, __version__
from sovietmap.core import bibliography
from sovietmap.core.dates import TIMELINE_END, TIMELINE_START
from sovietmap.ui import dialogs
from sovietmap.ui.dialogs import SourcesDialog
from sovietmap.ui.main_window import MainWindow


def _help_action(window: MainWindow, text: str) -> QAction:
    for action in window.menuBar().actions():
        if action.text() == "&Help":
            menu = action.menu()
            assert isinstance(menu, QMenu)
            found = [a for a in menu.actions() if a.text() == text]
            assert found, [a.text() for a in menu.actions()]
            return found[0]
    raise AssertionError("no Help menu")


def test_about_shows_version_licence_and_data_date(qtbot: QtBot, window: MainWindow) -> None:
    _help_action(window, "&About sovietmap").trigger()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox) is not None, timeout=5_000)
    box = window.findChild(QMessageBox)
    assert box is not None
    try:
        assert box.isVisible()
        text = box.text()
        day = yaml.safe_load((DATA_DIR / dialogs.ABOUT_FILE).read_text())["data_date"].isoformat()
        for want in (
            f"sovietmap {__version__}",
            "<b>Licence</b></td><td>MIT",
            f"<b>Data date</b></td><td>{day}",
            TIMELINE_START.isoformat(),
            TIMELINE_END.isoformat(),
            f"{len(bibliography.load())} works cited",
        ):
            assert want in text, want
    finally:
        box.close()
        QApplication.processEvents()


def test_sources_list_every_cited_key(qtbot: QtBot, window: MainWindow) -> None:
    _help_action(window, "&Sources and attributions").trigger()
    qtbot.waitUntil(lambda: window.findChild(SourcesDialog) is not None, timeout=5_000)
    dialog = window.findChild(SourcesDialog)
    assert dialog is not None
    try:
        text = dialog.browser.toPlainText()
        entries = bibliography.load()
        assert f"Bibliography ({len(entries)} works)" in text
        cited = set(bibliography.keys_used())
        assert cited and cited <= set(entries)
        missing = [key for key in sorted(cited) if f"{key}: " not in text]
        assert not missing, missing
        for key, entry in entries.items():  # each with its title, not the key alone
            if isinstance(entry, dict) and entry.get("title"):
                assert str(entry["title"]).strip() in text, key
    finally:
        dialog.close()
        QApplication.processEvents()


def test_the_recorded_data_date_is_not_older_than_the_data() -> None:
    """The date in data/about.yaml is raised with every change of data/ or geodata/."""
    root = DATA_DIR.parent
    if shutil.which("git") is None or not (root / ".git").exists():
        pytest.skip("not a git checkout (an installed copy): no history to compare with")
    newest = subprocess.run(
        ["git", "log", "-1", "--format=%cs", "--", "data", "geodata"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert dialogs.data_date() >= dt.date.fromisoformat(newest), (
        f"data/about.yaml says {dialogs.data_date()}, but data/ or geodata/ changed on {newest}"
    )

"""Shared fixtures of the export tests: one built page, one warm capturer (the atlas is
tests/conftest.py's)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sovietmap.export import qtcapture
from sovietmap.mapview.page import build_page


@pytest.fixture(scope="session")
def export_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real map page, built into a temporary cache."""
    return build_page(cache_dir=tmp_path_factory.mktemp("export-cache"))


@pytest.fixture(scope="session")
def capturer(qapp: Any, export_page: Path) -> Iterator[qtcapture.PageCapturer]:
    """One hidden page, warm, shared by every capture test."""
    page = qtcapture.PageCapturer(export_page)
    page.wait_ready()
    yield page
    page.close()


@pytest.fixture(autouse=True)
def _bare_capturer(request: pytest.FixtureRequest) -> None:
    """Each test that uses the shared capturer starts from a freshly loaded page's pins (none,
    pin mode "date"), whatever pins an earlier test set: the suite passes in any order."""
    if "capturer" in request.fixturenames:
        page: qtcapture.PageCapturer = request.getfixturevalue("capturer")
        page.set_events([])

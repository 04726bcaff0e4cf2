"""Shared test set-up: Qt runs offscreen, WebEngine without its sandbox when root, and the one
real border atlas every test reads (loaded once per session; tests must not modify it)."""

import os

import pytest

from sovietmap.core.atlas import BorderAtlas, BorderIndex

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")


@pytest.fixture(scope="session")
def atlas() -> BorderAtlas:
    """The real border atlas, with geometry (shared: read it, never change it)."""
    return BorderAtlas.load()


@pytest.fixture(scope="session")
def border_index() -> BorderIndex:
    """The real properties-only border index the viewer loads (shared: never change it)."""
    return BorderIndex.load()

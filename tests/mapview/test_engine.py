"""The web engine's memory switches: added before Qt starts, the user's own kept."""

from __future__ import annotations

import sys

import pytest

from sovietmap.mapview.engine import (
    FLAGS_VARIABLE,
    LOW_MEMORY_FLAGS,
    OFFSCREEN_FLAGS,
    OPT_OUT_VARIABLE,
    engine_flags,
    release_big_blocks,
    trim_heap,
)


def test_the_low_memory_switches_join_the_user_s_own_once() -> None:
    env = {FLAGS_VARIABLE: "--lang=de"}
    first = engine_flags(env)
    assert first.split() == ["--lang=de", *LOW_MEMORY_FLAGS]
    assert engine_flags(env) == first  # a second call adds nothing
    assert "QT_QUICK_BACKEND" not in env  # on a screen Qt picks its own renderer


def test_offscreen_renders_in_software_from_the_start() -> None:
    env = {"QT_QPA_PLATFORM": "offscreen"}
    flags = engine_flags(env).split()
    assert set(OFFSCREEN_FLAGS) <= set(flags) and set(LOW_MEMORY_FLAGS) <= set(flags)
    assert env["QT_QUICK_BACKEND"] == "software"
    env = {"QT_QPA_PLATFORM": "offscreen", "QT_QUICK_BACKEND": "rhi"}
    engine_flags(env)
    assert env["QT_QUICK_BACKEND"] == "rhi"  # the user's choice stands


def test_opting_out_leaves_the_environment_alone() -> None:
    env = {OPT_OUT_VARIABLE: "default", "QT_QPA_PLATFORM": "offscreen"}
    assert engine_flags(env) == ""
    assert env == {OPT_OUT_VARIABLE: "default", "QT_QPA_PLATFORM": "offscreen"}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_big_blocks_get_pages_of_their_own_with_glibc(monkeypatch: pytest.MonkeyPatch) -> None:
    import platform

    if platform.libc_ver()[0] != "glibc":
        pytest.skip("not glibc")
    assert release_big_blocks() is True
    assert trim_heap() in (True, False)  # runs (True when it gave pages back)
    monkeypatch.setenv(OPT_OUT_VARIABLE, "default")
    assert release_big_blocks() is False

"""Memory settings for the web engine and the app, made before Qt starts (no Qt here).

Measured with ``benchmarks/memory.py`` (README, Performance): most of a map page's renderer
memory is the JavaScript heap's slack and garbage, not the map's data; Chromium's low-end
device mode (a V8 heap that is kept small, smaller raster budgets; on desktops it never lowers
the colour depth of tiles) roughly halves it. Offscreen (exports from the command line, tests,
benchmarks) there is no GPU: Qt and Chromium would load Mesa's software OpenGL (LLVM, some
50 MB) only to fall back to software rendering, so they are told to render in software from
the start. In the app process, glibc's heap kept the big image buffers of each export (a
frame is 8 MB at 1920x1080) after they were freed; a fixed mmap threshold hands them back.

``SOVIETMAP_ENGINE_MEMORY=default`` in the environment leaves both as Chromium and glibc have
them (to compare, or if a graphics driver misbehaves).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import sys
from collections.abc import MutableMapping

log = logging.getLogger(__name__)

#: Chromium's switches: the web engine reads them from this variable when it starts.
FLAGS_VARIABLE = "QTWEBENGINE_CHROMIUM_FLAGS"
#: What the map's web engine runs with (appended to the user's own switches, if any).
LOW_MEMORY_FLAGS = ("--enable-low-end-device-mode",)
#: Offscreen there is no GPU: Chromium composites in software from the start.
OFFSCREEN_FLAGS = ("--disable-gpu",)
#: ``default`` turns these settings off.
OPT_OUT_VARIABLE = "SOVIETMAP_ENGINE_MEMORY"
#: glibc's mallopt parameter, and the size from which a block gets pages of its own.
_M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 256 * 1024


def engine_flags(environ: MutableMapping[str, str] | None = None) -> str:
    """Add :data:`LOW_MEMORY_FLAGS` (and offscreen :data:`OFFSCREEN_FLAGS` and Qt Quick's
    software backend) to ``environ`` (default ``os.environ``), unless opted out; switches
    already there are kept and not repeated. Return the web engine's switches."""
    env = os.environ if environ is None else environ
    if env.get(OPT_OUT_VARIABLE, "").strip().lower() == "default":
        return env.get(FLAGS_VARIABLE, "")
    flags = env.get(FLAGS_VARIABLE, "").split()
    wanted = list(LOW_MEMORY_FLAGS)
    if env.get("QT_QPA_PLATFORM", "") == "offscreen":
        wanted += OFFSCREEN_FLAGS
        env.setdefault("QT_QUICK_BACKEND", "software")
    flags += [flag for flag in wanted if flag not in flags]
    env[FLAGS_VARIABLE] = " ".join(flags)
    return env[FLAGS_VARIABLE]


def release_big_blocks() -> bool:
    """With glibc, give blocks of :data:`MMAP_THRESHOLD` and more pages of their own, so that
    they go back to the system when freed (glibc's default raises the threshold to the size
    of the biggest block freed so far, and the heap then keeps export frames). False if not
    glibc or opted out."""
    if os.environ.get(OPT_OUT_VARIABLE, "").strip().lower() == "default":
        return False
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # musl or another C library: leave it as it is
        return False
    ok = bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD))
    if not ok:
        log.debug("mallopt(M_MMAP_THRESHOLD) refused")
    return ok


def trim_heap() -> bool:
    """Hand the C heap's free pages back to the system (glibc's ``malloc_trim``), after a big
    piece of work that is done with, such as building the page; False if not glibc."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        trim = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return False
    return bool(trim(0))


def prepare_memory() -> None:
    """Both settings; call before the QApplication exists (the web engine reads its switches
    once, when it starts)."""
    engine_flags()
    release_big_blocks()

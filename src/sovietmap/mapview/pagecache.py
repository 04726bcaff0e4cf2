"""The page cache: built pages are checked before use, repaired, and pruned.

A page folder ``page-<key>`` under the cache folder (``$XDG_CACHE_HOME/sovietmap``) holds the
page's files and ``manifest.json``: the size and SHA-256 of every file written, the asset
locations the page refers to by absolute path (Leaflet from xstatic, our own assets) and the
key. A folder whose files, manifest or assets do not agree is rebuilt in place; a cache folder
that cannot be written (a file, read-only, full) gives way to a temporary folder, removed at
exit. Each of these is one line in the log. Only folders and files this module writes are ever
removed: ``page-<16 hex digits>`` and ``.page-*`` folders, and in them only the page's files.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
#: The files a page folder must hold besides the manifest.
PAGE_FILES = ("index.html", "data.js", "sovietmap.js")
#: How each file of a whole page ends (a cut-short file does not).
ENDINGS = {"index.html": b"</html>", "data.js": b";"}
#: Names of the folders this module writes (the only ones it ever removes).
PAGE_DIR = re.compile(r"page-[0-9a-f]{16}")
STAGING_PREFIX = ".page-"
#: How many page folders besides the current one are kept (another install's, say).
KEEP_OTHERS = 1
#: A staging folder younger than this may belong to a build in progress: left alone.
STAGING_GRACE_S = 3600.0
#: Absolute file references of a page (its assets outside the page folder).
_FILE_REF = re.compile(r'(?:src|href)="(file://[^"]+)"')


class PageCacheError(OSError):
    """Neither the cache folder nor a temporary folder can hold the page; ``str()`` is one
    line for a user."""


def _sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _asset_refs(html: str) -> list[str]:
    """The absolute paths ``index.html`` loads by file URI (Leaflet's script and style)."""
    from urllib.parse import unquote, urlparse

    return [unquote(urlparse(uri).path) for uri in _FILE_REF.findall(html)]


def manifest_for(files: Mapping[str, str], key: str, assets: Mapping[str, str]) -> dict:
    """The manifest of a page made of ``files`` (name -> text)."""
    entries = {}
    for name, text in files.items():
        raw = text.encode("utf-8")
        entries[name] = {"size": len(raw), "sha256": _sha256(raw)}
    return {
        "version": 1,
        "key": key,
        "files": entries,
        "assets": dict(assets),
        "refs": _asset_refs(files.get("index.html", "")),
    }


def check_page(folder: Path, key: str, assets: Mapping[str, str]) -> str | None:
    """Why the page in ``folder`` cannot be used (a short phrase), or None if it is whole."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
    except FileNotFoundError:
        return "it has no manifest"
    except (OSError, UnicodeError, ValueError) as exc:
        return f"its manifest is unreadable ({type(exc).__name__})"
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        return "its manifest is malformed"
    if manifest.get("key") != key:
        return "its manifest is for other inputs"
    if manifest.get("assets") != dict(assets):
        return "it was written by another install (other asset locations)"
    files = manifest["files"]
    for name in PAGE_FILES:
        if name not in files:
            return f"its manifest lacks {name}"
    for name, entry in files.items():
        if not isinstance(entry, dict) or "/" in name or name.startswith("."):
            return "its manifest is malformed"
        try:
            raw = (folder / name).read_bytes()
        except FileNotFoundError:
            return f"{name} is missing"
        except OSError as exc:
            return f"{name} is unreadable ({exc.strerror or type(exc).__name__})"
        if len(raw) != entry.get("size"):
            return f"{name} has {len(raw)} bytes, not {entry.get('size')}"
        if _sha256(raw) != entry.get("sha256"):
            return f"{name} does not match its digest"
        ending = ENDINGS.get(name)
        if ending and not raw.rstrip().endswith(ending):
            return f"{name} is cut short"
        if name == "index.html":
            for ref in _asset_refs(raw.decode("utf-8", "replace")):
                if not os.path.isfile(ref):
                    return f"its asset {ref} is gone"
    return None


def _write_staging(parent: Path, files: Mapping[str, str], manifest: dict) -> Path:
    """A new staging folder in ``parent`` holding the page and, last, its manifest."""
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=parent))
    try:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    except OSError:
        _remove_page_folder(staging)
        raise
    return staging


def _remove_page_folder(folder: Path) -> bool:
    """Remove the page's own files from ``folder`` and the folder if that empties it."""
    try:
        for child in folder.iterdir():
            if (child.name in PAGE_FILES or child.name == MANIFEST) and not child.is_dir():
                child.unlink()
        folder.rmdir()
    except OSError:
        return False
    return True


def _temporary_page(files: Mapping[str, str], manifest: dict) -> Path:
    """The page in a new temporary folder, removed when the process exits."""
    folder = Path(tempfile.mkdtemp(prefix="sovietmap-page-"))
    try:
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    atexit.register(shutil.rmtree, folder, True)
    return folder / "index.html"


def _install(staging: Path, target: Path, key: str, assets: Mapping[str, str]) -> Path:
    """Rename ``staging`` to ``target`` (moving a bad ``target`` aside first)."""
    if target.exists() or target.is_symlink():
        if check_page(target, key, assets) is None:  # repaired meanwhile by another process
            _remove_page_folder(staging)
            return target / "index.html"
        aside = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX + "old-", dir=target.parent))
        aside.rmdir()
        try:
            target.rename(aside)
        except OSError:
            pass  # another process replaced it meanwhile: checked below
        else:
            if not aside.is_symlink():  # a link is not ours to empty: only moved aside
                _remove_page_folder(aside)
    try:
        staging.rename(target)
    except OSError:
        if check_page(target, key, assets) is None:  # another process won: same page
            _remove_page_folder(staging)
            return target / "index.html"
        return staging / "index.html"  # a whole page all the same
    return target / "index.html"


def prune(cache: Path, current: Path, keep: int = KEEP_OTHERS) -> list[str]:
    """Remove old page folders from ``cache``: all but ``current`` and the ``keep`` most
    recently used others, and staging folders left by a crash. Returns the names removed."""
    try:
        entries = list(os.scandir(cache))
    except OSError:
        return []
    pages: list[tuple[float, os.DirEntry[str]]] = []
    removed = []
    for entry in entries:
        try:
            if not entry.is_dir(follow_symlinks=False) or entry.name == current.name:
                continue
            mtime = entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        if PAGE_DIR.fullmatch(entry.name):
            pages.append((mtime, entry))
        elif (
            entry.name.startswith(STAGING_PREFIX)
            and time.time() - mtime > STAGING_GRACE_S
            and _remove_page_folder(Path(entry.path))
        ):
            removed.append(entry.name)
    pages.sort(key=lambda pair: pair[0], reverse=True)
    for _mtime, entry in pages[keep:]:
        if _remove_page_folder(Path(entry.path)):
            removed.append(entry.name)
    if removed:
        log.info("page cache %s: removed %d old page folder(s)", cache, len(removed))
    return removed


def cached_page(
    cache: Path, key: str, assets: Mapping[str, str], make_files: Callable[[], dict[str, str]]
) -> Path:
    """The ``index.html`` of a whole page for ``key``: the cached one if it checks out, else
    one built by ``make_files`` into the cache, or into a temporary folder if the cache
    cannot be written."""
    target = cache / f"page-{key}"
    reason = check_page(target, key, assets) if target.is_dir() else None
    if target.is_dir() and reason is None:
        with contextlib.suppress(OSError):
            os.utime(target)  # most recently used: kept by the pruning of other installs
        prune(cache, target)
        return target / "index.html"
    files = make_files()
    manifest = manifest_for(files, key, assets)
    try:
        staging = _write_staging(cache, files, manifest)
        index = _install(staging, target, key, assets)
    except OSError as exc:
        what = "it is a file" if cache.is_file() else (exc.strerror or type(exc).__name__)
        try:
            index = _temporary_page(files, manifest)
        except OSError as tmp_exc:
            raise PageCacheError(
                f"cannot write the map page: not in {cache} ({what}), nor in a temporary"
                f" folder in {tempfile.gettempdir()}"
                f" ({tmp_exc.strerror or type(tmp_exc).__name__})"
            ) from None
        log.warning(
            "page cache %s cannot be used (%s): page built in %s", cache, what, index.parent
        )
        return index
    if reason is not None:
        log.warning("page cache %s: %s; rebuilt", target, reason)
    prune(cache, index.parent)
    return index

"""The page cache repairs itself: a damaged, stale or unusable cache never stops the app.

Each test damages real files in a cache folder that the app finds as it would find the user's
(``$XDG_CACHE_HOME/sovietmap``), then builds the page as the app does (``build_page()``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sovietmap.mapview.page import build_page, page_files

DATA = Path(__file__).resolve().parents[1] / "data"
MINI = DATA / "borders-mini.geojson", DATA / "base-mini.geojson"
ROOT = Path(__file__).resolve().parents[2]
PAGE_FILES = ("index.html", "data.js", "sovietmap.js")


@pytest.fixture(scope="module")
def fresh() -> dict[str, str]:
    """What a freshly built mini page holds."""
    return page_files(*MINI)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app's cache folder, under a temporary ``XDG_CACHE_HOME``."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "sovietmap"


def _reseal(folder: Path) -> None:
    """Make a manifest (if the cache has one) agree with the files as they now are, as if the
    cache had been written so by the app itself (only the files are then wrong)."""
    manifest = folder / "manifest.json"
    if not manifest.exists():
        return
    data = json.loads(manifest.read_text("utf-8"))
    for name, entry in data["files"].items():
        raw = (folder / name).read_bytes()
        entry["size"] = len(raw)
        entry["sha256"] = hashlib.sha256(raw).hexdigest()
    manifest.write_text(json.dumps(data), encoding="utf-8")


def _assert_whole(index: Path, fresh: dict[str, str]) -> None:
    """``index`` is a whole page: every file as a fresh build writes it."""
    for name in PAGE_FILES:
        assert (index.parent / name).read_text("utf-8") == fresh[name], name
    for ref in re.findall(r'(?:src|href)="file://([^"]+)"', fresh["index.html"]):
        assert Path(ref).is_file(), ref


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def _damage_truncate_index(folder: Path) -> None:
    index = folder / "index.html"
    index.write_bytes(index.read_bytes()[:700])


def _damage_garble_data(folder: Path) -> None:
    data = folder / "data.js"
    raw = bytearray(data.read_bytes())
    raw[100:400] = bytes(range(256)) + bytes(44)  # same size, other bytes
    data.write_bytes(bytes(raw))


def _damage_remove_api(folder: Path) -> None:
    (folder / "sovietmap.js").unlink()


def _damage_remove_index(folder: Path) -> None:
    (folder / "index.html").unlink()


@pytest.mark.parametrize(
    "damage",
    [_damage_truncate_index, _damage_garble_data, _damage_remove_api, _damage_remove_index],
    ids=["truncated-index.html", "garbled-data.js", "missing-sovietmap.js", "missing-index.html"],
)
def test_a_damaged_cached_page_is_rebuilt_with_one_log_line(
    damage, cache: Path, fresh: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    first = build_page(*MINI)
    assert first.parent.parent == cache
    damage(first.parent)
    caplog.set_level(logging.INFO, logger="sovietmap")
    index = build_page(*MINI)
    assert index == first
    _assert_whole(index, fresh)
    said = _warnings(caplog)
    assert len(said) == 1 and "rebuil" in said[0] and str(first.parent) in said[0], said
    caplog.clear()
    assert build_page(*MINI) == index and not _warnings(caplog), "a whole page is reused quietly"


def test_a_cut_short_data_js_with_its_manifest_agreeing_is_still_no_page(
    cache: Path, fresh: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    """A crash while the cache was written may leave files and manifest that agree with each
    other; data.js must still end as the app writes it."""
    folder = build_page(*MINI).parent
    data = folder / "data.js"
    data.write_bytes(data.read_bytes()[: data.stat().st_size // 2])
    _reseal(folder)
    caplog.set_level(logging.INFO, logger="sovietmap")
    _assert_whole(build_page(*MINI), fresh)


def test_the_manifest_lists_every_file_and_a_bad_one_means_a_rebuild(
    cache: Path, fresh: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    folder = build_page(*MINI).parent
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    for name in PAGE_FILES:
        raw = (folder / name).read_bytes()
        assert manifest["files"][name] == {
            "size": len(raw),
            "sha256": hashlib.sha256(raw).hexdigest(),
        }
    assert manifest["assets"]["leaflet"] and Path(manifest["assets"]["leaflet"]).is_dir()
    entry = manifest["files"]["data.js"]
    for bad in (
        {
            **manifest,
            "files": {**manifest["files"], "data.js": {**entry, "size": entry["size"] + 1}},
        },
        "not json {",
        None,
    ):
        if bad is None:
            (folder / "manifest.json").unlink()  # a page folder from before manifests
        else:
            text = bad if isinstance(bad, str) else json.dumps(bad)
            (folder / "manifest.json").write_text(text, encoding="utf-8")
        caplog.clear()
        caplog.set_level(logging.INFO, logger="sovietmap")
        index = build_page(*MINI)
        assert len(_warnings(caplog)) == 1, _warnings(caplog)
        _assert_whole(index, fresh)
        assert json.loads((folder / "manifest.json").read_text("utf-8")) == manifest


def test_a_page_of_an_install_that_is_gone_is_rebuilt(
    cache: Path, fresh: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    """An old install wrote the page with its own absolute asset paths (Leaflet)."""
    folder = build_page(*MINI).parent
    index = folder / "index.html"
    old = re.sub(
        r'file://[^"]*/(leaflet\.(?:js|css))"',
        r'file:///opt/gone/xstatic/\1"',
        index.read_text("utf-8"),
    )
    assert "file:///opt/gone/xstatic/leaflet.js" in old
    index.write_text(old, encoding="utf-8")
    _reseal(folder)
    manifest = folder / "manifest.json"
    if manifest.exists():  # the old install recorded its own asset locations
        data = json.loads(manifest.read_text("utf-8"))
        data["assets"] = {key: "/opt/gone/" + key for key in data["assets"]}
        manifest.write_text(json.dumps(data), encoding="utf-8")
    caplog.set_level(logging.INFO, logger="sovietmap")
    _assert_whole(build_page(*MINI), fresh)
    assert len(_warnings(caplog)) == 1, _warnings(caplog)


def test_a_cache_folder_that_is_a_file_falls_back_to_a_temporary_folder(
    cache: Path, fresh: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    cache.parent.mkdir(parents=True)
    cache.write_text("the user's own file")
    caplog.set_level(logging.INFO, logger="sovietmap")
    index = build_page(*MINI)
    _assert_whole(index, fresh)
    assert cache.read_text() == "the user's own file"
    said = _warnings(caplog)
    assert len(said) == 1 and str(cache) in said[0] and str(index.parent) in said[0], said


#: In a private user and mount namespace (gone with the process): the cache folder is made
#: read-only by a bind mount, then the page is built as the app builds it.
READ_ONLY = textwrap.dedent(r"""
    mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" || exit 99
    touch "$1/probe" 2>/dev/null && exit 98
    "$2" -c "$3" "$4"
""")

BUILD = textwrap.dedent("""
    import logging, sys
    from pathlib import Path
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    from sovietmap.mapview.page import build_page
    here = Path(sys.argv[1])
    index = build_page(here / "borders-mini.geojson", here / "base-mini.geojson")
    print("index=" + str(index))
    print("files=" + " ".join(sorted(p.name for p in index.parent.iterdir())))
""")


def _read_only_build(cache: Path) -> tuple[dict[str, str], list[str]]:
    env = dict(
        os.environ,
        XDG_CACHE_HOME=str(cache.parent),
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    )
    done = subprocess.run(
        [
            "unshare",
            "--user",
            "--map-root-user",
            "--mount",
            "sh",
            "-c",
            READ_ONLY,
            "sh",
            str(cache),
            sys.executable,
            BUILD,
            str(DATA),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    report = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    return report, [line for line in done.stderr.splitlines() if line.startswith("WARNING")]


def test_a_read_only_cache_folder_falls_back_or_is_read(cache: Path) -> None:
    cache.mkdir(parents=True)
    (cache / "notes.txt").write_text("mine")
    report, warned = _read_only_build(cache)
    assert not report["index"].startswith(str(cache)), report
    assert set(PAGE_FILES) <= set(report["files"].split())
    assert len(warned) == 1 and str(cache) in warned[0], warned
    assert sorted(p.name for p in cache.iterdir()) == ["notes.txt"]
    # A whole page already in a read-only cache is used as it is, quietly.
    built = build_page(*MINI)
    report, warned = _read_only_build(cache)
    assert report["index"] == str(built) and not warned, (report, warned)


def test_old_page_folders_are_pruned_and_nothing_else(cache: Path) -> None:
    cache.mkdir(parents=True)
    olds = []
    for n, digest in enumerate(("a" * 16, "b" * 16, "c" * 16)):
        folder = cache / f"page-{digest}"
        folder.mkdir()
        for name in PAGE_FILES:
            (folder / name).write_text("an older page")
        os.utime(folder, (1_000_000 + n, 1_000_000 + n))  # c is the most recent
        olds.append(folder)
    stage = cache / ".page-x1y2z3"
    stage.mkdir()
    (stage / "data.js").write_text("left by a crash")
    os.utime(stage, (1_000_000, 1_000_000))
    keep = cache / ("page-" + "d" * 16)
    keep.mkdir()
    (keep / "index.html").write_text("an older page")
    (keep / "mine.txt").write_text("the user's")
    os.utime(keep, (900_000, 900_000))
    (cache / "notes.txt").write_text("the user's")
    (cache / "page-notes").mkdir()
    (cache / "page-notes" / "index.html").write_text("the user's")
    index = build_page(*MINI)
    left = sorted(p.name for p in cache.iterdir())
    assert left == sorted(
        [index.parent.name, olds[2].name, keep.name, "notes.txt", "page-notes"]
    ), left
    assert (keep / "mine.txt").read_text() == "the user's"
    assert (cache / "page-notes" / "index.html").read_text() == "the user's"
    assert (cache / "notes.txt").read_text() == "the user's"
    assert (olds[2] / "data.js").read_text() == "an older page"

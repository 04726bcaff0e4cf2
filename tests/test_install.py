"""The wheel carries everything the app reads: build it, install it in a fresh venv, run it from
a folder outside the checkout (issue 13).

The venv sees the system's site-packages (PySide6 and the rest are not downloaded again), but
sovietmap itself must come from the wheel: ``sovietmap.__file__`` is checked to be in the venv.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from sovietmap import __version__

ROOT = Path(__file__).resolve().parents[1]
pytest.importorskip("build", reason="the wheel is built with `python -m build` (test extra)")


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float = 60) -> str:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{cmd}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
        ROOT,
        dict(os.environ),
        timeout=300,
    )
    (found,) = out.glob("sovietmap-*.whl")
    return found


def test_the_wheel_holds_the_data(wheel: Path) -> None:
    assert wheel.name == f"sovietmap-{__version__}-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    data = "sovietmap/_data/"
    expected = {f"{data}data/{n}" for n in ("events.yaml", "places.yaml", "bibliography.yaml")}
    expected |= {f"{data}data/geo/{p.name}" for p in (ROOT / "data" / "geo").iterdir()}
    expected |= {f"{data}seeds/{p.name}" for p in (ROOT / "seeds").glob("*.txt")}
    expected |= {f"{data}resources/sovietmap.desktop", f"{data}resources/sovietmap.svg"}
    expected |= {
        f"sovietmap/mapview/assets/{p.name}"
        for p in (ROOT / "src" / "sovietmap" / "mapview" / "assets").iterdir()
    }
    expected.add(f"{data}geodata/CHANGELOG.md")  # the acts of `sovietmap changes`
    assert expected - names == set()
    geodata = {n for n in names if n.startswith(f"{data}geodata")}
    assert geodata == {f"{data}geodata/CHANGELOG.md"}  # the rest is build input only


def test_the_installed_wheel_runs_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True, timeout=120
    )
    bin_ = venv / "bin"
    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env |= {
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "share"),
        "VIRTUAL_ENV": str(venv),
        "PATH": f"{bin_}{os.pathsep}{env.get('PATH', '')}",
    }
    # --no-index: the dependencies are the system's, only the wheel is installed
    _run(
        [str(bin_ / "python"), "-m", "pip", "install", "-q", "--no-index", str(wheel)],
        work,
        env,
        timeout=180,
    )
    where = _run(
        [str(bin_ / "python"), "-c", "import sovietmap; print(sovietmap.__file__)"], work, env
    ).strip()
    assert Path(where).is_relative_to(venv), where
    sovietmap = str(bin_ / "sovietmap")
    assert _run([sovietmap, "--version"], work, env) == f"sovietmap {__version__}\n"

    borders = json.loads(_run([sovietmap, "borders", "--date", "1937-11-01"], work, env))
    ids = {f["properties"]["id"] for f in borders["features"]}
    assert {"ussr", "azerbaijan-ssr", "nakhchivan"} <= ids

    changes = json.loads(
        _run([sovietmap, "changes", "--from", "1939-06-01", "--to", "1939-07-01"], work, env)
    )
    assert [a["date"] for a in changes["acts"]] == ["1939-06-29"]  # Hatay: the change log shipped

    events = json.loads(_run([sovietmap, "events", "--year", "1937"], work, env))
    assert any("Hamberg" in e["title"] for e in events)

    _run(
        [
            sovietmap,
            "export",
            "--date",
            "1937-11-01",
            "--out",
            "x.png",
            "--width",
            "400",
            "--height",
            "300",
        ],
        work,
        env,
        timeout=120,
    )
    from PIL import Image

    with Image.open(work / "x.png") as image:
        assert image.size == (400, 300)

    _run([sovietmap, "--date", "1937-11-01", "--screenshot", "shot.png"], work, env, timeout=120)
    assert (work / "shot.png").stat().st_size > 10_000

    _run([sovietmap, "--install-desktop"], work, env)
    entry = (tmp_path / "share" / "applications" / "sovietmap.desktop").read_text("utf-8")
    assert f"Exec={sovietmap}\n" in entry
    assert sorted(p.name for p in work.iterdir()) == ["shot.png", "x.png"]

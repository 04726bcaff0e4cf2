"""`sovietmap --install-desktop` / `--uninstall-desktop`, `--version`, and the user folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from sovietmap import __version__, cli, desktop
from sovietmap.core import userdirs


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def test_version_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"sovietmap {__version__}\n"


def test_install_and_uninstall_desktop(data_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entry = data_home / "applications" / "sovietmap.desktop"
    icon = data_home / "icons" / "hicolor" / "scalable" / "apps" / "sovietmap.svg"
    neighbour = data_home / "applications" / "other.desktop"
    neighbour.parent.mkdir(parents=True)
    neighbour.write_text("[Desktop Entry]\n", "utf-8")
    assert cli.main(["--install-desktop"]) == 0
    assert capsys.readouterr().out == f"installed {entry}\ninstalled {icon}\n"
    text = entry.read_text("utf-8")
    exec_lines = [line for line in text.splitlines() if line.startswith("Exec=")]
    assert exec_lines == [f"Exec={desktop.installed_command()}"]
    assert Path(exec_lines[0].removeprefix("Exec=")).is_absolute()
    assert "Icon=sovietmap" in text.splitlines()
    assert icon.read_bytes() == desktop.ICON_SOURCE.read_bytes()
    assert cli.main(["--install-desktop"]) == 0  # again: overwritten, no error
    assert cli.main(["--uninstall-desktop"]) == 0
    assert not entry.exists() and not icon.exists()
    assert neighbour.is_file()  # exactly those two files
    assert cli.main(["--uninstall-desktop"]) == 0
    assert "no desktop entry" in capsys.readouterr().out


def test_desktop_exec_is_quoted() -> None:
    assert desktop._quote("/opt/my apps/sovietmap") == '"/opt/my apps/sovietmap"'
    assert desktop._quote("/usr/bin/sovietmap") == "/usr/bin/sovietmap"


def test_user_folders_follow_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert userdirs.settings_file() == tmp_path / "config" / "sovietmap" / "sovietmap.conf"
    assert userdirs.cache_dir() == tmp_path / "cache" / "sovietmap"

"""The user's folders, from platformdirs: settings (config) and the built map page (cache).

On Linux they follow the XDG base directories: ``$XDG_CONFIG_HOME/sovietmap`` (``~/.config``)
and ``$XDG_CACHE_HOME/sovietmap`` (``~/.cache``); on macOS and Windows, the platform's own.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP = "sovietmap"


def config_dir() -> Path:
    """Where the viewer's settings file lives."""
    return platformdirs.user_config_path(APP, appauthor=False)


def settings_file() -> Path:
    """The viewer's settings (an INI file, ``sovietmap.conf``)."""
    return config_dir() / f"{APP}.conf"


def cache_dir() -> Path:
    """Where built map pages go."""
    return platformdirs.user_cache_path(APP, appauthor=False)


def data_home() -> Path:
    """The user's data folder (``$XDG_DATA_HOME``, ``~/.local/share``): applications, icons."""
    return platformdirs.user_data_path(appauthor=False)

"""The `sovietmap` command: the viewer by default, plus data sub-commands."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from sovietmap import __version__

#: Sub-command modules under sovietmap.commands, each with `register(subparsers)`.
COMMANDS = ("borders", "events")


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (the viewer's options plus the sub-commands)."""
    parser = _Parser(prog="sovietmap", description=__doc__)
    parser.add_argument("--version", action="version", version=f"sovietmap {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    for name in COMMANDS:
        importlib.import_module(f"sovietmap.commands.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `sovietmap` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "run", None) is None:
        parser.print_help(sys.stderr)
        return 2
    return int(args.run(args))

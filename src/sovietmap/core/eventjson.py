"""Parsing a GeoJSON events file without holding the interpreter for the whole file.

``json.loads`` parses a file in one C call, which holds Python's lock throughout: for a 76 MB
FeatureCollection, some 600 ms in which no other thread (the window's) runs. :func:`loads`
gives the same result, and raises the same errors, but parses the top-level object's members
one by one and the ``features`` array one element at a time, so other threads get their turn
between two features.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from json.decoder import JSONDecodeError
from typing import Any

scanstring: Callable[[str, int, bool], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]

_SPACE = re.compile(r"[ \t\n\r]*")


def _skip(text: str, at: int) -> int:
    found = _SPACE.match(text, at)
    return at if found is None else found.end()


def loads(text: str, parse_int: Callable[[str], Any] | None = None) -> Any:
    """``json.loads(text, strict=False, parse_int=parse_int)``, a feature at a time."""
    decoder = json.JSONDecoder(strict=False, parse_int=parse_int)
    at = _skip(text, 0)
    if not text.startswith("{", at) or text.startswith("\ufeff"):  # the whole at once
        return json.loads(text, strict=False, parse_int=parse_int)
    out: dict[str, Any] = {}
    at = _skip(text, at + 1)
    if text.startswith("}", at):
        at += 1
    else:
        while True:
            if not text.startswith('"', at):
                raise JSONDecodeError("Expecting property name enclosed in double quotes", text, at)
            key, at = scanstring(text, at + 1, False)
            at = _skip(text, at)
            if not text.startswith(":", at):
                raise JSONDecodeError("Expecting ':' delimiter", text, at)
            at = _skip(text, at + 1)
            if key == "features" and text.startswith("[", at):
                out[key], at = _array(decoder, text, at)
            else:
                out[key], at = decoder.raw_decode(text, at)
            at = _skip(text, at)
            if text.startswith(",", at):
                at = _skip(text, at + 1)
                continue
            if text.startswith("}", at):
                at += 1
                break
            raise JSONDecodeError("Expecting ',' delimiter", text, at)
    at = _skip(text, at)
    if at != len(text):
        raise JSONDecodeError("Extra data", text, at)
    return out


def _array(decoder: json.JSONDecoder, text: str, at: int) -> tuple[list[Any], int]:
    """The array that starts at ``text[at]`` (a ``[``), an element at a time; and its end."""
    items: list[Any] = []
    at = _skip(text, at + 1)
    if text.startswith("]", at):
        return items, at + 1
    while True:
        item, at = decoder.raw_decode(text, at)
        items.append(item)
        at = _skip(text, at)
        if text.startswith(",", at):
            at = _skip(text, at + 1)
        elif text.startswith("]", at):
            return items, at + 1
        else:
            raise JSONDecodeError("Expecting ',' delimiter", text, at)

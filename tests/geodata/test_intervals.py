"""The build's interval logic, on small authored specs (no Natural Earth needed)."""

from __future__ import annotations

import datetime as dt

import pytest

from sovietmap.geodata.build import polity_intervals

D = dt.date.fromisoformat


def _spec(**over: object) -> dict[str, object]:
    spec: dict[str, object] = {
        "names": [["1920-01-01", "1930-01-01", "Old"], ["1930-01-01", None, "New"]],
        "precision": [["1920-01-01", None, 2]],
        "members": [
            {"atoms": ["core"], "from": "1920-01-01", "to": None},
            {"atoms": ["west"], "from": "1925-06-01", "to": "1940-01-01"},
        ],
    }
    spec.update(over)
    return spec


def test_one_interval_per_change_of_atoms_or_name() -> None:
    got = [(i.start, i.end, sorted(i.atoms), i.name) for i in polity_intervals(_spec(), {})]
    assert got == [
        (D("1920-01-01"), D("1925-06-01"), ["core"], "Old"),
        (D("1925-06-01"), D("1930-01-01"), ["core", "west"], "Old"),
        (D("1930-01-01"), D("1940-01-01"), ["core", "west"], "New"),
        (D("1940-01-01"), None, ["core"], "New"),
    ]


def test_groups_expand_and_closed_polities_end() -> None:
    spec = _spec(
        names=[["1920-01-01", "1930-01-01", "Only"]],
        precision=[["1920-01-01", "1930-01-01", 1]],
        members=[{"atoms": ["both"], "from": "1920-01-01", "to": "1930-01-01"}],
    )
    (only,) = polity_intervals(spec, {"both": ["a", "b"]})
    assert (only.start, only.end, sorted(only.atoms)) == (
        D("1920-01-01"),
        D("1930-01-01"),
        ["a", "b"],
    )


def test_a_name_gap_is_an_authoring_error() -> None:
    spec = _spec(names=[["1920-01-01", "1925-01-01", "Old"], ["1926-01-01", None, "New"]])
    with pytest.raises(ValueError, match="inconsistent"):
        polity_intervals(spec, {})

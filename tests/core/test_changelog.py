"""The readable change log has one entry for every date on which the border data changes."""

from __future__ import annotations

import re

from sovietmap import PROJECT_ROOT
from sovietmap.core.atlas import BorderAtlas


def test_every_change_date_has_a_changelog_entry(atlas: BorderAtlas) -> None:
    text = (PROJECT_ROOT / "geodata" / "CHANGELOG.md").read_text("utf-8")
    headings = set(re.findall(r"^## (\d{4}-\d{2}-\d{2})$", text, flags=re.M))
    dates = {d.isoformat() for d in atlas.change_dates()}
    assert dates - headings == set(), "dates without an entry"
    assert headings - dates == set(), "entries for dates on which nothing changes"


def test_entries_are_in_date_order() -> None:
    """A reader goes down the log in time (two entries of 1921 and 1923 were out of place)."""
    text = (PROJECT_ROOT / "geodata" / "CHANGELOG.md").read_text("utf-8")
    headings = re.findall(r"^## (\d{4}-\d{2}-\d{2})$", text, flags=re.M)
    assert headings == sorted(headings)
    assert len(headings) == len(set(headings)), "a date with two entries"

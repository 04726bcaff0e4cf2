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

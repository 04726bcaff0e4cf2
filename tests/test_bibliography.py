"""The one bibliography: every key cited in geodata/, data/ and resources/ is defined there with
a full citation, every key defined there is cited, nothing cites a sheet outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from sovietmap import DATA_DIR, GEO_DIR, PROJECT_ROOT, RESOURCES_DIR
from sovietmap.core import bibliography
from sovietmap.core.bibliography import cite, keys_in_text, keys_used, load, problems

USER_DIRS = (PROJECT_ROOT / "geodata", DATA_DIR, RESOURCES_DIR)


def _where(keys: dict[str, set[str]]) -> str:
    return "; ".join(f"{k} in {', '.join(sorted(v))}" for k, v in sorted(keys.items()))


def test_every_entry_is_a_full_citation() -> None:
    entries = load()
    assert len(entries) >= 40
    assert problems(entries) == []


def test_every_cited_key_is_defined() -> None:
    entries = load()
    dangling = {k: v for k, v in keys_used(USER_DIRS).items() if k not in entries}
    assert not dangling, f"used but not in data/bibliography.yaml: {_where(dangling)}"


def test_every_defined_key_is_cited() -> None:
    used = keys_used(USER_DIRS)
    unused = sorted(k for k in load() if k not in used)
    assert not unused, f"in data/bibliography.yaml but cited nowhere: {unused}"


def test_the_known_users_cite_through_the_bibliography() -> None:
    """The scan sees the citations where they are known to be (so an empty scan cannot pass)."""
    used = keys_used(USER_DIRS)
    assert "geodata/polities.yaml" in used["S1"]
    assert "geodata/CHANGELOG.md" in used["S25"]
    assert "geodata/cuts.yaml" in used["S23"]
    assert "data/events.yaml" in used["S26"]
    assert "resources/example-events.csv" in used["S34d"]


def _text_files() -> list[Path]:
    out = []
    for root in USER_DIRS:
        for f in sorted(root.rglob("*")):
            if f.is_file() and GEO_DIR not in f.parents and f.suffix in {".yaml", ".md", ".csv"}:
                out.append(f)
    return out


def test_nothing_points_at_a_facts_sheet() -> None:
    offenders = []
    for f in _text_files():
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if "FACTS" in line or re.search(r"facts[ -]sheet", line, re.IGNORECASE):
                offenders.append(f"{f.relative_to(PROJECT_ROOT)}:{n}: {line.strip()[:80]}")
    assert not offenders, "\n".join(offenders)


def _source_maps(node: object) -> list[str]:
    if isinstance(node, dict):
        own = [] if not isinstance(node.get("sources"), dict) else list(node["sources"])
        return own + [k for v in node.values() for k in _source_maps(v)]
    if isinstance(node, list):
        return [k for v in node for k in _source_maps(v)]
    return []


def test_no_second_bibliography() -> None:
    """No file keeps its own key -> address map beside data/bibliography.yaml."""
    local = {}
    for f in _text_files():
        if f.suffix == ".yaml" and f != bibliography.BIBLIOGRAPHY:
            maps = _source_maps(yaml.safe_load(f.read_text(encoding="utf-8")))
            if maps:
                local[str(f.relative_to(PROJECT_ROOT))] = maps
    assert not local, f"local source maps: {local}"


def test_cite_renders_the_full_citation() -> None:
    entries = {
        "k-1": {
            "title": "A treaty.",
            "author": "Someone",
            "date": "1921-10-13",
            "url": "https://example.org/t",
            "note": "n",
        }
    }
    assert cite("k-1", entries) == "k-1: A treaty. Someone, 1921-10-13. https://example.org/t"
    assert cite("S1").startswith("S1: Treaty on the Creation of the Union of Soviet Socialist")
    assert "https://en.wikipedia.org/" in cite("S1")
    asked = {"q": {"title": "Is it?", "author": "A", "date": "n.d.", "url": "https://x.org"}}
    assert cite("q", asked) == "q: Is it? A, n.d. https://x.org"


@pytest.mark.parametrize(
    ("entry", "complaint"),
    [
        ({"author": "a", "date": "1920", "url": "https://x.org"}, "k: no title"),
        ({"title": "t", "date": "1920", "url": "https://x.org"}, "k: no author"),
        ({"title": "t", "author": "a", "url": "https://x.org"}, "k: no date"),
        ({"title": "t", "author": "a", "date": "1920"}, "k: no url"),
        ({"title": "t", "author": "a", "date": "Oct 1920", "url": "https://x.org"}, "k: date"),
        ({"title": "t", "author": "a", "date": "1920-10", "url": "x.org/page"}, "k: url"),
    ],
)
def test_an_incomplete_entry_is_reported(entry: dict[str, str], complaint: str) -> None:
    found = problems({"k": entry})
    assert len(found) == 1 and found[0].startswith(complaint), found
    assert problems({"k": "a one-line string"}) == [
        "k: not a structured entry (title, author, date, url, note)"
    ]


def test_the_scan_finds_dangling_and_unused_keys(tmp_path: Path) -> None:
    (tmp_path / "cuts.yaml").write_text(
        "a-cut:\n  sources: [S23, riga-line-1921]\n  what: drawn between towns\n"
        "b-cut:\n  sources: S4\n  polygon: [[1, 2], [3, 4]]\n",
        encoding="utf-8",
    )
    (tmp_path / "CHANGELOG.md").write_text(
        "## 1921-10-13\nTreaty of Kars [S25, NE]; see [the text](https://x.org) [sic] [1].\n",
        encoding="utf-8",
    )
    (tmp_path / "events.yaml").write_text(
        "events:\n  - id: e\n    note: Date [S26, S31]; [treaty-of-batum] too.\n", encoding="utf-8"
    )
    used = keys_used([tmp_path], known={"S23", "S4", "S25", "NE", "S99"})
    assert set(used) == {
        "S23",
        "riga-line-1921",
        "S4",
        "S25",
        "NE",
        "S26",
        "S31",
        "treaty-of-batum",
    }
    defined = {"S23", "S4", "S25", "NE", "S99"}
    assert set(used) - defined == {"riga-line-1921", "S26", "S31", "treaty-of-batum"}
    assert defined - set(used) == {"S99"}


def test_prose_groups_that_are_not_citations_are_left_alone() -> None:
    assert keys_in_text("[from, to, name] [lon, lat] [sic] [1] [S24 Numelin]") == set()
    assert keys_in_text("[S9, S12, S13] and [S47, NE]") == {"S9", "S12", "S13", "S47", "NE"}
    assert keys_in_text("[gse]", known={"gse"}) == {"gse"}

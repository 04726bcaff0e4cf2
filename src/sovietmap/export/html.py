"""One self-contained HTML file of the map that works offline in any browser (no Qt).

Generic inlining of the built page: every ``<script src>`` and stylesheet ``<link>`` that
names a page file or a ``file://`` URI is replaced by its content, and the stylesheet's
images become data URIs. Nothing is fetched from a network: URL-like identifiers inside
scripts (the SVG namespace, Leaflet's home link in a string) are written with JS escapes
(``http:\\/\\/``), which the browser reads as the same strings.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import mimetypes
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from sovietmap.core.dates import TIMELINE_END, TIMELINE_START
from sovietmap.core.events import Event, escape_html
from sovietmap.export.atomic import EXIT_USAGE, ExportError, write_text
from sovietmap.export.spec import date_caption
from sovietmap.mapview import pagecalls
from sovietmap.mapview.page import ASSETS, COMPARE_COLOURS, event_payload

_SCRIPT = re.compile(r'<script\s+src="([^"]+)"\s*>\s*</script>', re.IGNORECASE)
_LINK = re.compile(r'<link\s+rel="stylesheet"\s+href="([^"]+)"\s*/?>', re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*['\"]?(?!data:|#)([^'\")]+)['\"]?\s*\)")


def _source(ref: str, files: dict[str, str]) -> tuple[str, Path | None]:
    """The text a page reference points to, and its folder when it is a file."""
    if ref in files:
        return files[ref], None
    if ref.startswith("file://"):
        path = Path(unquote(urlparse(ref).path))
        try:
            return path.read_text(encoding="utf-8"), path.parent
        except OSError as exc:
            raise ExportError(f"cannot read {path} for the HTML export: {exc.strerror}") from None
    raise ExportError(f"the map page refers to {ref!r}, which cannot be inlined")


def _safe_js(code: str) -> str:
    """``code`` made safe inside an inline <script>, with no literal network address."""
    code = re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)
    return code.replace("https://", "https:\\/\\/").replace("http://", "http:\\/\\/")


def _css_with_data_uris(css: str, folder: Path | None) -> str:
    def inline(match: re.Match[str]) -> str:
        if folder is None or not (folder / match.group(1)).is_file():
            return "none"  # a missing image is harmless; a relative path would not resolve
        target = folder / match.group(1)
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return f"url(data:{kind};base64,{base64.b64encode(target.read_bytes()).decode()})"

    return _CSS_URL.sub(inline, css)


def inline_page(files: dict[str, str]) -> str:
    """``index.html`` of ``files`` with every script and stylesheet put inline."""
    html = files["index.html"]

    def script(match: re.Match[str]) -> str:
        text, _folder = _source(match.group(1), files)
        return "<script>" + _safe_js(text) + "</script>"

    def style(match: re.Match[str]) -> str:
        text, folder = _source(match.group(1), files)
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)  # comments may hold URLs
        return "<style>" + _css_with_data_uris(text, folder).replace("</", "<\\/") + "</style>"

    markup = _LINK.sub("", _SCRIPT.sub("", html))
    left = re.findall(r'(?:src|href)="([^"#][^"]*)"', markup)
    if left:
        raise ExportError(f"the map page refers to {left[0]!r}, which cannot be inlined")
    html = _SCRIPT.sub(script, html)
    return _LINK.sub(style, html)


#: Page furniture: the heading and legend boxes' look; Leaflet's bottom controls (scale,
#: attribution) rise above the timeline's slider, so the slider covers none of them.
_STYLE = """
<style>
.sm-box{position:fixed;z-index:1000;background:rgba(250,246,234,.92);border:1px solid #8a7a55;
  color:#1e1a12;font:14px 'DejaVu Serif',Georgia,serif}
#sm-heading{top:8px;left:56px;max-width:calc(100% - 330px);padding:4px 10px}
#sm-heading h1{font-size:16px;margin:0}
#sm-heading p{margin:2px 0 0}
#sm-legend{top:8px;right:8px;padding:4px 8px;font:12px 'DejaVu Sans',Arial,sans-serif;
  max-height:calc(100% - 90px);overflow:auto}
#sm-legend summary{cursor:pointer;font-weight:bold}
#sm-legend ul{list-style:none;margin:4px 0 0;padding:0}
#sm-legend li{display:flex;align-items:center;gap:6px;height:16px}
#sm-legend .sw{display:inline-block;width:30px;height:12px;box-sizing:border-box}
#sm-legend .ln{display:inline-block;width:30px;height:0}
%(timeline_css)s
</style>
"""
_TIMELINE_CSS = ".leaflet-bottom{bottom:52px}"

_SLIDER = """
<div id="sm-timeline" class="sm-box" style="left:60px;right:60px;bottom:8px;padding:6px 10px;
  display:flex;gap:10px;align-items:center">
  <output id="sm-date" style="min-width:7em;font-weight:bold"></output>
  <input id="sm-range" type="range" min="0" max="%(days)d" value="%(value)d" step="1"
    data-start="%(start)s" style="flex:1" aria-label="Date">
</div>
"""


def _heading(title: str, caption: str) -> str:
    """The heading box: the title (escaped), then the date and Azerbaijan's standing."""
    parts = [f"<h1>{escape_html(title)}</h1>"] if title else []
    if caption:
        parts.append(f'<p id="sm-caption">{escape_html(caption)}</p>')
    if not parts:
        return ""
    return f'<div id="sm-heading" class="sm-box" role="banner">{"".join(parts)}</div>\n'


def _legend(
    layers: dict[str, bool] | None,
    day: dt.date | None = None,
    compared: dict[str, str] | None = None,
) -> str:
    """The legend (:mod:`sovietmap.export.legend`'s rows) as a box that can be folded: that of
    ``day`` (what the map shows then) for a one-date page, every row for a timeline; then a
    comparison's rows (``compared``: change -> label), hatched as the map hatches."""
    from sovietmap.export.legend import legend_for_date, legend_rows

    rows = (
        legend_for_date(day, layers, interactive=True) if day is not None else legend_rows(layers)
    )
    items = []
    for row in rows:
        colour = row.colour
        line = getattr(row, "line_colour", colour)  # the map's outline colour and width
        weight = max(1.0, float(getattr(row, "weight", None) or 2))
        border = "solid"
        if row.dash:  # short dashes read as dots, as the map's "good" lines
            border = "dotted" if float(row.dash.split()[0]) <= 2 else "dashed"
        if getattr(row, "marker", None):  # an event pin: a ringed dot
            swatch = (
                f'<span class="sw" style="width:12px;margin:0 9px;border-radius:50%;'
                f'background:{colour};border:2px solid #fff;box-shadow:0 0 0 1px #333"></span>'
            )
        elif row.is_area:
            alpha = round(row.fill_alpha, 2)
            swatch = (
                f'<span class="sw" style="background:{colour};background:'
                f"color-mix(in srgb, {colour} {round(alpha * 100)}%, transparent);"
                f'border:1px {border} {line}"></span>'
            )
        else:
            swatch = f'<span class="ln" style="border-top:{weight:g}px {border} {line}"></span>'
        items.append(f"<li>{swatch}{escape_html(row.label)}</li>")
    for change, label in (compared or {}).items():
        colour, angle = COMPARE_COLOURS[change], 45 if change == "gained" else -45
        hatch = f"repeating-linear-gradient({angle}deg,{colour} 0 2px,transparent 2px 6px)"
        swatch = f'<span class="sw" style="background:{hatch};border:1px solid {colour}"></span>'
        items.append(f"<li>{swatch}{escape_html(label)}</li>")
    return (
        '<details id="sm-legend" class="sm-box" open><summary>Legend</summary>'
        f"<ul>{''.join(items)}</ul></details>\n"
    )


def page_title(day: dt.date, title: str, caption: str, timeline: bool) -> str:
    """The document's ``<title>``: never empty."""
    if timeline:
        what = f"{TIMELINE_START.year}–{TIMELINE_END.year}"
        return f"{title} — sovietmap, {what}" if title else f"sovietmap: borders {what}"
    about = caption or day.isoformat()
    return f"{title} — {about}" if title else f"sovietmap: {about}"


def _startup_script(
    day: dt.date,
    layers: dict[str, bool] | None,
    events: list[dict[str, Any]],
    timeline: bool,
    comparison: tuple[dict[str, Any], dict[str, Any]] | None = None,
) -> str:
    """The page's first calls (events, layers, date, a comparison's hatches; built by
    pagecalls), then the slider's script (assets/slider.js) with ``timeline``."""
    calls = [pagecalls.set_events(events)]
    if layers:
        calls.append(pagecalls.set_layers(layers))
    calls.append(pagecalls.set_date(day.isoformat()))
    if comparison is not None:
        calls.append(pagecalls.set_compare(*comparison))
    code = pagecalls.batch(*calls)
    if timeline:
        code += "\n" + (ASSETS / "slider.js").read_text(encoding="utf-8")
    # Data text may hold "</script" or "<!--": inside JS strings these escapes read the same.
    return "<script>\n" + _safe_js(code).replace("<!--", "<\\!--") + "\n</script>\n"


def standalone_html(
    files: dict[str, str],
    day: dt.date,
    *,
    timeline: bool = False,
    layers: dict[str, bool] | None = None,
    events: Sequence[Event] = (),
    title: str = "",
    caption: str = "",
    comparison: tuple[dict[str, Any], dict[str, Any]] | None = None,
    compared: dict[str, str] | None = None,
) -> str:
    """The page of ``files`` as one offline HTML document showing ``day``.

    It has a ``<title>``, a heading (``title``, then ``caption``: the date and Azerbaijan's
    standing; the date alone when not given) and a legend. With ``timeline`` a date slider
    (``<input type=range>``, 1918–1995) drives ``sovietmap.setDate`` and the heading holds
    the title only. ``title`` and ``caption`` are user text and are escaped. ``comparison``
    (pieces, info of :func:`sovietmap.mapview.pagecalls.set_compare`) hatches what changed,
    with ``compared``'s legend rows (change -> label).
    """
    html = inline_page(files)
    caption = "" if timeline else (caption or day.isoformat())
    name = escape_html(page_title(day, title, caption, timeline))
    html = re.sub(r"<title>.*?</title>", "", html, flags=re.DOTALL)
    html = html.replace("<head>", f"<head>\n<title>{name}</title>", 1)
    extra = _STYLE.replace("%(timeline_css)s", _TIMELINE_CSS if timeline else "")
    extra += _heading(title, caption) + _legend(layers, None if timeline else day, compared)
    if timeline:
        days = (TIMELINE_END - TIMELINE_START).days
        extra += _SLIDER % {
            "days": days,
            "value": (day - TIMELINE_START).days,
            "start": TIMELINE_START.isoformat(),
        }
    payload = [event_payload(e) for e in events]
    extra += _startup_script(day, layers, payload, timeline, comparison)
    if "</body>" not in html:
        raise ExportError("the map page has no </body>; cannot add the date controls")
    head, tail = html.rsplit("</body>", 1)
    # folium runs the map's script after </body>; ours must run after it, at the very end
    if "</html>" in tail:
        before, after = tail.rsplit("</html>", 1)
        return head + "</body>" + before + extra + "</html>" + after
    return head + "</body>" + tail + extra


def day_borders_file(atlas: Any, day: dt.date, folder: Path) -> Path:
    """A GeoJSON file of only the border features valid on ``day`` (for a one-date page)."""
    from sovietmap.core.atlas import to_geojson

    fields = [c for c in atlas.frame.columns if c != "geometry"]
    path = folder / "borders-day.geojson"
    path.write_text(
        json.dumps(to_geojson(atlas.at(day), fields), ensure_ascii=False), encoding="utf-8"
    )
    return path


def export_html(
    path: Path,
    day: dt.date,
    *,
    atlas: Any = None,
    timeline: bool = False,
    layers: dict[str, bool] | None = None,
    events: Sequence[Event] = (),
    title: str = "",
    compare: dt.date | None = None,
    compare_polity: str | None = None,
) -> Path:
    """Write the standalone HTML to ``path`` atomically.

    Without ``timeline`` and with an ``atlas`` (geometry), only the borders of ``day`` go in.
    ``compare``: a one-date page hatches the land gained and lost since (or until) that date,
    of ``compare_polity`` (None: every polity), as the viewer's Compare mode does; its popups
    give each piece's area and act.
    """
    from sovietmap.mapview.page import page_files

    comparison = compared = None
    if compare is not None:
        if timeline or atlas is None:
            raise ExportError("a timeline page cannot compare two dates", EXIT_USAGE)
        from sovietmap.export.printcompare import compare_dates, labels_between

        result = compare_dates(atlas, compare, day, compare_polity)
        comparison = (result.pieces_geojson(), result.page_info(compare_polity))
        compared = labels_between(compare, day)

    with tempfile.TemporaryDirectory() as folder:
        if atlas is not None and not timeline:
            files = page_files(borders=day_borders_file(atlas, day, Path(folder)))
        else:
            files = page_files()
        caption = "" if atlas is None or timeline else date_caption(atlas, day)
        text = standalone_html(
            files,
            day,
            timeline=timeline,
            layers=layers,
            events=events,
            title=title,
            caption=caption,
            comparison=comparison,
            compared=compared,
        )
    write_text(path, text)
    return path

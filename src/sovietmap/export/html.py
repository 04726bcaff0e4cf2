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
from sovietmap.export.atomic import ExportError, write_text
from sovietmap.mapview import pagecalls
from sovietmap.mapview.page import ASSETS, event_payload

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


_SLIDER = """
<div id="sm-timeline" style="position:fixed;left:60px;right:60px;bottom:8px;z-index:1000;
  background:rgba(250,246,234,.92);border:1px solid #8a7a55;padding:6px 10px;
  font:14px 'DejaVu Serif',Georgia,serif;display:flex;gap:10px;align-items:center">
  <output id="sm-date" style="min-width:7em;font-weight:bold"></output>
  <input id="sm-range" type="range" min="0" max="%(days)d" value="%(value)d" step="1"
    data-start="%(start)s" style="flex:1" aria-label="Date">
</div>
"""

_TITLE = """
<div id="sm-title" style="position:fixed;top:8px;left:56px;z-index:1000;
  background:rgba(250,246,234,.92);border:1px solid #8a7a55;padding:4px 10px;
  font:bold 16px 'DejaVu Serif',Georgia,serif">%s</div>
"""


def _startup_script(
    day: dt.date, layers: dict[str, bool] | None, events: list[dict[str, Any]], timeline: bool
) -> str:
    """The page's first calls (events, layers, date; built by pagecalls), then the slider's
    script (assets/slider.js) with ``timeline``."""
    calls = [pagecalls.set_events(events)]
    if layers:
        calls.append(pagecalls.set_layers(layers))
    calls.append(pagecalls.set_date(day.isoformat()))
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
) -> str:
    """The page of ``files`` as one offline HTML document showing ``day``.

    With ``timeline`` a date slider (``<input type=range>``, 1918–1995) drives
    ``sovietmap.setDate``. ``title`` is user text and is escaped.
    """
    html = inline_page(files)
    extra = ""
    if title:
        extra += _TITLE % escape_html(title)
        html = re.sub(r"<title>.*?</title>", "", html, flags=re.DOTALL)
        html = html.replace("<head>", f"<head>\n<title>{escape_html(title)}</title>", 1)
    if timeline:
        days = (TIMELINE_END - TIMELINE_START).days
        extra += _SLIDER % {
            "days": days,
            "value": (day - TIMELINE_START).days,
            "start": TIMELINE_START.isoformat(),
        }
    payload = [event_payload(e) for e in events]
    extra += _startup_script(day, layers, payload, timeline)
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
) -> Path:
    """Write the standalone HTML to ``path`` atomically.

    Without ``timeline`` and with an ``atlas`` (geometry), only the borders of ``day`` go in.
    """
    from sovietmap.mapview.page import page_files

    with tempfile.TemporaryDirectory() as folder:
        if atlas is not None and not timeline:
            files = page_files(borders=day_borders_file(atlas, day, Path(folder)))
        else:
            files = page_files()
        text = standalone_html(
            files, day, timeline=timeline, layers=layers, events=events, title=title
        )
    write_text(path, text)
    return path

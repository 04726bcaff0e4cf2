"""Exports of the map: PNG snapshots, SVG/PDF print maps, offline HTML, GIF/MP4 animations.

Every writer goes through :mod:`sovietmap.export.atomic`, so a failed or cancelled export
leaves no partial file and never replaces a good one. Only :mod:`.qtcapture` and its parts
(:mod:`.pagesession`, :mod:`.capture`, :mod:`.recorder`, :mod:`.qtimage`, :mod:`.qtwait`)
import Qt.
"""

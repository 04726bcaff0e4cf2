"""Build tool for data/geo/: Natural Earth plus the authored cut lines and change log.

Run by developers (``python -m sovietmap.geodata.build``), never by the app at start-up.
"""

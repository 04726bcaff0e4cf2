"""The map page: built once with folium, offline, with a small JS API (no Qt)."""

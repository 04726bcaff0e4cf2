"""The facts: dates, borders, events and names. No Qt, no folium."""

/* Event pins for the sovietmap page: one circle marker per event with a place, shown by date
 * and pin mode, one of them focused (bigger, black ring). All event text goes in as text.
 *
 * sovietmapPins.create(map, data, helpers) -> {set(list), show(iso, mode, focused),
 * focus(id, pan), shown(), visibleIds(), count()}; helpers: {group (the events layer group),
 * el(tag, cls, text), clicked(id)}.
 */
(function () {
  'use strict';

  /** Whether the page runs in the desktop viewer (which has a details pane beside the map),
   * not as an exported HTML file read on its own. */
  function inViewer() {
    return !!(window.qt && window.qt.webChannelTransport);
  }

  /** The pin's popup. In the viewer it is short: it names the event (title, date as precise as
   * known, kind) and links to the details pane beside the map, where the whole text and its
   * sources are read. In an exported HTML file, with no pane, it holds the whole text.
   * @param {EventData} ev */
  function popup(ev, el, clicked) {
    const box = el('div', 'sm-popup sm-event');
    box.appendChild(el('h3', null, ev.title));
    let when = ev.when || (ev.start + (ev.end && ev.end !== ev.start ? ' – ' + ev.end : ''));
    if (!ev.when && ev.precision) when += ' (precision: ' + ev.precision + ')';
    if (ev.kindLabel) when += ' · ' + ev.kindLabel;
    box.appendChild(el('p', 'sm-when', when));
    if (inViewer()) {
      const more = el('a', 'sm-details', 'Details →');
      more.href = '#';
      more.title = 'Read the whole event and its sources in the details pane';
      more.addEventListener('click', function (e) { e.preventDefault(); clicked(ev.id); });
      box.appendChild(more);
      return box;
    }
    if (ev.place) box.appendChild(el('p', 'sm-place', ev.place));
    if (ev.description) box.appendChild(el('p', 'sm-description', ev.description));
    if (ev.quote) {
      box.appendChild(el('blockquote', 'sm-quote', ev.quote));
      if (ev.source_file) box.appendChild(el('p', 'sm-source', 'Source: ' + ev.source_file));
    }
    if (ev.note) box.appendChild(el('p', 'sm-note', 'Note: ' + ev.note));
    return box;
  }

  /** Whether an event is pinned on ``iso`` in pin mode ``mode``.
   * @param {EventData} ev @param {string} iso @param {PinMode} mode */
  function pinned(ev, iso, mode) {
    const end = ev.end || ev.start;
    if (mode === 'year') {
      const year = iso.slice(0, 4);
      return ev.start.slice(0, 4) <= year && year <= end.slice(0, 4);
    }
    if (mode === 'upto') return ev.start <= iso;
    return ev.start <= iso && iso <= end;
  }

  /** @param {PageData} data */
  function create(map, data, helpers) {
    const group = helpers.group;
    let pins = {};  // id -> {event, marker, visible, focused}
    let count = 0;

    function style(ev, focused) {
      const colours = data.style.eventColours;
      return {
        radius: focused ? 11 : 7, color: focused ? '#000000' : '#ffffff',
        weight: focused ? 3 : 1.5, fillColor: colours[ev.kind] || colours.default,
        fillOpacity: 0.95, pane: 'k-pins',
      };
    }

    /** @param {EventData[]} list */
    function set(list) {
      Object.keys(pins).forEach(function (id) { group.removeLayer(pins[id].marker); });
      pins = {};
      count = (list || []).length;
      (list || []).forEach(function (ev) {
        if (typeof ev.lat !== 'number' || typeof ev.lon !== 'number') return;
        const marker = L.circleMarker([ev.lat, ev.lon], style(ev, false));
        marker.bindPopup(function () { return popup(ev, helpers.el, helpers.clicked); },
          inViewer() ? { maxWidth: 260 } : { maxWidth: 340, maxHeight: 260 });
        marker.on('click', function () { helpers.clicked(ev.id); });
        pins[ev.id] = { event: ev, marker: marker, visible: false, focused: false };
      });
      return Object.keys(pins).length;
    }

    function show(iso, mode, focusedId) {
      Object.keys(pins).forEach(function (id) {
        const pin = pins[id];
        const on = pinned(pin.event, iso, mode);
        pin.visible = on;
        if (on && !group.hasLayer(pin.marker)) group.addLayer(pin.marker);
        if (!on && group.hasLayer(pin.marker)) group.removeLayer(pin.marker);
        const focused = id === focusedId;
        if (pin.focused !== focused) {  // restyle only on a change: no needless repaint
          pin.marker.setStyle(style(pin.event, focused));
          pin.focused = focused;
        }
      });
    }

    /** Pan to a shown pin (unless pan is false) and open its popup. */
    function focus(id, pan) {
      const pin = pins[id];
      if (!pin || !pin.visible) return;
      if (pan !== false) map.panTo(pin.marker.getLatLng(), { animate: false });
      pin.marker.openPopup();
    }

    /** Pins on the map, for the name placement: {id, latlng, radius}. */
    function shown() {
      return Object.keys(pins)
        .filter(function (id) { return pins[id].visible && map.hasLayer(pins[id].marker); })
        .map(function (id) {
          const m = pins[id].marker;
          return { id: id, latlng: m.getLatLng(), radius: m.getRadius() };
        });
    }

    function visibleIds() {
      return Object.keys(pins).filter(function (id) { return pins[id].visible; });
    }

    return {
      set: set, show: show, focus: focus, shown: shown, visibleIds: visibleIds,
      count: function () { return count; },
    };
  }

  window.sovietmapPins = { create: create, pinned: pinned };
})();

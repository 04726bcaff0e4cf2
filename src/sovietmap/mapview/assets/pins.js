/* Event pins for the sovietmap page: one circle marker per event with a place, shown by date
 * and pin mode, one of them focused (bigger, black ring). All event text goes in as text.
 *
 * Pins that sit on one spot (several events in Baku in "all up to this date" mode) form a
 * stack, marked with its count: a click on it, Enter on it, or focusing one of its events
 * spreads the stack around the spot (a spiderfy: a circle, or a spiral for many, with legs to
 * the spot), in date order, so that every pin can be clicked; a click elsewhere, a zoom, a
 * change of the pins shown or Escape folds it back. Every shown pin is a keyboard stop (Tab,
 * in the order of the event list), a button named by its event: Enter opens it as a click does
 * (focusing a stacked pin spreads its stack).
 *
 * sovietmapPins.create(map, data, helpers) -> {set(list), show(iso, mode, focused),
 * focus(id, pan), shown(), visibleIds(), count(), spread(id), fold(), spreadIds(),
 * stacks(), screen(id), activate(id)} (the last made is sovietmapPins.current);
 * helpers: {group (the events layer group), el(tag, cls, text), clicked(id)}.
 */
(function () {
  'use strict';

  /** Pins closer than this (px, centre to centre) are one stack. */
  const STACK_PX = 6;

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

  /** Offsets (px) of ``n`` pins spread around a spot: a circle for up to 8, else a spiral
   * (as Leaflet.markercluster lays out its spiders). */
  function layout(n) {
    const out = [];
    if (n <= 8) {
      const leg = Math.max(22, (25 * (2 + n)) / (2 * Math.PI));
      for (let i = 0; i < n; i++) {
        const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
        out.push([leg * Math.cos(a), leg * Math.sin(a)]);
      }
      return out;
    }
    let leg = 14;
    let angle = -Math.PI / 2;
    for (let i = 0; i < n; i++) {
      out.push([leg * Math.cos(angle), leg * Math.sin(angle)]);
      angle += 19 / leg;
      leg += 30 / (angle + Math.PI);
    }
    return out;
  }

  function addCss() {
    if (document.getElementById('sm-pins-css')) return;
    const css = document.createElement('style');
    css.id = 'sm-pins-css';
    // the badge sits up and to the left of its pin: city names are written to the right
    css.textContent = '.sm-stack-at{width:0;height:0;pointer-events:none}'
      + '.sm-stack{position:absolute;right:4px;bottom:5px;'
      + 'font:bold 11px/14px sans-serif;color:#fff;background:#222;'
      + 'border:1px solid #fff;border-radius:8px;padding:0 4px;white-space:nowrap;'
      + 'pointer-events:none}'
      + '.leaflet-k-pins-pane path.sm-pin:focus{outline:none;stroke:#000;stroke-width:4px}';
    document.head.appendChild(css);
  }

  /** @param {PageData} data */
  function create(map, data, helpers) {
    const group = helpers.group;
    let pins = {};  // id -> {event, marker, home (its own latlng), visible, focused}
    let count = 0;
    let spreadIds = [];   // the stack spread now, in date order
    let legs = [];        // its legs (polylines)
    let badges = [];      // count markers of the stacks
    let shownKey = '';    // the ids shown, to fold a spread stack when they change
    addCss();
    // Pins come first in the keyboard order (panes draw by z-index, not by DOM order).
    const pane = map.getPane('k-pins');
    if (pane && pane.parentNode) pane.parentNode.insertBefore(pane, pane.parentNode.firstChild);
    if (!map.getPane('k-legs')) {  // the legs of a spread stack, under its pins
      map.createPane('k-legs').style.zIndex = String(+(pane ? pane.style.zIndex : 620) - 1);
    }

    function style(ev, focused) {
      const colours = data.style.eventColours;
      const ring = data.style.pin;  // a dark ring: 3:1 on any fill (style.PIN)
      return {
        radius: focused ? ring.focusRadius : ring.radius,
        color: focused ? ring.focusStroke : ring.stroke,
        weight: focused ? ring.focusWeight : ring.weight, fillColor: colours[ev.kind] || colours.default,
        fillOpacity: 0.95, pane: 'k-pins', className: 'sm-pin',
      };
    }

    function visibleIds() {
      return Object.keys(pins).filter(function (id) { return pins[id].visible; });
    }

    /** Shown pins by stack (pins within STACK_PX of the first of a stack, on their own spot),
     * each stack in date order. */
    function stacks() {
      const out = [];
      if (!map._loaded) return out;
      visibleIds().map(function (id) {
        return { id: id, p: map.latLngToLayerPoint(pins[id].home), start: pins[id].event.start };
      }).forEach(function (pin) {
        const home = out.find(function (s) { return s.p.distanceTo(pin.p) <= STACK_PX; });
        if (home) home.pins.push(pin); else out.push({ p: pin.p, pins: [pin] });
      });
      return out.map(function (s) {
        s.pins.sort(function (a, b) {
          return a.start < b.start ? -1 : a.start > b.start ? 1 : (a.id < b.id ? -1 : 1);
        });
        return s.pins.map(function (pin) { return pin.id; });
      });
    }

    function stackOf(id) {
      return stacks().find(function (s) { return s.indexOf(id) >= 0; }) || [id];
    }

    function drawBadges() {
      badges.forEach(function (b) { group.removeLayer(b); });
      badges = [];
      stacks().forEach(function (s) {
        if (s.length < 2 || spreadIds.indexOf(s[0]) >= 0) return;
        const icon = L.divIcon({ className: 'sm-stack-at', iconSize: [0, 0], iconAnchor: [0, 0],
          html: '<span class="sm-stack">' + String(s.length) + '</span>' });
        const badge = L.marker(pins[s[0]].home, { icon: icon, interactive: false,
          keyboard: false, pane: 'k-pins' });
        badges.push(badge);
        group.addLayer(badge);
      });
    }

    /** Fold the spread stack back onto its spot. */
    function fold() {
      legs.forEach(function (l) { group.removeLayer(l); });
      legs = [];
      const was = spreadIds;
      spreadIds = [];
      was.forEach(function (id) { if (pins[id]) pins[id].marker.setLatLng(pins[id].home); });
      if (was.length) drawBadges();
      return was.length;
    }

    /** Spread the stack that holds the pin ``id`` (nothing if it is alone); the ids spread. */
    function spread(id) {
      const stack = stackOf(id);
      if (stack.length < 2) { fold(); return []; }
      if (spreadIds.length && spreadIds.join('|') === stack.join('|')) return spreadIds.slice();
      fold();
      const centre = map.latLngToLayerPoint(pins[stack[0]].home);
      layout(stack.length).forEach(function (off, i) {
        const pin = pins[stack[i]];
        const at = map.layerPointToLatLng(centre.add(L.point(off[0], off[1])));
        legs.push(L.polyline([pin.home, at], { pane: 'k-legs', interactive: false,
          color: '#222222', weight: 1.5, opacity: 0.8 }));
        pin.marker.setLatLng(at);
      });
      legs.forEach(function (l) { group.addLayer(l); });
      spreadIds = stack;
      drawBadges();
      return spreadIds.slice();
    }

    /** A click (or Enter) on a pin: spread its stack if it is folded, else open it. */
    function activate(id) {
      const stack = stackOf(id);
      if (stack.length > 1 && spreadIds.indexOf(id) < 0) {
        spread(id);
        return 'spread';
      }
      helpers.clicked(id);
      pins[id].marker.openPopup();
      return 'opened';
    }

    /** Make a pin's SVG path a keyboard stop: a button named by its event. */
    function keyed(id) {
      const pin = pins[id];
      const path = pin.marker._path;
      if (!path) return;
      const ev = pin.event;
      path.setAttribute('tabindex', '0');
      path.setAttribute('role', 'button');
      path.setAttribute('aria-label', ev.title + ', ' + (ev.when || ev.start)
        + (ev.place ? ', ' + ev.place : ''));
      path.setAttribute('data-event', id);
      if (path._smKeyed) return;
      path._smKeyed = true;
      path.addEventListener('keydown', function (e) {
        if (e.key !== 'Enter' && e.key !== ' ') return;
        e.preventDefault();
        e.stopPropagation();
        activate(id);
      });
      path.addEventListener('focus', function () {  // a stacked pin tabbed to: show it
        if (!pressing && stackOf(id).length > 1 && spreadIds.indexOf(id) < 0) spread(id);
      });
    }

    /** Put the shown pins' nodes in the order of the event list (by date), so Tab walks them
     * as the Events list reads: pins added as the date moved were appended in the order they
     * appeared. Not while a pin has the keyboard (moving its node would take the focus away). */
    function inListOrder() {
      const ids = visibleIds();
      const active = document.activeElement;
      if (ids.some(function (id) { return pins[id].marker._path === active; })) return;
      ids.forEach(function (id) { pins[id].marker.bringToFront(); });
    }

    /** @param {EventData[]} list */
    function set(list) {
      fold();
      Object.keys(pins).forEach(function (id) { group.removeLayer(pins[id].marker); });
      pins = {};
      shownKey = '';
      count = (list || []).length;
      (list || []).forEach(function (ev) {
        if (typeof ev.lat !== 'number' || typeof ev.lon !== 'number') return;
        const marker = L.circleMarker([ev.lat, ev.lon], style(ev, false));
        marker.bindPopup(function () { return popup(ev, helpers.el, helpers.clicked); },
          inViewer() ? { maxWidth: 260 } : { maxWidth: 340, maxHeight: 260 });
        marker.off('click', marker._openPopup, marker);  // activate() decides
        marker.on('click', function (e) {
          L.DomEvent.stop(e);  // the map's own click folds the spread stack
          activate(ev.id);
        });
        marker.on('add', function () { keyed(ev.id); });
        pins[ev.id] = { event: ev, marker: marker, home: L.latLng(ev.lat, ev.lon),
          visible: false, focused: false };
      });
      drawBadges();
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
      const key = visibleIds().join('|');
      if (key !== shownKey) {
        shownKey = key;
        fold();
        inListOrder();
        drawBadges();
      }
      const top = focusedId && pins[focusedId] && pins[focusedId].visible
        ? pins[focusedId].marker : null;
      // On top of its stack, unless it has the keyboard (moving its node would take it away).
      if (top && top._path !== document.activeElement) top.bringToFront();
    }

    /** Pan to a shown pin (unless pan is false) and open its popup; a stacked pin's stack is
     * spread first. */
    function focus(id, pan) {
      const pin = pins[id];
      if (!pin || !pin.visible) return;
      if (pan !== false) map.panTo(pin.home, { animate: false });
      if (stackOf(id).length > 1) spread(id);
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

    /** Where a pin is drawn now, in map container pixels (for tests), or null. */
    function screen(id) {
      const pin = pins[id];
      if (!pin || !pin.visible) return null;
      const p = map.latLngToContainerPoint(pin.marker.getLatLng());
      return { x: p.x, y: p.y, radius: pin.marker.getRadius() };
    }

    map.on('zoomstart', fold);
    map.on('zoomend', drawBadges);
    // A press focuses the pin under it: that is the click's to handle (spread or open), not
    // the focus's (spreading on focus would move the pin away from under the pointer).
    let pressing = false;
    map.getContainer().addEventListener('mousedown', function () { pressing = true; }, true);
    document.addEventListener('mouseup', function () {
      setTimeout(function () { pressing = false; }, 0);
    }, true);

    // Escape closes the popup and folds a spread stack (Leaflet's own Escape works only while
    // the map itself has the focus, not a pin or a line in it).
    map.getContainer().addEventListener('keydown', function (e) {
      if (e.key !== 'Escape') return;
      map.closePopup();
      fold();
    }, true);

    // A click anywhere but on a pin or a popup folds the spread stack (taken first, in the
    // capture phase: a click on a border line goes no further, see lines.js).
    map.getContainer().addEventListener('click', function (e) {
      const t = e.target;
      if (!spreadIds.length || (t && t.closest && t.closest('.leaflet-k-pins-pane, '
        + '.leaflet-popup-pane, .leaflet-control-container'))) return;
      fold();
    }, true);

    const api = {
      set: set, show: show, focus: focus, shown: shown, visibleIds: visibleIds,
      count: function () { return count; }, spread: spread, fold: fold,
      spreadIds: function () { return spreadIds.slice(); }, stacks: stacks, screen: screen,
      activate: activate,
    };
    window.sovietmapPins.current = api;  // the page's pins, for tests
    return api;
  }

  window.sovietmapPins = { create: create, pinned: pinned, layout: layout };
})();

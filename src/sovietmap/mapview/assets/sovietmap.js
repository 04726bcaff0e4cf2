/* sovietmap page API: the page is built once; a date change only toggles and restyles.
 *
 * window.sovietmap.setDate(iso), setLayers({...}), setPinMode('date'|'year'|'upto'),
 * setEvents([...]), focusEvent(id), state().  All text from data goes in with textContent.
 */
(function () {
  'use strict';
  const S = (window.sovietmap = window.sovietmap || {});
  const st = {
    ready: false, painted: false, date: null, pinMode: 'date', focused: null,
    layers: {}, error: null, changedAt: 0, paintMs: [],
    reserved: [],
  };
  let map = null;
  let data = null;
  let paintToken = 0;
  const groups = {};
  const labelGroups = {};  // layer -> labels of a layer that starts hidden (see labelGroupFor)
  const borders = [];   // {props, layer (null for outline-drawn kinds), label, span, shown}
  let lines = null;     // the border lines by stretch (lines.js), toggled and restyled by date
  const cities = [];    // {place, marker, span, name}
  const labelItems = [];  // every name that can be shown: {marker, span, dot, priority, autonomy}
  let namePlacer = null;  // labels.js's placer for labelItems (see declutter)
  let pins = {};        // id -> {event, marker}
  let events = [];

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function holds(from, to, iso) {
    return (from === null || from <= iso) && (to === null || iso < to);
  }

  /** A label element whose text is only written when it changes (no relayout otherwise).
   * A city's has a dot of its own, so that its name can move around the dot (labels.js). */
  function labelIcon(cls, withDot) {
    const span = el('span', withDot ? 'sm-name' : null, '');
    let html = span;
    let dot = null;
    if (withDot) {
      html = el('span', 'sm-mark');
      dot = el('i', 'sm-dot');
      html.appendChild(dot);
      html.appendChild(span);
    }
    return { span: span, dot: dot, icon: L.divIcon({ className: cls, html: html, iconSize: null }) };
  }

  /** Names in the order they are placed: see style.label_priority (the same rule). */
  function labelPriority(kind, rank) {
    const lp = data.style.labelPriority;
    if (rank !== undefined) return rank <= 1 ? lp.capital : lp.cityBase + rank;
    return lp.kinds[kind] !== undefined ? lp.kinds[kind] : lp.other;
  }

  /** Place the names (labels.js) if the view, the names shown or the pins have changed since
   * the last time (or when forced): a date change that changes no name costs nothing here. */
  function declutter(force) {
    if (!namePlacer) return;
    const shown = [];
    Object.keys(pins).forEach(function (id) {
      const pin = pins[id];
      if (pin.visible && map.hasLayer(pin.marker)) {
        shown.push({ id: id, latlng: pin.marker.getLatLng(), radius: pin.marker.getRadius() });
      }
    });
    namePlacer.run(force, st.reserved, shown);
  }

  function setText(span, text) {
    if (span.textContent !== text) span.textContent = text;
  }

  function style(props) {
    const s = data.style;
    const kind = s.kinds[props.kind] || s.kinds.context;
    // A republic keeps its country's colour through its renamings (style.polity_colour).
    const colour = (s.countryKinds.indexOf(props.kind) >= 0 && s.countryColours[props.country])
      || kind.colour;
    const line = s.precision[String(props.precision)] || s.precision['1'];
    return {
      color: colour, weight: kind.weight * line.weightScale, dashArray: line.dash,
      fill: kind.fillOpacity > 0, fillColor: colour, fillOpacity: kind.fillOpacity,
      opacity: kind.opacity, lineCap: line.cap, pane: 'k-' + props.kind,
      // Kinds whose lines are drawn by stretch (lines.js) keep only their fill here.
      stroke: s.lineKinds.indexOf(props.kind) < 0,
      className: kind.hatch ? 'sm-hatch' : undefined,  // CSS fills it with the page's hatch
    };
  }

  function sourcePopup(props) {
    const box = el('div', 'sm-popup');
    box.appendChild(el('h3', null, props.name));
    const until = props.valid_to ? props.valid_to : 'still in force';
    box.appendChild(el('p', 'sm-when', props.valid_from + ' – ' + until));
    const label = data.style.precision[String(props.precision)];
    box.appendChild(el('p', 'sm-precision', 'Border precision: ' + (label ? label.label : props.precision)));
    const list = el('ul', 'sm-sources');
    (props.sources || []).forEach(function (src) { list.appendChild(el('li', null, src)); });
    box.appendChild(list);
    return box;
  }

  function eventPopup(ev) {
    const box = el('div', 'sm-popup');
    box.appendChild(el('h3', null, ev.title));
    let when = ev.start + (ev.end && ev.end !== ev.start ? ' – ' + ev.end : '');
    if (ev.precision) when += ' (precision: ' + ev.precision + ')';
    box.appendChild(el('p', 'sm-when', when));
    if (ev.place) box.appendChild(el('p', 'sm-place', ev.place));
    if (ev.description) box.appendChild(el('p', 'sm-description', ev.description));
    if (ev.quote) {
      const q = el('blockquote', 'sm-quote', ev.quote);
      box.appendChild(q);
      if (ev.source_file) box.appendChild(el('p', 'sm-source', 'Source: ' + ev.source_file));
    }
    if (ev.note) box.appendChild(el('p', 'sm-note', 'Note: ' + ev.note));
    return box;
  }

  function pane(name, z) {
    map.createPane(name).style.zIndex = String(z);
  }

  function group(name) {
    groups[name] = L.layerGroup();
    if (st.layers[name] === undefined) st.layers[name] = data.style.layersOff.indexOf(name) < 0;
    if (st.layers[name]) groups[name].addTo(map);
    return groups[name];
  }

  /** Names of a layer that starts hidden (historical districts) show only while it is shown:
   * they sit in a group of their own inside the labels group. */
  function labelGroupFor(kind) {
    const layer = data.style.kinds[kind] ? data.style.kinds[kind].layer : null;
    return labelGroups[layer] || groups.labels;
  }

  function syncLabelGroups() {
    Object.keys(labelGroups).forEach(function (layer) {
      const inside = groups.labels.hasLayer(labelGroups[layer]);
      if (st.layers[layer] && !inside) groups.labels.addLayer(labelGroups[layer]);
      if (!st.layers[layer] && inside) groups.labels.removeLayer(labelGroups[layer]);
    });
  }

  function labelShown(b) {
    const kind = data.style.kinds[b.props.kind];
    const own = kind ? labelGroups[kind.layer] : null;
    return st.layers.labels !== false && (!own || st.layers[kind.layer]);
  }

  S.init = function (leafletMap, payload) {
    try {
      map = leafletMap;
      data = payload;
      map.attributionControl.setPrefix('Leaflet · Natural Earth');
      pane('k-land', 300);
      data.style.order.forEach(function (kind, i) { pane('k-' + kind, 410 + 10 * i); });
      pane('k-lines', 500);
      pane('k-labels', 560);
      pane('k-pins', 620);
      ['land'].concat(data.style.layerOrder).forEach(group);
      data.style.layersOff.forEach(function (layer) { labelGroups[layer] = L.layerGroup(); });
      syncLabelGroups();
      L.geoJSON(data.base, {
        pane: 'k-land', interactive: false,
        style: function () { return data.style.land; },
      }).addTo(groups.land);
      data.borders.features.forEach(function (f) {
        const p = f.properties;
        let layer = null;
        if (f.geometry) {  // unfilled kinds come without geometry: lines.js draws their lines
          layer = L.geoJSON(f, { style: function () { return style(p); } });
          layer.bindPopup(function () { return sourcePopup(p); });
        }
        let label = null;
        let span = null;
        if (p.label_lat != null && data.style.kinds[p.kind] && data.style.kinds[p.kind].label) {
          const made = labelIcon('sm-label sm-label-' + p.kind);
          span = made.span;
          label = L.marker([p.label_lat, p.label_lon], {
            pane: 'k-labels', interactive: false, keyboard: false, icon: made.icon,
          });
        }
        borders.push({ props: p, layer: layer, label: label, span: span, shown: false });
        if (label) {
          labelItems.push({ marker: label, span: span, dot: null, priority: labelPriority(p.kind),
            autonomy: p.kind === 'autonomy' });
        }
      });
      lines = window.sovietmapLines.create(map, data, { style: style, groupFor: groupFor, el: el });
      data.places.forEach(function (place) {
        const made = labelIcon('sm-city sm-rank-' + place.rank, true);
        const marker = L.marker([place.lat, place.lon], {
          pane: 'k-labels', interactive: false, keyboard: false, icon: made.icon,
        });
        cities.push({ place: place, marker: marker, span: made.span, name: null });
        labelItems.push({ marker: marker, span: made.span, dot: made.dot,
          priority: labelPriority(null, place.rank), autonomy: false });
      });
      map.on('zoomend', zoomClass);
      if (window.sovietmapLabels) namePlacer = window.sovietmapLabels.placer(map, labelItems);
      map.on('zoomend moveend resize', function () { declutter(false); });
      if (document.fonts && document.fonts.ready) {  // names measured before fonts load are off
        document.fonts.ready.then(function () { declutter(true); });
      }
      map.fitBounds(data.view, { animate: false });
      zoomClass();
      if (window.qt && window.qt.webChannelTransport && window.QWebChannel) {
        new QWebChannel(window.qt.webChannelTransport, function (channel) {
          S.bridge = channel.objects.bridge;
          if (S.bridge && S.bridge.pageReady) S.bridge.pageReady();
        });
      }
      S.setDate(data.date);
      st.ready = true;
    } catch (err) {
      st.error = String(err && err.stack ? err.stack : err);
      throw err;
    }
  };

  /** Marks the map as zoomed out (below 5) or half way (5 to 6) for the label rules in CSS. */
  function zoomClass() {
    const z = map.getZoom();
    const box = map.getContainer();
    box.classList.toggle('sm-zoom-low', z < 5);
    box.classList.toggle('sm-zoom-mid', z >= 5 && z < 6);
  }

  function groupFor(kind) { return groups[data.style.kinds[kind] ? data.style.kinds[kind].layer : 'neighbours']; }

  function markPainted() {
    st.painted = false;
    const token = ++paintToken;
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        if (token !== paintToken) return;
        st.painted = true;
        // Page-side latency of the last change: from its call to the second frame after it.
        if (st.paintMs.length < 5000) st.paintMs.push(performance.now() - st.changedAt);
        if (S.bridge && S.bridge.reportPainted) S.bridge.reportPainted(token);
      });
    });
  }

  function showPins() {
    const iso = st.date;
    const year = iso.slice(0, 4);
    Object.keys(pins).forEach(function (id) {
      const pin = pins[id];
      const ev = pin.event;
      const end = ev.end || ev.start;
      let on;
      if (st.pinMode === 'year') on = ev.start.slice(0, 4) <= year && year <= end.slice(0, 4);
      else if (st.pinMode === 'upto') on = ev.start <= iso;
      else on = ev.start <= iso && iso <= end;
      pin.visible = on;
      if (on && !groups.events.hasLayer(pin.marker)) groups.events.addLayer(pin.marker);
      if (!on && groups.events.hasLayer(pin.marker)) groups.events.removeLayer(pin.marker);
      const focused = id === st.focused;
      if (pin.focused !== focused) {  // restyle only on a change: no needless repaint
        pin.marker.setStyle(pinStyle(ev, focused));
        pin.focused = focused;
      }
    });
  }

  function pinStyle(ev, focused) {
    const colour = data.style.eventColours[ev.kind] || data.style.eventColours.default;
    return {
      radius: focused ? 11 : 7, color: focused ? '#000000' : '#ffffff', weight: focused ? 3 : 1.5,
      fillColor: colour, fillOpacity: 0.95, pane: 'k-pins',
    };
  }

  S.setDate = function (iso) {
    st.changedAt = performance.now();
    st.date = iso;
    const current = {};  // polity id -> its properties on this date (for the lines)
    borders.forEach(function (b) {
      const p = b.props;
      const on = holds(p.valid_from, p.valid_to, iso);
      if (on !== b.shown) {
        const target = groupFor(p.kind);
        if (b.layer) { if (on) target.addLayer(b.layer); else target.removeLayer(b.layer); }
        if (b.label) {
          const labels = labelGroupFor(p.kind);
          if (on) labels.addLayer(b.label); else labels.removeLayer(b.label);
        }
        b.shown = on;
      }
      if (on && b.span) setText(b.span, p.name);
      if (on) current[p.id] = p;
    });
    lines.update(iso, current, function (kind) {
      const k = data.style.kinds[kind];
      return !k || st.layers[k.layer] !== false;
    });
    cities.forEach(function (c) {
      const name = c.place.names.filter(function (n) { return holds(n.from, n.to, iso); })
        .map(function (n) { return n.name; })[0] || null;
      if (name && !c.name) groups.cities.addLayer(c.marker);
      if (!name && c.name) groups.cities.removeLayer(c.marker);
      if (name) setText(c.span, name);
      c.name = name;
    });
    showPins();
    declutter(false);
    markPainted();
    return iso;
  };

  S.setLayers = function (layers) {
    Object.keys(layers || {}).forEach(function (name) {
      if (!groups[name]) return;
      const on = !!layers[name];
      st.layers[name] = on;
      if (on && !map.hasLayer(groups[name])) groups[name].addTo(map);
      if (!on && map.hasLayer(groups[name])) map.removeLayer(groups[name]);
    });
    syncLabelGroups();
    if (st.layers.labels !== false && st.date) S.setDate(st.date);  // icons need their text
    declutter(false);
    markPainted();
    return Object.assign({}, st.layers);
  };

  S.setPinMode = function (mode) {
    if (['date', 'year', 'upto'].indexOf(mode) < 0) throw new Error('unknown pin mode ' + mode);
    st.pinMode = mode;
    showPins();
    declutter(false);
    markPainted();
    return mode;
  };

  S.setEvents = function (list) {
    Object.keys(pins).forEach(function (id) { groups.events.removeLayer(pins[id].marker); });
    pins = {};
    events = list || [];
    events.forEach(function (ev) {
      if (typeof ev.lat !== 'number' || typeof ev.lon !== 'number') return;
      const marker = L.circleMarker([ev.lat, ev.lon], pinStyle(ev, false));
      marker.bindPopup(function () { return eventPopup(ev); }, { maxWidth: 340, maxHeight: 260 });
      marker.on('click', function () { S.pinClicked(ev.id); });
      pins[ev.id] = { event: ev, marker: marker, visible: false, focused: false };
    });
    if (st.date) showPins();
    declutter(false);
    markPainted();
    return Object.keys(pins).length;
  };

  /** What a click on a pin does: focus it and tell the desktop side. */
  S.pinClicked = function (id) {
    S.focusEvent(id, { pan: false });
    if (S.bridge && S.bridge.pinClicked) S.bridge.pinClicked(id);
    return id;
  };

  S.focusEvent = function (id, options) {
    const pin = pins[id];
    st.focused = id || null;
    if (st.date) showPins();
    if (pin && pin.visible) {
      if (!options || options.pan !== false) map.panTo(pin.marker.getLatLng(), { animate: false });
      pin.marker.openPopup();
    }
    declutter(false);
    markPainted();
    return st.focused;
  };

  /** Boxes ({x0, y0, x1, y1}, map pixels from its top-left) that names must keep clear of:
   * what an export draws over the map (caption, legend, credits). */
  S.setReserved = function (boxes) {
    st.reserved = (boxes || []).map(function (b) {
      return { x0: +b.x0, y0: +b.y0, x1: +b.x1, y1: +b.y1 };
    });
    declutter(false);
    markPainted();
    return st.reserved.length;
  };

  S.state = function () {
    const visible = borders.filter(function (b) { return b.shown; });
    return {
      ready: st.ready, painted: st.painted, error: st.error, date: st.date,
      pinMode: st.pinMode, focused: st.focused, layers: Object.assign({}, st.layers),
      polities: visible.map(function (b) { return b.props.id; }),
      labels: visible.filter(function (b) { return b.label && labelShown(b); })
        .map(function (b) { return b.props.name; }),
      // Features actually on the map (their layer shown), by id.
      drawn: visible.filter(function (b) { return b.layer && map.hasLayer(b.layer); })
        .map(function (b) { return b.props.id; }),
      cities: cities.filter(function (c) { return c.name; })
        .reduce(function (acc, c) { acc[c.place.id] = c.name; return acc; }, {}),
      pins: Object.keys(pins).filter(function (id) { return pins[id].visible; }),
      // Name placement (labels.js): passes run, cost of the last and the slowest (ms), and
      // how many names the last pass hid for want of room.
      labelPass: namePlacer ? Object.assign({}, namePlacer.stats) : null,
      events: events.length,
      stretches: lines ? lines.shown().length : 0,  // border and coast lines drawn (lines.js)
    };
  };

  /** The drawn stretch nearest to a point: {kind, precision, polities, dashArray, color, ...}. */
  S.stretchNear = function (lat, lon) {
    return lines ? lines.near(lat, lon) : null;
  };

  /** The colour a feature with these properties is drawn in (tests compare it with
   * style.polity_colour: the page, the print map and the legend agree). */
  S.colourOf = function (props) {
    return style(props).fillColor;
  };

  /** The view now: extent, centre and zoom. */
  function currentView() {
    const b = map.getBounds();
    const c = map.getCenter();
    return {
      bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()],
      center: [c.lat, c.lng], zoom: map.getZoom(),
    };
  }

  S.getView = function () {
    return map ? currentView() : null;
  };

  /** Show a bbox [west, south, east, north] (the largest zoom at which it fits) or
   * {center: [lat, lon], zoom}. The view is laid out afresh (reset), so it never depends on
   * views before. Returns the new view. */
  S.setView = function (target) {
    map.invalidateSize({ animate: false });
    if (Array.isArray(target)) {
      const b = L.latLngBounds([[target[1], target[0]], [target[3], target[2]]]);
      map.setView(b.getCenter(), map.getBoundsZoom(b), { animate: false, reset: true });
    } else {
      map.setView(target.center, target.zoom, { animate: false, reset: true });
    }
    markPainted();
    return currentView();
  };

  /** The number of the last change; the painted report that carries it covers that change. */
  S.paintToken = function () {
    return paintToken;
  };

  /** Report painted after two frames without changing anything. */
  S.reportPainted = function () {
    markPainted();
    return paintToken;
  };

  /** Report painted after two frames without changing anything (the frame clock's floor). */
  S.repaint = function () {
    st.changedAt = performance.now();
    markPainted();
    return true;
  };

  /** Page-side paint latencies (ms) since the last call, for the benchmark. */
  S.takePaintTimes = function () {
    const out = st.paintMs;
    st.paintMs = [];
    return out;
  };
})();

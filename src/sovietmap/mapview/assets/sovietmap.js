/* sovietmap page API: the page is built once; a date change only toggles and restyles.
 *
 * window.sovietmap: init(map, data), setDate(iso), setLayers({...}),
 * setPinMode('date'|'year'|'upto'), setEvents([...]), focusEvent(id), setReserved([...]),
 * getView(), setView(bbox | {center, zoom}), state(), paintToken(), reportPainted(),
 * stretchNear(lat, lon), colourOf(props); exports add exportMode and setProbe (capture.js).
 * Python builds every call in sovietmap/mapview/pagecalls.py; the types are in types.js.
 * All text from data goes in with textContent.
 *
 * Each change reports "painted" two animation frames later, with the number of the last
 * change: to the desktop over QWebChannel (bridge.reportPainted) and to the page as a
 * "sovietmap-painted" DOM event (detail: {token}).
 */
(function () {
  'use strict';
  const S = (window.sovietmap = window.sovietmap || {});
  const st = {
    ready: false, painted: false, date: null, pinMode: 'date', focused: null,
    layers: {}, error: null, reserved: [],
  };
  let map = null;
  /** @type {PageData} */
  let data = null;
  let paintToken = 0;
  const groups = {};
  const labelGroups = {};  // layer -> the names of its polities (see labelGroupFor)
  const borders = [];   // {props, layer (null for outline-drawn kinds), label, span, shown}
  let lines = null;     // the border lines by stretch (lines.js), toggled and restyled by date
  const cities = [];    // {place, marker, span, name}
  const labelItems = [];  // every name that can be shown: {marker, span, dot, priority, autonomy}
  let namePlacer = null;  // labels.js's placer for labelItems (see declutter)
  let pins = null;      // the event pins (pins.js)
  let view = null;      // the map's view (view.js)
  const dom = window.sovietmapDom;
  const el = dom.el;
  const setText = dom.setText;
  const labelIcon = dom.labelIcon;

  function holds(from, to, iso) {
    return (from === null || from <= iso) && (to === null || iso < to);
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
    namePlacer.run(force, st.reserved, pins ? pins.shown() : []);
  }

  function style(props) {
    const s = data.style;
    const kind = s.kinds[props.kind] || s.kinds.context;
    // A republic keeps its country's colour through its renamings (style.polity_colour).
    const colour = (s.countryKinds.indexOf(props.kind) >= 0 && s.countryColours[props.country])
      || kind.colour;
    // Its line: the same hue, darkened to stand out 3:1 from any fill (style.polity_line_colour).
    const lineColour = (s.countryKinds.indexOf(props.kind) >= 0
      && s.countryLineColours[props.country])
      || s.kindLineColours[props.kind] || s.kindLineColours.context;
    const line = s.precision[String(props.precision)] || s.precision['1'];
    return {
      color: lineColour, weight: kind.weight * line.weightScale, dashArray: line.dash,
      fill: kind.fillOpacity > 0, fillColor: colour, fillOpacity: kind.fillOpacity,
      opacity: kind.opacity, lineCap: line.cap, pane: 'k-' + props.kind,
      // Kinds whose lines are drawn by stretch (lines.js) keep only their fill here.
      stroke: s.lineKinds.indexOf(props.kind) < 0,
      className: kind.hatch ? 'sm-hatch' : undefined,  // CSS fills it with the page's hatch
    };
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

  /** A polity's name shows only while its layer is shown (hiding Republics hides "Azerbaijan
   * SSR"): each layer's names sit in a group of their own inside the labels group. */
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
      dom.flatMarkers();
      map = leafletMap;
      data = payload;
      map.attributionControl.setPrefix('Leaflet · Natural Earth');
      pane('k-land', 300);
      data.style.order.forEach(function (kind, i) { pane('k-' + kind, 410 + 10 * i); });
      pane('k-lines', 500);
      pane('k-labels', 560);
      pane('k-pins', 620);
      ['land'].concat(data.style.layerOrder).forEach(group);
      // Every layer's names sit in a group of their own: they go with their layer.
      Object.keys(data.style.kinds).forEach(function (kind) {
        const layer = data.style.kinds[kind].layer;
        if (data.style.kinds[kind].label && !labelGroups[layer]) labelGroups[layer] = L.layerGroup();
      });
      syncLabelGroups();
      L.geoJSON(data.base, {
        pane: 'k-land', interactive: false,
        style: function () { return data.style.land; },
      }).addTo(groups.land);
      // Each layer holds its own coordinates (Leaflet's LatLngs): the data's copies can go
      // (memory; nothing reads a geometry from the data after this).
      data.base.features.forEach(function (f) { f.geometry = null; });
      data.borders.features.forEach(function (f) {
        const p = f.properties;
        let layer = null;
        if (f.geometry) {  // unfilled kinds come without geometry: lines.js draws their lines
          layer = L.geoJSON(f, { style: function () { return style(p); } });
          layer.bindPopup(function () { return dom.sourcePopup(p, data.style); });
          f.geometry = null;  // the layer has its coordinates (see data.base above)
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
      view = window.sovietmapView.create(map);
      pins = window.sovietmapPins.create(map, data, {
        group: groups.events, el: el, clicked: function (id) { S.pinClicked(id); },
      });
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
          if (S.bridge && S.bridge.viewChanged) {
            view.onMove(function (b) { S.bridge.viewChanged(b[0], b[1], b[2], b[3]); });
          }
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

  /** Report "painted" two frames from now, unless another change comes first. */
  function markPainted() {
    st.painted = false;
    const token = ++paintToken;
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        if (token !== paintToken) return;
        st.painted = true;
        document.dispatchEvent(new CustomEvent('sovietmap-painted', { detail: { token: token } }));
        if (S.bridge && S.bridge.reportPainted) S.bridge.reportPainted(token);
      });
    });
  }

  function showPins() {
    if (pins && st.date) pins.show(st.date, st.pinMode, st.focused);
  }

  S.setDate = function (iso) {
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

  /** @param {EventData[]} list the events the page may pin; returns how many have a place */
  S.setEvents = function (list) {
    const placed = pins.set(list);
    showPins();
    declutter(false);
    markPainted();
    return placed;
  };

  /** What a click on a pin does: focus it and tell the desktop side. */
  S.pinClicked = function (id) {
    S.focusEvent(id, { pan: false });
    if (S.bridge && S.bridge.pinClicked) S.bridge.pinClicked(id);
    return id;
  };

  S.focusEvent = function (id, options) {
    st.focused = id || null;
    showPins();
    if (id) pins.focus(id, !options || options.pan !== false);
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

  /** @returns {PageState} */
  S.state = function () {
    const visible = borders.filter(function (b) { return b.shown; });
    return {
      ready: st.ready, painted: st.painted, paintToken: paintToken, error: st.error, date: st.date,
      pinMode: st.pinMode, focused: st.focused, layers: Object.assign({}, st.layers),
      polities: visible.map(function (b) { return b.props.id; }),
      labels: visible.filter(function (b) { return b.label && labelShown(b); })
        .map(function (b) { return b.props.name; }),
      // Features actually on the map (their layer shown), by id.
      drawn: visible.filter(function (b) { return b.layer && map.hasLayer(b.layer); })
        .map(function (b) { return b.props.id; }),
      cities: cities.filter(function (c) { return c.name; })
        .reduce(function (acc, c) { acc[c.place.id] = c.name; return acc; }, {}),
      pins: pins ? pins.visibleIds() : [],
      // Name placement (labels.js): passes run, cost of the last and the slowest (ms), and
      // how many names the last pass hid for want of room.
      labelPass: namePlacer ? Object.assign({}, namePlacer.stats) : null,
      events: pins ? pins.count() : 0,
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

  /** @returns {View|null} the view now: extent, centre and zoom */
  S.getView = function () {
    return view ? view.get() : null;
  };

  /** Show a bbox [west, south, east, north] or {center: [lat, lon], zoom} (view.js).
   * @param {BBox|CenterZoom} target @returns {View} the new view */
  S.setView = function (target) {
    const now = view.set(target);
    declutter(false);
    markPainted();
    return now;
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
})();

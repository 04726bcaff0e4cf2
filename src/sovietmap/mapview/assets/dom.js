/* Small DOM helpers of the sovietmap page: elements with text (never HTML), name labels and
 * a border feature's popup. All text from data goes in with textContent.
 *
 * sovietmapDom = {el(tag, cls, text), setText(node, text), labelIcon(cls, withDot),
 * sourcePopup(props, style), flatMarkers()}.
 */
(function () {
  'use strict';

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /** Write ``text`` only when it changes (no relayout otherwise). */
  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  /** A label whose text is set later with setText. A city's has a dot of its own, so that
   * its name can move around the dot (labels.js). */
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

  /** A border feature's popup: name, dates, precision and sources.
   * @param {BorderProps} props @param {PageStyle} style */
  function sourcePopup(props, style) {
    const box = el('div', 'sm-popup');
    box.appendChild(el('h3', null, props.name));
    const until = props.valid_to ? props.valid_to : 'still in force';
    box.appendChild(el('p', 'sm-when', props.valid_from + ' – ' + until));
    const label = style.precision[String(props.precision)];
    box.appendChild(el('p', 'sm-precision',
      'Border precision: ' + (label ? label.label : props.precision)));
    const list = el('ul', 'sm-sources');
    (props.sources || []).forEach(function (src) { list.appendChild(el('li', null, src)); });
    box.appendChild(list);
    return box;
  }

  /** Names are markers (divIcons), which Leaflet places with translate3d: each becomes a
   * compositing layer of its own, and Chromium left out some that came into view on a big
   * change of view (a PNG export missed a city). Placed with a 2D translation, they are drawn
   * with the map. Call once Leaflet is loaded, before the first marker is made. */
  function flatMarkers() {
    L.Marker.include({
      _setPos: function (pos) {
        [this._icon, this._shadow].forEach(function (node) {
          if (!node) return;
          node._leaflet_pos = pos;  // what L.DomUtil.getPosition reads
          node.style.transform = 'translate(' + pos.x + 'px,' + pos.y + 'px)';
        });
        this._zIndex = pos.y + this.options.zIndexOffset;
        this._resetZIndex();
      },
    });
  }

  window.sovietmapDom = {
    el: el, setText: setText, labelIcon: labelIcon, sourcePopup: sourcePopup,
    flatMarkers: flatMarkers,
  };
})();

/* Types of the sovietmap page's data and answers (JSDoc only: nothing runs here).
 *
 * The data comes from mapview/page.py (data.js, window.SOVIETMAP_DATA) and
 * mapview/style.py (page_style); the answers are read in Python by mapview/pagecalls.py
 * (PageState, PageView), which must agree with them.
 *
 * @typedef {number[]} BBox  [west, south, east, north], degrees
 * @typedef {{center: number[], zoom: number}} CenterZoom  center is [lat, lon]
 * @typedef {'date'|'year'|'upto'} PinMode
 *
 * @typedef {Object} View  what getView / setView answer
 * @property {BBox} bbox
 * @property {number[]} center  [lat, lon]
 * @property {number} zoom
 *
 * @typedef {Object} PageData  window.SOVIETMAP_DATA
 * @property {PageStyle} style  style.page_style()
 * @property {number[][]} view  the first view, [[south, west], [north, east]]
 * @property {string} date  the first date (ISO)
 * @property {Place[]} places  the gazetteer (Gazetteer.to_json)
 * @property {{type: string, features: BorderFeature[]}} borders
 * @property {Object} lines  the border lines by stretch (lines.geojson.gz; see lines.js)
 * @property {Object} base  the land (GeoJSON)
 *
 * @typedef {Object} PageStyle
 * @property {Object<string, KindStyle>} kinds
 * @property {string[]} order  kinds, bottom to top
 * @property {string[]} layerOrder  layer keys
 * @property {string[]} layersOff  layers hidden on a first run
 * @property {Object<string, string>} countryColours
 * @property {string[]} countryKinds
 * @property {{capital: number, cityBase: number, kinds: Object<string, number>, other: number}} labelPriority
 * @property {Object<string, {label: string, dash: ?string, weightScale: number, cap: string}>} precision
 * @property {Object} land  Leaflet path options of the land
 * @property {Object<string, string>} eventColours  by event kind, and 'default'
 * @property {string[]} lineKinds
 * @property {Object} coast
 *
 * @typedef {Object} KindStyle
 * @property {string} colour
 * @property {number} weight
 * @property {number} opacity
 * @property {number} fillOpacity
 * @property {string} layer
 * @property {boolean} [label]
 * @property {boolean} [hatch]
 *
 * @typedef {Object} BorderFeature
 * @property {?Object} geometry  null for the unfilled kinds (their lines come from lines)
 * @property {BorderProps} properties
 *
 * @typedef {Object} BorderProps
 * @property {string} id
 * @property {string} name
 * @property {string} kind
 * @property {?string} country
 * @property {?string} valid_from  ISO, inclusive
 * @property {?string} valid_to  ISO, exclusive
 * @property {number|string} precision
 * @property {string[]} [sources]
 * @property {?number} [label_lat]
 * @property {?number} [label_lon]
 *
 * @typedef {Object} Place
 * @property {string} id
 * @property {number} lat
 * @property {number} lon
 * @property {number} rank  1 for capitals
 * @property {{name: string, from: ?string, to: ?string}[]} names
 *
 * @typedef {Object} EventData  mapview/page.py event_payload
 * @property {string} id
 * @property {string} title
 * @property {string} kind
 * @property {string} start  ISO
 * @property {?string} end  ISO
 * @property {?string} precision
 * @property {?number} lat
 * @property {?number} lon
 * @property {?string} place
 * @property {?string} description
 * @property {?string} quote
 * @property {?string} source_file
 * @property {?string} note
 * @property {?string} when  the dates as precise as known ("Aug 1991"), from the desktop
 * @property {?string} kindLabel  the kind as a word ("Renaming"), from the desktop
 *
 * @typedef {Object} PageState  sovietmap.state()
 * @property {boolean} ready
 * @property {boolean} painted  two frames have passed since the last change
 * @property {number} paintToken  the number of the last change
 * @property {?string} error  what broke init, if anything
 * @property {?string} date
 * @property {PinMode} pinMode
 * @property {?string} focused  the focused event's id
 * @property {Object<string, boolean>} layers
 * @property {string[]} polities  ids of the polities of the date
 * @property {string[]} labels  names shown
 * @property {string[]} drawn  ids of the features on the map
 * @property {Object<string, string>} cities  place id -> its name on the date
 * @property {string[]} pins  ids of the events pinned
 * @property {?Object} labelPass  name placement stats (labels.js)
 * @property {number} events  how many events the page was given
 * @property {number} stretches  border and coast lines drawn
 */

// Reusable facility map (apps/places/templates/places/_map.html). Reads data-* attributes only:
// no inline script (CSP script-src 'self'). Without this file the list on the page is the map's
// text alternative. Points are WGS-84; data-crs converts them for GCJ-02/BD-09 tile providers.
(function () {
  "use strict";
  var PI = Math.PI, A = 6378245.0, EE = 0.00669342162296594323, XPI = PI * 3000.0 / 180.0;

  function outOfChina(lat, lon) { return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271; }
  function tLat(x, y) {
    var r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    r += (20.0 * Math.sin(6.0 * x * PI) + 20.0 * Math.sin(2.0 * x * PI)) * 2.0 / 3.0;
    r += (20.0 * Math.sin(y * PI) + 40.0 * Math.sin(y / 3.0 * PI)) * 2.0 / 3.0;
    r += (160.0 * Math.sin(y / 12.0 * PI) + 320 * Math.sin(y * PI / 30.0)) * 2.0 / 3.0;
    return r;
  }
  function tLon(x, y) {
    var r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    r += (20.0 * Math.sin(6.0 * x * PI) + 20.0 * Math.sin(2.0 * x * PI)) * 2.0 / 3.0;
    r += (20.0 * Math.sin(x * PI) + 40.0 * Math.sin(x / 3.0 * PI)) * 2.0 / 3.0;
    r += (150.0 * Math.sin(x / 12.0 * PI) + 300.0 * Math.sin(x / 30.0 * PI)) * 2.0 / 3.0;
    return r;
  }
  function wgsToGcj(lat, lon) {
    if (outOfChina(lat, lon)) { return [lat, lon]; }
    var dLat = tLat(lon - 105.0, lat - 35.0), dLon = tLon(lon - 105.0, lat - 35.0);
    var radLat = lat / 180.0 * PI, magic = Math.sin(radLat);
    magic = 1 - EE * magic * magic;
    var sqrtMagic = Math.sqrt(magic);
    dLat = (dLat * 180.0) / ((A * (1 - EE)) / (magic * sqrtMagic) * PI);
    dLon = (dLon * 180.0) / (A / sqrtMagic * Math.cos(radLat) * PI);
    return [lat + dLat, lon + dLon];
  }
  function gcjToBd(lat, lon) {
    var z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * XPI);
    var t = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * XPI);
    return [z * Math.sin(t) + 0.006, z * Math.cos(t) + 0.0065];
  }
  function bdToGcj(lat, lon) {
    var x = lon - 0.0065, y = lat - 0.006;
    var z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * XPI);
    var t = Math.atan2(y, x) - 0.000003 * Math.cos(x * XPI);
    return [z * Math.sin(t), z * Math.cos(t)];
  }
  function gcjToWgs(lat, lon) {
    // the forward shift varies slowly: a few steps of "subtract the shift" meet it within a centimetre
    var w = [lat, lon];
    for (var i = 0; i < 5; i += 1) {
      var g = wgsToGcj(w[0], w[1]);
      w = [w[0] - (g[0] - lat), w[1] - (g[1] - lon)];
    }
    return w;
  }
  // A point of the map (the tile provider's system) back to WGS-84, the portal's system.
  function toWgs84(crs, lat, lon) {
    if (crs === "gcj02") { return gcjToWgs(lat, lon); }
    if (crs === "bd09") { var g = bdToGcj(lat, lon); return gcjToWgs(g[0], g[1]); }
    return [lat, lon];
  }
  function toDisplay(crs, lat, lon) {
    if (crs === "gcj02") { return wgsToGcj(lat, lon); }
    if (crs === "bd09") { var g = wgsToGcj(lat, lon); return gcjToBd(g[0], g[1]); }
    return [lat, lon];
  }

  function popup(el, props) {
    var box = document.createElement("div");
    var title = document.createElement(props.url ? "a" : "strong");
    title.textContent = props.name || "";
    if (props.url) { title.href = props.url; }
    box.appendChild(title);
    var lines = [];
    if (props.kind_label) { lines.push(props.kind_label); }
    if (props.distance_m !== undefined && props.distance_m !== null) {
      lines.push(el.dataset.labelDistance + ": " + Math.round(props.distance_m) + " m");
    }
    if (props.open_now === true) { lines.push(el.dataset.labelOpen); }
    if (props.open_now === false) { lines.push(el.dataset.labelClosed); }
    lines.forEach(function (text) {
      var p = document.createElement("div");
      p.textContent = text;
      box.appendChild(p);
    });
    return box;
  }

  function draw(el, map, data) {
    var crs = el.dataset.crs || "wgs84";
    var bounds = [];
    var features = (data && data.features) || [];
    features.forEach(function (feature) {
      if (!feature.geometry || feature.geometry.type !== "Point") { return; }
      var c = feature.geometry.coordinates;
      var p = toDisplay(crs, c[1], c[0]);
      var props = feature.properties || {};
      // Not in the tab order: the list beside the map is its text alternative and has every
      // place as a link; focusable markers that overlap fail the target-size rule (WCAG 2.5.8).
      L.marker(p, { title: props.name || "", alt: props.name || "", keyboard: false })
        .bindPopup(popup(el, props)).addTo(map);
      bounds.push(p);
    });
    if (el.dataset.centerLat) {
      var center = toDisplay(crs, parseFloat(el.dataset.centerLat), parseFloat(el.dataset.centerLon));
      L.circleMarker(center, { radius: 8, color: "#b00020", weight: 3, fillOpacity: 0.6 })
        .bindTooltip(el.dataset.labelYou).addTo(map);
      bounds.push(center);
      if (el.dataset.radiusM) {
        var circle = L.circle(center, { radius: parseFloat(el.dataset.radiusM), color: "#b00020", weight: 1, fill: false });
        circle.addTo(map);
        if (!features.length) { map.fitBounds(circle.getBounds()); return; }
      }
    }
    if (bounds.length > 1) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 17 });
    } else if (bounds.length === 1) {
      map.setView(bounds[0], parseInt(el.dataset.zoom || "15", 10));
    }
  }

  // A tap (or click) on the map offers the page's links for that point, e.g. "report a problem
  // here" (data-taps-id: a JSON list of {key, label, url with {lat} and {lon}}). Markers keep
  // their own popups; the page's buttons are the keyboard's way to the same links.
  function offerTaps(el, map) {
    var source = el.dataset.tapsId && document.getElementById(el.dataset.tapsId);
    if (!source) { return; }
    var taps = JSON.parse(source.textContent) || [];
    if (!taps.length) { return; }
    var crs = el.dataset.crs || "wgs84";
    map.on("click", function (event) {
      var w = toWgs84(crs, event.latlng.lat, event.latlng.lng);
      var lat = w[0].toFixed(6), lon = w[1].toFixed(6);
      var box = document.createElement("div");
      box.className = "map-tap";
      var where = document.createElement("div");
      where.textContent = el.dataset.labelTapped + ": " + lat + ", " + lon;
      box.appendChild(where);
      taps.forEach(function (tap) {
        var link = document.createElement("a");
        link.href = tap.url.replace("{lat}", lat).replace("{lon}", lon);
        link.textContent = tap.label;
        link.setAttribute("data-tap", tap.key);
        var line = document.createElement("div");
        line.appendChild(link);
        box.appendChild(line);
      });
      L.popup().setLatLng(event.latlng).setContent(box).openOn(map);
    });
  }

  // Baidu draws its tiles in BD-09 on its own Mercator grid (origin at 0,0, zoom 18 = 1 m/px):
  // a Leaflet CRS for it, and a tile layer numbering rows northwards.
  function baiduCRS() {
    var projection = L.extend({}, L.Projection.Mercator, {
      R: 6378206, R_MINOR: 6356584.314245179,
      bounds: L.bounds([-20037725.11268234, -19994619.55417086], [20037725.11268234, 19994619.55417086])
    });
    return L.extend({}, L.CRS.Earth, {
      code: "baidu", projection: projection, transformation: new L.Transformation(1, 0, -1, 0),
      scale: function (zoom) { return Math.pow(2, zoom - 18); },
      zoom: function (scale) { return Math.log(scale) / Math.LN2 + 18; },
      infinite: true
    });
  }
  function baiduTiles(url, options) {
    var Layer = L.TileLayer.extend({
      getTileUrl: function (coords) {
        return L.Util.template(this._url, L.extend({ s: this._getSubdomain(coords), x: coords.x, y: -coords.y - 1, z: this._getZoomForUrl() }, this.options));
      }
    });
    return new Layer(url, options);
  }

  // A map in the element's coordinate system (data-crs), with the configured base map, if any.
  function createMap(el, center, zoom) {
    var crs = el.dataset.crs || "wgs84";
    var options = { scrollWheelZoom: false };
    if (crs === "bd09") { options.crs = baiduCRS(); }
    var map = L.map(el, options).setView(toDisplay(crs, center[0], center[1]), zoom);
    if (el.dataset.tileUrl) {
      var tileOptions = { maxZoom: crs === "bd09" ? 18 : 19, attribution: el.dataset.tileAttribution || "" };
      if (el.dataset.tileSubdomains) { tileOptions.subdomains = el.dataset.tileSubdomains; }
      (crs === "bd09" ? baiduTiles(el.dataset.tileUrl, tileOptions) : L.tileLayer(el.dataset.tileUrl, tileOptions)).addTo(map);
      if (el.dataset.tileOverlayUrl) { L.tileLayer(el.dataset.tileOverlayUrl, tileOptions).addTo(map); }
    }
    return map;
  }

  function init(el) {
    if (el.dataset.mapReady || typeof L === "undefined") { return; }
    el.dataset.mapReady = "1";
    if (el.dataset.icon) {
      // Hashed static names: give Leaflet the marker images by URL instead of its guess.
      L.Icon.Default.imagePath = "";
      // No shadow: it has no high-resolution version (Lighthouse: image-size-responsive).
      L.Icon.Default.mergeOptions({ iconUrl: el.dataset.icon, iconRetinaUrl: el.dataset.iconRetina, shadowUrl: "" });
    }
    var map = createMap(el, [30.58, 114.24], parseInt(el.dataset.zoom || "14", 10));
    offerTaps(el, map);
    if (el.dataset.pointsId) {
      var source = document.getElementById(el.dataset.pointsId);
      // the markers in a task of their own: no long task blocks the page
      setTimeout(function () { draw(el, map, source ? JSON.parse(source.textContent) : null); }, 0);
    } else if (el.dataset.geojsonUrl) {
      fetch(el.dataset.geojsonUrl, { headers: { Accept: "application/geo+json, application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { draw(el, map, data); })
        .catch(function () { draw(el, map, null); });
    } else {
      draw(el, map, null);
    }
  }

  // Leaflet (about 150 kB with its stylesheet) is loaded once, when the first map comes into
  // view; the map's box has its height from the start, so nothing moves.
  var leaflet = null;
  function loadLeaflet(el) {
    if (typeof L !== "undefined") { return Promise.resolve(); }
    if (leaflet) { return leaflet; }
    // the map is drawn once both the script and its stylesheet are in (drawn without the
    // stylesheet, Leaflet's panes stick out of the box and widen a phone's page)
    function load(element) {
      return new Promise(function (resolve, reject) {
        element.onload = function () { resolve(); };
        element.onerror = reject;
        document.head.appendChild(element);
      });
    }
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = el.dataset.leafletCss;
    var script = document.createElement("script");
    script.src = el.dataset.leafletJs;
    leaflet = Promise.all([load(css), load(script)]);
    return leaflet;
  }

  // Calls ready(el) once a fifth of the element is on the screen and Leaflet is loaded: after
  // the page has loaded and the browser is idle, each step in a task of its own, so the map
  // never delays the page or blocks it with a long task.
  function idle(fn) {
    if ("requestIdleCallback" in window) { window.requestIdleCallback(fn, { timeout: 1500 }); } else { setTimeout(fn, 100); }
  }
  function whenSeen(elements, ready) {
    function go(el) {
      loadLeaflet(el).then(function () { setTimeout(function () { ready(el); }, 0); }, function () { el.hidden = true; });
    }
    function observe() {
      if (!("IntersectionObserver" in window)) { elements.forEach(go); return; }
      var observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) { observer.unobserve(entry.target); go(entry.target); }
        });
      }, { threshold: 0.2 });
      elements.forEach(function (el) { observer.observe(el); });
    }
    if (document.readyState === "complete") { idle(observe); } else { window.addEventListener("load", function () { idle(observe); }); }
  }
  // For other maps of the portal (coverage): the same base map, conversions and lazy loading.
  window.PortalMap = { toDisplay: toDisplay, toWgs84: toWgs84, createMap: createMap, whenSeen: whenSeen };

  function start() { whenSeen(document.querySelectorAll("[data-map]"), init); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();

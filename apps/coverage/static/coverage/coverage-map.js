// Coverage map on /coverage/: communities (boundary polygons, or points) shaded by whether
// they are served. Same vendored Leaflet, base map and lazy loading as the places map component
// (window.PortalMap from places/map.js);
// data from the GeoJSON endpoint named in data-geojson-url. No inline script (CSP).
// Colour is not the only signal: unserved areas have a dashed outline, and every shape
// has a tooltip with the community, "served"/"not served" and the distance as text.
(function () {
  "use strict";

  function styleFor(props) {
    return props.served
      ? { color: "#1b5e20", weight: 2, fillColor: "#2e7d32", fillOpacity: 0.45 }
      : { color: "#b00020", weight: 2, dashArray: "6 4", fillColor: "#f4b6bb", fillOpacity: 0.45 };
  }

  function label(el, props) {
    var text = (props.name || "") + " · " + (props.label || "");
    if (props.distance_m !== null && props.distance_m !== undefined) {
      text += " · " + el.dataset.labelDistance + ": " + (props.nearest_name || "") + ", " + Math.round(props.distance_m) + " m";
    } else {
      text += " · " + el.dataset.labelNone;
    }
    return text;
  }

  function draw(el, map, data) {
    if (!data || !data.features || !data.features.length) { return; }
    var crs = el.dataset.crs || "wgs84";
    var layer = L.geoJSON(data, {
      // stored WGS-84, drawn in the base map's system
      coordsToLatLng: function (c) { var p = window.PortalMap.toDisplay(crs, c[1], c[0]); return L.latLng(p[0], p[1]); },
      style: function (feature) { return styleFor(feature.properties || {}); },
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, Object.assign({ radius: 9 }, styleFor(feature.properties || {})));
      },
      onEachFeature: function (feature, shape) {
        var text = label(el, feature.properties || {});
        shape.bindTooltip(text);
        shape.bindPopup(text);
      }
    }).addTo(map);
    var bounds = layer.getBounds();
    if (bounds.isValid()) { map.fitBounds(bounds, { padding: [16, 16], maxZoom: 16 }); }
  }

  function init(el) {
    if (el.dataset.mapReady || typeof L === "undefined") { return; }
    el.dataset.mapReady = "1";
    var map = window.PortalMap.createMap(el, [30.59, 114.24], 13);
    fetch(el.dataset.geojsonUrl, { headers: { Accept: "application/geo+json, application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { draw(el, map, data); })
      .catch(function () { /* the table below stays the text alternative */ });
  }

  function start() {
    if (!window.PortalMap) { return; }
    window.PortalMap.whenSeen(document.querySelectorAll("[data-coverage-map]"), init);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();

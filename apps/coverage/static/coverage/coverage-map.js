// Coverage map on /coverage/: communities (boundary polygons, or points) shaded by whether
// they are served. Same vendored Leaflet and tile settings as the places map component;
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
    var layer = L.geoJSON(data, {
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
    el.hidden = false;
    var map = L.map(el, { scrollWheelZoom: false }).setView([30.59, 114.24], 13);
    if (el.dataset.tileUrl) {
      L.tileLayer(el.dataset.tileUrl, { maxZoom: 19, attribution: el.dataset.tileAttribution || "" }).addTo(map);
    }
    fetch(el.dataset.geojsonUrl, { headers: { Accept: "application/geo+json, application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { draw(el, map, data); })
      .catch(function () { /* the table below stays the text alternative */ });
  }

  function start() { document.querySelectorAll("[data-coverage-map]").forEach(init); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();

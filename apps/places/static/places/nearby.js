// "Use my location" for the /nearby/ GET form: fills lat/lon (WGS-84, as browsers report) and
// submits. Without JavaScript (a <noscript> style) or without geolocation the button is hidden
// and the form works with a community or typed coordinates. It is in the layout from the start,
// so showing it moves nothing.
(function () {
  "use strict";
  var form = document.getElementById("nearby-form");
  var box = form && form.querySelector("[data-geolocate]");
  if (!box) { return; }
  if (!("geolocation" in navigator)) { box.hidden = true; return; }
  var button = box.querySelector("[data-geolocate-button]");
  var status = box.querySelector("[data-geolocate-status]");
  button.addEventListener("click", function () {
    status.textContent = button.dataset.msgLocating;
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(function (position) {
      form.elements.lat.value = position.coords.latitude.toFixed(6);
      form.elements.lon.value = position.coords.longitude.toFixed(6);
      if (form.elements.crs) { form.elements.crs.value = "wgs84"; }
      if (form.elements.community) { form.elements.community.value = ""; }
      if (form.elements.place) { form.elements.place.value = ""; }
      form.submit();
    }, function () {
      status.textContent = button.dataset.msgDenied;
      button.disabled = false;
    }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 60000 });
  });
})();

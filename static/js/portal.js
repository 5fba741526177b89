// Small progressive conveniences. Every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // Submit the language form as soon as a language is picked (the button stays for no-JS).
  document.querySelectorAll("select.auto-submit").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // A table wider than a phone scrolls sideways inside its .table-wrap: make that box a named,
  // focusable region so keyboard users can scroll it too (WCAG 2.1.1; axe
  // scrollable-region-focusable). Boxes that fit are left out of the tab order.
  function markScrollableTables() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        var caption = wrap.querySelector("caption");
        var heading = wrap.previousElementSibling;
        var name = caption ? caption.textContent : (heading && /^H[1-6]$/.test(heading.tagName) ? heading.textContent : "");
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        if (name.trim()) { wrap.setAttribute("aria-label", name.trim()); }
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }
  markScrollableTables();
  window.addEventListener("resize", markScrollableTables);
  // "Print this page" (facility, project, application status): without JavaScript it stays
  // hidden (the browser's own Print menu remains); print.css leaves it out of the printout.
  document.querySelectorAll("[data-print-action]").forEach(function (action) {
    var button = action.querySelector("button");
    if (!button || typeof window.print !== "function") { return; }
    button.addEventListener("click", function () { window.print(); });
    action.hidden = false;
  });
})();

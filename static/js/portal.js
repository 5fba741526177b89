// Small progressive conveniences. Every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // Submit the language form as soon as a language is picked (the button stays for no-JS).
  document.querySelectorAll("select.auto-submit").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();

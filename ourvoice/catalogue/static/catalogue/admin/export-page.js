/* The export page's "Select all" box: the library's inline onchange="" bound here instead (CSP). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector("input.select-toggle");
    if (!toggle || typeof window.onSelectToggleChange !== "function") return;
    toggle.addEventListener("change", window.onSelectToggleChange);
  });
})();

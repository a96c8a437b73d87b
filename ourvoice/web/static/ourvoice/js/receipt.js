/* Our Voice: the receipt page's Print button (hidden without JavaScript; the browser's own print
 * menu works too, and the print styles show only the receipt card). */
(function () {
  "use strict";
  function init() {
    var button = document.querySelector("[data-print]");
    if (!button || !window.print) return;
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  }
  document.addEventListener("DOMContentLoaded", init);
  if (document.readyState !== "loading") init();
})();

/* Our Voice: keeps the preview of what would be published in step with the report form
 * (templates/ourvoice/web/includes/publication_preview.html). Progressive enhancement only:
 * without it the preview already says everything, less precisely. */
(function () {
  "use strict";

  function init() {
    var preview = document.querySelector("[data-preview]");
    var form = preview && preview.closest("form");
    if (!form || preview.dataset.ready) return;
    preview.dataset.ready = "1";
    var text = preview.querySelector("[data-preview-text]");
    var description = form.elements.namedItem("description");

    function update() {
      if (text && description) {
        text.textContent = description.value.trim() || text.getAttribute("data-empty");
      }
      var chosen = form.querySelector("input[name='about_office']:checked");
      var answer = chosen ? chosen.value : "unknown";
      Array.prototype.forEach.call(preview.querySelectorAll("[data-preview-if]"), function (el) {
        el.hidden = el.getAttribute("data-preview-if") !== answer;
      });
    }

    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("reset", function () { setTimeout(update, 0); });
    update();
  }

  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("ourvoice:page", init);
  if (document.readyState !== "loading") init();
})();

/* Our Voice: the file input in the page's language. The browser's own input says "Choose Files"
 * and "No file chosen" in the phone's language; here its label (a button in the page's language)
 * opens the same picker and the chosen files' names are listed under it. The input stays in the
 * page, focusable and announced; without this file the browser's input shows, and works. */
(function () {
  "use strict";

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-file-chooser]"), function (box) {
      var input = box.querySelector("input[type=file]");
      var names = box.querySelector("[data-file-names]");
      if (box.dataset.ready || !input || !names) return;
      box.dataset.ready = "1";

      function update() {
        names.textContent = "";
        var files = Array.prototype.slice.call(input.files || []);
        if (!files.length) {
          var none = document.createElement("li");
          none.className = "file-chooser__none";
          none.textContent = names.getAttribute("data-none");
          names.appendChild(none);
        }
        files.forEach(function (file) {
          var item = document.createElement("li");
          item.textContent = file.name; // text, never markup: a file name is the citizen's
          names.appendChild(item);
        });
      }

      input.addEventListener("change", update);
      input.addEventListener("ourvoice:files", update); // a voice note attached by voice.js
      update();
      box.classList.add("file-chooser--enhanced");
    });
  }

  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("ourvoice:page", init);
  if (document.readyState !== "loading") init();
})();

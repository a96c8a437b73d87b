/* Our Voice: the report form. Progressive enhancement only: the form works without this file.
 * - keeps a draft of what is typed in localStorage, puts it back after a reload;
 * - sends the form with fetch; when the device is offline it keeps the report, says so, and
 *   sends it when the connection returns, with the same idempotency token (one report);
 * - shows a character counter; registers the service worker of the submission pages.
 * Contact details and files are never written to the draft. */
(function () {
  "use strict";
  var PREFIX = "ourvoice:draft:";
  var KHMER = "០១២៣៤៥៦៧៨៩";

  function digits(text) {
    if (document.documentElement.lang !== "km") return String(text);
    return String(text).replace(/[0-9]/g, function (d) { return KHMER[+d]; });
  }

  function storage() {
    try {
      var probe = PREFIX + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }

  function draftable(el) {
    if (!el.name || el.disabled || el.hasAttribute("data-no-draft")) return false;
    if (/^contact_/.test(el.name) || el.name === "csrfmiddlewaretoken" || el.name === "token") return false;
    return ["file", "submit", "button", "hidden", "password"].indexOf(el.type) === -1;
  }

  function show(el, visible) { if (el) el.hidden = !visible; }

  function init() {
    var form = document.querySelector("form[data-draft]");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var store = storage();
    var key = PREFIX + form.dataset.draft;
    var token = form.querySelector("input[name=token]");
    var waiting = document.getElementById("offline-notice");
    var sending = document.getElementById("sending-notice");
    var restored = document.getElementById("draft-restored");
    var retryTimer = null;
    var busy = false;

    function read() {
      try { return JSON.parse(store.getItem(key) || "null"); } catch (e) { return null; }
    }

    function save(pending) {
      if (!store) return;
      var fields = {};
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!draftable(el)) return;
        if (el.type === "radio" || el.type === "checkbox") {
          if (el.checked) fields[el.name] = el.value;
        } else if (el.value) {
          fields[el.name] = el.value;
        }
      });
      var previous = read() || {};
      var draft = { fields: fields, pending: pending || previous.pending || false };
      if (draft.pending && token) draft.token = token.value;
      try { store.setItem(key, JSON.stringify(draft)); } catch (e) { /* storage full: no draft */ }
    }

    function clear() { if (store) store.removeItem(key); }

    function restore() {
      var draft = read();
      if (!draft || !draft.fields) return;
      var any = false;
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!draftable(el) || !(el.name in draft.fields)) return;
        var value = draft.fields[el.name];
        if (el.type === "radio" || el.type === "checkbox") {
          el.checked = el.value === value;
        } else {
          el.value = value;
        }
        any = true;
      });
      // A report that was waiting to be sent keeps its token: sending it now still makes one report.
      if (draft.pending && draft.token && token) token.value = draft.token;
      show(restored, any);
    }

    if (store) {
      show(form.querySelector("[data-draft-note]"), true);
      if (!form.dataset.bound) restore();
      var timer = null;
      var later = function () { clearTimeout(timer); timer = setTimeout(function () { save(false); }, 300); };
      form.addEventListener("input", later);
      form.addEventListener("change", later);
      var clearButton = document.querySelector("[data-draft-clear]");
      if (clearButton) {
        clearButton.addEventListener("click", function () {
          clear();
          form.reset();
          show(restored, false);
        });
      }
    }

    counter(form);

    function waitForNetwork() {
      busy = false;
      show(sending, false);
      show(waiting, true);
      clearTimeout(retryTimer);
      retryTimer = setTimeout(send, 30000);
    }

    function replacePage(html) {
      var page = new DOMParser().parseFromString(html, "text/html");
      document.title = page.title;
      document.body.replaceWith(page.body);
      window.scrollTo(0, 0);
      document.dispatchEvent(new CustomEvent("ourvoice:page"));
      var summary = document.getElementById("form-errors");
      if (summary) summary.focus();
    }

    function send() {
      if (busy) return;
      clearTimeout(retryTimer);
      save(true);
      if (navigator.onLine === false) { waitForNetwork(); return; }
      busy = true;
      show(sending, true);
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        redirect: "manual"
      }).then(function (response) {
        show(waiting, false);
        if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) {
          clear();
          window.location.assign(form.dataset.receipt);
          return null;
        }
        return response.text().then(replacePage);
      }).catch(waitForNetwork);
    }

    if (window.fetch && window.FormData && window.DOMParser) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        send();
      });
      window.addEventListener("online", function () {
        if (waiting && !waiting.hidden) send();
      });
    }

    if ("serviceWorker" in navigator && form.dataset.sw) {
      navigator.serviceWorker.register(form.dataset.sw, { scope: form.dataset.swScope }).catch(function () {});
    }
  }

  function counter(form) {
    Array.prototype.forEach.call(form.querySelectorAll("[data-counter-for]"), function (out) {
      var field = document.getElementById(out.getAttribute("data-counter-for"));
      if (!field || !field.maxLength || field.maxLength < 0) return;
      var update = function () {
        out.textContent = digits(field.value.length) + " / " + digits(field.maxLength);
        out.classList.toggle("field__counter--full", field.value.length >= field.maxLength);
      };
      field.addEventListener("input", update);
      out.hidden = false;
      update();
    });
  }

  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("ourvoice:page", init);
  if (document.readyState !== "loading") init();
})();

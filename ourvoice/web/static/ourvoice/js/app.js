/* Our Voice: the app on every citizen page (issue 17). Progressive enhancement only.
 * - registers the service worker (scope /<lang>/);
 * - after the page has loaded, fetches the offline data (places, offices, topics) into the cache,
 *   except on a first visit with data-saver on; a later visit refreshes it when it has changed;
 * - sends reports waiting on this phone when the app opens or the network returns (Background
 *   Sync does it too where the browser has it), shows each receipt once, lists what waits and
 *   lets the citizen delete it;
 * - "My cases on this phone": opt-in, receipts kept only if the citizen ticks the box; one tap
 *   forgets them all;
 * - the install invitation, shown once; the quick exit. */
(function () {
  "use strict";
  var KHMER = "០១២៣៤៥៦៧៨៩";
  var MINE = "ourvoice:mine";
  var INVITED = "ourvoice:install-invited";
  var DATA_VERSION = "ourvoice:data-etag";
  var body = document.body;
  var lang = document.documentElement.lang || "km";

  function digits(text) {
    return lang === "km" ? String(text).replace(/[0-9]/g, function (d) { return KHMER[+d]; }) : String(text);
  }

  function storage() {
    try { window.localStorage.setItem("ourvoice:probe", "1"); window.localStorage.removeItem("ourvoice:probe"); return window.localStorage; } catch (e) { return null; }
  }
  var store = storage();

  function clone(selector) {
    var template = document.querySelector(selector);
    return template ? template.content.firstElementChild.cloneNode(true) : null;
  }

  function when(date) {
    // Day/month/year and the time, in the page's digits (the phone's locale may not know Khmer).
    var d = new Date(date);
    if (isNaN(d.getTime())) return "";
    var two = function (n) { return ("0" + n).slice(-2); };
    return digits(two(d.getDate()) + "/" + two(d.getMonth() + 1) + "/" + d.getFullYear() + " " + two(d.getHours()) + ":" + two(d.getMinutes()));
  }

  /* --- The service worker and the offline data ------------------------------------------ */
  function register() {
    if (!("serviceWorker" in navigator) || !body.dataset.sw) return;
    navigator.serviceWorker.register(body.dataset.sw, { scope: body.dataset.swScope }).catch(function () {});
  }

  function fetchOfflineData() {
    var url = body.dataset.offlineData;
    if (!url || !window.caches || !window.fetch) return;
    var known = store && store.getItem(DATA_VERSION);
    var saving = navigator.connection && navigator.connection.saveData;
    if (saving && !known) return;  // a first visit with data-saver on: not now
    var headers = known ? { "If-None-Match": known } : {};
    fetch(url, { headers: headers, cache: "no-cache", credentials: "omit" }).then(function (response) {
      if (response.status === 304 || !response.ok) return null;
      var etag = response.headers.get("ETag");
      return caches.open("ourvoice-data").then(function (cache) { return cache.put(url, response); }).then(function () {
        if (store && etag) store.setItem(DATA_VERSION, etag);
      });
    }).catch(function () {});
  }

  /* --- Reports waiting on this phone ----------------------------------------------------- */
  var shownReceipts = {};

  function showReceipt(sent) {
    var area = document.querySelector("[data-sent-area]");
    var box = clone("[data-sent-template]");
    if (!area || !box || !sent.receipt || shownReceipts[sent.receipt]) return;
    shownReceipts[sent.receipt] = true;
    box.querySelector("[data-sent-receipt]").textContent = digits(sent.receipt);
    var keep = box.querySelector("[data-keep-receipt]");
    keep.id = "keep-receipt-" + Object.keys(shownReceipts).length;  // one per receipt shown
    keep.nextElementSibling.htmlFor = keep.id;
    if (!store) box.querySelector("[data-keep-box]").hidden = true;
    if (sent.sensitive) box.querySelector("[data-keep-warning]").hidden = false;
    keep.addEventListener("change", function () { keepReceipt(sent.receipt, keep.checked); });
    area.appendChild(box);
    box.focus();
  }

  var renders = 0;

  function renderWaiting() {
    var area = document.querySelector("[data-waiting-area]");
    if (!area || !window.OurVoiceQueue) return Promise.resolve();
    var generation = ++renders;  // two renders at once: only the last one draws
    return OurVoiceQueue.list().then(function (reports) {
      if (generation !== renders) return;
      area.textContent = "";
      if (!reports.length) return;
      var section = clone("[data-waiting-template]");
      var list = section.querySelector("[data-waiting-list]");
      reports.forEach(function (report) {
        var item = clone("[data-waiting-item]");
        item.querySelector("[data-waiting-title]").textContent = report.title || "";
        item.querySelector("[data-waiting-date]").textContent = when(report.created);
        var refused = report.state === "refused";
        item.querySelector('[data-waiting-state="waiting"]').hidden = refused;
        item.querySelector('[data-waiting-state="refused"]').hidden = !refused;
        if (refused && report.problem) {
          item.querySelector("[data-waiting-problem]").textContent = Object.keys(report.problem).map(function (k) {
            var v = report.problem[k]; return Array.isArray(v) ? v.join(" ") : String(v);
          }).join(" ");
        }
        item.querySelector("[data-waiting-delete]").addEventListener("click", function () {
          OurVoiceQueue.remove(report.id).then(renderWaiting);
        });
        list.appendChild(item);
      });
      area.appendChild(section);
    }).catch(function () {});
  }

  var retry = null;
  var retryDelay = 2000;

  function sendWaiting() {
    if (!window.OurVoiceQueue || navigator.onLine === false) return Promise.resolve();
    clearTimeout(retry);
    // A page without the receipt's template (the form, say) leaves receipts on the device for
    // the next page that can show them (the home, tracking and offline pages).
    var canShow = !!document.querySelector("[data-sent-template]");
    return OurVoiceQueue.flush({ shown: canShow }).then(function (receipts) {
      receipts.forEach(showReceipt);
      retryDelay = 2000;
    }).catch(function () {
      // The server is busy or the connection is not quite back: again soon, then less often.
      retry = setTimeout(sendWaiting, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 60000);
    }).then(renderWaiting);
  }

  function showSentInBackground() {
    if (!window.OurVoiceQueue || !document.querySelector("[data-sent-template]")) return Promise.resolve();
    return OurVoiceQueue.takeSent().then(function (sent) { (sent || []).forEach(showReceipt); }).catch(function () {});
  }

  /* --- My cases on this phone (opt-in) ---------------------------------------------------- */
  function mine() {
    try { return JSON.parse((store && store.getItem(MINE)) || "[]"); } catch (e) { return []; }
  }

  function keepReceipt(receipt, yes) {
    if (!store) return;
    var digitsOnly = String(receipt).replace(/\D/g, "");
    var kept = mine().filter(function (k) { return k.receipt !== digitsOnly; });
    if (yes) kept.push({ receipt: digitsOnly, at: new Date().toISOString() });
    if (kept.length) store.setItem(MINE, JSON.stringify(kept)); else store.removeItem(MINE);
  }

  function renderMine() {
    var form = document.querySelector("form.track-form");
    var kept = mine();
    if (!form || !kept.length) return;
    var section = clone("[data-mine-template]");
    var list = section.querySelector("[data-mine-list]");
    kept.forEach(function (k) {
      var item = clone("[data-mine-item]");
      item.querySelector("[data-mine-date]").textContent = when(k.at);
      item.querySelector("[data-mine-open]").addEventListener("click", function () {
        form.querySelector("input[name=receipt]").value = k.receipt;
        form.submit();
      });
      list.appendChild(item);
    });
    section.querySelector("[data-mine-forget]").addEventListener("click", function () {
      store.removeItem(MINE);
      section.remove();
    });
    form.parentNode.insertBefore(section, form);
    // Opened by tapping a notification (the service worker adds "#news"): one case kept opens at
    // once; with several, the list is there to choose from (the notification names no case).
    if (window.location.hash === "#news") {
      window.history.replaceState(null, "", window.location.pathname);
      if (kept.length === 1) list.querySelector("[data-mine-open]").click();
    }
  }

  function bindKeepOnReceiptPage() {
    var box = document.querySelector("[data-keep-page]");
    var input = document.querySelector("form input[name=receipt][type=hidden]");
    if (!box || !input || !store) return;
    box.hidden = false;
    box.querySelector("[data-keep-receipt]").addEventListener("change", function (event) {
      keepReceipt(input.value, event.target.checked);
    });
  }

  /* --- Install invitation (once) and quick exit ------------------------------------------ */
  function invite() {
    var box = document.querySelector("[data-install]");
    if (!box || !store) return;
    window.addEventListener("beforeinstallprompt", function (event) {
      if (store.getItem(INVITED)) return;
      event.preventDefault();
      store.setItem(INVITED, "1");
      box.hidden = false;
      box.querySelector("[data-install-accept]").addEventListener("click", function () {
        box.hidden = true;
        event.prompt();
      });
      box.querySelector("[data-install-dismiss]").addEventListener("click", function () { box.hidden = true; });
    });
  }

  function quickExit() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-quick-exit]"), function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        try { window.sessionStorage.clear(); } catch (e) { /* nothing kept */ }
        window.location.replace(link.href);  // Back does not return to this page
      });
    });
  }

  function init() {
    if (!body.hasAttribute("data-app")) return;
    register();
    invite();
    quickExit();
    renderMine();
    bindKeepOnReceiptPage();
    showSentInBackground().then(sendWaiting);
    window.addEventListener("online", sendWaiting);
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.addEventListener("message", function (event) {
        if (event.data && event.data.type === "ourvoice:send") sendWaiting();
      });
    }
    document.addEventListener("ourvoice:queued", function () { sendWaiting(); });
    var later = function () { (window.requestIdleCallback || setTimeout)(fetchOfflineData); };
    if (document.readyState === "complete") later(); else window.addEventListener("load", later);
  }

  window.OurVoiceApp = { renderWaiting: renderWaiting, sendWaiting: sendWaiting, keepReceipt: keepReceipt };
  init();
})();

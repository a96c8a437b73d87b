/* Our Voice: the whole submission flow with no connection (issue 17 point 2), on the offline app
 * page. Builds the place, office and topic lists and the topic's questions from the offline data
 * kept in the cache, and keeps the finished report on this phone (queue.js) until it can be sent
 * through the REST endpoint with its own Idempotency-Key. */
(function () {
  "use strict";
  var CITIZEN_ORDER = 5;

  function text(form, name) {
    var t = form.querySelector('template[data-text="' + name + '"]');
    return t ? t.content.textContent : "";
  }

  function option(value, label) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    return o;
  }

  function fill(select, rows, choose) {
    select.textContent = "";
    select.appendChild(option("", choose));
    rows.forEach(function (row) { select.appendChild(option(row[0], row[1])); });
    select.disabled = rows.length === 0;
  }

  function loadData(url) {
    var fromCache = window.caches ? caches.open("ourvoice-data").then(function (c) { return c.match(url); }) : Promise.resolve(null);
    return fromCache.then(function (kept) {
      if (kept) return kept.json();
      return fetch(url, { credentials: "omit" }).then(function (r) { if (!r.ok) throw new Error("no data"); return r.json(); });
    });
  }

  function questionField(q, form, index) {
    // q: [code, label, datatype, required, choices]
    var wrap = document.createElement("div");
    wrap.className = "field";
    var id = "offline-q-" + index;
    var label = document.createElement("label");
    label.htmlFor = id;
    label.className = "field__label";
    label.textContent = q[1];
    wrap.appendChild(label);
    var input;
    if (q[2] === "choice" || q[2] === "yesno") {
      input = document.createElement("select");
      var rows = q[2] === "yesno" ? [["yes", text(form, "yes")], ["no", text(form, "no")]] : q[4];
      fill(input, rows, text(form, "choose"));
    } else {
      input = document.createElement("input");
      input.type = q[2] === "date" ? "date" : "text";
      if (q[2] === "number") input.inputMode = "numeric";
    }
    input.id = id;
    input.dataset.question = q[0];
    input.dataset.datatype = q[2];
    if (q[3]) input.required = true;
    wrap.appendChild(input);
    return wrap;
  }

  function init() {
    var form = document.querySelector("[data-offline-app]");
    if (!form || form.dataset.ready || !window.OurVoiceQueue || !window.indexedDB) return;
    form.dataset.ready = "1";
    var lang = document.documentElement.lang || "km";
    var choose = text(form, "choose");
    var sel = {
      province: form.querySelector("#offline-province"),
      district: form.querySelector("#offline-district"),
      commune: form.querySelector("#offline-commune"),
      office: form.querySelector("#offline-office"),
      topic: form.querySelector("#offline-topic")
    };
    var status = form.querySelector("[data-offline-status]");
    var errors = form.querySelector("[data-offline-errors]");

    loadData(form.dataset.dataUrl).then(function (data) {
      var topics = data.topics;
      document.querySelector("[data-offline-nojs]").hidden = true;
      form.hidden = false;

      function kind() {
        var checked = form.querySelector("input[name=kind]:checked");
        return checked ? checked.value : "";
      }
      function topic() {
        return topics.filter(function (t) { return t[0] === sel.topic.value; })[0] || null;
      }

      fill(sel.province, data.provinces, choose);
      sel.province.addEventListener("change", function () {
        fill(sel.district, data.districts.filter(function (d) { return d[0].slice(0, 2) === sel.province.value; }), choose);
        fill(sel.commune, [], choose);
        fill(sel.office, [], choose);
      });
      sel.district.addEventListener("change", function () {
        fill(sel.commune, data.communes.filter(function (c) { return c[0].slice(0, 4) === sel.district.value; }), choose);
        fill(sel.office, [], choose);
      });
      sel.commune.addEventListener("change", function () {
        // As offices.selectors.offices_serving_commune: the commune's office, its district's, its province's.
        var code = sel.commune.value;
        var serving = data.offices.filter(function (o) {
          return o[1] < CITIZEN_ORDER && (o[3] === code || o[3] === code.slice(0, 4) || o[3] === code.slice(0, 2));
        }).sort(function (a, b) { return a[1] - b[1]; });
        fill(sel.office, serving.map(function (o) { return [o[0], o[2]]; }), choose);
      });

      function showTopics() {
        fill(sel.topic, topics.filter(function (t) { return t[1] === kind(); }).map(function (t) { return [t[0], t[2]]; }), choose);
        form.querySelector("[data-scores]").hidden = kind() !== "evaluation";
        showQuestions();
      }
      function showQuestions() {
        var t = topic();
        var box = form.querySelector("[data-questions]");
        box.textContent = "";
        form.querySelector("[data-topic-help]").textContent = t ? t[3] : "";
        var asks = t && kind() === "complaint" && !t[4].about_office;
        form.querySelector("[data-about-office]").hidden = !asks;
        if (t) t[5].forEach(function (q, i) { box.appendChild(questionField(q, form, i)); });
      }
      Array.prototype.forEach.call(form.querySelectorAll("input[name=kind]"), function (r) { r.addEventListener("change", showTopics); });
      sel.topic.addEventListener("change", showQuestions);

      var fromPath = window.location.pathname.match(/\/submit\/(complaint|support|information|evaluation)\//);
      if (fromPath) {
        var radio = form.querySelector('input[name=kind][value="' + fromPath[1] + '"]');
        if (radio) { radio.checked = true; showTopics(); }
      }

      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var missing = [];
        Array.prototype.forEach.call(form.querySelectorAll("[required]"), function (el) {
          if (el.closest("[hidden]")) return;
          var empty = el.type === "radio" ? !form.querySelector('input[name="' + el.name + '"]:checked') : !el.value.trim();
          el.setAttribute("aria-invalid", empty ? "true" : "false");
          if (empty) missing.push(el);
        });
        var aboutBox = form.querySelector("[data-about-office]");
        var about = form.querySelector("input[name=about_office]:checked");
        if (!aboutBox.hidden && !about) missing.push(aboutBox.querySelector("input"));
        if (missing.length) {
          errors.hidden = false;
          errors.focus();
          return;
        }
        errors.hidden = true;
        var answers = {};
        Array.prototype.forEach.call(form.querySelectorAll("[data-question]"), function (el) {
          if (el.value.trim()) answers[el.dataset.question] = el.dataset.datatype === "number" ? Number(el.value) : el.value.trim();
        });
        var overall = form.querySelector("[data-score]");
        var t = topic();
        var fields = {
          kind: kind(),
          category: sel.topic.value,
          commune: sel.commune.value,
          office: sel.office.value,
          description: form.querySelector("#offline-description").value.trim(),
          answers: Object.keys(answers).length ? answers : null,
          scores: kind() === "evaluation" && overall.value ? { overall: Number(overall.value) } : null,
          about_office: aboutBox.hidden ? null : about.value
        };
        var files = Array.prototype.map.call(form.querySelector("[data-offline-files]").files, function (file) {
          return { name: file.name, blob: file };
        });
        var title = sel.topic.options[sel.topic.selectedIndex].textContent;
        OurVoiceQueue.add({ lang: lang, title: title, fields: fields, files: files, sensitive: !!(t && t[4].sensitive) })
          .then(function () {
            form.reset();
            fill(sel.district, [], choose); fill(sel.commune, [], choose); fill(sel.office, [], choose); fill(sel.topic, [], choose);
            showTopics();
            status.textContent = text(form, "kept");
            document.dispatchEvent(new CustomEvent("ourvoice:queued"));
            if (window.OurVoiceApp) window.OurVoiceApp.renderWaiting();
          })
          .catch(function () { status.textContent = ""; });
      });
    }).catch(function () {
      document.querySelector("[data-offline-nodata]").hidden = false;
    });
  }

  document.addEventListener("DOMContentLoaded", init);
  if (document.readyState !== "loading") init();
})();

/* Our Voice: reports that wait on this device until the connection returns (issue 17 point 2).
 * Used by the pages and by the service worker (importScripts): one IndexedDB database, two stores.
 * - "queue": a report completed offline (its fields, its files as Blobs, a random Idempotency-Key);
 * - "sent": the receipt of a report sent in the background, kept only until a page shows it.
 * flush() sends each waiting report to the REST endpoint (POST /api/v1/feedback/, multipart) with
 * its own key, so a retry or a second sender (the page and Background Sync at once) makes one
 * report: the server answers a repeated key with the same receipt. A sent report leaves the queue
 * at once. Nothing here is sent anywhere but this site.
 * What the citizen wrote, their files and a receipt waiting to be shown are stored sealed
 * (AES-GCM) with a key the browser made for this site and will not export ("keys" store): only
 * the topic's name, the date and the state are readable, for the list of what waits. */
(function (scope) {
  "use strict";
  var DB = "ourvoice";
  var ENDPOINT = "/api/v1/feedback/";
  var SYNC_TAG = "ourvoice-send";
  var flushing = null;

  function open() {
    return new Promise(function (resolve, reject) {
      var request = scope.indexedDB.open(DB, 2);
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains("keys")) db.createObjectStore("keys");
        if (!db.objectStoreNames.contains("queue")) db.createObjectStore("queue", { keyPath: "id", autoIncrement: true });
        if (!db.objectStoreNames.contains("sent")) db.createObjectStore("sent", { keyPath: "id", autoIncrement: true });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(store, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(store, mode);
        var result = work(tx.objectStore(store));
        tx.oncomplete = function () { db.close(); resolve(result && "result" in result ? result.result : result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  /* --- Sealing: AES-GCM with a non-extractable key kept in IndexedDB ----------------------- */
  function sealKey() {
    return run("keys", "readonly", function (store) { return store.get("seal"); }).then(function (key) {
      if (key) return key;
      return scope.crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"])
        .then(function (made) {
          // Two contexts may make one at once: the first stored wins, and both use it.
          return run("keys", "readwrite", function (store) { store.add(made, "seal"); }).catch(function () {})
            .then(function () { return run("keys", "readonly", function (store) { return store.get("seal"); }); });
        });
    });
  }

  function seal(key, bytes) {
    var iv = scope.crypto.getRandomValues(new Uint8Array(12));
    return scope.crypto.subtle.encrypt({ name: "AES-GCM", iv: iv }, key, bytes).then(function (data) {
      return { iv: iv, data: data };
    });
  }

  function unseal(key, sealed) {
    return scope.crypto.subtle.decrypt({ name: "AES-GCM", iv: sealed.iv }, key, sealed.data);
  }

  function sealReport(report) {
    return sealKey().then(function (key) {
      var text = new TextEncoder().encode(JSON.stringify(report.fields));
      var files = (report.files || []).map(function (file) {
        return file.blob.arrayBuffer().then(function (bytes) { return seal(key, bytes); }).then(function (sealed) {
          return { name: file.name, type: file.blob.type, sealed: sealed };
        });
      });
      return Promise.all([seal(key, text), Promise.all(files)]).then(function (parts) {
        var kept = {};
        Object.keys(report).forEach(function (name) { if (name !== "fields" && name !== "files") kept[name] = report[name]; });
        kept.sealed = parts[0];
        kept.files = parts[1];
        return kept;
      });
    });
  }

  function openReport(report) {
    return sealKey().then(function (key) {
      var fields = unseal(key, report.sealed).then(function (bytes) { return JSON.parse(new TextDecoder().decode(bytes)); });
      var files = Promise.all((report.files || []).map(function (file) {
        return unseal(key, file.sealed).then(function (bytes) {
          return { name: file.name, blob: new Blob([bytes], { type: file.type }) };
        });
      }));
      return Promise.all([fields, files]).then(function (parts) {
        var opened = Object.assign({}, report);
        opened.fields = parts[0];
        opened.files = parts[1];
        return opened;
      });
    });
  }

  function newKey() {
    if (scope.crypto && scope.crypto.randomUUID) return scope.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    scope.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function add(report) {
    report.key = report.key || newKey();
    report.created = report.created || new Date().toISOString();
    report.state = "waiting";
    return sealReport(report).then(function (sealed) {
      return run("queue", "readwrite", function (store) { return store.add(sealed); });
    }).then(function (id) {
      return requestSync().then(function () { return id; });
    });
  }

  function list() { return run("queue", "readonly", function (store) { return store.getAll(); }); }
  function remove(id) { return run("queue", "readwrite", function (store) { store.delete(id); }); }
  function put(report) { return run("queue", "readwrite", function (store) { store.put(report); }); }

  function takeSent() {
    // Receipts sent in the background, shown once: read and deleted together, then opened.
    return run("sent", "readwrite", function (store) {
      var request = store.getAll();
      store.clear();
      return request;
    }).then(function (rows) {
      if (!rows || !rows.length) return [];
      return sealKey().then(function (key) {
        return Promise.all(rows.map(function (row) {
          return unseal(key, row.sealed).then(function (bytes) { return JSON.parse(new TextDecoder().decode(bytes)); });
        }));
      });
    });
  }

  function requestSync() {
    // Background Sync where the browser has it: the worker sends even if the page is closed.
    if (!scope.navigator || !("serviceWorker" in scope.navigator) || typeof scope.document === "undefined") {
      return Promise.resolve();
    }
    return scope.navigator.serviceWorker.getRegistration().then(function (reg) {
      if (reg && reg.sync) return reg.sync.register(SYNC_TAG).catch(function () {});
      return undefined;
    }).catch(function () {});
  }

  function body(report) {
    var form = new FormData();
    Object.keys(report.fields).forEach(function (name) {
      var value = report.fields[name];
      if (value === null || value === undefined || value === "") return;
      form.append(name, typeof value === "object" ? JSON.stringify(value) : String(value));
    });
    (report.files || []).forEach(function (file) { form.append("attachments", file.blob, file.name); });
    return form;
  }

  function keepSent(receipt) {
    return sealKey().then(function (key) {
      return seal(key, new TextEncoder().encode(JSON.stringify(receipt)));
    }).then(function (sealed) {
      return run("sent", "readwrite", function (store) { store.add({ sealed: sealed }); });
    });
  }

  function sendOne(report, shown) {
    return openReport(report).then(function (opened) {
      return fetch(ENDPOINT, {
        method: "POST",
        body: body(opened),
        credentials: "omit",
        headers: { "Idempotency-Key": report.key, "Accept-Language": report.lang || "km", "Accept": "application/json" }
      });
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (response.status === 200 || response.status === 201) {
          var receipt = { receipt: answer.receipt, lang: report.lang, sensitive: !!report.sensitive, at: new Date().toISOString() };
          var kept = shown ? Promise.resolve() : keepSent(receipt);
          return kept.then(function () { return remove(report.id); }).then(function () { return receipt; });
        }
        if (response.status >= 500 || response.status === 429) throw new Error("later");
        // Refused (400) or already sent long ago (409): it stays, with the reason, for the citizen to see.
        report.state = "refused";
        report.problem = answer;
        return put(report).then(function () { return null; });
      });
    });
  }

  function flush(options) {
    // One flush at a time in this context; the server's idempotency covers two contexts.
    if (flushing) return flushing.then(function () { return []; });  // the first caller shows them
    var shown = options && options.shown;
    flushing = list().then(function (reports) {
      var receipts = [];
      return reports.filter(function (r) { return r.state === "waiting"; }).reduce(function (chain, report) {
        return chain.then(function () {
          return sendOne(report, shown).then(function (receipt) { if (receipt) receipts.push(receipt); });
        });
      }, Promise.resolve()).then(function () { return receipts; });
    }).finally(function () { flushing = null; });
    return flushing;
  }

  scope.OurVoiceQueue = { SYNC_TAG: SYNC_TAG, add: add, list: list, remove: remove, flush: flush, takeSent: takeSent, requestSync: requestSync };
})(self);

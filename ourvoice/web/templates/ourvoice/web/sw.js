/* Our Voice service worker (scope: /<lang>/), issue 17.
 * - keeps the static files and the offline app page (no token, nobody's words), so that after one
 *   visit the whole submission flow opens with no connection;
 * - keeps the offline data (places, offices, topics) that the pages fetch after load, and asks the
 *   server for it again with its ETag, so a new version replaces it;
 * - never stores any other page: pages carry forms, tokens and people's words; a navigation that
 *   fails gets the offline app page;
 * - sends reports waiting on the device (IndexedDB, queue.js) on Background Sync;
 * - shows the content-free notification of a push, and opens the tracking page when it is tapped.
 * Nothing is sent anywhere but here. */
"use strict";
const VERSION = {{ version|safe }};
const CACHE = "ourvoice-static-" + VERSION;
const DATA_CACHE = "ourvoice-data";
const PRECACHE = {{ precache|safe }};
const OFFLINE = {{ offline|safe }};
const DATA = {{ data|safe }};
const ICON = {{ icon|safe }};
importScripts({{ queue_script|safe }});

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE.concat([OFFLINE]))).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith("ourvoice-static-") && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

function fromNetworkKeeping(cacheName, request) {
  // Network first (a conditional request: 304 when the kept copy is current), the kept copy offline.
  return caches.open(cacheName).then((cache) =>
    fetch(request).then((response) => {
      if (response.ok) cache.put(request, response.clone());
      return response;
    }).catch(() => cache.match(request).then((kept) => kept || Response.error()))
  );
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;  // form posts go straight to the server
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === DATA) {
    event.respondWith(fromNetworkKeeping(DATA_CACHE, request));
    return;
  }
  if (url.pathname.startsWith("/static/")) {
    // Stale while revalidate: answer from the cache, refresh it in the background.
    event.respondWith(
      caches.open(CACHE).then((cache) =>
        cache.match(request).then((cached) => {
          const fresh = fetch(request).then((response) => {
            if (response.ok) cache.put(request, response.clone());
            return response;
          });
          if (cached) {
            event.waitUntil(fresh.catch(() => undefined));
            return cached;
          }
          return fresh;
        })
      )
    );
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE).then((page) => page || Response.error())));
  }
});

self.addEventListener("sync", (event) => {
  if (event.tag !== OurVoiceQueue.SYNC_TAG) return;
  // An open page sends (and shows the receipt) itself; with none open, the worker sends, and the
  // receipt waits on the device until the app is next opened.
  event.waitUntil(self.clients.matchAll({ type: "window" }).then((windows) => {
    if (windows.length) {
      windows.forEach((client) => client.postMessage({ type: "ourvoice:send" }));
      return undefined;
    }
    return OurVoiceQueue.flush();
  }));
});

self.addEventListener("push", (event) => {
  // The payload is the same sentence for every case: it says there is news, nothing more.
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = {}; }
  const title = typeof data.title === "string" ? data.title : "Our Voice";
  const url = typeof data.url === "string" && data.url.startsWith("/") ? data.url : OFFLINE;
  event.waitUntil(self.registration.showNotification(title, { icon: ICON, badge: ICON, tag: "ourvoice-news", data: { url: url } }));
});

self.addEventListener("notificationclick", (event) => {
  // "#news" (never sent to the server) tells the tracking page it was opened from a notification:
  // with one case kept on this phone ("My cases on this phone"), it opens that case, nothing typed.
  event.notification.close();
  const url = (event.notification.data && event.notification.data.url) || "/";
  const target = new URL(url + "#news", self.location.origin).href;
  event.waitUntil(self.clients.matchAll({ type: "window" }).then((windows) => {
    // The app already open (in the background, say): that window goes to the case.
    const open = windows.find((client) => "navigate" in client);
    if (open) {
      return open.navigate(target).then((client) => (client || open).focus().catch(() => undefined))
        .catch(() => self.clients.openWindow(target));
    }
    return self.clients.openWindow(target);
  }));
});

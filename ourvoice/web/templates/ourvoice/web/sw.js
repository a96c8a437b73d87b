/* Our Voice service worker for the submission pages (scope: /<lang>/submit/).
 * Keeps the static files (styles, scripts, fonts, icons) so the form opens and works on a bad
 * or metered connection; never stores a page: pages carry forms, tokens and people's words.
 * A navigation that fails offline gets the offline page. Nothing is sent anywhere but here. */
"use strict";
const VERSION = {{ version|safe }};
const CACHE = "ourvoice-static-" + VERSION;
const PRECACHE = {{ precache|safe }};
const OFFLINE = {{ offline|safe }};

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE.concat([OFFLINE]))).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith("ourvoice-") && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;  // form posts go straight to the server
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
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

/* SPOT-Me service worker, served at /sw.js (scope "/") by tenant_apps/attendance/pwa.py, which
 * writes self.SPOTME_SW in front of this file: the asset URLs to keep for offline use (as the
 * pages name them) and a version made from their contents.
 *
 * - The assets the check-in page needs: cache first (the version changes with their contents,
 *   so a new worker brings new copies). Other static files: network first, the kept copy
 *   offline.
 * - Pages: network first. The officer's home page "/" (the check-in page) is kept after every
 *   good load, so an offline reload still shows the check-in buttons and the waiting punches.
 * - Never cached: the API, anything but GET, other origins.
 * - Web push: shows {title, body, url}; a click opens url.
 */
"use strict";

// Bump when this file changes in a way the computed version would not catch.
const SW_REVISION = 1;
const CONFIG = self.SPOTME_SW || {
  version: "dev", precache: [], static: "/static/", home: "/", logout: "/logout/", icon: "",
};
const PRECACHED = new Set(CONFIG.precache);
const STATIC_CACHE = `spotme-static-${SW_REVISION}-${CONFIG.version}`;
// The kept page holds the officer's name: it is dropped on logout (see the fetch handler).
const PAGE_CACHE = "spotme-pages-1";
const KEPT = new Set([STATIC_CACHE, PAGE_CACHE]);

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(STATIC_CACHE);
    // Each on its own: one missing file must not stop the worker from installing.
    await Promise.all(CONFIG.precache.map((url) =>
      cache.add(new Request(url, { cache: "reload" })).catch(() => undefined)));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names
      .filter((name) => name.startsWith("spotme-") && !KEPT.has(name))
      .map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && request.method === "POST" && url.pathname === CONFIG.logout) {
    // Signing out: forget the kept page, then let the request through.
    event.waitUntil(caches.delete(PAGE_CACHE));
    return;
  }
  if (request.method !== "GET" || url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request, url));
  } else if (PRECACHED.has(url.pathname)) {
    event.respondWith(precached(request));
  } else if (url.pathname.startsWith(CONFIG.static)) {
    event.respondWith(otherAsset(request));
  }
});

async function keep(cache, request, response) {
  if (response.ok && response.type === "basic") {
    await cache.put(request, response.clone()).catch(() => undefined);
  }
  return response;
}

async function precached(request) {
  const cache = await caches.open(STATIC_CACHE);
  const kept = await cache.match(request, { ignoreSearch: true });
  return kept || keep(cache, request, await fetch(request));
}

async function otherAsset(request) {
  const cache = await caches.open(STATIC_CACHE);
  try {
    return await keep(cache, request, await fetch(request));
  } catch (error) {
    const kept = await cache.match(request, { ignoreSearch: true });
    if (kept) return kept;
    throw error;
  }
}

/** Keep the home page after a good load; forget it when the session is over (the server sent
 *  the visitor to the login page instead). */
async function rememberHome(response) {
  const cache = await caches.open(PAGE_CACHE);
  if (response.status === 200 && !response.redirected && response.type === "basic") {
    await cache.put(CONFIG.home, response.clone());
  } else if (response.redirected || response.type === "opaqueredirect") {
    await cache.delete(CONFIG.home);
  }
}

async function page(request, url) {
  try {
    const response = await fetch(request);
    if (url.pathname === CONFIG.home) await rememberHome(response);
    return response;
  } catch (error) {
    // No connection: the kept home page, for any page (it is the one that works offline).
    const kept = await caches.match(CONFIG.home, { cacheName: PAGE_CACHE });
    if (kept) return kept;
    return offlinePage();
  }
}

// The home page that installed this worker loaded before the worker existed, so it was not
// kept: punch.js asks for it to be fetched and kept now, so it opens offline at once.
self.addEventListener("message", (event) => {
  if (!event.data || event.data.type !== "keep-home") return;
  event.waitUntil((async () => {
    try {
      await rememberHome(await fetch(CONFIG.home, { credentials: "same-origin", redirect: "manual" }));
    } catch (error) { /* offline: the next load keeps it */ }
  })());
});

function offlinePage() {
  // Both languages: the visitor's choice is in a cookie this worker does not read.
  const html = `<!doctype html><html lang="ms"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>SPOT-Me</title></head>
<body style="font-family:system-ui,sans-serif;padding:2rem;max-width:32rem;margin:auto">
<h1>SPOT-Me</h1><p>Tiada sambungan. Cuba lagi apabila sambungan pulih.</p>
<p lang="en">No connection. Try again when the connection is back.</p>
<p><a href="${CONFIG.home}">SPOT-Me</a></p></body></html>`;
  return new Response(html, {
    status: 503, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}

// Web push: the notifications service sends JSON {title, body, url}.
self.addEventListener("push", (event) => {
  let payload = {};
  try {
    payload = event.data ? event.data.json() : {};
  } catch (error) {
    payload = { body: event.data ? event.data.text() : "" };
  }
  const title = payload.title || "SPOT-Me";
  event.waitUntil(self.registration.showNotification(title, {
    body: payload.body || "",
    icon: CONFIG.icon || undefined,
    badge: CONFIG.icon || undefined,
    data: { url: payload.url || CONFIG.home },
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  // Only this app's own pages: a push payload must not open an arbitrary site.
  let target = new URL(CONFIG.home, self.location.origin);
  try {
    const wanted = new URL((event.notification.data || {}).url || CONFIG.home, self.location.origin);
    if (wanted.origin === self.location.origin) target = wanted;
  } catch (error) { /* a malformed URL opens the home page */ }
  event.waitUntil((async () => {
    const open = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    for (const client of open) {
      if (client.url === target.href && "focus" in client) return client.focus();
    }
    return self.clients.openWindow(target.href);
  })());
});

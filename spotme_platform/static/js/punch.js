/* SPOT-Me check-in and check-out (Daftar Masuk / Daftar Keluar) on the officer's home page.
 *
 * A press records the device time at once, asks for the position, then sends the punch to the
 * API with a client-made event id. With no connection (or a network error, or a server error)
 * the punch waits in IndexedDB, is listed as waiting, and is sent again, with its original
 * device time and event id, when the connection returns: the server keeps one punch per event
 * id, so sending twice is harmless and the punch is stored exactly once.
 *
 * Hooks in the page (tenant_apps/attendance/templates/attendance/dashboard.html):
 *   <section id="punch" data-api data-today-url data-user data-msg-*>  settings and messages
 *   [data-punch="in"|"out"] buttons, [data-testid=punch-status], [data-testid=punch-pending],
 *   #today (replaced by the today-url fragment after a punch is stored).
 * Plain ES2020, no build step; no inline script is needed (CSP).
 */
"use strict";

(() => {
  registerWorker();

  const root = document.getElementById("punch");
  if (!root) return;

  const DB_NAME = "spotme";
  const STORE = "punches";
  const FLUSH_EVERY_MS = 30_000;
  const REQUEST_TIMEOUT_MS = 20_000;
  const GEO_OPTIONS = { enableHighAccuracy: true, timeout: 15_000, maximumAge: 0 };

  const data = root.dataset;
  const msg = {
    locating: data.msgLocating || "",
    waiting: data.msgWaiting || "",
    sent: data.msgSent || "",
    denied: data.msgDenied || "",
    unavailable: data.msgUnavailable || "",
    savedOffline: data.msgSavedOffline || "",
    error: data.msgError || "",
  };
  // Whose page this is: a punch queued by one officer is never sent under another's session
  // on a shared phone. Empty when the page does not say (then every queued punch is ours).
  const currentUser = data.user || "";
  const buttons = Array.from(root.querySelectorAll("[data-punch]"));
  const statusLine = root.querySelector('[data-testid="punch-status"]');
  const pendingList = root.querySelector('[data-testid="punch-pending"]');

  // ---- small helpers -------------------------------------------------------------------

  function pad(number, width = 2) {
    return String(Math.trunc(Math.abs(number))).padStart(width, "0");
  }

  /** ISO 8601 in the device's own offset, e.g. 2026-03-02T08:01:05.123+08:00 (the offset is
   *  evidence too: it says which time zone the phone believed it was in). */
  function isoLocal(date) {
    const offset = -date.getTimezoneOffset();
    const sign = offset >= 0 ? "+" : "-";
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
      `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
      `.${pad(date.getMilliseconds(), 3)}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
  }

  function hhmm(iso) {
    const date = new Date(iso);
    return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  }

  function newEventId() {
    if (window.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  function csrfToken() {
    // base.html: <body hx-headers='{"X-CSRFToken": "..."}'>; the cookie as a fallback.
    try {
      const headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
      if (headers["X-CSRFToken"]) return headers["X-CSRFToken"];
    } catch (error) { /* fall through */ }
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function showStatus(text, state) {
    if (!statusLine) return;
    statusLine.textContent = text;
    statusLine.dataset.state = state || "";
  }

  function join(...parts) {
    return parts.filter(Boolean).join(" ");
  }

  function kindLabel(kind) {
    const button = root.querySelector(`[data-punch="${kind}"]`);
    return button ? button.textContent.trim() : kind;
  }

  // ---- the queue (IndexedDB; kept in memory if the browser refuses IndexedDB) ----------

  let dbPromise = null;
  const memoryQueue = new Map();

  function openDb() {
    if (!dbPromise) {
      dbPromise = new Promise((resolve) => {
        if (!window.indexedDB) return resolve(null);
        const request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = () => {
          if (!request.result.objectStoreNames.contains(STORE)) {
            request.result.createObjectStore(STORE, { keyPath: "event_id" });
          }
        };
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => resolve(null);
        request.onblocked = () => resolve(null);
      });
    }
    return dbPromise;
  }

  async function withStore(mode, action) {
    const db = await openDb();
    if (!db) return action(null);
    return new Promise((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = action(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request ? request.result : undefined);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  }

  async function queueAll() {
    const all = await withStore("readonly", (store) => (store ? store.getAll() : null));
    const items = all || Array.from(memoryQueue.values());
    return items
      .filter((item) => !currentUser || !item.user || item.user === currentUser)
      .sort((a, b) => (a.device_time < b.device_time ? -1 : 1));
  }

  async function queuePut(punch) {
    memoryQueue.set(punch.event_id, punch);
    await withStore("readwrite", (store) => (store ? store.put(punch) : null));
  }

  async function queueDelete(eventId) {
    memoryQueue.delete(eventId);
    await withStore("readwrite", (store) => (store ? store.delete(eventId) : null));
  }

  async function renderPending() {
    if (!pendingList) return;
    const items = await queueAll();
    pendingList.replaceChildren(...items.map((item) => {
      const li = document.createElement("li");
      li.dataset.eventId = item.event_id;
      li.dataset.kind = item.kind;
      li.textContent = `${kindLabel(item.kind)} ${hhmm(item.device_time)} · ${msg.waiting}`;
      return li;
    }));
    pendingList.hidden = items.length === 0;
  }

  // ---- position ------------------------------------------------------------------------

  /** The position, or nulls and the reason there is none. Never rejects. */
  function locate() {
    const none = (reason) => ({
      latitude: null, longitude: null, accuracy: null, position_error: reason,
    });
    if (!navigator.geolocation) return Promise.resolve(none("unavailable"));
    return new Promise((resolve) => {
      navigator.geolocation.getCurrentPosition(
        (position) => resolve({
          latitude: position.coords.latitude,
          longitude: position.coords.longitude,
          accuracy: position.coords.accuracy,
          position_error: null,
        }),
        (error) => resolve(none(
          error.code === error.PERMISSION_DENIED ? "denied"
            : error.code === error.TIMEOUT ? "timeout" : "unavailable")),
        GEO_OPTIONS,
      );
    });
  }

  // ---- sending -------------------------------------------------------------------------

  /** POST one punch. Outcomes: "ok" (stored now or before), "rejected" (a 4xx that can never
   *  succeed: drop it and say why), "auth" (signed out or a temporary password: keep it, it
   *  succeeds after signing in), "retry" (no connection, timeout, server error: keep it). */
  async function send(punch, offline) {
    const body = {
      event_id: punch.event_id,
      kind: punch.kind,
      latitude: punch.latitude,
      longitude: punch.longitude,
      accuracy: punch.accuracy,
      device_time: punch.device_time,
      offline,
      sent_at: isoLocal(new Date()),
      position_error: punch.position_error,
    };
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
    let response;
    try {
      response = await fetch(data.api, {
        method: "POST",
        credentials: "same-origin",
        cache: "no-store",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          // The API otherwise follows the browser's language; the message must match the page.
          "Accept-Language": document.documentElement.lang || "ms",
          "X-CSRFToken": csrfToken(),
        },
        body: JSON.stringify(body),
        signal: abort.signal,
      });
    } catch (error) {
      return { outcome: "retry" };
    } finally {
      clearTimeout(timer);
    }
    let answer = {};
    try {
      answer = await response.json();
    } catch (error) { /* not JSON: a proxy's error page */ }
    const status = response.status;
    if (status >= 200 && status < 300) return { outcome: "ok", answer };
    if (status === 401 || status === 403) return { outcome: "auth", answer };
    if (status === 408 || status === 425 || status === 429 || status >= 500) {
      return { outcome: "retry", answer };
    }
    return { outcome: "rejected", answer };
  }

  async function refreshToday() {
    const today = document.getElementById("today");
    if (!today || !data.todayUrl) return;
    try {
      const response = await fetch(data.todayUrl, {
        credentials: "same-origin",
        cache: "no-store",
        headers: { "HX-Request": "true" },
      });
      if (!response.ok) return;
      today.innerHTML = await response.text(); // the server's own fragment
      if (window.htmx) window.htmx.process(today);
    } catch (error) { /* offline again: the next punch or reload refreshes it */ }
  }

  // ---- a press -------------------------------------------------------------------------

  let pressing = false;

  async function press(kind) {
    if (pressing) return;
    pressing = true;
    buttons.forEach((button) => { button.disabled = true; });
    try {
      // The time of the press, before the (slow) position: it is the punch's claimed time
      // when it has to be sent later.
      const punch = {
        event_id: newEventId(),
        kind,
        device_time: isoLocal(new Date()),
        user: currentUser,
      };
      showStatus(msg.locating, "busy");
      Object.assign(punch, await locate());
      const note = punch.position_error === "denied" ? msg.denied
        : punch.position_error ? msg.unavailable : "";
      if (note) showStatus(note, "warning");

      const result = navigator.onLine ? await send(punch, false) : { outcome: "retry" };
      if (result.outcome === "ok") {
        showStatus(join(note, result.answer.message || msg.sent), "ok");
        await refreshToday();
      } else if (result.outcome === "retry") {
        await queuePut(punch);
        showStatus(join(note, msg.savedOffline), "waiting");
      } else {
        showStatus(join(note, result.answer.detail || msg.error), "error");
      }
    } catch (error) {
      showStatus(msg.error, "error");
    } finally {
      pressing = false;
      buttons.forEach((button) => { button.disabled = false; });
      await renderPending();
    }
  }

  // ---- sending the queue ---------------------------------------------------------------

  let flushing = false;

  async function flushQueue() {
    const items = await queueAll();
    let stored = 0;
    for (const punch of items) {
      const result = await send(punch, true);
      if (result.outcome === "ok") {
        await queueDelete(punch.event_id);
        stored += 1;
        showStatus(result.answer.message || msg.sent, "ok");
      } else if (result.outcome === "rejected") {
        await queueDelete(punch.event_id);
        showStatus(`${kindLabel(punch.kind)} ${hhmm(punch.device_time)}: ` +
          (result.answer.detail || msg.error), "error");
      } else {
        // No connection, server trouble or signed out: keep this one and the rest for later.
        if (result.outcome === "auth") showStatus(result.answer.detail || msg.error, "error");
        break;
      }
      await renderPending();
    }
    if (stored) await refreshToday();
  }

  /** Send what waits, once at a time: a flag in this page, a Web Lock across tabs. A second
   *  send of the same punch would still be stored once (the event id), but costs a request. */
  async function flush() {
    if (flushing || !navigator.onLine) return;
    flushing = true;
    try {
      if (navigator.locks && navigator.locks.request) {
        await navigator.locks.request("spotme-punch-flush", { ifAvailable: true }, (lock) =>
          (lock ? flushQueue() : undefined));
      } else {
        await flushQueue();
      }
    } catch (error) {
      /* the next attempt (online event, timer) tries again */
    } finally {
      flushing = false;
      await renderPending();
    }
  }

  buttons.forEach((button) => {
    button.addEventListener("click", () => press(button.dataset.punch));
  });
  window.addEventListener("online", flush);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") flush();
  });
  setInterval(flush, FLUSH_EVERY_MS);
  renderPending().then(flush);
  keepThisPageOffline();

  /** A page loaded before the service worker controlled it was not kept for offline use: ask
   *  the worker to fetch and keep it (once the worker is active). */
  function keepThisPageOffline() {
    if (!("serviceWorker" in navigator) || navigator.serviceWorker.controller) return;
    navigator.serviceWorker.ready.then((registration) => {
      if (registration.active) registration.active.postMessage({ type: "keep-home" });
    }).catch(() => undefined);
  }

  // ---- the service worker (also registered on every page by sw-register.js) ------------

  function registerWorker() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
      /* no worker (e.g. the platform host): the page still works online */
    });
  }
})();

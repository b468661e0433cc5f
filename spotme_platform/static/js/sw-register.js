/* Registers SPOT-Me's service worker (/sw.js, scope "/") from every page, so the app can be
 * installed and the check-in page opens with no connection. Loaded by base.html (defer). */
"use strict";

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
    /* no worker on this host (the platform's own pages): everything still works online */
  });
}

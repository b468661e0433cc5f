/* Web push on this device, for the notification settings page.
   Everything it needs comes from data-attributes on [data-push-panel] (no inline script):
   the agency's VAPID public key, the subscription API URL, the CSRF token, the service worker
   URL and the translated status messages. The service worker shows {title, body} and opens
   {url} on a click. */
(function () {
  "use strict";

  var panel = document.querySelector("[data-push-panel]");
  if (!panel) {
    return;
  }
  var status = panel.querySelector("[data-push-status]");
  var enableButton = panel.querySelector("[data-push-enable]");
  var disableButton = panel.querySelector("[data-push-disable]");

  function say(key, extra) {
    status.textContent = (panel.dataset[key] || "") + (extra ? " " + extra : "");
  }

  function showSubscribed(subscribed) {
    enableButton.hidden = subscribed;
    disableButton.hidden = !subscribed;
  }

  function keyBytes(base64url) {
    var padded = base64url + "=".repeat((4 - (base64url.length % 4)) % 4);
    var raw = atob(padded.replace(/-/g, "+").replace(/_/g, "/"));
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) {
      bytes[i] = raw.charCodeAt(i);
    }
    return bytes;
  }

  function registration() {
    return navigator.serviceWorker.getRegistration().then(function (found) {
      if (found) {
        return navigator.serviceWorker.ready;
      }
      return navigator.serviceWorker.register(panel.dataset.swUrl).then(function () {
        return navigator.serviceWorker.ready;
      });
    });
  }

  function send(method, body) {
    return fetch(panel.dataset.url, {
      method: method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": panel.dataset.csrf },
      body: JSON.stringify(body),
    }).then(function (response) {
      if (response.ok) {
        return response;
      }
      return response.json().then(
        function (problem) { throw new Error(problem.detail || String(response.status)); },
        function () { throw new Error(String(response.status)); }
      );
    });
  }

  function subscribe(reg) {
    var options = { userVisibleOnly: true, applicationServerKey: keyBytes(panel.dataset.vapidKey) };
    return reg.pushManager.subscribe(options).catch(function (error) {
      // A subscription made with another key must be dropped before subscribing again.
      return reg.pushManager.getSubscription().then(function (old) {
        if (!old) {
          throw error;
        }
        return old.unsubscribe().then(function () { return reg.pushManager.subscribe(options); });
      });
    });
  }

  function enable() {
    enableButton.disabled = true;
    Notification.requestPermission()
      .then(function (permission) {
        if (permission !== "granted") {
          say("msgDenied");
          return null;
        }
        return registration()
          .then(subscribe)
          .then(function (subscription) { return send("POST", subscription.toJSON()); })
          .then(function () {
            say("msgEnabled");
            showSubscribed(true);
          });
      })
      .catch(function (error) { say("msgError", error.message); })
      .then(function () { enableButton.disabled = false; });
  }

  function disable() {
    disableButton.disabled = true;
    registration()
      .then(function (reg) { return reg.pushManager.getSubscription(); })
      .then(function (subscription) {
        if (!subscription) {
          return null;
        }
        return send("DELETE", { endpoint: subscription.endpoint }).then(function () {
          return subscription.unsubscribe();
        });
      })
      .then(function () {
        say("msgDisabled");
        showSubscribed(false);
      })
      .catch(function (error) { say("msgError", error.message); })
      .then(function () { disableButton.disabled = false; });
  }

  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    say("msgUnsupported");
    enableButton.disabled = true;
    return;
  }
  if (Notification.permission === "denied") {
    say("msgDenied");
  }
  navigator.serviceWorker.getRegistration().then(function (reg) {
    return reg ? reg.pushManager.getSubscription() : null;
  }).then(function (subscription) {
    showSubscribed(Boolean(subscription) && Notification.permission === "granted");
  }).catch(function () { showSubscribed(false); });
  enableButton.addEventListener("click", enable);
  disableButton.addEventListener("click", disable);
})();

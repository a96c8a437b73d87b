/* Our Voice: "tell me when there is news" (Web Push), on the receipt and case pages.
 * Offered only where the browser has service workers, Push and notifications. The permission
 * prompt comes only after a tap; on a sensitive case, only after a second tap that follows a
 * warning about what a notification on a shared phone shows. The subscription goes to the server
 * for this session's case only; the notification it brings carries no content. */
(function () {
  "use strict";

  function keyBytes(base64url) {
    var text = atob(base64url.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((base64url.length + 3) % 4));
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
  }

  function csrf() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return input ? input.value : (match ? match[1] : "");
  }

  function init() {
    var box = document.querySelector("[data-news]");
    if (!box || box.dataset.ready) return;
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) return;
    box.dataset.ready = "1";
    var subscribe = box.querySelector("[data-news-subscribe]");
    var unsubscribe = box.querySelector("[data-news-unsubscribe]");
    var warning = box.querySelector("[data-news-warning]");
    var status = box.querySelector("[data-news-status]");

    function say(which) {
      var text = box.querySelector('template[data-news-text="' + which + '"]');
      status.textContent = text ? text.content.textContent : "";
    }

    function registration() {
      return navigator.serviceWorker.register(box.dataset.sw, { scope: box.dataset.swScope })
        .then(function () { return navigator.serviceWorker.ready; });
    }

    function post(url, subscription) {
      return fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
        body: JSON.stringify({ subscription: subscription.toJSON ? subscription.toJSON() : subscription })
      }).then(function (response) { if (!response.ok) throw new Error(String(response.status)); });
    }

    function turnOn() {
      Notification.requestPermission().then(function (permission) {
        if (permission !== "granted") { say("blocked"); return null; }
        return registration().then(function (reg) {
          return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(box.dataset.newsKey) });
        }).then(function (subscription) {
          return post(box.dataset.subscribe, subscription);
        }).then(function () {
          subscribe.hidden = true;
          if (warning) warning.hidden = true;
          unsubscribe.hidden = false;
          say("on");
        });
      }).catch(function () { say("failed"); });
    }

    subscribe.addEventListener("click", function () {
      if (warning && warning.hidden) {  // a sensitive case: the warning first, then a second tap
        warning.hidden = false;
        subscribe.hidden = true;
        warning.querySelector("[data-news-confirm]").focus();
        return;
      }
      turnOn();
    });
    if (warning) warning.querySelector("[data-news-confirm]").addEventListener("click", turnOn);

    unsubscribe.addEventListener("click", function () {
      navigator.serviceWorker.getRegistration(box.dataset.swScope).then(function (reg) {
        return reg ? reg.pushManager.getSubscription() : null;
      }).then(function (subscription) {
        if (!subscription) return null;
        return post(box.dataset.unsubscribe, subscription).then(function () { return subscription.unsubscribe(); });
      }).then(function () {
        unsubscribe.hidden = true;
        subscribe.hidden = false;
        say("off");
      }).catch(function () { say("failed"); });
    });

    box.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", init);
  if (document.readyState !== "loading") init();
})();

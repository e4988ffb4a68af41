// Sessions and fragments (docs/adr/0008-background-requests-and-idle-timeout.md).
//
// 1. Background refreshes: a request from an element marked `data-zsm-background` that no user
//    event started (an `hx-trigger="every 5s"` poll) carries `X-ZSM-Background: 1`, and the server
//    does not count it as activity for the idle time-out. The marker is read on the element itself,
//    never inherited, so a form or button inside a polling element still counts as activity.
// 2. An ended session: a fragment request that finds no session is answered 401 with
//    `X-ZSM-Session: ended` (never the login page). Here the page then hides its content, shows
//    the banner from base.html with a login link back to this page, and sends no more requests.
(function () {
  "use strict";

  var BACKGROUND_ATTRIBUTE = "data-zsm-background";
  var BACKGROUND_HEADER = "X-ZSM-Background";
  var SESSION_HEADER = "X-ZSM-Session";
  var ended = false;

  function loginLink() {
    return document.querySelector("#zsm-session-alert [data-zsm-login-link]");
  }

  function showSessionEnded() {
    if (ended) {
      return;
    }
    ended = true;
    var region = document.getElementById("zsm-session-alert");
    var template = document.getElementById("zsm-session-ended-template");
    if (!region || !template) {
      window.location.reload(); // no banner to show: the full page load reaches the login page
      return;
    }
    var banner = template.content.cloneNode(true);
    var link = banner.querySelector("[data-zsm-login-link]");
    if (link) {
      // Back to the page the person is on (not the fragment's address).
      var login = new URL(link.getAttribute("href"), window.location.href);
      login.searchParams.set("next", window.location.pathname + window.location.search);
      link.setAttribute("href", login.pathname + login.search);
    }
    // What the page showed stays off an unattended screen.
    var main = region.parentElement;
    Array.prototype.forEach.call(main.children, function (child) {
      if (child !== region) {
        child.hidden = true;
      }
    });
    region.appendChild(banner);
    var active = document.activeElement;
    if (!active || active === document.body || active.closest("[hidden]")) {
      var newLink = loginLink();
      if (newLink) {
        newLink.focus();
      }
    }
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var detail = event.detail;
    var trigger = detail.triggeringEvent;
    var byPerson = Boolean(trigger && trigger.isTrusted);
    if (detail.elt && detail.elt.hasAttribute(BACKGROUND_ATTRIBUTE) && !byPerson) {
      detail.headers[BACKGROUND_HEADER] = "1";
    }
  });

  // After the end, polls stop and a click leads to the login link instead.
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (!ended) {
      return;
    }
    event.preventDefault();
    var config = event.detail.requestConfig;
    var trigger = config && config.triggeringEvent;
    var link = loginLink();
    if (trigger && trigger.isTrusted && link) {
      link.focus();
    }
  });

  // htmx 2 does not swap a 4xx; stop it from reporting an error too, and show the banner.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.getResponseHeader(SESSION_HEADER) === "ended") {
      event.preventDefault();
      showSessionEnded();
    }
  });
})();

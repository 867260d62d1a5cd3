// leatadmin's few behaviours that need script. No inline script anywhere (CSP).
(function () {
  "use strict";

  // Texts in the page's language, from templates/core/script_texts.html.
  function text(name, fallback) {
    var box = document.getElementById("script-texts");
    return (box && box.dataset[name]) || fallback;
  }

  // Tell the server the staff member's time zone, so date-times are shown
  // and typed in it (read by StaffTimezoneMiddleware).
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf("tz=" + encodeURIComponent(zone)) === -1) {
      document.cookie = "tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; SameSite=Lax";
    }
  } catch (e) { /* old browser: the server's TIME_ZONE applies */ }

  // The contact page streams its panels after the head (contacts/page.py):
  // the tab takes the contact's name from the profile panel's <title>.
  // (Deferred, this runs once the whole page has arrived; htmx swaps do it themselves.)
  var panelTitle = document.querySelector("#profile title");
  if (panelTitle && panelTitle.textContent) document.title = panelTitle.textContent;

  // "/" focuses the email lookup, unless the user is typing somewhere.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var tag = (document.activeElement && document.activeElement.tagName) || "";
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(tag) || (document.activeElement && document.activeElement.isContentEditable)) return;
    var box = document.getElementById("lookup-email");
    if (box) { event.preventDefault(); box.focus(); box.select(); }
  });

  // Search results: arrow keys move through them (from the search box too), Enter opens one.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var results = Array.prototype.slice.call(document.querySelectorAll("#search-results a[data-result]"));
    if (!results.length) return;
    var at = results.indexOf(document.activeElement);
    var inBox = document.activeElement && (document.activeElement.id === "lookup-email" || document.activeElement.id === "id_q");
    if (at === -1 && !inBox) return;
    event.preventDefault();
    var next = at === -1 ? 0 : Math.min(Math.max(at + (event.key === "ArrowDown" ? 1 : -1), 0), results.length - 1);
    results[next].focus();
  });

  // When htmx cannot reach leatadmin at all (network down, timeout), say so
  // where the user is looking instead of leaving a spinner forever.
  function showFailure(event, message) {
    var target = event.detail && event.detail.target;
    var panel = target && target.closest && target.closest("[data-panel]");
    if (panel) {
      var url = panel.getAttribute("hx-get") || "";
      panel.innerHTML = "";
      var box = document.createElement("div");
      box.className = "panel-failure";
      box.setAttribute("role", "alert");
      var p = document.createElement("p");
      p.textContent = message;
      box.appendChild(p);
      if (url) {
        var retry = document.createElement("button");
        retry.type = "button";
        retry.className = "small";
        retry.textContent = text("retry", "Retry");
        retry.addEventListener("click", function () { htmx.ajax("GET", url, { target: panel }); });
        box.appendChild(retry);
      }
      panel.appendChild(box);
      return;
    }
    var toast = document.getElementById("connection-error");
    if (toast) {
      toast.textContent = message + " " + text("nothingLost", "Nothing you typed was lost.");
      toast.hidden = false;
      setTimeout(function () { toast.hidden = true; }, 8000);
    }
  }
  document.addEventListener("htmx:sendError", function (e) { showFailure(e, text("unreachable", "leatadmin could not be reached. Check your connection and try again.")); });
  document.addEventListener("htmx:timeout", function (e) { showFailure(e, text("timeout", "This took too long to load. Please retry.")); });

  // After a failed submit, show and focus the first error: the form's own
  // error box at the top, else the first invalid field. Without this the
  // error of a long form can sit above the visible screen while focus stays
  // on the body, and nothing seems to happen.
  function focusFirstError() {
    var first = document.querySelector("[data-error-focus], form.form [aria-invalid=true]");
    if (!first) return;
    if (first.scrollIntoView) first.scrollIntoView({ block: "center" });
    first.focus({ preventScroll: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusFirstError);
  } else {
    focusFirstError();
  }
  document.addEventListener("htmx:afterSettle", function (event) {
    var config = event.detail && event.detail.requestConfig;
    if (config && config.verb && config.verb.toLowerCase() === "post") focusFirstError();
  });

  // Confirmation dialogs without inline script: <button data-confirm="...">.
  document.addEventListener("click", function (event) {
    var el = event.target.closest && event.target.closest("[data-confirm]");
    if (el && !window.confirm(el.getAttribute("data-confirm"))) { event.preventDefault(); event.stopImmediatePropagation(); }
  }, true);

  // The contact page's action slot: a form opened in place, closed again.
  document.addEventListener("click", function (event) {
    var closer = event.target.closest && event.target.closest("[data-close-action]");
    var slot = closer && closer.closest("#contact-action");
    if (slot) { slot.innerHTML = ""; var opener = document.querySelector("[data-opened-action]"); if (opener) { opener.removeAttribute("data-opened-action"); opener.focus(); } }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var slot = event.detail && event.detail.target;
    if (!slot || slot.id !== "contact-action") return;
    var field = slot.querySelector("input:not([type=hidden]), select, textarea");
    if (field) field.focus();
    if (event.detail.requestConfig && event.detail.requestConfig.elt) event.detail.requestConfig.elt.setAttribute("data-opened-action", "");
  });
})();

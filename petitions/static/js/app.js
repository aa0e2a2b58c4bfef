// Petitions: behaviour wired by data attributes (the CSP forbids inline scripts and handlers).
(function () {
  "use strict";

  // Confirmation before destructive actions: <form data-confirm="...">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  // Several rows approved at once: <form data-confirm-count="… {n} …" data-confirm-none="…" data-count-field="name">
  // asks for a confirmation naming how many boxes of that name are ticked (none ticked: says so, no post).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm-count");
    if (!message) { return; }
    var name = form.getAttribute("data-count-field");
    var ticked = form.querySelectorAll('input[type="checkbox"][name="' + name + '"]:checked').length;
    if (ticked === 0) {
      window.alert(form.getAttribute("data-confirm-none") || message.replace("{n}", "0"));
      event.preventDefault();
    } else if (!window.confirm(message.replace("{n}", String(ticked)))) {
      event.preventDefault();
    }
  });

  // "Select all on this page": <input type="checkbox" data-select-all="name"> ticks or clears every box of that
  // name in its form (a real checkbox: reached with Tab, toggled with Space).
  document.addEventListener("change", function (event) {
    var box = event.target;
    var name = box.getAttribute && box.getAttribute("data-select-all");
    if (!name || !box.form) { return; }
    box.form.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (other) {
      other.checked = box.checked;
    });
  });

  // Progressive disclosure: <div data-show-for="field name" data-show-values="v1 v2"> shows only while that field
  // of its form has one of those values (the server renders it hidden or shown to match; the intake screen has its
  // own copy in reception.js).
  function applyShowFor(form) {
    form.querySelectorAll("[data-show-for]").forEach(function (block) {
      var source = form.querySelector("[name=" + block.getAttribute("data-show-for") + "]");
      var values = (block.getAttribute("data-show-values") || "").split(" ");
      block.classList.toggle("d-none", !source || values.indexOf(source.value) < 0);
    });
  }
  document.querySelectorAll("form:not([data-intake])").forEach(function (form) {
    if (!form.querySelector("[data-show-for]")) { return; }
    form.addEventListener("change", function () { applyShowFor(form); });
  });

  // Idle warning: the server ends a session after SESSION_IDLE_TIMEOUT without requests.
  var body = document.body;
  var idleSeconds = parseInt(body.getAttribute("data-idle-seconds") || "0", 10);
  var warnSeconds = parseInt(body.getAttribute("data-idle-warning-seconds") || "0", 10);
  var banner = document.getElementById("idle-warning");
  if (idleSeconds > 0 && banner) {
    var warnTimer = null;
    var expireTimer = null;
    var arm = function () {
      window.clearTimeout(warnTimer);
      window.clearTimeout(expireTimer);
      banner.classList.add("d-none");
      warnTimer = window.setTimeout(function () { banner.classList.remove("d-none"); },
        Math.max(idleSeconds - warnSeconds, 0) * 1000);
      expireTimer = window.setTimeout(function () {
        var loginUrl = body.getAttribute("data-login-url");
        if (loginUrl) { window.location.assign(loginUrl); }
      }, idleSeconds * 1000);
    };
    arm();
    var keep = document.getElementById("idle-keep");
    var keepUrl = body.getAttribute("data-keepalive-url");
    var tokenMeta = document.querySelector("meta[name=csrf-token]");
    if (keep && keepUrl) {
      // Renew the server-side session without reloading: unsaved input on the page survives.
      keep.addEventListener("click", function () {
        window.fetch(keepUrl, {
          method: "POST",
          credentials: "same-origin",
          headers: { "X-CSRFToken": tokenMeta ? tokenMeta.getAttribute("content") : "" }
        }).then(function (response) {
          if (response.ok) { arm(); }
        });
      });
    }
  }
})();

// Buttons marked data-print print the page (the CSP forbids inline handlers).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});

// Buttons marked data-copy="<field id>" copy that field's text (e.g. a notification for the office's
// mail); data-copied is the label shown once copied. The clipboard API needs a secure context: on a
// plain-http intranet the selected text is copied the older way.
document.querySelectorAll("[data-copy]").forEach((button) => {
  button.addEventListener("click", () => {
    const field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) { return; }
    field.select();
    const done = () => { button.textContent = button.getAttribute("data-copied") || button.textContent; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, () => { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  });
});

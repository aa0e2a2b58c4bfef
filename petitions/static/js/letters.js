// Letter registration form: show the forwarding slip fields only for forwarded letters, the
// complaint subtype only for complaints, and the writer only when the letter has one.
(function () {
  "use strict";
  var form = document.getElementById("letter-form");
  if (!form) { return; }
  var forwarding = ["deputy", "front", "press", "agency"];
  function toggle() {
    var channel = form.querySelector("[name=channel]").value;
    var kind = form.querySelector("[name=letter_type]").value;
    form.querySelectorAll("[data-letter-forwarding]").forEach(function (el) {
      el.hidden = forwarding.indexOf(channel) < 0;
    });
    form.querySelectorAll("[data-letter-subtype]").forEach(function (el) { el.hidden = kind !== "complaint"; });
    form.querySelectorAll("[data-letter-writer]").forEach(function (el) { el.hidden = kind === "anonymous"; });
    // A denouncer's identity goes to the vault, never to a citizen record: no lookup for them.
    form.querySelectorAll("[data-letter-citizen-lookup]").forEach(function (el) {
      el.hidden = kind === "denunciation" || kind === "anonymous";
    });
  }
  form.addEventListener("change", toggle);
  toggle();
})();

// Reception screens: keyboard-first intake (Enter moves on, Ctrl+S saves, Alt+L picks a match),
// matches while typing (POST, nothing personal in a URL), server-side draft autosave, and the
// fields that depend on the outcome and the headcount. Wired by data attributes (strict CSP).
(function () {
  "use strict";

  var form = document.querySelector("form[data-intake]");
  if (!form) { return; }

  function csrfToken() {
    var field = form.querySelector("input[name=csrf_token]");
    return field ? field.value : "";
  }

  function post(url, data) {
    return fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "fetch" }
    });
  }

  function focusable() {
    return Array.prototype.filter.call(
      form.querySelectorAll("input, select, textarea, button"),
      function (el) {
        return !el.disabled && el.type !== "hidden" && el.offsetParent !== null && !el.hasAttribute("data-enter-skip");
      }
    );
  }

  // Focus on the first error (or the error banner) after a refused save.
  var firstError = form.querySelector(".is-invalid") || document.getElementById("intake-error");
  if (firstError) { firstError.focus(); }

  // Enter never submits half a form: it moves to the next field (textareas keep their newlines).
  form.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && !event.ctrlKey && target.tagName !== "TEXTAREA" &&
        target.tagName !== "BUTTON" && target.type !== "submit") {
      event.preventDefault();
      var items = focusable();
      var next = items[items.indexOf(target) + 1];
      if (next) { next.focus(); }
    }
  });

  // Ctrl+S (or Cmd+S) saves; Alt+L jumps to the first offered match.
  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && (event.key === "s" || event.key === "S")) {
      event.preventDefault();
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    }
    if (event.altKey && (event.key === "l" || event.key === "L")) {
      var match = document.querySelector("[data-pick-citizen]");
      if (match) { event.preventDefault(); match.focus(); }
    }
  });

  // Fields shown only for some values of another field (outcome → where to, ground, …).
  function applyShowFor() {
    Array.prototype.forEach.call(form.querySelectorAll("[data-show-for]"), function (block) {
      var source = form.querySelector("[name=" + block.getAttribute("data-show-for") + "]");
      var values = (block.getAttribute("data-show-values") || "").split(" ");
      block.classList.toggle("d-none", !source || values.indexOf(source.value) < 0);
    });
  }
  form.addEventListener("change", applyShowFor);
  applyShowFor();

  // Representative rows: one for a proxy; a group may name as many as the law's table allows.
  // The threshold and the table come from Python (data-delegation-min, data-rep-limits).
  var headcount = form.querySelector("[name=headcount]");
  var delegationMin = parseInt(form.getAttribute("data-delegation-min"), 10);
  var repLimits = JSON.parse(form.getAttribute("data-rep-limits") || "[]");
  function representativeRows(n) {
    for (var i = 0; i < repLimits.length; i += 1) {
      if (n >= repLimits[i][0]) { return repLimits[i][1]; }
    }
    return 1;
  }
  function applyHeadcount() {
    if (!headcount) { return; }
    var n = parseInt(headcount.value || "1", 10) || 1;
    var rows = representativeRows(n);
    Array.prototype.forEach.call(form.querySelectorAll("[data-rep-row]"), function (row) {
      var index = parseInt(row.getAttribute("data-rep-row"), 10);
      var filled = Array.prototype.some.call(row.querySelectorAll("input[type=text], select"), function (el) { return el.value; });
      row.classList.toggle("d-none", index > rows && !filled);
    });
    var note = document.getElementById("delegation-note");
    if (note) { note.classList.toggle("fw-bold", n >= delegationMin); }
  }
  if (headcount) { headcount.addEventListener("input", applyHeadcount); applyHeadcount(); }

  // Matches while typing: the person's fields go in a POST body, the answer is a small fragment.
  var lookupUrl = form.getAttribute("data-lookup-url");
  var matchesBox = document.getElementById("citizen-matches");
  var chosen = document.getElementById("chosen-citizen");
  var citizenField = form.querySelector("[name=citizen_id]");
  var caseSelect = form.querySelector("[name=case_choice]");
  var lookupTimer = null;

  function lookup() {
    var data = new FormData();
    ["full_name", "id_type", "id_number", "id_paper_name", "birth_year", "address_unit_id"].forEach(function (name) {
      var el = form.querySelector("[name='person-" + name + "']");
      if (el) { data.append(name, el.value); }
    });
    if (!data.get("full_name") && !data.get("id_number")) { matchesBox.innerHTML = ""; return; }
    post(lookupUrl, data).then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) { matchesBox.innerHTML = html; });
  }

  function loadCases(citizenId) {
    if (!caseSelect) { return; }
    var data = new FormData();
    data.append("citizen_id", citizenId);
    post(form.getAttribute("data-cases-url"), data).then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) { if (html) { caseSelect.innerHTML = html; } });
  }

  if (lookupUrl && matchesBox) {
    form.addEventListener("input", function (event) {
      if (event.target.name && event.target.name.indexOf("person-") === 0) {
        if (citizenField && citizenField.value) {
          citizenField.value = "";
          chosen.classList.add("d-none");
        }
        window.clearTimeout(lookupTimer);
        lookupTimer = window.setTimeout(lookup, 350);
      }
    });
    matchesBox.addEventListener("click", function (event) {
      var button = event.target.closest("[data-pick-citizen]");
      if (!button) { return; }
      var id = button.getAttribute("data-pick-citizen");
      citizenField.value = id;
      chosen.textContent = button.textContent.replace(/\s+/g, " ").trim();
      chosen.classList.remove("d-none");
      matchesBox.innerHTML = "";
      loadCases(id);
      if (headcount) { headcount.focus(); }
      scheduleSave();
    });
  }

  // Server-side draft: saved a moment after typing stops, and before the page is left.
  var draftUrl = form.getAttribute("data-draft-url");
  var status = document.getElementById("draft-status");
  var saveTimer = null;
  // Reference-only mode: the person fields leave the browser only once a classification whose draft may
  // keep them is chosen (the server drops them anyway; the lists come from Python as data attributes).
  var identityClasses = form.getAttribute("data-draft-identity-classes");
  var personFields = (form.getAttribute("data-draft-person-fields") || "").split(" ").filter(Boolean);
  function draftData() {
    var data = new FormData(form);
    if (identityClasses === null) { return data; }
    var classification = form.querySelector("[name=classification]");
    if (classification && identityClasses.split(" ").indexOf(classification.value) >= 0) { return data; }
    var names = [];
    data.forEach(function (_value, name) { names.push(name); });
    names.forEach(function (name) {
      if (personFields.some(function (p) { return name === p || (p.slice(-1) === "-" && name.indexOf(p) === 0); })) {
        data.delete(name);
      }
    });
    return data;
  }
  function saveDraft() {
    if (!draftUrl) { return; }
    post(draftUrl, draftData()).then(function (r) {
      if (r.ok && status) {
        var now = new Date();
        status.textContent = "Đã lưu nháp lúc " + ("0" + now.getHours()).slice(-2) + ":" + ("0" + now.getMinutes()).slice(-2);
      }
    });
  }
  function scheduleSave() {
    window.clearTimeout(saveTimer);
    saveTimer = window.setTimeout(saveDraft, 800);
  }
  if (draftUrl) {
    // Once the form is sent, no late autosave may bring the draft back.
    form.addEventListener("submit", function () { window.clearTimeout(saveTimer); draftUrl = null; });
    form.addEventListener("input", scheduleSave);
    form.addEventListener("change", scheduleSave);
  }

  // Options that exist only between two dates (data-valid-from / data-valid-to, ISO days: a delegated
  // session, a district chairman) follow the session's day: hidden and disabled outside their dates. A
  // chosen option stays chosen, so that the server says why it no longer fits the day.
  var dayInput = form.querySelector("input[name=held_on]");
  var datedOptions = form.querySelectorAll("option[data-valid-from], option[data-valid-to]");
  function applyDay() {
    var day = window.PetitionsDates ? window.PetitionsDates.iso(dayInput.value) : "";  // static/js/dates.js
    if (!day) { return; }
    Array.prototype.forEach.call(datedOptions, function (option) {
      var from = option.getAttribute("data-valid-from"), to = option.getAttribute("data-valid-to");
      var outside = (from && day < from) || (to && day > to);
      if (option.selected && outside) { return; }
      option.hidden = !!outside;
      option.disabled = !!outside;
    });
  }
  if (dayInput && datedOptions.length) {
    dayInput.addEventListener("input", applyDay);
    dayInput.addEventListener("change", applyDay);
  }
})();

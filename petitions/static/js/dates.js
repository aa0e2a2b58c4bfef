// Date fields (petitions.dates.DayField renders <input data-date-field>): a text box that reads and shows
// dd/mm/yyyy whatever the browser's language, with a typing mask and a keyboard-operable calendar.
// - Typing 01122026 shows 01/12/2026 as it is typed; 1/12/2026 becomes 01/12/2026 when the field is left.
//   Text that is not a day is left as typed: the server says why (nothing is silently changed).
// - The calendar button beside the field (or Alt+↓ in the field) opens the vendored vanillajs-datepicker,
//   inline in a small dialog that takes the focus: arrows move a day or a week, Page Up/Down a month
//   (Ctrl+←/→ too), Enter picks, Esc closes; focus then returns to the field.
// Wired by data attributes only (the CSP forbids inline scripts).
(function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // The client's reading of petitions.domain.dates.read_written_date: a real day, or null.
  function read(text) {
    var t = (text || "").trim().replace(/[-.]/g, "/");
    if (/^\d{8}$/.test(t)) { t = t.slice(0, 2) + "/" + t.slice(2, 4) + "/" + t.slice(4); }
    var parts = t.split("/");
    if (parts.length !== 3 || !parts.every(function (p) { return /^\d+$/.test(p); })) { return null; }
    if (parts[0].length === 4) { parts.reverse(); }
    if (parts[0].length > 2 || parts[1].length > 2 || parts[2].length !== 4) { return null; }
    var d = parseInt(parts[0], 10), m = parseInt(parts[1], 10), y = parseInt(parts[2], 10);
    var day = new Date(y, m - 1, d);
    if (day.getFullYear() !== y || day.getMonth() !== m - 1 || day.getDate() !== d) { return null; }
    return day;
  }
  function write(day) { return pad(day.getDate()) + "/" + pad(day.getMonth() + 1) + "/" + day.getFullYear(); }
  function iso(text) {
    var day = read(text);
    return day ? day.getFullYear() + "-" + pad(day.getMonth() + 1) + "-" + pad(day.getDate()) : "";
  }
  window.PetitionsDates = { read: read, write: write, iso: iso };

  // While typing digits (and the slashes the mask put), the slashes come by themselves: 0112 → 01/12.
  function mask(input, event) {
    if (event.inputType && event.inputType.indexOf("delete") === 0) { return; }
    var value = input.value;
    if (input.selectionStart !== value.length) { return; }  // editing in the middle: left alone
    // Only digits, with slashes where the mask puts them (…/ at 3rd and 6th place); 1/12/… is the typist's own.
    var shapedByMask = /^[\d\/]*$/.test(value) && value.split("").every(function (c, i) {
      return c !== "/" || i === 2 || i === 5;
    });
    if (!shapedByMask) { return; }
    var digits = value.replace(/\//g, "").slice(0, 8);
    var shaped = digits.slice(0, 2);
    if (digits.length > 2) { shaped += "/" + digits.slice(2, 4); }
    if (digits.length > 4) { shaped += "/" + digits.slice(4); }
    if (/\/$/.test(value) && (digits.length === 2 || digits.length === 4)) { shaped += "/"; }
    if (shaped !== value) { input.value = shaped; }
  }

  function tidy(input) {
    var day = read(input.value);
    if (day && write(day) !== input.value) { input.value = write(day); }
  }

  var ICON = '<svg aria-hidden="true" focusable="false" width="16" height="16" viewBox="0 0 16 16" fill="currentColor">' +
    '<path d="M3.5 0a.5.5 0 0 1 .5.5V1h8V.5a.5.5 0 0 1 1 0V1h1a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H2a2 2 0 0 1-2-2V3a2 2 0 0 1 2-2h1V.5a.5.5 0 0 1 .5-.5M1 4v10a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V4z"/></svg>';
  var language = (document.documentElement.lang || "vi").slice(0, 2);
  var counter = 0;

  function setUp(input) {
    counter += 1;
    var label = input.getAttribute("data-picker-label") || "";
    var wrapper = document.createElement("div");
    wrapper.className = "date-field";
    var group = document.createElement("div");
    group.className = "input-group flex-nowrap" + (input.classList.contains("form-control-sm") ? " input-group-sm" : "");
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(group);
    group.appendChild(input);
    if (input.classList.contains("is-invalid")) { group.classList.add("has-validation"); }

    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary date-picker-toggle";
    button.setAttribute("aria-label", label);
    button.setAttribute("title", label);
    button.setAttribute("aria-haspopup", "dialog");
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("data-enter-skip", "");  // the intake's Enter moves from the date to the next field
    button.innerHTML = ICON;
    group.appendChild(button);

    var popover = null, calendar = null, picker = null, filling = false;

    function close(returnFocus) {
      if (!popover || popover.classList.contains("d-none")) { return; }
      popover.classList.add("d-none");
      button.setAttribute("aria-expanded", "false");
      if (returnFocus) { input.focus(); }
    }

    function build() {
      popover = document.createElement("div");
      popover.className = "date-picker-popover d-none";
      popover.id = "date-picker-" + counter;
      popover.setAttribute("role", "dialog");
      popover.setAttribute("aria-label", label);
      calendar = document.createElement("div");
      calendar.className = "date-picker-calendar";
      calendar.tabIndex = 0;
      popover.appendChild(calendar);
      wrapper.appendChild(popover);
      button.setAttribute("aria-controls", popover.id);
      picker = new window.Datepicker(calendar, {
        language: window.Datepicker.locales[language] ? language : "en",
        format: { toValue: read, toDisplay: write },
        weekStart: 1,
        todayHighlight: true,
        shortcutKeys: { show: null, toggle: null }  // Esc is the dialog's: it closes it
      });
      calendar.addEventListener("changeDate", function (event) {
        if (filling || !event.detail.date) { return; }
        input.value = write(event.detail.date);
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.dispatchEvent(new Event("change", { bubbles: true }));
        close(true);
      });
      popover.addEventListener("keydown", function (event) {
        // Keys handled here go no further: the intake's Enter-moves-on must not act on the calendar.
        // Enter picks (the library's handler ran first) and nothing else: its keypress would reach the field,
        // now focused, and submit the form.
        if (event.key === "Escape") { close(true); }
        if (event.key === "Enter" || event.key === "Escape") { event.preventDefault(); event.stopPropagation(); }
        if (event.key === "PageUp" || event.key === "PageDown") {  // as Ctrl+← / Ctrl+→: a month back, on
          event.preventDefault();
          var step = popover.querySelector(event.key === "PageUp" ? ".prev-button" : ".next-button");
          if (step) { step.click(); }
          calendar.focus();
        }
      });
      popover.addEventListener("focusout", function (event) {
        if (!popover.contains(event.relatedTarget) && event.relatedTarget !== button) { close(false); }
      });
    }

    function open() {
      if (!popover) { build(); }
      var day = read(input.value);
      filling = true;
      if (day) {
        picker.setDate(day, { clear: true });
      } else {
        picker.setDate({ clear: true });
        picker.setFocusedDate(new Date(), true);
      }
      filling = false;
      popover.classList.remove("d-none");
      button.setAttribute("aria-expanded", "true");
      calendar.focus();
    }

    button.addEventListener("click", function () {
      if (popover && !popover.classList.contains("d-none")) { close(true); } else { open(); }
    });
    input.addEventListener("keydown", function (event) {
      if (event.altKey && event.key === "ArrowDown") { event.preventDefault(); open(); }
    });
    input.addEventListener("input", function (event) { mask(input, event); });
    input.addEventListener("change", function () { tidy(input); });
  }

  document.querySelectorAll("input[data-date-field]").forEach(setUp);
})();

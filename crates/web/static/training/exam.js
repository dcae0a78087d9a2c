// An exam in the browser: each answer is saved the moment it is given (so a reload or a lost
// connection loses nothing), and the countdown follows the server's remaining time.
"use strict";
(function () {
  var form = document.getElementById("exam-form");
  var timer = document.getElementById("timer");
  if (!form || !timer) { return; }
  var sitting = timer.getAttribute("data-sitting");
  var csrf = "";
  try { csrf = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRF-Token"] || ""; } catch (e) { csrf = ""; }
  var deadline = Date.now() + Number(timer.getAttribute("data-remaining")) * 1000;
  var value = document.getElementById("timer-value");

  function tick() {
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    var m = Math.floor(left / 60), s = left % 60;
    value.textContent = m + ":" + (s < 10 ? "0" : "") + s;
    if (left <= 0) {
      // Time is up: the server closes the sitting; reloading shows the result.
      window.location.reload();
      return;
    }
    window.setTimeout(tick, 1000);
  }
  tick();

  function countAnswered() {
    var n = 0;
    form.querySelectorAll("fieldset[data-position]").forEach(function (f) {
      if (f.querySelector("input:checked")) { n += 1; }
    });
    document.getElementById("answered-count").textContent = String(n);
  }

  form.addEventListener("change", function (ev) {
    var fs = ev.target.closest("fieldset[data-position]");
    if (!fs) { return; }
    var choice = [];
    fs.querySelectorAll("input:checked").forEach(function (i) { choice.push(Number(i.value)); });
    var state = fs.querySelector(".saved-state");
    countAnswered();
    fetch("/api/v1/training/sittings/" + encodeURIComponent(sitting) + "/answers", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify({ position: Number(fs.getAttribute("data-position")), choice: choice }),
    }).then(function (r) {
      return r.json().then(function (body) { return { ok: r.ok, body: body }; });
    }).then(function (res) {
      if (res.ok) {
        state.textContent = form.getAttribute("data-saved");
        fs.setAttribute("data-saved", "1");
        deadline = Date.now() + res.body.remaining_seconds * 1000;
      } else {
        state.textContent = form.getAttribute("data-failed");
        if (res.body && res.body.closed) { window.location.reload(); }
      }
    }).catch(function () {
      state.textContent = form.getAttribute("data-failed");
    });
  });
})();

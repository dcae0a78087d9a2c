// Quanke's own script: small progressive enhancements. Pages work without it.
"use strict";
document.addEventListener("submit", function (ev) {
  // Forms that destroy or change something important ask first.
  var form = ev.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    ev.preventDefault();
  }
}, true);

document.addEventListener("click", function (ev) {
  // A print button (the guide's A4 print view).
  var t = ev.target;
  if (t && t.closest && t.closest("[data-print]")) {
    window.print();
  }
});

document.addEventListener("keydown", function (ev) {
  // Escape closes the suggestions under a search box.
  if (ev.key === "Escape") {
    var list = document.getElementById("suggest-list");
    if (list) { list.innerHTML = ""; }
  }
});

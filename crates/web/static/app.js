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

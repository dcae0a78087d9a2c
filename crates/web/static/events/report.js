// The event report form: the phone's position, and a photo carried as base64 in the form.
"use strict";
document.addEventListener("click", function (ev) {
  var b = ev.target.closest && ev.target.closest("[data-locate]");
  if (!b || !navigator.geolocation) { return; }
  navigator.geolocation.getCurrentPosition(function (p) {
    document.getElementById("lat").value = p.coords.latitude.toFixed(6);
    document.getElementById("lon").value = p.coords.longitude.toFixed(6);
  });
});
document.addEventListener("change", function (ev) {
  var input = ev.target;
  if (!input.hasAttribute || !input.hasAttribute("data-photo") || !input.files.length) { return; }
  var file = input.files[0];
  var reader = new FileReader();
  reader.onload = function () {
    var url = String(reader.result);
    document.getElementById("photo_type").value = file.type;
    document.getElementById("photo_data").value = url.substring(url.indexOf(",") + 1);
  };
  reader.readAsDataURL(file);
});

// The hall's display board: follows the calls through server-sent events and reads each call
// aloud in Chinese (请A012号到3号窗口) where the browser can speak. Works without sound too.
"use strict";
(function () {
  var root = document.getElementById("board");
  if (!root || !window.EventSource) { return; }
  var state = document.getElementById("board-state");
  var current = document.getElementById("board-current");
  var body = document.querySelector("#board-calls tbody");
  var soundButton = document.getElementById("enable-sound");
  var soundOn = false;

  function speak(text) {
    if (!soundOn || !("speechSynthesis" in window)) { return; }
    var u = new SpeechSynthesisUtterance(text);
    u.lang = "zh-CN";
    u.rate = 0.9;
    window.speechSynthesis.speak(u);
  }

  function cell(text) {
    var td = document.createElement("td");
    td.textContent = text;
    return td;
  }

  function show(calls) {
    body.textContent = "";
    calls.forEach(function (c) {
      var tr = document.createElement("tr");
      tr.appendChild(cell(c.number));
      tr.appendChild(cell(String(c.window)));
      body.appendChild(tr);
    });
    current.textContent = "";
    if (calls.length === 0) {
      var none = document.createElement("span");
      none.className = "muted";
      none.textContent = state.getAttribute("data-none");
      current.appendChild(none);
      return;
    }
    var n = document.createElement("span");
    n.className = "board-number";
    n.textContent = calls[0].number;
    var w = document.createElement("span");
    w.className = "board-window";
    w.textContent = state.getAttribute("data-window") + " " + calls[0].window;
    current.appendChild(n);
    current.appendChild(document.createTextNode(" → "));
    current.appendChild(w);
  }

  if (soundButton) {
    soundButton.addEventListener("click", function () {
      // Browsers speak only after a person has interacted with the page once.
      soundOn = true;
      soundButton.hidden = true;
      speak("叫号语音已开启");
    });
  }

  var source = new EventSource(root.getAttribute("data-events"));
  source.addEventListener("open", function () {
    state.textContent = state.getAttribute("data-live");
    root.setAttribute("data-connected", "true");
  });
  source.addEventListener("error", function () {
    state.textContent = state.getAttribute("data-offline");
    root.removeAttribute("data-connected");
  });
  source.addEventListener("calls", function (ev) {
    var data = JSON.parse(ev.data);
    show(data.calls || []);
    if (data.announce) {
      current.classList.remove("flash");
      void current.offsetWidth;
      current.classList.add("flash");
      speak(data.announce.text_zh);
    }
  });
})();

// The door page's QR scanner: the phone's rear camera, read by the browser's own BarcodeDetector where
// there is one (Chrome on Android, for instance) and by the vendored jsQR otherwise. A code
// is looked up on the server, which answers with the guest card's address or a message for the staff.
// Without script, a camera or an https address, the search box below does the job.
(function () {
  "use strict";

  var SCAN_EVERY_MS = 200;   // about five reads a second: quick to answer, easy on the phone's battery
  var MAX_SIDE = 640;        // jsQR reads a smaller picture faster; a code held up to the camera stays legible

  var root = document.getElementById("qr-scanner");
  if (!root || !window.fetch || !window.Promise) return;
  var video = document.getElementById("scan-video");
  var viewer = document.getElementById("scan-viewer");
  var startButton = document.getElementById("scan-start");
  var stopButton = document.getElementById("scan-stop");
  var csrfToken = root.querySelector("input[name=csrfmiddlewaretoken]").value;

  var stream = null;
  var timer = null;
  var decoder = null;
  var leaving = false;
  var answers = {};  // code text -> the server's message, so a code held still is not asked about again

  function show(state, message) {
    root.dataset.state = state;
    root.querySelectorAll("[data-scan-state]").forEach(function (element) {
      element.hidden = element.dataset.scanState !== state;
    });
    var said = root.querySelector("[data-scan-state=unknown]");
    if (message && said.textContent !== message) said.textContent = message;  // unchanged: not announced again
    var cameraOn = stream !== null;
    viewer.hidden = !cameraOn;
    startButton.hidden = cameraOn || state === "starting" || state === "found";
  }

  function searchInstead() {
    var search = document.querySelector("#guest-search input[name=q]");
    if (search) search.focus();
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function jsqrDecoder() {
    var canvas = document.createElement("canvas");
    var context = canvas.getContext("2d", {willReadFrequently: true});
    return function (source) {
      var width = source.videoWidth;
      var height = source.videoHeight;
      if (!width || !height) return Promise.resolve(null);
      var scale = Math.min(1, MAX_SIDE / Math.max(width, height));
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      context.drawImage(source, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var code = window.jsQR(image.data, image.width, image.height, {inversionAttempts: "dontInvert"});
      return Promise.resolve(code ? code.data : null);
    };
  }

  function fallbackDecoder() {
    return (window.jsQR ? Promise.resolve() : loadScript(root.dataset.decoder)).then(jsqrDecoder);
  }

  function makeDecoder() {
    if (!("BarcodeDetector" in window)) return fallbackDecoder();
    return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      if (formats.indexOf("qr_code") === -1) return fallbackDecoder();
      var detector = new window.BarcodeDetector({formats: ["qr_code"]});
      return function (source) {
        return detector.detect(source).then(function (codes) { return codes.length ? codes[0].rawValue : null; });
      };
    }, fallbackDecoder);
  }

  function stopCamera() {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.srcObject = null;
  }

  function start() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      show("unavailable");
      searchInstead();
      return;
    }
    if (document.activeElement) document.activeElement.blur();  // no keyboard over the camera's picture
    show("starting");
    (decoder ? Promise.resolve(decoder) : makeDecoder())
      .then(function (made) {
        decoder = made;
        return navigator.mediaDevices.getUserMedia({audio: false, video: {facingMode: {ideal: "environment"}}});
      })
      .then(function (camera) {
        stream = camera;
        video.srcObject = camera;
        return video.play();
      })
      .then(function () {
        show("scanning");
        scheduleRead();
      })
      .catch(function (error) {
        stopCamera();
        var refused = error && (error.name === "NotAllowedError" || error.name === "SecurityError");
        show(refused ? "denied" : "unavailable");
        searchInstead();
      });
  }

  function scheduleRead() {
    if (stream && !leaving) timer = setTimeout(read, SCAN_EVERY_MS);
  }

  function read() {
    timer = null;
    if (!stream) return;
    decoder(video)
      .then(function (text) { if (text && stream) return lookUp(text); })
      .catch(function () {})  // a frame that cannot be read: the next one will be
      .then(scheduleRead);
  }

  function lookUp(text) {
    if (Object.prototype.hasOwnProperty.call(answers, text)) {
      show("unknown", answers[text]);
      return null;
    }
    show("checking");
    var form = new URLSearchParams({code: text, csrfmiddlewaretoken: csrfToken});
    return fetch(root.dataset.scanUrl, {
      method: "POST", body: form, credentials: "same-origin", headers: {"Accept": "application/json"},
    })
      .then(function (response) {
        return response.json().then(function (answer) { return {settled: response.ok, answer: answer}; });
      })
      .then(function (reply) {
        var answer = reply.answer;
        if (answer.url) {
          leaving = true;
          stopCamera();
          show("found");
          window.location.assign(answer.url);
        } else if (answer.message) {
          if (reply.settled) answers[text] = answer.message;  // "too many codes" is worth asking again later
          show("unknown", answer.message);
        } else {
          show("offline");
        }
      }, function () { show("offline"); });
  }

  startButton.addEventListener("click", start);
  stopButton.addEventListener("click", function () {
    stopCamera();
    show("idle");
  });
  // The camera is let go as soon as the page is out of sight; the button starts it again.
  document.addEventListener("visibilitychange", function () {
    if (document.hidden && stream) {
      stopCamera();
      show("idle");
    }
  });
  window.addEventListener("pagehide", stopCamera);
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      leaving = false;
      show("idle");
    }
  });

  root.hidden = false;
  show("idle");
  if (new URLSearchParams(window.location.search).get("scan") === "1") start();  // "Scan the next QR code"
})();

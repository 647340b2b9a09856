// The door page: keep the counters current while several phones check guests in.
// Progressive enhancement: without script the counters are as of the last page load.
(function () {
  "use strict";

  var REFRESH_MS = 15000;
  var box = document.getElementById("checkin-counters");
  if (!box || !window.fetch) return;

  function show(counts) {
    box.querySelector("[data-counter=arrived]").textContent = counts.arrived;
    box.querySelector("[data-counter=expected]").textContent = counts.expected;
    box.querySelector("[data-counter=rate]").textContent = counts.rate === null ? "—" : counts.rate + "%";
  }

  function refresh() {
    fetch(box.dataset.url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (counts) { if (counts) show(counts); })
      .catch(function () {});
  }

  setInterval(refresh, REFRESH_MS);
})();

// Behaviour for every page, attached here rather than in inline handlers (the Content-Security-Policy
// runs no inline script).
(function () {
  "use strict";

  function ready(callback) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", callback);
    } else {
      callback();
    }
  }

  ready(function () {
    // A select marked data-submit-on-change (the language switcher) sends its form at once;
    // without script the form's own button does it.
    document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    // A button marked data-print opens the browser's print dialog (the table cards).
    document.querySelectorAll("button[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();

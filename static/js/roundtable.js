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
    showErrorSummary();
    document.querySelectorAll("form[data-submit-once]").forEach(submitOnce);
  });

  // After a failed save the page comes back at its top while the first mistake may be screens down:
  // the summary (templates/_form_errors.html) takes the focus, so it is in view and read out, and each
  // of its links puts the cursor in its field.
  function showErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) {
      return;
    }
    summary.scrollIntoView({block: "start"});
    summary.focus({preventScroll: true});
    summary.querySelectorAll("a[data-focus-field]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var field = document.getElementById(link.getAttribute("data-focus-field"));
        if (!field) {
          return;
        }
        event.preventDefault();
        var label = document.querySelector('label[for="' + field.id + '"]');
        (label || field).scrollIntoView({block: "center"});
        field.focus({preventScroll: true});
      });
    });
  }

  // A double tap on a phone would send the form twice: the first submit goes, later ones are
  // swallowed and the buttons show they are busy. Without script the server still answers both.
  function submitOnce(form) {
    form.addEventListener("submit", function (event) {
      if (form.hasAttribute("data-submitting")) {
        event.preventDefault();
        return;
      }
      form.setAttribute("data-submitting", "");
      var buttons = form.querySelectorAll("button[type=submit], input[type=submit], button:not([type])");
      // Disabled after this turn: a button disabled now would drop its own name from the data sent.
      window.setTimeout(function () {
        buttons.forEach(function (button) {
          button.disabled = true;
          button.setAttribute("aria-busy", "true");
        });
      }, 0);
    });
  }

  // Back to a page kept in the browser's memory (the back button): its forms work again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) {
      return;
    }
    document.querySelectorAll("form[data-submitting]").forEach(function (form) {
      form.removeAttribute("data-submitting");
      form.querySelectorAll("[aria-busy]").forEach(function (button) {
        button.disabled = false;
        button.removeAttribute("aria-busy");
      });
    });
  });
})();

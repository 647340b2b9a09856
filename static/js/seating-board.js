/* The seating board's drag and drop, in-place forms and run progress.
 * Without this script every form still works (full page post and redirect). */
(function () {
  "use strict";

  var board = document.getElementById("seating-board");
  if (!board) return;
  var csrfInput = board.querySelector("input[name=csrfmiddlewaretoken]");
  var csrf = csrfInput ? csrfInput.value : "";
  var status = document.getElementById("sb-status");
  var canChange = board.dataset.canChange === "1";
  var FLASH_KEY = "seating-board-flash";

  function say(messages, kind) {
    if (!status) return;
    if (!Array.isArray(messages)) messages = [messages];
    status.className = "sb-status" + (kind ? " sb-status-" + kind : "");
    status.textContent = "";
    if (messages.length === 1) {
      status.textContent = messages[0];
      return;
    }
    var list = document.createElement("ul");
    messages.forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      list.appendChild(item);
    });
    status.appendChild(list);
  }

  // A conflict reloads the board; the message survives the reload.
  var flash = window.sessionStorage && sessionStorage.getItem(FLASH_KEY);
  if (flash) {
    sessionStorage.removeItem(FLASH_KEY);
    say(flash, "error");
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf },
    }).then(function (response) {
      return response.json().catch(function () {
        return { ok: false, message: "The server did not answer as expected (" + response.status + ")." };
      });
    });
  }

  function applyChange(data) {
    Object.keys(data.tables).forEach(function (pk) {
      var old = document.getElementById("table-" + pk);
      if (!old) return;
      var holder = document.createElement("div");
      holder.innerHTML = data.tables[pk].trim();
      var fresh = holder.firstElementChild;
      old.replaceWith(fresh);
      enhance(fresh);
    });
    var summary = document.getElementById("sb-summary");
    if (summary && data.summary_html) {
      var holder = document.createElement("div");
      holder.innerHTML = data.summary_html.trim();
      summary.replaceWith(holder.firstElementChild);
    }
    // The swap form's options carry "seat:version": keep them current.
    document.querySelectorAll(".sb-swap option").forEach(function (option) {
      var seat = option.value.split(":")[0];
      var row = document.getElementById("seat-" + seat);
      if (row) option.value = seat + ":" + row.dataset.version;
    });
    if (data.warnings && data.warnings.length) say(data.warnings, "warning");
    else say(board.dataset.savedText || "Saved.");
  }

  function refused(data) {
    if (data.conflict) {
      if (window.sessionStorage) sessionStorage.setItem(FLASH_KEY, data.message);
      window.location.reload();
      return;
    }
    say(data.message || "Not saved.", "error");
  }

  function onDrop(event) {
    if (event.from === event.to) return;
    var item = event.item;
    var body = new FormData();
    body.append("seat", item.dataset.seat);
    body.append("version", item.dataset.version);
    body.append("to_table", event.to.dataset.table);
    var revert = function () {
      var before = event.from.children[event.oldIndex] || null;
      event.from.insertBefore(item, before);
    };
    item.classList.add("sb-busy");
    post(board.dataset.moveUrl, body).then(function (data) {
      item.classList.remove("sb-busy");
      if (data.ok) applyChange(data);
      else { revert(); refused(data); }
    }).catch(function () {
      item.classList.remove("sb-busy");
      revert();
      say(board.dataset.networkErrorText, "error");
    });
  }

  function enhance(root) {
    if (!canChange) return;
    if (window.Sortable) {
      root.querySelectorAll(".sb-people").forEach(function (list) {
        window.Sortable.create(list, {
          group: list.dataset.kind,        // hosts move between host lists, researchers between researcher lists
          animation: 120,
          forceFallback: true,             // pointer events instead of native drag and drop: same on mouse and touch
          fallbackTolerance: 3,
          ghostClass: "sb-ghost",
          filter: "select, button, summary, input, label, a",
          preventOnFilter: false,
          onEnd: onDrop,
        });
      });
    }
    root.querySelectorAll("form.sb-ajax").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        form.classList.add("sb-busy");
        post(form.action, new FormData(form)).then(function (data) {
          form.classList.remove("sb-busy");
          if (data.ok) applyChange(data);
          else refused(data);
        }).catch(function () {
          form.classList.remove("sb-busy");
          form.submit();  // fall back to a plain post
        });
      });
    });
  }

  enhance(board);

  // A background run: show its progress, reload the board when it ends.
  var run = document.getElementById("sb-run");
  if (run && run.dataset.active === "1") {
    var bar = run.querySelector("progress");
    var score = run.querySelector(".sb-run-score");
    var poll = function () {
      fetch(run.dataset.url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (!data.run || !data.run.active) { window.location.reload(); return; }
          if (bar) bar.value = data.run.progress;
          if (score && data.run.best_score !== null) score.textContent = data.run.best_score;
          window.setTimeout(poll, 1000);
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    };
    window.setTimeout(poll, 1000);
  }
})();

/* The seating board's drag and drop, its one "Actions" menu, search and run progress.
 * Without this script everything still works: "Actions" opens a page per person, forms post and
 * redirect, the search form filters on the server. */
(function () {
  "use strict";

  var board = document.getElementById("seating-board");
  if (!board) return;
  var csrfInput = board.querySelector("input[name=csrfmiddlewaretoken]");
  var csrf = csrfInput ? csrfInput.value : "";
  var toast = document.getElementById("sb-status");
  var menu = document.getElementById("sb-menu");
  var canChange = board.dataset.canChange === "1";
  var FLASH_KEY = "seating-board-flash";
  var hideTimer = null;

  // Feedback where the organizer looks: a toast fixed on screen beside the card that changed
  // (or at the bottom when there is none), announced by its live region.
  function say(messages, kind, near) {
    if (!toast) return;
    if (!Array.isArray(messages)) messages = [messages];
    window.clearTimeout(hideTimer);
    toast.className = "sb-status sb-toast" + (kind ? " sb-status-" + kind : "");
    toast.textContent = "";
    if (messages.length === 1) {
      toast.textContent = messages[0];
    } else {
      var list = document.createElement("ul");
      messages.forEach(function (text) {
        var item = document.createElement("li");
        item.textContent = text;
        list.appendChild(item);
      });
      toast.appendChild(list);
    }
    toast.hidden = false;
    place(toast, near);
    // A plain "Saved." fades; a refusal or a warning stays until the next action or a click.
    if (!kind) hideTimer = window.setTimeout(function () { toast.hidden = true; }, 4000);
  }

  function place(element, near) {
    element.style.top = element.style.left = element.style.bottom = "";
    if (!near || !near.getBoundingClientRect) { element.classList.remove("sb-toast-near"); return; }
    var box = near.getBoundingClientRect();
    if (box.bottom < 0 || box.top > window.innerHeight) { element.classList.remove("sb-toast-near"); return; }
    element.classList.add("sb-toast-near");
    var height = element.offsetHeight, width = element.offsetWidth;
    var top = Math.min(Math.max(box.top, 8), window.innerHeight - height - 8);
    var left = box.right + 8;
    if (left + width > window.innerWidth - 8) left = Math.max(8, box.left - width - 8);
    element.style.top = top + "px";
    element.style.left = left + "px";
  }

  if (toast) toast.addEventListener("click", function () { toast.hidden = true; });
  // The messages of a plain post (a reload at the table): a click puts them away.
  var pageMessages = document.getElementById("sb-messages");
  if (pageMessages) pageMessages.addEventListener("click", function () { pageMessages.hidden = true; });

  // A conflict reloads the board; the message survives the reload.
  var flash = window.sessionStorage && sessionStorage.getItem(FLASH_KEY);
  if (flash) {
    sessionStorage.removeItem(FLASH_KEY);
    say(flash, "error");
  }

  function post(url, body) {
    // The page's counts of the seating (see tables/tally.py): the server adds the change to them.
    if (board.dataset.counters) body.append("counters", board.dataset.counters);
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

  function fromHtml(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    return holder.firstElementChild;
  }

  // "What the figures mean" reads the whole event: loaded after the page, and again once the
  // organizer pauses after a change (a burst of drags asks once), so it follows the moves.
  var explainedPanel = document.getElementById("sb-explained");
  var explainedSrc = explainedPanel ? explainedPanel.dataset.src : "";
  var explainedTimer = null;
  function loadExplained() {
    if (!explainedSrc) return;
    fetch(explainedSrc, { credentials: "same-origin", headers: { "Accept": "text/html" } }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    }).then(function (html) {
      var current = document.getElementById("sb-explained");
      var fresh = fromHtml(html);
      if (current && fresh && fresh.id === "sb-explained") current.replaceWith(fresh);
    }).catch(function () { /* the link to its own page stays (or the last panel shown) */ });
  }
  function refreshExplained() {
    window.clearTimeout(explainedTimer);
    explainedTimer = window.setTimeout(loadExplained, 800);
  }
  loadExplained();

  function applyChange(data, focusTable) {
    Object.keys(data.tables).forEach(function (pk) {
      var old = document.getElementById("table-" + pk);
      if (!old) return;
      var fresh = fromHtml(data.tables[pk]);
      old.replaceWith(fresh);
      enhance(fresh);
    });
    var summary = document.getElementById("sb-summary");
    if (summary && data.summary_html) summary.replaceWith(fromHtml(data.summary_html));
    if (data.counters) board.dataset.counters = JSON.stringify(data.counters);
    else delete board.dataset.counters;
    refreshExplained();
    // The swap menus' options carry "seat:version": keep them current.
    document.querySelectorAll(".sb-swap option").forEach(function (option) {
      var seat = option.value.split(":")[0];
      var row = document.getElementById("seat-" + seat);
      if (row) option.value = seat + ":" + row.dataset.version;
    });
    var near = focusTable ? document.getElementById("table-" + focusTable) : null;
    if (data.warnings && data.warnings.length) say(data.warnings, "warning", near);
    else say(board.dataset.savedText || "Saved.", "", near);
  }

  function refused(data, near) {
    if (data.conflict) {
      if (window.sessionStorage) sessionStorage.setItem(FLASH_KEY, data.message);
      window.location.reload();
      return;
    }
    say(data.message || "Not saved.", "error", near);
  }

  function onDrop(event) {
    if (event.from === event.to) return;
    var item = event.item;
    var target = event.to.dataset.table;
    var body = new FormData();
    body.append("seat", item.dataset.seat);
    body.append("version", item.dataset.version);
    body.append("to_table", target);
    var revert = function () {
      var before = event.from.children[event.oldIndex] || null;
      event.from.insertBefore(item, before);
    };
    item.classList.add("sb-busy");
    post(board.dataset.moveUrl, body).then(function (data) {
      item.classList.remove("sb-busy");
      if (data.ok) applyChange(data, target);
      else { revert(); refused(data, document.getElementById("table-" + target)); }
    }).catch(function () {
      item.classList.remove("sb-busy");
      revert();
      say(board.dataset.networkErrorText, "error", document.getElementById("table-" + target));
    });
  }

  // The one "Actions" menu, filled for the person it was opened for.
  var opener = null;

  function freeLabels() {
    var template = board.dataset.freeText || "{n} free";
    menu.querySelectorAll("#sb-menu-table option").forEach(function (option) {
      var card = document.getElementById("table-" + option.value);
      if (card) option.dataset.free = card.dataset.free;
      option.textContent = option.dataset.label + " · " + template.replace("{n}", option.dataset.free);
    });
  }

  function openMenu(link) {
    var row = link.closest(".sb-person");
    var card = link.closest(".sb-card");
    if (!row || !card || !menu) return;
    opener = link;
    menu.querySelector(".sb-menu-title").textContent = row.querySelector(".sb-name").textContent;
    menu.querySelectorAll("input[name=seat]").forEach(function (input) { input.value = row.dataset.seat; });
    menu.querySelectorAll("input[name=version]").forEach(function (input) { input.value = row.dataset.version; });
    menu.querySelector("input[name=seat_a]").value = row.dataset.seat + ":" + row.dataset.version;
    freeLabels();
    menu.querySelector("#sb-menu-table").value = card.dataset.table;
    var swap = menu.querySelector("#sb-menu-swap");
    var people = document.getElementById("id_seat_b");
    if (people && !swap.options.length) swap.innerHTML = people.innerHTML;
    swap.value = "";
    var pinned = row.dataset.pinned === "1";
    var pinButton = menu.querySelector(".sb-menu-pin button");
    pinButton.textContent = pinned ? pinButton.dataset.unpinText : pinButton.dataset.pinText;
    menu.querySelector(".sb-menu-pin input[name=pinned]").value = pinned ? "false" : "on";
    menu.hidden = false;
    var box = row.getBoundingClientRect();
    menu.style.top = Math.max(8, Math.min(box.bottom + 4, window.innerHeight - menu.offsetHeight - 8)) + "px";
    menu.style.left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - menu.offsetWidth - 8)) + "px";
    menu.querySelector("#sb-menu-table").focus();
  }

  function closeMenu() {
    if (!menu || menu.hidden) return;
    menu.hidden = true;
    if (opener && document.body.contains(opener)) opener.focus();
    opener = null;
  }

  if (menu) {
    menu.querySelector(".sb-menu-close").addEventListener("click", closeMenu);
    document.addEventListener("keydown", function (event) { if (event.key === "Escape") closeMenu(); });
  }
  board.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.sb-act");
    if (link && menu && canChange) {
      event.preventDefault();
      openMenu(link);
    }
  });

  function tableOf(form) {
    var select = form.querySelector("select[name=to_table]");
    if (select) return select.value;
    var seat = (form.querySelector("[name=seat]") || form.querySelector("[name=seat_a]") || {}).value;
    var row = seat && document.getElementById("seat-" + seat.split(":")[0]);
    var card = row && row.closest(".sb-card");
    return card ? card.dataset.table : null;
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
        var target = tableOf(form);
        form.classList.add("sb-busy");
        post(form.action, new FormData(form)).then(function (data) {
          form.classList.remove("sb-busy");
          if (data.ok) {
            if (form.closest("#sb-menu")) { menu.hidden = true; opener = null; }
            applyChange(data, target);
          } else {
            refused(data, target ? document.getElementById("table-" + target) : form);
          }
        }).catch(function () {
          form.classList.remove("sb-busy");
          form.submit();  // fall back to a plain post
        });
      });
    });
  }

  enhance(board);

  // Search as you type: tables whose number, theme or people match stay visible.
  var query = document.getElementById("sb-query");
  if (query) {
    query.addEventListener("input", function () {
      var text = query.value.trim().toLowerCase();
      var number = /^\d+$/.test(text) ? text : null;
      document.querySelectorAll("#sb-tables .sb-card").forEach(function (card) {
        card.hidden = !!text && (number ? card.dataset.number !== number
                                        : card.textContent.toLowerCase().indexOf(text) === -1);
      });
    });
  }

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

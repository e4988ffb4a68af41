// The live board: refreshes that keep the reader's place, keyboard shortcuts, and the screening panel.
// Loaded with `defer` (strict CSP: no inline script); htmx and its morph extension are loaded before it.
(function () {
  "use strict";

  const rowsId = "board-rows";
  const panel = document.getElementById("screen-panel");
  const live = document.getElementById("board-live");
  if (!document.getElementById(rowsId) || !panel || !live) {
    return;
  }

  function rows() {
    return Array.from(document.querySelectorAll("#" + rowsId + " tr[data-row]"));
  }

  // What a row says, without its ticking clock (the minute passing on every clock is not news).
  function signature(row) {
    return Array.from(row.cells)
      .filter(function (cell) {
        return !cell.hasAttribute("data-tick");
      })
      .map(function (cell) {
        return cell.textContent.replace(/\s+/g, " ").trim();
      })
      .join("|");
  }

  function announce(text) {
    // Cleared first so the same text twice is read twice.
    live.textContent = "";
    window.setTimeout(function () {
      live.textContent = text;
    }, 50);
  }

  // --- Refreshes: ask with the version the rows were drawn at; say politely what changed. ---------------
  let before = null;

  document.body.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt.id === rowsId) {
      event.detail.parameters.since = event.detail.elt.dataset.version || "";
    }
  });

  document.body.addEventListener("htmx:beforeSwap", function (event) {
    const target = event.detail.target;
    if (target && target.id === rowsId) {
      before = new Map(rows().map(function (row) {
        return [row.id, signature(row)];
      }));
    }
    // The panel shows its form again with the errors or the colleague's change (422, 409).
    if (target === panel && (event.detail.xhr.status === 422 || event.detail.xhr.status === 409)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.body.addEventListener("htmx:afterSettle", function (event) {
    const target = event.detail.target;
    if (target && target.id === rowsId && before !== null) {
      let added = 0;
      let changed = 0;
      const seen = new Set();
      rows().forEach(function (row) {
        seen.add(row.id);
        const text = signature(row);
        if (!before.has(row.id)) {
          added += 1;
        } else if (before.get(row.id) !== text) {
          changed += 1;
        }
      });
      let gone = 0;
      before.forEach(function (_text, id) {
        if (!seen.has(id)) {
          gone += 1;
        }
      });
      before = null;
      const parts = [];
      if (added) parts.push(added + " " + live.dataset.new);
      if (changed) parts.push(changed + " " + live.dataset.changed);
      if (gone) parts.push(gone + " " + live.dataset.gone);
      if (parts.length) {
        announce(parts.join(", "));
      }
    }
  });

  // --- The screening panel ---------------------------------------------------------------------------
  let openedFrom = null;

  function rowOf(element) {
    return element ? element.closest("tr[data-row]") : null;
  }

  function focusRow(caseId) {
    const row = document.getElementById("case-" + caseId);
    const target = row && (row.querySelector("[data-screen]") || row.querySelector("[data-row-link]"));
    if (target) {
      target.focus();
    }
  }

  function closePanel() {
    const content = panel.querySelector("[data-case]");
    const caseId = content ? content.dataset.case : null;
    panel.hidden = true;
    panel.replaceChildren();
    if (caseId) {
      focusRow(caseId);
    } else if (openedFrom) {
      openedFrom.focus();
    }
  }

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.target === panel && event.detail.elt.matches("[data-screen]")) {
      openedFrom = event.detail.elt;
    }
  });

  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target !== panel) {
      return;
    }
    panel.hidden = false;
    const content = panel.querySelector("[data-case]");
    if (content && content.hasAttribute("data-saved")) {
      // Saved: the confirmation stays in the panel, the row updates, and the keyboard goes back to the row.
      announce(panel.querySelector("[role=status]").textContent.replace(/\s+/g, " ").trim());
      focusRow(content.dataset.case);
      return;
    }
    const summary = panel.querySelector(".zsm-error-summary");
    const first = summary || panel.querySelector("[autofocus]") || panel.querySelector("h2");
    if (first) {
      first.focus();
    }
  });

  panel.addEventListener("click", function (event) {
    if (event.target.closest("[data-panel-close]")) {
      closePanel();
    }
  });

  panel.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      const form = event.target.closest("form");
      if (form) {
        event.preventDefault();
        form.requestSubmit();
      }
    }
  });

  // --- Keyboard shortcuts (documented on the page) -----------------------------------------------------
  function typing(element) {
    return element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
  }

  function move(step) {
    const all = rows();
    if (!all.length) return;
    const current = rowOf(document.activeElement);
    let index = current ? all.indexOf(current) + step : step > 0 ? 0 : all.length - 1;
    index = Math.max(0, Math.min(all.length - 1, index));
    const link = all[index].querySelector("[data-row-link]");
    link.focus();
    all[index].scrollIntoView({ block: "nearest" });
  }

  // The next case, after the focused one, whose screening is still the reader's to do.
  function nextToDo() {
    const all = rows();
    const current = rowOf(document.activeElement);
    const start = current ? all.indexOf(current) + 1 : 0;
    const order = all.slice(start).concat(all.slice(0, start));
    const row = order.find(function (candidate) {
      return candidate.querySelector(".zsm-board__screen--to-do");
    });
    if (row) {
      row.querySelector("[data-row-link]").focus();
      row.scrollIntoView({ block: "nearest" });
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) {
      event.preventDefault();
      closePanel();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) {
      return;
    }
    if (event.key === "j" || event.key === "k") {
      event.preventDefault();
      move(event.key === "j" ? 1 : -1);
    } else if (event.key === "n") {
      event.preventDefault();
      nextToDo();
    } else if (event.key === "s") {
      const row = rowOf(document.activeElement);
      const screen = row && row.querySelector("[data-screen]");
      if (screen) {
        event.preventDefault();
        screen.click();
      }
    } else if (event.key === "/") {
      const search = document.querySelector(".zsm-board-filter input[type=search], .zsm-board-filter input[name=search]");
      if (search) {
        event.preventDefault();
        search.focus();
        search.select();
      }
    }
  });
})();

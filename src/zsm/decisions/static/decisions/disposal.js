// The decision form shows only the fieldsets of the chosen disposal (progressive disclosure).
// Without this script every fieldset shows under its own heading and the server ignores the ones that
// do not belong to the chosen disposal. With it, the others are hidden and disabled (so not sent);
// what was typed in them stays in the page, should the officer choose that disposal after all.
(function () {
  "use strict";

  function update(form) {
    var checked = form.querySelector("input[name=disposal]:checked");
    var chosen = checked ? checked.value : "";
    form.querySelectorAll("fieldset[data-disposals]").forEach(function (fieldset) {
      var show = fieldset.getAttribute("data-disposals").split(" ").indexOf(chosen) !== -1;
      fieldset.hidden = !show;
      fieldset.disabled = !show;
    });
    var hint = form.querySelector("[data-disposal-hint]");
    if (hint) {
      hint.hidden = chosen !== "";
    }
  }

  document.querySelectorAll("form").forEach(function (form) {
    if (!form.querySelector("input[name=disposal]") || !form.querySelector("fieldset[data-disposals]")) {
      return;
    }
    form.addEventListener("change", function (event) {
      if (event.target.name === "disposal") {
        update(form);
      }
    });
    update(form);
  });
})();

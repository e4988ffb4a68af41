// A long list of checkboxes, filterable: typing in the filter hides the options whose label does not
// contain what was typed (case and accents ignored). Hidden options keep their state and are still sent;
// a ticked option always stays in view. Without this script the filter stays hidden and the list is whole.
(function () {
  "use strict";

  function normalise(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function setUp(picker) {
    var filterBox = picker.querySelector(".zsm-picker__filter");
    var input = picker.querySelector("[data-zsm-picker-filter]");
    var count = picker.querySelector("[data-zsm-picker-count]");
    var options = Array.prototype.slice.call(picker.querySelectorAll(".zsm-picker__option"));
    if (!filterBox || !input || options.length === 0) {
      return;
    }
    var labels = options.map(function (option) {
      return normalise(option.textContent || "");
    });

    function apply() {
      var wanted = normalise(input.value);
      var shown = 0;
      options.forEach(function (option, index) {
        var box = option.querySelector("input");
        var visible = wanted === "" || labels[index].indexOf(wanted) !== -1 || (box && box.checked);
        option.hidden = !visible;
        if (visible) {
          shown += 1;
        }
      });
      if (count) {
        count.textContent =
          wanted === ""
            ? ""
            : count.getAttribute("data-template").replace("{shown}", shown).replace("{total}", options.length);
      }
    }

    input.addEventListener("input", apply);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault(); // filtering, not submitting the form
      }
    });
    filterBox.hidden = false;
    apply();
  }

  document.querySelectorAll("[data-zsm-picker]").forEach(setUp);
})();

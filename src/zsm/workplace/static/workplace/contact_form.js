// The contact form's minutes follow its outcome until the worker types in them: a call back not reached
// takes about 2 minutes, a conversation about 10 (data-minutes-unreached / data-minutes-reached on the
// minutes field). Without JavaScript the form simply keeps the minutes it started with.
// Delegated from the document, so it also works on a form htmx swapped in.
(() => {
  "use strict";

  const OUTCOME = /-outcome$/;
  const MINUTES = "[data-minutes-reached][data-minutes-unreached]";

  document.addEventListener("input", (event) => {
    const field = event.target;
    if (field instanceof HTMLInputElement && field.matches(MINUTES)) {
      field.dataset.typed = "true";
    }
  });

  document.addEventListener("change", (event) => {
    const radio = event.target;
    if (!(radio instanceof HTMLInputElement) || radio.type !== "radio" || !OUTCOME.test(radio.name)) {
      return;
    }
    const minutes = radio.form && radio.form.querySelector(MINUTES);
    if (!minutes || minutes.dataset.typed === "true") {
      return;
    }
    minutes.value = radio.value === "reached" ? minutes.dataset.minutesReached : minutes.dataset.minutesUnreached;
  });
})();

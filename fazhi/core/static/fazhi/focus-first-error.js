/* After a refused form, move the focus to the first error (WCAG 3.3.1), so a keyboard or screen-reader user lands on
   it instead of the top of the page. A static file, not an inline script, so the Content-Security-Policy holds.
   Django marks a refused field aria-invalid="true"; templates that write their own error text use .errors/.errorlist,
   and then the field in the same row, or else the message itself, takes the focus; a refused case step is the form
   marked .failed (cases/case_detail.html). */
(function () {
  "use strict";
  function focusable(element) {
    if (!element.matches("input, select, textarea, button, a[href]")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
    if (element.scrollIntoView) {
      element.scrollIntoView({ block: "center" });
    }
  }
  function firstError(main) {
    var field = main.querySelector('[aria-invalid="true"], form.failed input:not([type=hidden]), form.failed select');
    if (field) {
      return field;
    }
    var message = main.querySelector(".errorlist, .errors, .messages .error");
    if (!message) {
      return null;
    }
    var row = message.closest(".field, label, p, li, div");
    var input = row && row !== main ? row.querySelector("input:not([type=hidden]), select, textarea") : null;
    return input || message;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var main = document.getElementById("main");
    if (!main || document.querySelector("[autofocus]")) {
      return;
    }
    var target = firstError(main);
    if (target) {
      focusable(target);
    }
  });
})();

/* Rapport's own behaviour, kept out of the templates so the Content-Security-Policy
   can forbid inline script (decision 0013). No framework: small progressive
   enhancements that leave every page working without JavaScript. */
(function () {
  "use strict";

  // A form with data-confirm asks before it is sent (was an inline onsubmit).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });
})();

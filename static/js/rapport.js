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

  // The menu button on small screens shows and hides the main navigation.
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest(".menu-toggle");
    var links = document.getElementById("nav-links");
    if (!links) return;
    if (toggle) {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      links.classList.toggle("open", open);
    } else if (links.classList.contains("open") && !event.target.closest(".nav")) {
      links.classList.remove("open");
      document.querySelector(".menu-toggle").setAttribute("aria-expanded", "false");
    }
  });
  document.addEventListener("keydown", function (event) {
    var links = document.getElementById("nav-links");
    if (event.key !== "Escape" || !links || !links.classList.contains("open")) return;
    links.classList.remove("open");
    var toggle = document.querySelector(".menu-toggle");
    toggle.setAttribute("aria-expanded", "false");
    toggle.focus();
  });
})();

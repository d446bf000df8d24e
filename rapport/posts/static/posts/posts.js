// Posts: @mention autocomplete in any textarea marked data-mentions, and "Copy link".
// A static file, no inline script: the Content-Security-Policy allows nothing else.
(function () {
  "use strict";

  function csrf() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function mentionAutocomplete(area, index) {
    var list = document.createElement("ul");
    list.id = "mention-list-" + index;
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "People you may mention");
    list.hidden = true;
    area.insertAdjacentElement("afterend", list);
    area.setAttribute("aria-autocomplete", "list");
    area.setAttribute("aria-controls", list.id);
    var active = -1;
    var pending = null;
    var timer = null;

    function word() {
      var before = area.value.slice(0, area.selectionStart);
      var match = /(^|[^\w@])@([\w-]{1,30})$/.exec(before);
      return match ? { text: match[2], start: before.length - match[2].length - 1 } : null;
    }

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      active = -1;
      area.removeAttribute("aria-activedescendant");
    }

    function choose(handle) {
      var found = word();
      if (!found) return close();
      var end = area.selectionStart;
      area.value = area.value.slice(0, found.start) + "@" + handle + " " + area.value.slice(end);
      var caret = found.start + handle.length + 2;
      area.setSelectionRange(caret, caret);
      close();
      area.focus();
    }

    function highlight(next) {
      var items = list.querySelectorAll("[role=option]");
      if (!items.length) return;
      active = (next + items.length) % items.length;
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
      area.setAttribute("aria-activedescendant", items[active].id);
    }

    function show(members) {
      list.innerHTML = "";
      members.forEach(function (m, i) {
        var item = document.createElement("li");
        item.id = list.id + "-" + i;
        item.setAttribute("role", "option");
        item.dataset.handle = m.handle;
        var name = document.createElement("strong");
        name.textContent = m.name;
        var handle = document.createElement("span");
        handle.className = "small muted";
        handle.textContent = " @" + m.handle + (m.connection ? "" : " · not a connection (uses your daily allowance)");
        item.appendChild(name);
        item.appendChild(handle);
        item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(m.handle); });
        list.appendChild(item);
      });
      list.hidden = members.length === 0;
      active = -1;
      if (members.length) highlight(0);
    }

    area.addEventListener("input", function () {
      var found = word();
      if (!found) return close();
      clearTimeout(timer);
      timer = setTimeout(function () {
        var form = area.form;
        var audience = form && form.elements.audience ? form.elements.audience.value : "";
        var url = "/posts/mentions/?q=" + encodeURIComponent(found.text) + "&audience=" + encodeURIComponent(audience);
        if (pending) pending.abort();
        pending = new AbortController();
        fetch(url, { credentials: "same-origin", signal: pending.signal })
          .then(function (r) { return r.ok ? r.json() : { members: [] }; })
          .then(function (data) { show(data.members || []); })
          .catch(function () {});
      }, 150);
    });
    area.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Enter" || event.key === "Tab") {
        var item = list.querySelectorAll("[role=option]")[active];
        if (item) { event.preventDefault(); choose(item.dataset.handle); }
      } else if (event.key === "Escape") { close(); }
    });
    area.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function copyLink(button) {
    button.addEventListener("click", function () {
      var url = new URL(button.dataset.copyLink, window.location.href).href;
      var done = function () {
        var label = button.querySelector("span");
        if (label) label.textContent = "Link copied";
        fetch(button.dataset.shareUrl, { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrf() } });
      };
      if (navigator.clipboard) navigator.clipboard.writeText(url).then(done, function () { window.prompt("Copy this link", url); done(); });
      else { window.prompt("Copy this link", url); done(); }
    });
  }

  function init(root) {
    root.querySelectorAll("textarea[data-mentions]:not([data-mentions-ready])").forEach(function (area, i) {
      area.setAttribute("data-mentions-ready", "");
      mentionAutocomplete(area, Date.now() + "-" + i);
    });
    root.querySelectorAll("[data-copy-link]:not([data-copy-ready])").forEach(function (button) {
      button.setAttribute("data-copy-ready", "");
      copyLink(button);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
})();

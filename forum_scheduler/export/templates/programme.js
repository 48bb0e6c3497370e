
// Filters the server-rendered programme. The state lives in the URL's query (?day=...&theme=...
// &q=...), so a filtered view can be linked and bookmarked; without this script the page shows
// the whole programme.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form || !window.URLSearchParams || !window.JSON) {
    return;
  }
  var NAMES = ["day", "theme", "action_line", "venue", "room", "facilitator"];
  var FIELDS = NAMES.concat(["q"]);
  var count = document.getElementById("count");
  var noMatch = document.getElementById("no-match");
  var sessions = Array.prototype.slice.call(document.querySelectorAll("article.session"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("section.slot, section.day"));

  // Case and accents do not matter to the search: "cafe" finds "Café".
  function fold(text) {
    var lower = String(text).toLowerCase();
    return lower.normalize ? lower.normalize("NFD").replace(/[\u0300-\u036f]/g, "") : lower;
  }

  var facts = sessions.map(function (element) {
    return {
      element: element,
      filter: JSON.parse(element.getAttribute("data-filter")),
      text: fold(element.textContent + " " + element.id)
    };
  });

  function isOption(select, value) {
    return Array.prototype.some.call(select.options, function (option) {
      return option.value === value;
    });
  }

  // The form shows what the URL asks for; a value the page does not offer is ignored.
  function fromQuery(query) {
    var params = new URLSearchParams(query);
    FIELDS.forEach(function (name) {
      var field = form.elements[name];
      var value = params.get(name) || "";
      if (field.tagName === "SELECT" && !isOption(field, value)) {
        value = "";
      }
      field.value = value;
    });
  }

  function apply() {
    var wanted = {};
    NAMES.forEach(function (name) {
      wanted[name] = form.elements[name].value;
    });
    var words = fold(form.elements.q.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    facts.forEach(function (fact) {
      var match = NAMES.every(function (name) {
        return !wanted[name] || fact.filter[name].indexOf(wanted[name]) !== -1;
      }) && words.every(function (word) {
        return fact.text.indexOf(word) !== -1;
      });
      fact.element.hidden = !match;
      shown += match ? 1 : 0;
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector("article.session:not([hidden])");
    });
    noMatch.hidden = shown !== 0;
    var total = facts.length;
    var noun = total === 1 ? " session" : " sessions";
    count.textContent = shown === total
      ? total + noun + "."
      : shown + " of " + total + noun + " match the filters.";
  }

  // Keep the URL in step (replaceState: filtering adds no history entry to go back through).
  function toQuery() {
    var params = new URLSearchParams();
    FIELDS.forEach(function (name) {
      var value = form.elements[name].value;
      if (value) {
        params.set(name, value);
      }
    });
    var query = params.toString();
    try {
      history.replaceState(null, "", (query ? "?" + query : location.pathname) + location.hash);
    } catch (error) {
      // Some browsers refuse to change the address of a page opened from a file.
    }
  }

  function update() {
    apply();
    toQuery();
  }

  fromQuery(location.search);
  form.hidden = false;
  apply();
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    update();
  });
  form.addEventListener("reset", function () {
    window.setTimeout(update, 0);
  });
  window.addEventListener("popstate", function () {
    fromQuery(location.search);
    apply();
  });
})();

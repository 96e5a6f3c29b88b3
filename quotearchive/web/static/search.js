// Live search: with JavaScript, the results follow the form as it is typed in,
// fetched from the JSON API (/api/search) and drawn here; the address bar keeps
// the whole state, so the page can still be bookmarked and shared. Without
// JavaScript the form and the links do the same work with full page loads.
(function () {
  "use strict";

  var form = document.getElementById("search-form");
  var output = document.getElementById("search-output");
  if (!form || !output || !window.fetch || !window.URLSearchParams) {
    return;
  }
  var api = form.getAttribute("data-api");
  var timer = null;
  var latest = 0;
  var ORDER = {relevance: "best first", newest: "newest first", oldest: "oldest first"};

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (attributes[name] !== null && attributes[name] !== undefined) {
        node.setAttribute(name, attributes[name]);
      }
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) {
        return;
      }
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function formState() {
    var query = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "") {
        query.append(name, value);
      }
    });
    return query;
  }

  function quoteUrl(id) {
    return "/quotes/" + encodeURIComponent(id);
  }

  function speakerLink(name, links) {
    var url = links.speakers && links.speakers[name];
    return url ? el("a", {"class": "speaker", href: url}, [name]) : el("span", {"class": "speaker"}, [name]);
  }

  function fact(label, value) {
    return [el("dt", {}, [label]), el("dd", {}, value)];
  }

  function card(quote, data) {
    var body = el("blockquote");
    // The highlight is the quote HTML-escaped by the server with <mark> around matches.
    body.innerHTML = quote.highlight;
    var who = el("p", {"class": "who"}, [
      quote.speaker ? speakerLink(quote.speaker, data.links)
        : el("span", {"class": "speaker unknown"}, ["Unattributed"]),
      quote.role ? el("span", {"class": "role"}, [quote.role]) : null
    ]);
    (quote.co_speakers || []).forEach(function (other) {
      who.appendChild(el("span", {"class": "co-speaker"}, ["with ", speakerLink(other, data.links)]));
    });
    var facts = [];
    if (quote.spoken) {
      facts = facts.concat(fact("Said", [el("time", {datetime: quote.spoken}, [quote.spoken])]));
    }
    facts = facts.concat(fact("Published", [quote.published
      ? el("time", {datetime: quote.published}, [quote.published]) : "unknown"]));
    if (quote.outlet) {
      facts = facts.concat(fact("Outlet", [quote.outlet]));
    }
    var label = quote.title || quote.source || "untitled";
    var article = [quote.article_id
      ? el("a", {href: "/articles/" + encodeURIComponent(quote.article_id)}, [label]) : label];
    // Only web addresses become links: a javascript: URL in the data must stay text.
    if (quote.url && /^https?:\/\//.test(quote.url)) {
      article.push(" ", el("a", {"class": "original", href: quote.url, rel: "noopener noreferrer"}, ["original"]));
    }
    facts = facts.concat(fact("Article", article));
    if (quote.evidence) {
      facts = facts.concat(fact("Attribution", [quote.evidence]));
    }
    var reports = data.statements[quote.statement] || [];
    if (reports.length > 1) {
      var outlets = [];
      reports.forEach(function (report) {
        if (report.outlet && outlets.indexOf(report.outlet) < 0) {
          outlets.push(report.outlet);
        }
      });
      var list = [outlets.length + " outlet" + (outlets.length === 1 ? "" : "s") + ": "];
      reports.forEach(function (report, index) {
        var name = report.outlet || "unknown outlet";
        list.push(report.id === quote.id ? el("span", {"class": "this-report"}, [name])
          : el("a", {href: quoteUrl(report.id)}, [name]));
        if (index < reports.length - 1) {
          list.push(", ");
        }
      });
      facts = facts.concat([el("dt", {}, ["Reported by"]), el("dd", {"class": "reported-by"}, list)]);
    }
    return el("article", {"class": "quote", "data-quote-id": quote.id}, [
      body, who, el("dl", {"class": "facts"}, facts),
      el("p", {"class": "permalink"}, [el("a", {href: quoteUrl(quote.id)}, ["Quote " + quote.id])])
    ]);
  }

  function facets(data) {
    var aside = el("aside", {"class": "facets", "aria-label": "Narrow the results"});
    [["speaker", "Speakers"], ["outlet", "Outlets"], ["year", "Years"]].forEach(function (pair) {
      var items = data.facets[pair[0]].map(function (facet) {
        return el("li", facet.selected ? {"class": "selected"} : {}, [
          el("a", {href: facet.toggle_url, "aria-current": facet.selected ? "true" : null,
                   title: facet.selected ? "Remove this filter" : null}, [facet.value]),
          " ", el("span", {"class": "count"}, [String(facet.count)])
        ]);
      });
      if (!items.length) {
        items = [el("li", {"class": "none"}, ["none"])];
      }
      aside.appendChild(el("section", {"class": "facet", "data-facet": pair[0]},
                           [el("h2", {}, [pair[1]]), el("ul", {}, items)]));
    });
    return aside;
  }

  function results(data) {
    var state = data.search;
    var summary = data.total + " quote" + (data.total === 1 ? "" : "s");
    var parts = [summary];
    if (data.query) {
      parts = [summary + " matching ", el("q", {}, [data.query])];
    }
    var tail = ", " + ORDER[data.sort];
    if (state.from || state.to) {
      tail += ", said " + (state.from || "…") + " to " + (state.to || "…");
    }
    if (state.published_from || state.published_to) {
      tail += ", published " + (state.published_from || "…") + " to " + (state.published_to || "…");
    }
    parts.push(tail);
    var section = el("section", {"class": "results"}, [el("p", {"class": "summary"}, parts)]);
    if (data.suggestion) {
      section.appendChild(el("p", {"class": "suggestion"}, [
        "Did you mean ", el("a", {href: data.links.suggestion}, [data.suggestion]), "?"]));
    }
    data.results.forEach(function (quote) {
      section.appendChild(card(quote, data));
    });
    if (!data.results.length) {
      section.appendChild(el("p", {"class": "empty"},
                             [data.total ? "No quotes on this page." : "No quotes found."]));
    }
    if (data.pages > 1 || data.page > 1) {
      section.appendChild(el("nav", {"class": "pages", "aria-label": "Pages"}, [
        data.links.prev ? el("a", {rel: "prev", href: data.links.prev}, ["Previous"]) : null,
        el("span", {}, ["Page " + data.page + " of " + data.pages]),
        data.links.next ? el("a", {rel: "next", href: data.links.next}, ["Next"]) : null
      ]));
    }
    if (data.total) {
      section.appendChild(el("p", {"class": "export"}, [
        "Download all " + data.total + ": ",
        el("a", {href: data.links.csv, download: ""}, ["CSV"]), " · ",
        el("a", {href: data.links.jsonl, download: ""}, ["JSON Lines"])
      ]));
    }
    return section;
  }

  function render(data) {
    while (output.firstChild) {
      output.removeChild(output.firstChild);
    }
    output.appendChild(facets(data));
    output.appendChild(results(data));
  }

  function showError(message) {
    var summary = output.querySelector(".summary");
    if (summary) {
      summary.textContent = message;
      summary.className = "summary error-message";
    }
  }

  function update() {
    var ticket = ++latest;
    var state = formState();
    fetch(api + "?" + state.toString(), {headers: {Accept: "application/json"}})
      .then(function (response) {
        return response.json().then(function (body) {
          return {ok: response.ok, body: body};
        });
      })
      .then(function (answer) {
        if (ticket !== latest) {
          return;  // a newer request has been sent since
        }
        if (!answer.ok) {
          showError(answer.body.error);
          return;
        }
        render(answer.body);
        window.history.replaceState(null, "", answer.body.links.self);
      })
      .catch(function () {
        // Offline or the server went away: the form still submits the plain way.
      });
  }

  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 250);
  });
}());

// The job seeker's page: a little script over the service's own API, nothing fetched from elsewhere.
// Views live in the URL fragment (#/?q=..., #/units, #/units/slug) so Back and shared links work.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const countries = { england: "England", scotland: "Scotland", wales: "Wales", "northern-ireland": "Northern Ireland", ireland: "Ireland" };
  const grades = { trainee: "Trainee", clinical: "Clinical perfusionist", senior: "Senior", chief: "Chief" };
  const services = { "adult-cardiac": "Adult cardiac surgery", "paediatric-cardiac": "Paediatric cardiac surgery", "heart-transplant": "Heart transplant", "lung-transplant": "Lung transplant", ecmo: "ECMO", vad: "VAD", pea: "Pulmonary endarterectomy" };
  let near = null; // { lat, lon } once the browser has given a location
  let nextCursor = null;
  let lastSearch = "";

  // Builds an element with text only: data from job boards never becomes markup.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const detail = body.detail || body.title || response.statusText;
      throw new Error(detail);
    }
    return body;
  }

  function longDate(iso) {
    if (!iso) return null;
    const [y, m, d] = iso.split("-").map(Number);
    return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  }

  function safeHref(url) {
    try {
      const parsed = new URL(url);
      return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
    } catch {
      return null;
    }
  }

  function closingText(item) {
    if (item.status !== "open") return { text: "Closed", soon: false };
    if (!item.closesOn) return { text: "No closing date given", soon: false };
    const days = item.daysLeft;
    const left = days === 0 ? "closes today" : days === 1 ? "1 day left" : `${days} days left`;
    return { text: `Closes ${longDate(item.closesOn)} (${left})`, soon: days <= 7 };
  }

  function vacancyCard(item, headingLevel) {
    const closing = closingText(item);
    const advert = item.listings.length > 0 ? safeHref(item.listings[0].url) : null;
    // Boards often repeat the employer or unit inside the location: say each thing once.
    const parts = [item.employer, item.unit ? item.unit.name : null, item.location].filter(Boolean);
    const where = parts.filter((p, i) => !parts.some((q, j) => j !== i && q.length > p.length && q.includes(p)) && parts.indexOf(p) === i);
    return el("li", { class: "card vacancy-card" },
      el(headingLevel, {}, el("a", { href: `/vacancies/${item.id}/page` }, item.title)),
      el("p", { class: "meta" }, where.join(" · ")),
      el("ul", { class: "badges", "aria-label": "Details" },
        item.grade ? el("li", { class: item.grade === "trainee" ? "badge training" : "badge" }, item.grade === "trainee" ? "Training post" : grades[item.grade] || item.grade) : null,
        item.band ? el("li", { class: "badge" }, `Band ${item.band}`) : null,
        item.country ? el("li", { class: "badge" }, countries[item.country] || item.country) : null,
        item.workingPattern ? el("li", { class: "badge" }, item.workingPattern) : null),
      item.salary && item.salary.text ? el("p", {}, item.salary.text) : null,
      el("p", { class: closing.soon ? "closing soon" : "closing" }, closing.text),
      advert ? el("p", {}, el("a", { href: advert, rel: "external noopener" }, "Original advert"), ` on ${item.listings[0].source}`) : null);
  }

  // ----- search -----
  function searchParamsFromForm() {
    const form = $("search-form");
    const params = new URLSearchParams();
    const q = form.q.value.trim();
    if (q) params.set("q", q);
    if (form.country.value) params.set("country", form.country.value);
    if (form.grade.value) params.set("grade", form.grade.value);
    if (form.training.checked) params.set("training", "true");
    if (near) {
      params.set("near", `${near.lat.toFixed(4)},${near.lon.toFixed(4)}`);
      params.set("radiusKm", form.radiusKm.value);
    }
    return params;
  }

  function fillSearchForm(params) {
    const form = $("search-form");
    form.q.value = params.get("q") || "";
    form.country.value = params.get("country") || "";
    form.grade.value = params.get("grade") || "";
    form.training.checked = params.get("training") === "true";
    const nearParam = params.get("near");
    if (nearParam) {
      const [lat, lon] = nearParam.split(",").map(Number);
      near = { lat, lon };
      form.radiusKm.value = params.get("radiusKm") || "100";
      $("near-me").setAttribute("aria-pressed", "true");
      $("near-status").textContent = "Searching near your location.";
    } else {
      near = null;
      $("near-me").setAttribute("aria-pressed", "false");
      $("near-status").textContent = "";
    }
  }

  async function runSearch(params, append) {
    const summary = $("results-summary");
    const list = $("results");
    const query = new URLSearchParams(params);
    if (!append) {
      list.replaceChildren();
      nextCursor = null;
      lastSearch = params.toString();
    }
    if (append && nextCursor) query.set("cursor", nextCursor);
    $("atom-link").href = "/vacancies.atom" + (params.toString() ? "?" + params : "");
    $("ics-link").href = "/vacancies.ics" + (params.toString() ? "?" + params : "");
    summary.textContent = "Searching…";
    try {
      const page = await getJson("/vacancies?" + query);
      for (const item of page.items) list.append(vacancyCard(item, "h2"));
      nextCursor = page.nextCursor;
      $("more").hidden = !nextCursor;
      const shown = list.children.length;
      summary.textContent = shown === 0
        ? "No open vacancies match this search."
        : `${shown} open ${shown === 1 ? "vacancy" : "vacancies"}${nextCursor ? " so far" : ""}, soonest closing first.`;
    } catch (error) {
      summary.textContent = `The search could not be run: ${error.message}`;
    }
  }

  function bindSearch() {
    const form = $("search-form");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const params = searchParamsFromForm();
      const target = "#/" + (params.toString() ? "?" + params : "");
      if (location.hash === target) runSearch(params, false);
      else location.hash = target;
    });
    form.addEventListener("reset", () => {
      near = null;
      setTimeout(() => { location.hash = "#/"; }, 0);
    });
    $("more").addEventListener("click", () => runSearch(new URLSearchParams(lastSearch), true));
    $("near-me").addEventListener("click", () => {
      const status = $("near-status");
      if (near) {
        near = null;
        $("near-me").setAttribute("aria-pressed", "false");
        status.textContent = "Location off.";
        return;
      }
      if (!navigator.geolocation) {
        status.textContent = "This browser cannot share a location.";
        return;
      }
      status.textContent = "Asking the browser for your location…";
      navigator.geolocation.getCurrentPosition(
        (position) => {
          near = { lat: position.coords.latitude, lon: position.coords.longitude };
          $("near-me").setAttribute("aria-pressed", "true");
          status.textContent = "Location found: press Search to see posts near you.";
        },
        () => { status.textContent = "Your location was not shared, so the search covers everywhere."; },
        { timeout: 10000, maximumAge: 600000 });
    });
  }

  // ----- units -----
  function unitCard(unit) {
    return el("li", { class: "card unit-card" },
      el("h2", {}, el("a", { href: `#/units/${encodeURIComponent(unit.slug)}` }, unit.name)),
      el("p", { class: "meta" }, [unit.employer, unit.city, countries[unit.country]].filter(Boolean).join(" · ")),
      el("ul", { class: "badges", "aria-label": "Services" }, unit.services.map((s) => el("li", { class: "badge" }, services[s] || s))),
      el("p", {}, unit.openVacancies === 0 ? "No open posts" : `${unit.openVacancies} open ${unit.openVacancies === 1 ? "post" : "posts"}`));
  }

  async function showUnits(params) {
    const form = $("units-form");
    form.q.value = params.get("q") || "";
    form.country.value = params.get("country") || "";
    form.service.value = params.get("service") || "";
    form.sector.value = params.get("sector") || "";
    const list = $("units");
    const summary = $("units-summary");
    summary.textContent = "Loading units…";
    try {
      const result = await getJson("/units?" + params);
      list.replaceChildren(...result.units.map(unitCard));
      summary.textContent = `${result.count} ${result.count === 1 ? "unit" : "units"}.`;
    } catch (error) {
      summary.textContent = `The directory could not be loaded: ${error.message}`;
    }
  }

  function bindUnits() {
    $("units-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const params = new URLSearchParams();
      for (const name of ["q", "country", "service", "sector"]) {
        const value = event.target[name].value.trim();
        if (value) params.set(name, value);
      }
      location.hash = "#/units" + (params.toString() ? "?" + params : "");
    });
  }

  function fact(list, term, value, unverified, field) {
    if (value === null || value === undefined || value === "") return;
    list.append(el("dt", {}, term), el("dd", {}, value, unverified.includes(field) ? el("span", { class: "unconfirmed" }, "unconfirmed") : null));
  }

  async function showUnit(slug) {
    const body = $("unit-body");
    const heading = $("unit-heading");
    body.replaceChildren(el("p", { role: "status" }, "Loading…"));
    let unit;
    try {
      unit = await getJson(`/units/${encodeURIComponent(slug)}`);
    } catch (error) {
      heading.textContent = "Unit not found";
      body.replaceChildren(el("p", {}, error.message));
      return;
    }
    heading.textContent = unit.name;
    document.title = `${unit.name} | Perfusion Vacancies`;
    const unverified = unit.unverifiedFields || [];
    const facts = el("dl", { class: "facts" });
    fact(facts, "Employer", unit.employer, unverified, "employer");
    fact(facts, "City", unit.city, unverified, "city");
    fact(facts, "Country", countries[unit.country] || unit.country, unverified, "country");
    fact(facts, "Region", unit.region, unverified, "region");
    fact(facts, "Postcode", unit.postcode, unverified, "postcode");
    fact(facts, "Sector", unit.sector === "private" ? "Private" : "Public (NHS / HSE)", unverified, "sector");
    fact(facts, "Services", unit.services.map((s) => services[s] || s).join(", "), unverified, "services");
    fact(facts, "Notes", unit.notes, unverified, "notes");
    fact(facts, "About the unit", unit.description, unverified, "description");
    fact(facts, "Team size", unit.teamSize, unverified, "teamSize");
    if (unit.training && unit.training.offered !== null && unit.training.offered !== undefined) {
      fact(facts, "Trainees", unit.training.offered ? ["Takes trainees", unit.training.intake ? ` (${unit.training.intake})` : ""].join("") : "Does not take trainees at present", unverified, "training");
    }
    if (unit.website) {
      facts.append(el("dt", {}, "Website"), el("dd", {}, el("a", { href: unit.website, rel: "noopener noreferrer" }, unit.website)));
    }

    const posts = el("ol", { class: "cards", id: "unit-posts" });
    const contacts = el("div", { id: "unit-contact" });
    body.replaceChildren(
      facts,
      el("h2", {}, "Contact and informal visits"),
      contacts,
      el("h2", {}, "Open posts"),
      posts);

    let page;
    try {
      page = await getJson(`/units/${encodeURIComponent(slug)}/vacancies?limit=100`);
    } catch (error) {
      posts.replaceWith(el("p", {}, `The unit's posts could not be loaded: ${error.message}`));
      return;
    }
    if (page.items.length === 0) posts.replaceWith(el("p", {}, "No open posts at this unit just now. The feed below tells you when one opens."));
    else for (const item of page.items) posts.append(vacancyCard(item, "h3"));

    const hints = () => {
      contacts.append(el("p", { class: "hint" }, "New posts here: ", el("a", { href: `/vacancies.atom?unit=${encodeURIComponent(slug)}` }, "Atom feed for this unit"), "."));
      contacts.append(el("p", { class: "hint" }, "Chief perfusionist of this unit? ", el("a", { href: `/manage.html#${encodeURIComponent(slug)}` }, "Manage this unit"), "."));
    };

    // The unit's own word first: its chief keeps the contact and how to arrange a visit.
    const own = unit.contact || {};
    if (unit.visits) contacts.append(el("p", {}, unit.visits));
    if (own.name || own.email || own.phone) {
      contacts.append(el("p", {},
        [own.name, own.jobTitle].filter(Boolean).join(", "),
        own.email ? [" · ", el("a", { href: `mailto:${own.email}` }, own.email)] : null,
        own.phone ? [" · ", el("a", { href: `tel:${own.phone.replace(/\s+/g, "")}` }, own.phone)] : null));
      contacts.append(el("p", { class: "hint" }, "Kept by the unit's chief perfusionist."));
      hints();
      return;
    }
    if (unit.visits) {
      hints();
      return;
    }

    // Until the chief fills it in, the people named on the unit's adverts are the ones who take
    // informal enquiries and arrange visits.
    const details = await Promise.all(page.items.map((item) => getJson(`/vacancies/${item.id}`).catch(() => null)));
    const seen = new Set();
    const people = [];
    for (const detail of details) {
      const c = detail && detail.contact;
      if (!c) continue;
      const key = (c.email || c.name || c.phone || "").toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      people.push(c);
    }
    if (people.length > 0) {
      contacts.append(el("p", {}, "To arrange an informal visit or ask about the team, contact the person named on the unit's current adverts:"));
      const list = el("ul", {});
      for (const c of people) {
        list.append(el("li", {},
          [c.name, c.jobTitle].filter(Boolean).join(", "),
          c.email ? [" · ", el("a", { href: `mailto:${c.email}` }, c.email)] : null,
          c.phone ? [" · ", el("a", { href: `tel:${c.phone.replace(/\s+/g, "")}` }, c.phone)] : null));
      }
      contacts.append(list);
    } else {
      contacts.append(el("p", {}, `No contact is recorded for this unit yet. To arrange an informal visit, ask ${unit.employer} for the chief perfusionist of ${unit.name}; adverts name a contact for informal visits when a post opens.`));
    }
    hints();
  }

  // ----- routing -----
  function show(viewId, navName) {
    for (const view of document.querySelectorAll(".view")) view.hidden = view.id !== viewId;
    for (const link of document.querySelectorAll("[data-nav]")) {
      if (link.dataset.nav === navName) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
  }

  let firstRoute = true;
  async function route() {
    const hash = location.hash.replace(/^#/, "") || "/";
    const [path, queryString] = hash.split("?");
    const params = new URLSearchParams(queryString || "");
    let heading;
    if (path.startsWith("/units/")) {
      show("view-unit", "units");
      heading = $("unit-heading");
      await showUnit(decodeURIComponent(path.slice("/units/".length)));
    } else if (path === "/units") {
      show("view-units", "units");
      document.title = "Perfusion units | Perfusion Vacancies";
      heading = $("units-heading");
      await showUnits(params);
    } else {
      show("view-search", "search");
      document.title = "Perfusion Vacancies — clinical perfusion jobs in the UK and Ireland";
      heading = $("search-heading");
      fillSearchForm(params);
      await runSearch(params, false);
    }
    // Moving focus to the new heading tells a screen reader the view changed; not on first load.
    if (!firstRoute) heading.focus();
    firstRoute = false;
  }

  document.addEventListener("DOMContentLoaded", () => {
    bindSearch();
    bindUnits();
    window.addEventListener("hashchange", route);
    route();
  });
})();

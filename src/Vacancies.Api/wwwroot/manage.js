// The chief's "manage this unit" form. Everything the server or a user wrote is put on the page with
// textContent or as a form value, never parsed as HTML, so stored text like <script> stays text.
// The token lives only in sessionStorage: gone when the tab closes, never in a URL or a cookie.
(function () {
  'use strict';

  var TOKEN_KEY = 'pv-chief-token';
  // The same list as Units/UnitVocabulary.cs; the server rejects anything else anyway.
  var SERVICES = ['adult-cardiac', 'paediatric-cardiac', 'heart-transplant', 'lung-transplant', 'ecmo', 'vad', 'pea'];
  var TEXT_FIELDS = { website: 'website', visits: 'visits', description: 'description' };

  var state = { slug: null, etag: null, loaded: null };

  function $(id) { return document.getElementById(id); }

  function setStatus(message, isError) {
    var status = $('status');
    status.textContent = message;
    status.className = isError ? 'error' : '';
  }

  function token() { return sessionStorage.getItem(TOKEN_KEY) || ''; }

  function clear(element) {
    while (element.firstChild) { element.removeChild(element.firstChild); }
  }

  function unitUrl(slug) { return '/units/' + encodeURIComponent(slug); }

  function orNull(value) {
    var trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  }

  function buildServices() {
    var box = $('services');
    SERVICES.forEach(function (service) {
      var label = document.createElement('label');
      var input = document.createElement('input');
      input.type = 'checkbox';
      input.value = service;
      input.name = 'service';
      label.appendChild(input);
      label.appendChild(document.createTextNode(' ' + service));
      box.appendChild(label);
    });
  }

  // The form as the API names the fields (the shape of GET /units/{slug}).
  function readForm() {
    var teamSize = $('teamSize').value.trim();
    var offered = $('training-offered').value;
    return {
      contact: {
        name: orNull($('contact-name').value),
        jobTitle: orNull($('contact-jobTitle').value),
        email: orNull($('contact-email').value),
        phone: orNull($('contact-phone').value)
      },
      website: orNull($('website').value),
      services: Array.prototype.filter.call(document.querySelectorAll('#services input'), function (box) { return box.checked; })
        .map(function (box) { return box.value; }),
      teamSize: teamSize === '' ? null : Number(teamSize),
      training: { offered: offered === '' ? null : offered === 'true', intake: orNull($('training-intake').value) },
      visits: orNull($('visits').value),
      description: orNull($('description').value)
    };
  }

  function fillForm(unit) {
    state.loaded = {
      contact: unit.contact, website: unit.website, services: unit.services, teamSize: unit.teamSize,
      training: unit.training, visits: unit.visits, description: unit.description
    };
    $('unit-name').textContent = unit.name + ' (' + unit.employer + ')';
    $('unverified').textContent = unit.unverifiedFields.length ? unit.unverifiedFields.join(', ') : 'nothing';
    ['name', 'jobTitle', 'email', 'phone'].forEach(function (key) {
      $('contact-' + key).value = (unit.contact && unit.contact[key]) || '';
    });
    Object.keys(TEXT_FIELDS).forEach(function (key) { $(key).value = unit[key] || ''; });
    $('teamSize').value = unit.teamSize === null || unit.teamSize === undefined ? '' : String(unit.teamSize);
    $('training-offered').value = unit.training && unit.training.offered !== null ? String(unit.training.offered) : '';
    $('training-intake').value = (unit.training && unit.training.intake) || '';
    document.querySelectorAll('#services input').forEach(function (box) {
      box.checked = unit.services.indexOf(box.value) >= 0;
    });
    $('unit').hidden = false;
    $('audit-section').hidden = false;
  }

  // A merge patch of what the chief changed: sending a field confirms it, so untouched fields stay out.
  function changes() {
    var now = readForm();
    var patch = {};
    Object.keys(now).forEach(function (key) {
      if (JSON.stringify(now[key]) !== JSON.stringify(state.loaded[key])) { patch[key] = now[key]; }
    });
    return patch;
  }

  function showErrors(problem) {
    var list = $('errors');
    clear(list);
    var errors = (problem && problem.errors) || {};
    var keys = Object.keys(errors);
    if (keys.length === 0) {
      var item = document.createElement('li');
      item.textContent = (problem && (problem.detail || problem.title)) || 'The change was not accepted.';
      list.appendChild(item);
      return;
    }
    keys.forEach(function (key) {
      var entry = document.createElement('li');
      entry.textContent = key + ': ' + errors[key].join(' ');
      list.appendChild(entry);
    });
  }

  function request(method, url, body) {
    var headers = { 'Authorization': 'Bearer ' + token(), 'Accept': 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/merge-patch+json';
      headers['If-Match'] = state.etag;
    }
    return fetch(url, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit', cache: 'no-store' });
  }

  function load(slug) {
    setStatus('Loading…');
    return fetch(unitUrl(slug), { cache: 'no-store', credentials: 'omit' }).then(function (response) {
      if (!response.ok) { throw new Error(response.status === 404 ? 'No unit has that slug.' : 'The unit could not be loaded (' + response.status + ').'); }
      state.etag = response.headers.get('ETag');
      return response.json();
    }).then(function (unit) {
      state.slug = slug;
      fillForm(unit);
      setStatus('Loaded. Edit and save; only what you change is sent.');
    }).catch(function (error) { setStatus(error.message, true); });
  }

  function save(event) {
    event.preventDefault();
    clear($('errors'));
    var patch = changes();
    if (Object.keys(patch).length === 0) { setStatus('Nothing changed.'); return; }
    setStatus('Saving…');
    request('PATCH', unitUrl(state.slug), patch).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        if (response.ok) {
          state.etag = response.headers.get('ETag');
          fillForm(body);
          setStatus('Saved.');
        } else if (response.status === 412) {
          setStatus('Someone else changed this unit since you loaded it. Load it again, then reapply your change.', true);
        } else if (response.status === 401) {
          setStatus('The token was not accepted (unknown, revoked or expired).', true);
        } else if (response.status === 403) {
          setStatus('This token is for another unit.', true);
        } else if (response.status === 429) {
          setStatus('Too many changes; try again in ' + (response.headers.get('Retry-After') || 'a few') + ' seconds.', true);
        } else {
          setStatus('Not saved.', true);
          showErrors(body);
        }
      });
    }).catch(function () { setStatus('The service could not be reached.', true); });
  }

  function loadAudit() {
    request('GET', unitUrl(state.slug) + '/audit').then(function (response) {
      if (!response.ok) { throw new Error('The audit log could not be loaded (' + response.status + ').'); }
      return response.json();
    }).then(function (audit) {
      var list = $('audit');
      clear(list);
      audit.entries.forEach(function (entry) {
        var item = document.createElement('li');
        var heading = document.createElement('div');
        heading.textContent = entry.at + ' · ' + entry.actor + ' · ' + entry.action + ' ' + entry.entity + ' ' + entry.entityId;
        var detail = document.createElement('pre');
        detail.textContent = 'before: ' + JSON.stringify(entry.before) + '\nafter:  ' + JSON.stringify(entry.after);
        item.appendChild(heading);
        item.appendChild(detail);
        list.appendChild(item);
      });
    }).catch(function (error) { setStatus(error.message, true); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    buildServices();
    $('token').value = token();
    var fromHash = decodeURIComponent((location.hash || '').replace(/^#/, ''));
    if (/^[a-z0-9]+(-[a-z0-9]+)*$/.test(fromHash)) { $('slug').value = fromHash; }
    $('access').addEventListener('submit', function (event) {
      event.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
      var slug = $('slug').value.trim();
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) { setStatus('Enter the unit slug, e.g. royal-papworth-hospital.', true); return; }
      load(slug);
    });
    $('forget').addEventListener('click', function () {
      sessionStorage.removeItem(TOKEN_KEY);
      $('token').value = '';
      setStatus('Token forgotten.');
    });
    $('unit').addEventListener('submit', save);
    $('load-audit').addEventListener('click', loadAudit);
  });
}());

/* The dashboards' page behaviour (no user text is ever evaluated; only textContent is copied):
   - the page title and the bar's context come from the page's [data-wb-title] / [data-wb-bar] (all of them:
     home, inspection and publication deadline, readiness for submission);
   - the judgement editor's save status (.wb-status) is mirrored into the sticky bar;
   - the inspector's home list is filtered in the browser (search, local authority, urgency);
   - a sortable table's column header asks the kernel to sort (through the table's hidden
     .wb-sort-request text box, so sorting and paging stay on the server). */
(function () {
  'use strict';
  var bar = document.getElementById('wb-bar-context');
  var status = document.getElementById('wb-bar-status');
  var baseTitle = document.title;

  function text(el) { return el ? (el.textContent || '').replace(/\s+/g, ' ').trim() : ''; }

  function sync() {
    var titled = document.querySelector('[data-wb-title]');
    if (titled) {
      var want = titled.getAttribute('data-wb-title');
      if (document.title !== want) document.title = want;
    } else if (document.title !== baseTitle) {
      document.title = baseTitle;
    }
    if (bar) {  /* the home, the inspection and its deadline, the readiness: in page order */
      var value = Array.prototype.map.call(document.querySelectorAll('#wb-page [data-wb-bar]'), function (el) {
        return el.getAttribute('data-wb-bar');
      }).filter(Boolean).join(' \u00b7 ');
      if (bar.textContent !== value) bar.textContent = value;
    }
    var saving = document.querySelector('#wb-page .wb-status');
    if (status) {
      var said = text(saving);
      if (said.length > 140) said = said.slice(0, 137) + '...';
      if (status.textContent !== said) status.textContent = said;
    }
  }

  var queued = false;
  function later() {
    if (queued) return;
    queued = true;
    window.requestAnimationFrame(function () { queued = false; sync(); });
  }
  new MutationObserver(later).observe(document.body, {subtree: true, childList: true, characterData: true});
  sync();

  /* ---------------------------------------------------------------- home list */
  function filterHomes() {
    var table = document.querySelector('table.wb-home-table');
    if (!table) return;
    var query = (document.getElementById('wb-home-search') || {}).value || '';
    var la = (document.getElementById('wb-home-la') || {}).value || '';
    var urgency = (document.getElementById('wb-home-urgency') || {}).value || '';
    query = query.trim().toLowerCase();
    var shown = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var ok = (!query || row.getAttribute('data-search').indexOf(query) !== -1) &&
               (!la || row.getAttribute('data-la') === la) &&
               (!urgency || row.getAttribute('data-urgency') === urgency);
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    var count = document.getElementById('wb-home-count');
    if (count) count.textContent = shown + ' of ' + table.tBodies[0].rows.length + ' homes shown';
  }
  document.addEventListener('input', function (event) {
    if (event.target && event.target.closest && event.target.closest('.wb-home-tools')) filterHomes();
  });
  document.addEventListener('change', function (event) {
    if (event.target && event.target.closest && event.target.closest('.wb-home-tools')) filterHomes();
  });

  /* ---------------------------------------------------------------- sortable headers */
  document.addEventListener('click', function (event) {
    var button = event.target && event.target.closest && event.target.closest('button.wb-sort-header');
    if (!button) return;
    var table = button.closest('.wb-sortable');
    var input = table && table.querySelector('.wb-sort-request input');
    if (!input) return;
    input.value = button.getAttribute('data-field') + '|' + Date.now();
    input.dispatchEvent(new Event('input', {bubbles: true}));
    input.dispatchEvent(new Event('change', {bubbles: true}));
  });

  /* a chosen home starts at the top of the view */
  var opened = document.querySelector('.wb-home-summary');
  if (opened && opened.getBoundingClientRect().top > window.innerHeight / 2) opened.scrollIntoView();
})();

// Filters and navigation; the page reads fine without them.
(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll('.filters input[type=checkbox]'));
  var search = document.getElementById('search');
  var rows = Array.prototype.slice.call(document.querySelectorAll('.scenario'));
  function apply() {
    var shown = {};
    boxes.forEach(function (b) { shown[b.value] = b.checked; });
    var text = (search.value || '').toLowerCase();
    rows.forEach(function (r) {
      var statuses = r.getAttribute('data-status').split(' ');
      var byStatus = statuses.some(function (s) { return shown[s]; });
      var byText = !text || r.getAttribute('data-search').indexOf(text) >= 0;
      r.classList.toggle('hidden', !(byStatus && byText));
    });
    Array.prototype.forEach.call(document.querySelectorAll('details.area'), function (a) {
      var visible = a.querySelectorAll('.scenario:not(.hidden)').length;
      a.classList.toggle('hidden', visible === 0);
      if (text && visible > 0) a.open = true;
    });
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  search.addEventListener('input', apply);
  document.getElementById('expand-failures').addEventListener('click', function () {
    Array.prototype.forEach.call(document.querySelectorAll('.scenario.has-failure'), function (d) {
      d.open = true;
      d.closest('details.area').open = true;
    });
  });
  function reveal() {
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (!target) return;
    var area = target.closest('details.area');
    if (area) area.open = true;
    if (target.tagName === 'DETAILS') target.open = true;
    target.scrollIntoView();
  }
  window.addEventListener('hashchange', reveal);
  reveal();
})();

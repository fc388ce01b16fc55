// Saves the last section the learner reached, so "Resume" brings them back to it. The page
// works without this; it only adds the saved position.
(function () {
  var body = document.querySelector('.module-body[data-progress-url]');
  var csrf = document.body.getAttribute('data-csrf');
  if (!body || !csrf || !('IntersectionObserver' in window)) return;
  var url = body.getAttribute('data-progress-url');
  var last = null;
  var timer = null;
  function save(id) {
    if (id === last) return;
    last = id;
    clearTimeout(timer);
    timer = setTimeout(function () {
      fetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        keepalive: true,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': csrf },
        body: 'position=' + encodeURIComponent(id)
      }).catch(function () { last = null; });
    }, 800);
  }
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) { if (entry.isIntersecting) save(entry.target.id); });
  }, { rootMargin: '0px 0px -60% 0px' });
  body.querySelectorAll('h2[id]').forEach(function (h) { observer.observe(h); });
})();

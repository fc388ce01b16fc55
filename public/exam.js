// Saves each answer as it is given, so a lost connection loses nothing, and keeps the question
// index and the answered count up to date; at the deadline it
// submits what was saved. Without JavaScript the Save and Submit buttons do the same.
(function () {
  var form = document.getElementById('exam-form');
  if (!form || !window.fetch) return;
  var status = form.querySelector('.autosave-status');
  var timer = null;
  // The page gives its messages in the learner's language; English only if it did not.
  var savedText = form.getAttribute('data-saved-text') || 'Saved';
  var unsavedText = form.getAttribute('data-unsaved-text') || 'Not saved: check your connection.';
  function send(url) {
    var body = new URLSearchParams(new FormData(form));
    return fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'x-requested-with': 'fetch', 'x-csrf-token': form.elements._csrf.value }, body: body });
  }
  function save() {
    send(form.getAttribute('data-autosave')).then(function (res) {
      if (status) status.textContent = res.ok ? savedText : unsavedText;
      return res.ok ? res.json() : null;
    }).then(function (result) {
      if (result && result.closed) window.location.reload();
    }).catch(function () {
      if (status) status.textContent = unsavedText;
    });
  }
  // The index and the counter follow the form, so they are right before the save returns.
  var progress = document.getElementById('exam-progress');
  var index = document.querySelector('.question-index ol');
  function answered(section) {
    var fields = section.querySelectorAll('input, select');
    var given = Array.prototype.filter.call(fields, function (f) { return f.tagName === 'SELECT' ? f.value !== '' : f.checked; });
    // An ordering counts once every step has a place; other questions with any choice made.
    return section.getAttribute('data-needs') === 'every' ? given.length === fields.length && fields.length > 0 : given.length > 0;
  }
  function showProgress() {
    var sections = form.querySelectorAll('section.question');
    var count = 0;
    Array.prototype.forEach.call(sections, function (section) {
      var done = answered(section);
      if (done) count++;
      var link = index && index.querySelector('a[data-question="' + section.id + '"]');
      if (!link) return;
      link.classList.toggle('answered', done);
      link.querySelector('.mark').textContent = done ? '\u2713' : '\u25CB';
      link.querySelector('.state').textContent = index.getAttribute(done ? 'data-answered-text' : 'data-unanswered-text');
    });
    if (progress) {
      var text = progress.getAttribute('data-template').replace('{answered}', count).replace('{total}', sections.length);
      if (progress.textContent !== text) progress.textContent = text;
    }
  }
  form.addEventListener('change', function () {
    showProgress();
    clearTimeout(timer);
    timer = setTimeout(save, 400);
  });
  var deadline = document.querySelector('[data-deadline]');
  if (deadline) {
    var at = Number(deadline.getAttribute('data-deadline'));
    var out = deadline.querySelector('.countdown');
    var tick = setInterval(function () {
      var left = Math.max(0, Math.round((at - Date.now()) / 1000));
      if (out) out.textContent = '(' + Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0') + ')';
      if (left === 0) {
        clearInterval(tick);
        form.setAttribute('action', form.getAttribute('data-submit'));
        // Time is up: submit with blanks, without asking, as the server would on its own.
        var confirm = document.createElement('input');
        confirm.type = 'hidden';
        confirm.name = 'confirm';
        confirm.value = form.getAttribute('data-confirm');
        form.appendChild(confirm);
        form.submit();
      }
    }, 1000);
  }
})();

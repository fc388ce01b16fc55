// Saves each answer as it is given, so a lost connection loses nothing; at the deadline it
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
  form.addEventListener('change', function () {
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
        form.submit();
      }
    }, 1000);
  }
})();

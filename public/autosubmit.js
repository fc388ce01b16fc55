// Submits a form marked data-autosubmit, as an LMS does when it posts a launch; the
// visible button remains for browsers without JavaScript.
document.querySelectorAll('form[data-autosubmit]').forEach(function (form) { form.submit(); });

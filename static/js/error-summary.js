// After a form was sent with errors, move the focus to its error summary (templates/includes/_error_summary.html), so
// that a screen reader reads it and the keyboard starts from it. Without JavaScript the summary is still at the top of
// the form and announced (role="alert").
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});
